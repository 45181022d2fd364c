"""The wheel ships its content compiled: a brand-new user's very first start (no snapshot in
the data folder yet) reads neither YAML nor pydantic, and an edited or broken content
folder is still loaded in full, never hidden behind the shipped snapshot.

The wheel is built once per run (``built_wheel`` in conftest: ``pip wheel``, the build hook
included; tests/test_wheel.py installs the same one with pip) and unpacked into a throwaway
folder that goes first on ``PYTHONPATH``, with this venv's dependencies."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT

from coach.content.loader import load_course

FIRST = load_course(CONTENT).steps[0].title["en"]  # the bundled course's first step
NEW = "A title of my own"

PROBE = r"""
import contextlib, io, json, sys
import coach
from coach.cli.main import main
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    code = main(sys.argv[1:])
heavy = {"pydantic", "yaml", "textual", "rich", "_hashlib"}  # _hashlib: OpenSSL, a few ms
heavy = sorted({m.split(".")[0] for m in sys.modules} & heavy)
print(json.dumps({"file": coach.__file__, "code": code, "heavy": heavy,
                  "out": out.getvalue(), "err": err.getvalue()}))
"""

FIRST_OPEN = r"""
import asyncio, json, sys, time
import coach
from coach import i18n
from coach.application.session import Session
from coach.tui.app import CoachApp
from coach.tui.dialogs.common import WelcomeScreen

async def main():
    session = Session.from_options(None, None, "en")
    i18n.set_language(session.resolve_language())
    app = CoachApp(session, progress=session.progress)
    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + 20  # (the installed wheel has no tests to import)
        while not isinstance(app.screen, WelcomeScreen) and time.monotonic() < deadline:
            await pilot.pause(0.01)
        welcome = isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")  # its button: step 1 is built now
        while not app.screen.query("#step-head") and time.monotonic() < deadline:
            await pilot.pause(0.01)
        head = str(app.screen.query_one("#step-head").render())
    return welcome, head

welcome, head = asyncio.run(main())
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"pydantic", "yaml", "markdown_it"})
print(json.dumps({"file": coach.__file__, "welcome": welcome, "head": head, "heavy": heavy}))
"""


@pytest.fixture(scope="module")
def installed(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the wheel was unpacked into (its ``coach`` package inside). A pure-Python
    wheel installs by unpacking; tests/test_wheel.py installs the same wheel with pip."""
    target = tmp_path_factory.mktemp("wheel") / "site"
    with zipfile.ZipFile(built_wheel) as wheel:
        wheel.extractall(target)
    assert (target / "coach" / "_course.json").is_file()  # the hook ran
    return target


def retitle(content: Path) -> None:
    """The first step's English title changed to ``NEW`` (same file, same place)."""
    step = sorted((content / "steps").glob("*.yaml"))[0]
    text = step.read_text("utf-8")
    assert FIRST in text
    step.write_text(text.replace(FIRST, NEW, 1), "utf-8")


def run(site: Path, home: Path, code: str, *argv: str | Path) -> dict[str, object]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "COACH_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-c", code, *map(str, argv)],
        cwd=site.parent,  # not the checkout: its coach must not be found first
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert str(result["file"]).startswith(str(site))  # really the installed wheel
    return result


def test_the_first_status_of_a_new_user_reads_no_yaml_and_no_pydantic(
    installed: Path, tmp_path: Path
) -> None:
    home = tmp_path / "new-user"
    first = run(installed, home, PROBE, "status")
    assert first["code"] == 0, first["err"]
    assert first["heavy"] == []
    assert FIRST in str(first["out"])
    assert not home.exists()  # nothing to keep: the wheel's snapshot served


def test_the_first_open_of_a_new_user_reads_no_yaml_and_no_pydantic(
    installed: Path, tmp_path: Path
) -> None:
    result = run(installed, tmp_path / "new-user", FIRST_OPEN)
    assert result["welcome"] is True
    assert FIRST in str(result["head"])  # step 1, once the welcome's button is pressed
    assert result["heavy"] == []


def test_an_edited_copy_is_loaded_in_full_with_the_new_title(
    installed: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "my-content"
    shutil.copytree(installed / "coach" / "_content", copy)
    retitle(copy)
    result = run(installed, tmp_path / "home", PROBE, "--content", copy, "status")
    assert result["code"] == 0, result["err"]
    assert "pydantic" in str(result["heavy"])  # loaded in full, not from the shipped snapshot
    assert NEW in str(result["out"])
    assert FIRST not in str(result["out"])


def test_an_edit_of_the_installed_content_is_seen(installed: Path, tmp_path: Path) -> None:
    """Even the content next to the shipped snapshot: the bytes decide, not the place."""
    site = tmp_path / "site"
    shutil.copytree(installed, site)
    retitle(site / "coach" / "_content")
    result = run(site, tmp_path / "home", PROBE, "status")
    assert result["code"] == 0, result["err"]
    assert NEW in str(result["out"]) and FIRST not in str(result["out"])


def test_a_broken_copy_is_reported_never_hidden(installed: Path, tmp_path: Path) -> None:
    copy = tmp_path / "my-content"
    shutil.copytree(installed / "coach" / "_content", copy)
    step = sorted((copy / "steps").glob("*.yaml"))[-1]
    step.write_text(step.read_text("utf-8").replace("\ntitle:", "\ntitel:", 1), "utf-8")
    for command in ("status", "sheet"):
        result = run(installed, tmp_path / "home", PROBE, "--content", copy, command)
        assert result["code"] == 1
        err = str(result["err"])
        assert f"{step.name}:" in err and "title: required field is missing" in err
        assert "Traceback" not in err

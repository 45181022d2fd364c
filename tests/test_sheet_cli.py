"""`coach sheet` from the outside: formats, -o files, errors, and no UI imports."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RunCli
from sheet_helpers import FIXTURES, ROOT


def run(tmp_path: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


@pytest.fixture
def home(tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder holding the full fixture state (imported the way a user would). In this
    process, as are the tests below but those about the process itself (umask, imports): a
    ``python -m coach`` costs a fresh interpreter and its imports each time."""
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))  # where run() looks too
    result = run_cli("import", str(FIXTURES / "full.json"))
    assert result.code == 0, result.err
    return tmp_path


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("text", "My networking strategy\n====="),
        ("markdown", "# My networking strategy"),
        ("html", "<!DOCTYPE html>"),
    ],
)
def test_sheet_prints_each_format(run_cli: RunCli, home: Path, fmt: str, marker: str) -> None:
    result = run_cli("--lang", "en", "sheet", "--format", fmt)
    assert result.code == 0, result.err
    assert result.out.startswith(marker)
    assert "Alex Beispiel" in result.out
    assert "\x1b" not in result.out


def test_sheet_in_german(run_cli: RunCli, home: Path) -> None:
    result = run_cli("--lang", "de", "sheet")
    assert result.code == 0, result.err
    assert "Meine Netzwerk-Strategie" in result.out
    assert "Eingerichtet: 6/7" in result.out


def test_output_file_is_private_even_with_umask_022(home: Path) -> None:
    target = home / "sheet.html"
    result = run(home, "sheet", "--format", "html", "-o", str(target), umask=0o022)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Alex Beispiel" in target.read_text("utf-8")


def test_output_replaces_an_existing_file_and_makes_it_private(home: Path) -> None:
    target = home / "sheet.md"
    target.write_text("old", "utf-8")
    target.chmod(0o644)
    result = run(home, "sheet", "--format", "markdown", "-o", str(target), umask=0o022)
    assert result.returncode == 0, result.stderr
    assert target.read_text("utf-8").startswith("# My networking strategy")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_output_to_a_folder_is_refused(run_cli: RunCli, home: Path) -> None:
    folder = home / "out"
    folder.mkdir()
    result = run_cli("--lang", "en", "sheet", "-o", str(folder))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.strip().splitlines() == [
        f"coach: {folder} is a folder; give a file name to write to."
    ]
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("where", ["missing-parent", "under-a-file"])
def test_unwritable_output_path(run_cli: RunCli, home: Path, where: str) -> None:
    if where == "missing-parent":
        target = home / "no" / "such" / "sheet.txt"
    else:
        (home / "plain").write_text("x", "utf-8")
        target = home / "plain" / "sheet.txt"
    result = run_cli("--lang", "en", "sheet", "-o", str(target))
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"coach: Cannot write {target}: ")


def test_unknown_format_is_a_usage_error(run_cli: RunCli, home: Path) -> None:
    result = run_cli("sheet", "--format", "pdf")
    assert result.code == 2


def test_sheet_imports_neither_textual_nor_rich(home: Path) -> None:
    script = (
        "import sys\n"
        "from coach.cli.main import main\n"
        "try:\n"
        "    main(['sheet', '--format', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('UI-MODULES:', bad, file=sys.stderr)\n"
    )
    env = {**os.environ, "COACH_HOME": str(home / "home"), "PYTHONPATH": str(ROOT)}
    for fmt in ("text", "markdown", "html"):
        result = subprocess.run(
            [sys.executable, "-c", script, fmt],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "UI-MODULES: []" in result.stderr, result.stderr
        assert "Alex Beispiel" in result.stdout

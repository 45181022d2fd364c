"""The headless core never imports Textual or Rich: scripts and `coach status` stay light."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

CORE = [
    "coach",
    "coach.cli.main",
    "coach.cli.commands",
    "coach.errors",
    "coach.data.fileio",
    "coach.content.loader",
    "coach.content.model",
    "coach.data.progress",
    "coach.data.store",
    "coach.application.session",
    "coach.i18n",
    "coach.data.paths",
    "coach.content.yamlsafe",
    "coach.data.migrations",
    "coach.safetext",
    "coach.data.crashlog",
    "coach.content.course",
    "coach.domain.status",
    "coach.content.compiled",
    "coach.data.progress_schema",
    "coach.sheet",
    "coach.content.sheet_layout",
    "coach.domain.people",
    "coach.domain.agenda",
    "coach.cli.today_cli",
    "coach.formats.calendar_export",
    "coach.formats.contacts_import",
    "coach.cli.contacts_cli",
]

SCRIPT = r"""
import contextlib, importlib, io, json, sys
mods = json.loads(sys.argv[1])
for name in mods:
    importlib.import_module(name)
from coach.cli.main import main
codes = {}
for argv in (["status"], ["status", "--json"], ["validate"], ["export"], ["where"],
             ["sheet"], ["reset", "--yes"], ["today"], ["today", "--json"], ["calendar"]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        codes[" ".join(argv)] = main(argv)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"codes": codes, "heavy": heavy}))
"""


def test_core_and_commands_never_import_textual_or_rich(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(CORE)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "COACH_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    codes = result["codes"]
    for command in (
        "status",
        "status --json",
        "validate",
        "export",
        "where",
        "reset --yes",
        "today",
        "today --json",
        "calendar",
    ):
        assert codes[command] == 0, (command, codes)


LIGHT_SCRIPT = r"""
import contextlib, io, json, sys
from coach.cli.main import main
argv = json.loads(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(argv)
tops = {m.split(".")[0] for m in sys.modules}
heavy = sorted(tops & {"icalendar", "vobject", "pydantic", "yaml"})
print(json.dumps({"code": code, "heavy": heavy}))
"""


def test_status_and_today_load_neither_calendar_nor_vcard_nor_pydantic(tmp_path: Path) -> None:
    """``coach status`` and ``coach today`` run from the compiled content: no YAML, no
    pydantic, and the .ics / vCard libraries only for the commands that need them."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "COACH_HOME": str(tmp_path)}
    first = [sys.executable, "-c", LIGHT_SCRIPT, json.dumps(["status"])]
    subprocess.run(first, cwd=ROOT, env=env, capture_output=True, timeout=60, check=True)
    for argv in (["status"], ["today"], ["today", "--json"]):
        proc = subprocess.run(
            [sys.executable, "-c", LIGHT_SCRIPT, json.dumps(argv)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        assert result == {"code": 0, "heavy": []}, (argv, result, proc.stderr)


def _imports(module: Path) -> set[str]:
    """Every module ``module`` imports, at any level (``from a import b`` counts as a.b)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return out


def test_the_commands_do_not_import_the_cli_back() -> None:
    """cli dispatches to commands; what both need (exit codes, UserError) is in coach.errors."""
    assert "coach.cli.main" not in _imports(ROOT / "coach" / "cli" / "commands.py")
    assert not {m for m in _imports(ROOT / "coach" / "errors.py") if m.startswith("coach")}


def test_widgets_post_messages_and_never_call_the_session() -> None:
    """Issue 24: a widget says what happened (a message); the screen (or the app) calls the
    session's verb. A widget that reaches ``session`` would be a second writer."""
    import ast

    callers = []
    for path in sorted((ROOT / "coach" / "tui" / "widgets").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "session":
                callers.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Constant) and node.value == "session":  # getattr(app, ...)
                callers.append(f"{path.name}:{node.lineno}")
    assert callers == []


def test_no_module_is_over_500_lines() -> None:
    """Issue 24: modules a newcomer can read whole (the UI's app had grown to 512 lines and
    Today's screen to 501 before this test; the launcher now lives in coach/tui/launch.py)."""
    long = {
        str(path.relative_to(ROOT)): count
        for path in sorted((ROOT / "coach").rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}

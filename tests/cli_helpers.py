"""What the command-line tests share: the course's step ids, a saved progress, ``status
--json`` read, the one-line error every failure is, and a LinkedIn export."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Result, RunCli

from coach.data.progress import Progress
from coach.data.store import Store

STEP_IDS = ["why", "networks", "accounts", "sightseeing", "strategy", "posting", "fun"]
# LinkedIn's export of one's connections: its columns, as the file has them.
LINKEDIN_HEAD = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin_csv(path: Path, *rows: str) -> Path:
    """A LinkedIn "Connections.csv" at ``path`` with ``rows`` (comma-separated, its seven
    columns) under its head."""
    path.write_text(LINKEDIN_HEAD + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def saved(home: Path, *ticks: str, **answers: object) -> Progress:
    """Save a progress with these ticks (and ``step__field=value`` answers) in ``home``."""
    progress = Progress(current_step="networks")
    for key in ticks:
        progress.set_tick(key, True)
    for name, value in answers.items():
        progress.set_answer(name.replace("__", "/"), value)
    Store(home).save(progress)
    return progress


def status_json(run_cli: RunCli, *argv: str | Path) -> dict:
    result = run_cli("status", "--json", *argv)
    assert result.code == 0, result.err
    return json.loads(result.out)


def assert_one_line_error(result: Result, code: int = 1) -> None:
    assert result.code == code
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("coach: ")

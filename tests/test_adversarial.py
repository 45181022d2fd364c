"""What an adversarial run found, each kept fixed: no lost update, no hang, no crash."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import RunCli

from coach.data.progress import Progress
from coach.data.store import Store, dump


def state(**answers: object) -> Progress:
    progress = Progress()
    for key, value in answers.items():
        progress.set_answer(key.replace("__", "/"), value)
    return progress


def test_restoring_the_oldest_backup_never_prunes_it_first(
    coach_home: Path, run_cli: RunCli
) -> None:
    store = Store(coach_home)
    store.save(state(why__goal="first"))
    for n in range(12):  # more labelled backups than are kept
        store.backup_now(f"round{n:02d}")
    oldest = store.backups()[-1]
    result = run_cli("restore", oldest.name)
    assert result.code == 0, result.err
    assert store.load().answer("why/goal") == "first"


def test_reset_of_a_step_keeps_what_another_window_saved_meanwhile(
    coach_home: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(coach_home)
    store.save(state(networks__picked=["linkedin"]))

    def answer_yes_after_the_ui_saved(prompt: str = "") -> str:
        other = store.load()
        other.set_tick("why/read-why", True)  # the UI, while the question was open
        store.save(other)
        return "y"

    monkeypatch.setattr("builtins.input", answer_yes_after_the_ui_saved)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    from coach.cli.main import main

    monkeypatch.setattr(sys, "stdin", Terminal())
    assert main(["reset", "--step", "networks"]) == 0
    after = store.load()
    assert after.is_ticked("why/read-why"), "the other window's tick survives"
    assert after.answer("networks/picked") is None


def test_a_huge_number_or_a_lone_surrogate_is_a_broken_file_not_a_crash(
    coach_home: Path, run_cli: RunCli
) -> None:
    for bad in (
        '{"schema_version": 1, "zz": ' + "9" * 5000 + "}",
        '{"schema_version": 1, "answers": {"why/goal": "\\ud800"}}',
    ):
        coach_home.mkdir(parents=True, exist_ok=True)
        (coach_home / "progress.json").write_text(bad)
        result = run_cli("status")
        assert result.code == 1 and "could not be read" in result.err, result.err
        assert "unexpected" not in result.err
        moved = sorted(coach_home.glob("progress.json.broken-*"))
        assert moved and moved[-1].read_text() == bad
        for path in moved:
            path.unlink()


def test_a_fifo_is_refused_instead_of_hanging(
    coach_home: Path, run_proc: RunCli, tmp_path: Path
) -> None:
    coach_home.mkdir(parents=True)
    os.mkfifo(coach_home / "progress.json")
    result = run_proc("status", env={"COACH_HOME": str(coach_home)})
    assert result.code == 1 and "Traceback" not in result.err
    fifo = tmp_path / "import.json"
    os.mkfifo(fifo)
    result = run_proc("import", fifo, env={"COACH_HOME": str(tmp_path / "other")})
    assert result.code == 1 and "Traceback" not in result.err


def test_wrong_typed_imported_answers_do_not_crash_status_or_sheet(
    coach_home: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    doc = json.loads(dump(Progress()))
    doc["answers"] = {
        "networks/picked": [{}, 1, "linkedin"],
        "strategy/people": [{"name": "a", "circle": [1]}],
        "sightseeing/watchlist": [{"name": "x", "done": {"a": 1}}],
    }
    export = tmp_path / "odd.json"
    export.write_text(json.dumps(doc))
    assert run_cli("import", export).code == 0
    for command in (["status"], ["sheet"], ["sheet", "--format", "html"]):
        result = run_cli(*command)
        assert result.code == 0, (command, result.err)


def test_validate_never_prints_an_escape_byte(run_cli: RunCli, tmp_path: Path) -> None:
    import shutil

    from conftest import OTHER_CONTENT

    folder = tmp_path / "c"
    shutil.copytree(OTHER_CONTENT, folder)
    step = sorted((folder / "steps").glob("*.yaml"))[0]
    step.write_text(step.read_text() + '"\\e]0;pwned\\a": 1\n')
    result = run_cli("validate", folder)
    assert result.code == 1
    assert "\x1b" not in result.err and "\x07" not in result.err

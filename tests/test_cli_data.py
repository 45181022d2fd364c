"""The user's data in and out of the command line: export, import, reset (asked on a
terminal), and a broken progress file reported, never silently set aside."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from cli_helpers import STEP_IDS, assert_one_line_error, saved, status_json
from conftest import RunCli

from coach.cli.main import main
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store, dump


# -- export / import ------------------------------------------------------------------------
def test_export_import_round_trip(run_cli: RunCli, coach_home: Path, tmp_path: Path) -> None:
    saved(coach_home, "why/read-why", "fun/x", why__reason="Neue Leute ✨")
    before = status_json(run_cli)
    export = tmp_path / "export.json"
    result = run_cli("export", "-o", export)
    assert result.code == 0
    assert json.loads(export.read_text())["answers"]["why/reason"] == "Neue Leute ✨"
    stdout_export = json.loads(run_cli("export").out)
    assert stdout_export["ticks"].keys() == {"why/read-why", "fun/x"}

    assert run_cli("reset", "--yes").code == 0
    assert status_json(run_cli)["overall"]["done"] == 0

    result = run_cli("import", export)
    assert result.code == 0, result.err
    assert status_json(run_cli) == before
    assert Book(coach_home).load().answer("why/reason") == "Neue Leute ✨"


def test_an_export_with_a_hand_edited_impossible_day_imports_back(
    run_cli: RunCli, coach_home: Path, tmp_path: Path
) -> None:
    """A day of the saved shape that is no day ("2026-02-30", a hand edit) is kept by the
    load, so the export has it; the import takes that export back as it is, and says so."""
    saved(coach_home, "why/read-why")
    path = coach_home / "progress.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["contacts"] = [
        {"id": "c1", "person": "p1", "date": "2026-02-30", "kind": "call"},
        {"id": "c2", "person": "p1", "date": "2026-03-01", "kind": "call"},
    ]
    doc["pause_until"] = "2026-02-30"
    doc["breaks"] = [{"from": "2026-13-01", "until": "2026-02-30"}]
    path.write_text(json.dumps(doc), encoding="utf-8")
    export = tmp_path / "export.json"
    assert run_cli("export", "-o", export).code == 0
    assert run_cli("reset", "--yes").code == 0
    result = run_cli("import", export)
    assert result.code == 0, result.err
    assert "4 dates in it are no days of the calendar (the first: 2026-02-30)" in result.err
    after, before = json.loads(run_cli("export").out), json.loads(export.read_text("utf-8"))
    after.pop("updated_at"), before.pop("updated_at")  # (the import is a change: now)
    assert after == before


def test_import_keeps_a_backup_of_the_state_before(
    run_cli: RunCli, coach_home: Path, tmp_path: Path
) -> None:
    saved(coach_home, "why/read-why")
    old = (coach_home / "progress.json").read_bytes()
    export = tmp_path / "other.json"
    export.write_bytes(dump(Progress()))
    assert run_cli("import", export).code == 0
    assert Book(coach_home).load().ticks == {}
    backups = list((coach_home / "backups").glob("*before-import*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == old


@pytest.mark.parametrize(
    "garbage",
    [
        b"not json at all",
        b"",
        b"[1, 2, 3]",
        b'{"schema_version": 1, "ticks": {"why/a": "not a date"}}',
        b'{"schema_version": 99}',
    ],
)
def test_import_garbage_changes_nothing(
    run_cli: RunCli, coach_home: Path, tmp_path: Path, garbage: bytes
) -> None:
    saved(coach_home, "why/read-why")
    before = (coach_home / "progress.json").read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(garbage)
    result = run_cli("import", bad)
    assert_one_line_error(result)
    assert str(bad) in result.err
    assert (coach_home / "progress.json").read_bytes() == before


def test_an_import_names_the_entry_that_is_wrong_once(run_cli: RunCli, tmp_path: Path) -> None:
    """A contact's date that is no day was named "contacts.0.date.date" (pydantic's union
    member after the field)."""
    doc = json.loads(run_cli("export").out)
    doc["contacts"] = [{"id": "c1", "person": "p", "date": "soon", "kind": "call"}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("import", bad)
    assert_one_line_error(result)
    assert "the entry “contacts.0.date” is not valid" in result.err


def test_import_missing_file(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("import", tmp_path / "nope.json")
    assert_one_line_error(result)
    assert "nope.json" in result.err


# -- reset ------------------------------------------------------------------------------------
def test_reset_all(run_cli: RunCli, coach_home: Path) -> None:
    saved(coach_home, "why/read-why", "accounts/linkedin/created", why__reason="x")
    result = run_cli("reset", "--yes")
    assert result.code == 0
    progress = Book(coach_home).load()
    assert progress.ticks == {} and progress.answers == {}
    assert list((coach_home / "backups").glob("*before-reset*"))


def test_reset_one_step(run_cli: RunCli, coach_home: Path) -> None:
    saved(
        coach_home,
        "why/read-why",
        "accounts/email",
        "accounts/linkedin/created",
        accounts__profile_links=[{"network": "linkedin", "url": "https://example.org"}],
        networks__picked=["linkedin"],
    )
    result = run_cli("reset", "--step", "accounts", "--yes")
    assert result.code == 0
    progress = Book(coach_home).load()
    assert set(progress.ticks) == {"why/read-why"}
    assert set(progress.answers) == {"networks/picked"}


def test_reset_without_yes_and_without_terminal(run_cli: RunCli, coach_home: Path) -> None:
    saved(coach_home, "why/read-why")
    result = run_cli("reset")
    assert_one_line_error(result)
    assert "--yes" in result.err
    assert Book(coach_home).load().is_ticked("why/read-why")


def test_reset_unknown_step_lists_numbers_ids_and_titles(run_cli: RunCli, coach_home: Path) -> None:
    saved(coach_home, "why/read-why")
    result = run_cli("reset", "--step", "nope", "--yes")
    assert result.code == 1 and "Traceback" not in result.err
    first, *steps = result.err.strip().splitlines()
    assert "nope" in first
    assert [line.split()[:2] for line in steps] == [
        [str(n), step_id] for n, step_id in enumerate(STEP_IDS, 1)
    ]
    assert "Why a network helps" in steps[0]
    assert Book(coach_home).load().is_ticked("why/read-why")


def test_reset_takes_the_step_number_too(run_cli: RunCli, coach_home: Path) -> None:
    saved(coach_home, "why/read-why", "accounts/email")
    assert run_cli("reset", "--step", "3", "--yes").code == 0
    assert set(Book(coach_home).load().ticks) == {"why/read-why"}


def test_reset_question_names_the_step_by_number_and_title(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(coach_home, "accounts/email")
    said = answered(monkeypatch, ["reset", "--lang", "de", "--step", "accounts"], "n\n")
    assert "Schritt 3 „Konten einrichten“" in said
    assert Book(coach_home).load().is_ticked("accounts/email")


def test_resetting_the_step_that_holds_the_people_says_they_go_too(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reset --step 5 cleared the whole people list; its question spoke only of 'every
    tick and answer in step 5'."""
    saved(coach_home, strategy__people=[{"id": "p1", "name": "Ana"}, {"id": "p2", "name": "Ben"}])
    said = answered(monkeypatch, ["reset", "--step", "5"], "n\n")
    assert "the 2 people in your people list go too (their logged contacts stay)" in said
    assert len(Book(coach_home).load().answer("strategy/people")) == 2, "n: nothing changed"


def test_starting_over_says_the_people_and_contacts_go_too(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(coach_home, "why/read-why")
    assert "your people and logged contacts too" in answered(monkeypatch, ["reset"], "n\n")


# -- a broken progress file is reported, never silently set aside ----------------------------
def test_broken_progress_file_is_reported_not_hidden(run_cli: RunCli, coach_home: Path) -> None:
    coach_home.mkdir()
    broken = coach_home / "progress.json"
    broken.write_text('{"schema_version": 1, "ticks": {')
    for argv in (["validate"], ["where"], ["--lang", "de", "validate"]):
        assert run_cli(*argv).code == 0
        assert broken.read_text() == '{"schema_version": 1, "ticks": {', argv
    result = run_cli("status")
    assert_one_line_error(result)
    assert "could not be read" in result.err
    assert list(coach_home.glob("progress.json.broken-*"))


# -- reset asks on a terminal ---------------------------------------------------------------
class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def answered(monkeypatch: pytest.MonkeyPatch, argv: list[str], answer: str) -> str:
    """``coach ARGV`` on a terminal where the user types ``answer`` at its question: what
    it printed (it exits 0 either way)."""
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdin", FakeTerminal(answer))
    monkeypatch.setattr(sys, "stdout", out)
    assert main(argv) == 0
    return out.getvalue()


@pytest.mark.parametrize(
    ("lang", "answer", "cleared"),
    [("en", "y\n", True), ("en", "\n", False), ("de", "j\n", True), ("de", "n\n", False)],
)
def test_reset_asks_on_a_terminal(
    run_cli: RunCli,
    coach_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    answer: str,
    cleared: bool,
) -> None:
    saved(coach_home, "why/read-why")
    said = answered(monkeypatch, ["reset", "--lang", lang], answer)
    assert Book(coach_home).load().is_ticked("why/read-why") is not cleared
    assert ("j/N" if lang == "de" else "y/N") in said


def test_reset_prompt_closed_with_ctrl_d_changes_nothing(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(coach_home, "why/read-why")
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdin", FakeTerminal(""))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["reset"]) == 0
    assert "Traceback" not in err.getvalue() and "unexpected" not in err.getvalue()
    assert Book(coach_home).load().is_ticked("why/read-why")


@pytest.mark.parametrize(("answer", "restored"), [("y\n", True), ("\n", False)])
def test_restore_says_what_comes_back_and_asks_on_a_terminal(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch, answer: str, restored: bool
) -> None:
    """A backup replaced the whole state unasked at a terminal: it says what the backup
    holds beside what there is now, and a no changes nothing. A script goes on unasked."""
    saved(coach_home, "why/read-why")
    backup = Store(coach_home).backup_now("by-hand")
    assert backup is not None
    assert run_cli("reset", "--yes").code == 0
    said = answered(monkeypatch, ["restore", backup.name], answer)
    assert "checklist 1/" in said and "checklist 0/" in said and "y/N" in said
    assert Book(coach_home).load().is_ticked("why/read-why") is restored
    assert ("Nothing was changed" in said) is not restored


def test_main_pauses_garbage_collection_only_while_it_runs(coach_home: Path) -> None:
    """Starting up runs without the cyclic collector; whoever called main gets it back."""
    import gc

    assert gc.isenabled()
    assert main(["where"]) == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["where"]) == 0
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_an_import_keeps_when_the_user_began(
    run_cli: RunCli, coach_home: Path, tmp_path: Path
) -> None:
    """An export imported into a new data folder began "now" (the step 7 summary then
    said "You started today" to someone at it for months); the earlier start is kept."""
    saved(coach_home, "why/read-why")
    doc = json.loads(run_cli("export").out)
    doc["started_at"] = "2026-10-01T09:00:00Z"
    export = tmp_path / "export.json"
    export.write_text(json.dumps(doc), encoding="utf-8")
    elsewhere = tmp_path / "new-folder"
    assert run_cli("--data-dir", elsewhere, "import", export).code == 0
    again = json.loads(run_cli("--data-dir", elsewhere, "export").out)
    assert again["started_at"] == "2026-10-01T09:00:00Z"
    assert run_cli("--data-dir", elsewhere, "reset", "--yes").code == 0  # (never later)
    assert json.loads(run_cli("--data-dir", elsewhere, "export").out)["started_at"] == (
        "2026-10-01T09:00:00Z"
    )


def test_an_import_keeps_the_keys_a_newer_version_wrote(
    run_cli: RunCli, coach_home: Path, tmp_path: Path
) -> None:
    """A top-level key this version does not know was dropped by an import (a hand-added
    one in the saved file is kept): RELIABILITY's fields kept, not dropped."""
    saved(coach_home, "why/read-why")
    doc = json.loads(run_cli("export").out)
    doc["from_a_newer_coach"] = {"kept": ["as", "written"]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(doc), encoding="utf-8")
    elsewhere = tmp_path / "new-folder"
    assert run_cli("--data-dir", elsewhere, "import", export).code == 0
    again = json.loads(run_cli("--data-dir", elsewhere, "export").out)
    assert again["from_a_newer_coach"] == {"kept": ["as", "written"]}
    book = Book(elsewhere)
    book.load()
    assert book.compact(force=True)  # folded into the snapshot: still there
    assert Store(elsewhere).load().extra["from_a_newer_coach"] == {"kept": ["as", "written"]}
    assert run_cli("--data-dir", elsewhere, "undo", "--yes").code == 0
    assert "from_a_newer_coach" not in json.loads(run_cli("--data-dir", elsewhere, "export").out)

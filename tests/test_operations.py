"""Every change an operation: undo, history, correcting a logged contact, two writers, the
size of one change, and today's (version 2) data folders opening as before."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import linkedin_csv

from coach import dates
from coach.data import progress as progress_module
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store

TODAY = dt.date(2026, 11, 27)
PEOPLE = "strategy/people"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def state(home: Path, people: int = 3, contacts: int = 0) -> Progress:
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [
        {"id": f"p{i}", "name": f"Person {i}", "circle": "colleagues"} for i in range(people)
    ]
    progress.answers[PEOPLE][0]["name"] = "Jana Krüger"
    progress.contacts = [
        {
            "id": f"c{i}",
            "person": f"p{i % people}",
            "date": "2026-10-01",
            "kind": "call",
            "note": "x" * 150,
        }
        for i in range(contacts)
    ]
    Store(home).save(progress)
    return progress


def exported(run_cli: Any) -> dict[str, Any]:
    result = run_cli("export")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def history(run_cli: Any, *args: str) -> list[dict[str, Any]]:
    result = run_cli("history", *args, "--json")
    assert result.code == 0, result.err
    rows: list[dict[str, Any]] = json.loads(result.out)
    return rows


def test_undo_right_after_log_removes_that_contact(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    assert run_cli("log", "jana", "--note", "coffee").code == 0
    assert [r["note"] for r in history(run_cli, "jana")] == ["coffee"]
    result = run_cli("undo", "--yes")
    assert result.code == 0 and "Jana Krüger" in result.out
    assert history(run_cli, "jana") == []
    assert exported(run_cli)["contacts"] == []


def test_undo_again_takes_back_the_one_before(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    run_cli("log", "jana", "--note", "one", "--next", "none")
    run_cli("log", "jana", "--note", "two", "--next", "none")
    assert run_cli("undo", "--yes").code == 0
    assert [r["note"] for r in history(run_cli)] == ["one"]
    assert run_cli("undo", "--yes").code == 0
    assert history(run_cli) == []
    result = run_cli("undo", "--yes")
    assert result.code == 0 and "Nothing to undo" in result.out


def test_undo_twice_brings_a_field_changed_twice_back_to_where_it_was(
    run_cli: Any, coach_home: Path
) -> None:
    """Two follow-ups set one after the other, both taken back: the field is as before the
    first (the first undo's own stamp on it is this device's, not a later change to keep)."""
    state(coach_home)

    def follow_up() -> object:
        people = exported(run_cli)["answers"]["strategy/people"]
        return next(p for p in people if p["name"] == "Jana Krüger").get("follow_up")

    before = follow_up()
    assert run_cli("log", "jana", "--next", "2026-12-10").code == 0
    assert run_cli("log", "jana", "--next", "2026-12-20").code == 0
    assert run_cli("undo", "--yes").code == 0
    assert follow_up() == "2026-12-10"
    again = run_cli("undo", "--yes")
    assert again.code == 0 and "another device changed" not in again.out
    assert follow_up() == before


def test_undo_without_a_terminal_asks_for_yes(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    run_cli("log", "jana")
    result = run_cli("undo")
    assert result.code == 1 and "--yes" in result.err
    assert len(history(run_cli)) == 1


def test_history_lists_contacts_with_ids_and_delete_removes_one(
    run_cli: Any, coach_home: Path
) -> None:
    state(coach_home)
    for note in ("first", "twice by mistake", "third"):
        assert run_cli("log", "jana", "--note", note).code == 0
    rows = history(run_cli, "Jana")
    assert [r["note"] for r in rows] == ["third", "twice by mistake", "first"]
    assert all(len(r["id"]) == 12 and r["person"] == "Jana Krüger" for r in rows)
    assert set(rows[0]) == {"id", "person", "person_id", "date", "kind", "note", "felt"}
    gone = rows[1]["id"]
    refused = run_cli("log", "--delete", gone, "--note", "hi")  # a note would go unheard
    assert refused.code == 2 and "--delete ID" in refused.err  # wrong usage (CONTRACT)
    assert len(history(run_cli)) == 3
    result = run_cli("log", "--delete", gone)
    assert result.code == 0, result.err
    assert [r["note"] for r in history(run_cli)] == ["third", "first"]
    assert run_cli("undo", "--yes").code == 0  # and back it comes
    assert [r["note"] for r in history(run_cli)] == ["third", "twice by mistake", "first"]


def test_log_edit_corrects_note_date_and_kind(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    run_cli("log", "jana", "--note", "typo")
    (row,) = history(run_cli)
    result = run_cli(
        "log", "--edit", row["id"], "--note", "fixed", "--on", "2026-11-20", "--kind", "met"
    )
    assert result.code == 0, result.err
    assert "on Fri 20 Nov" in result.out, "the message names the new date, not the old one"
    (after,) = history(run_cli)
    assert (after["note"], after["date"], after["kind"]) == ("fixed", "2026-11-20", "met")
    assert after["id"] == row["id"]
    undone = run_cli("undo", "--yes")
    assert "from Fri 27 Nov to Fri 20 Nov" in undone.out, undone.out  # both days said


def test_log_edit_refuses_an_unknown_id_and_a_kind_the_content_lacks(
    run_cli: Any, coach_home: Path
) -> None:
    state(coach_home)
    run_cli("log", "jana")
    (row,) = history(run_cli)
    assert run_cli("log", "--delete", "nope").code == 1
    bad = run_cli("log", "--edit", row["id"], "--kind", "telepathy")
    assert bad.code == 1 and "telepathy" in bad.err
    assert "call (Call)" in bad.err  # the kinds, with the words the user sees
    # A kind by the name the user sees, in any language: "Telefonat" is the call.
    assert run_cli("log", "--edit", row["id"], "--kind", "Telefonat").code == 0
    assert history(run_cli)[0]["kind"] == "call"
    assert run_cli("--lang", "de", "log", "jana", "--kind", " persönlich GETROFFEN ").code == 0
    assert history(run_cli)[0]["kind"] == "met"
    assert run_cli("log", "--edit", row["id"]).code == 2  # nothing to change: wrong usage
    assert run_cli("log", "jana", "--edit", row["id"]).code == 2
    assert run_cli("sync", "--folder", "x", "--off").code == 2
    assert run_cli("sync", "--folder", " ").code == 2
    assert run_cli("log", "--edit", row["id"], "--felt", "7").code == 0
    assert "(felt 7/10)" in run_cli("history").out  # as --json has it
    empty = run_cli("log", "--edit", "")  # an id left empty: not "whom were you in touch with?"
    assert empty.code == 2 and "coach history" in empty.err


def test_log_edit_asks_before_a_future_date_and_never_drops_next(
    run_cli: Any, coach_home: Path
) -> None:
    """``log --edit ID --on +3d`` was saved without a question, where a new contact on a
    future day asks and, with nobody to answer, is refused; ``--edit ID --note x --next
    +3d`` said "Corrected" and dropped ``--next``; ``coach log`` without a name is wrong
    usage (PERSON is required), exit 2."""
    state(coach_home)
    run_cli("log", "jana", "--note", "first")
    (row,) = history(run_cli)
    future = run_cli("log", "--edit", row["id"], "--on", "+3d")
    assert future.code == 1 and "in the future" in future.err
    dropped = run_cli("log", "--edit", row["id"], "--note", "x", "--next", "+3d")
    assert dropped.code == 2 and "--next" in dropped.err
    assert history(run_cli) == [row], "neither changed anything"
    assert run_cli("log").code == 2


def test_a_person_logged_twice_by_different_names_is_one_person(
    run_cli: Any, coach_home: Path
) -> None:
    state(coach_home)
    run_cli("log", "jana")
    run_cli("log", "Krüger")
    assert {r["person_id"] for r in history(run_cli)} == {"p0"}


def test_one_log_on_a_large_state_writes_little(run_cli: Any, coach_home: Path) -> None:
    state(coach_home, people=300, contacts=6000)
    assert (coach_home / "progress.json").stat().st_size > 1_000_000
    run_cli("status")  # a checkout compiles its content into a cache once (a wheel ships it)
    before = {
        p: (p.stat().st_size, p.stat().st_mtime_ns) for p in coach_home.rglob("*") if p.is_file()
    }
    assert run_cli("log", "jana", "--note", "short").code == 0
    written = 0
    for path in coach_home.rglob("*"):
        if path.is_file() and before.get(path) != (path.stat().st_size, path.stat().st_mtime_ns):
            written += path.stat().st_size  # every file written counts whole
    assert written <= 64 * 1024


def test_a_version_2_folder_opens_and_exports_as_before(run_cli: Any, coach_home: Path) -> None:
    state(coach_home, people=5, contacts=20)
    before = exported(run_cli)
    snapshot = (coach_home / "progress.json").read_bytes()
    assert exported(run_cli) == before
    assert (coach_home / "progress.json").read_bytes() == snapshot  # looking writes nothing
    assert not (coach_home / "journal").exists()


def test_two_writers_on_one_machine_both_land(coach_home: Path) -> None:
    from coach.application.session import Session
    from coach.data import paths

    state(coach_home)
    ui = Session(coach_home, paths.bundled_content_dir())  # as the open coach holds it
    shell = Session(coach_home, paths.bundled_content_dir())
    _ = ui.progress, shell.progress
    ui.answer("strategy/goal", "two writers")
    shell.set_pause(dt.date(2026, 12, 24))
    assert ui.refresh() is True  # the open coach sees the shell's change
    assert ui.progress.pause_until == "2026-12-24"
    fresh = Book(coach_home).load()
    assert fresh.pause_until == "2026-12-24" and fresh.answers["strategy/goal"] == "two writers"


def test_two_shells_never_take_back_or_remove_the_same_change_twice(
    run_cli: Any, coach_home: Path
) -> None:
    """Six ``coach undo --yes`` at once each said "Taken back: …", two changes were taken
    back; four ``log --delete ID`` at once said "Removed" three times. A shell loaded
    before another one's undo or removal takes back the one before, and finds the
    contact gone."""
    from coach.application.session import Session
    from coach.data import paths

    state(coach_home)
    run_cli("log", "jana", "--note", "one", "--next", "none")
    run_cli("log", "jana", "--note", "two", "--next", "none")
    run_cli("log", "jana", "--note", "three", "--next", "none")
    first, second = (Session(coach_home, paths.bundled_content_dir()) for _ in range(2))
    _ = first.progress, second.progress  # both loaded before either changes anything
    assert [r["note"] for r in history(run_cli)] == ["three", "two", "one"]
    assert first.undo() is not None and second.undo() is not None
    assert [r["note"] for r in history(run_cli)] == ["one"], "two undos, two changes"
    contact = history(run_cli)[0]["id"]
    third, fourth = (Session(coach_home, paths.bundled_content_dir()) for _ in range(2))
    _ = third.progress, fourth.progress
    assert third.delete_contact(contact) is True
    assert fourth.delete_contact(contact) is False, "removed already: not said twice"
    assert fourth.edit_contact(contact, {"note": "back?"}) is False, "nor made again"
    assert history(run_cli) == []


def test_compaction_keeps_everything_and_the_undo(coach_home: Path) -> None:
    from coach.application.session import Session
    from coach.data import paths

    state(coach_home)
    session = Session(coach_home, paths.bundled_content_dir())
    session.answer("strategy/goal", "kept")
    session.compact(force=True)
    assert (
        json.loads((coach_home / "progress.json").read_text())["answers"]["strategy/goal"] == "kept"
    )
    again = Session(coach_home, paths.bundled_content_dir())
    assert again.next_undo() is not None
    again.undo()
    assert "strategy/goal" not in Book(coach_home).load().answers


def test_a_copied_data_folder_is_a_new_device(coach_home: Path, tmp_path: Path) -> None:
    import shutil

    from coach.application.session import Session
    from coach.data import paths

    state(coach_home)
    first = Session(coach_home, paths.bundled_content_dir())
    first.answer("strategy/goal", "x")
    copy = tmp_path / "copy"
    shutil.copytree(coach_home, copy)
    second = Session(copy, paths.bundled_content_dir())
    assert second.progress.answers["strategy/goal"] == "x"
    assert second.device_id != first.device_id
    assert second.next_undo() is None  # the original's changes are not the copy's to undo
    second.answer("strategy/goal", "y")
    assert (copy / "device.json").exists()
    assert json.loads((copy / "device.json").read_text())["id"] == second.device_id
    assert os.path.exists(copy / "journal" / f"{second.device_id}.jsonl")


def test_every_kind_of_change_has_words_for_undo_in_both_languages() -> None:
    """Undo says what it takes back: each verb's operation kind has its phrase (a kind
    without one would read "a change (...)")."""
    import re

    from coach import i18n

    root = Path(__file__).resolve().parent.parent / "coach" / "application"
    source = "".join(p.read_text(encoding="utf-8") for p in root.glob("*.py"))
    kinds = set(re.findall(r'_commit\(\s*"(\w+)"', source)) | set(re.findall(r'do="(\w+)"', source))
    kinds |= {"tick", "untick", "pause", "unpause", "sync", "catch_up", "let_go"}
    assert {"log", "remove", "posted"} <= kinds
    for lang in ("en", "de"):
        catalog = i18n.catalog(lang)
        missing = [k for k in kinds if f"op.{k}" not in catalog and f"op.{k}.one" not in catalog]
        assert missing == [], (lang, missing)


def test_a_first_change_without_a_snapshot_fixes_when_the_user_began(
    run_cli: Any, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A brand-new data folder whose first change comes from the shell has operations and no
    # snapshot: every look at it must give the same state, not "began just now" each time.
    people = linkedin_csv(
        tmp_path / "c.csv", "Jana,Krüger,https://www.linkedin.com/in/jana,,ACME,Dev,01 Oct 2026"
    )
    assert run_cli("import-contacts", str(people), "--yes").code == 0
    assert not (coach_home / "progress.json").exists()
    first = exported(run_cli)
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    monkeypatch.setattr(progress_module, "now", lambda: tomorrow)  # a fold must not read it
    assert exported(run_cli) == first
    assert first["started_at"] <= first["updated_at"]


def test_operations_kept_for_undo_are_held_as_their_lines(coach_home: Path) -> None:
    """This device's operations stay in memory all run for its undo: held as their lines
    (a few hundred bytes each) until one is read, then read as they were written."""
    import tracemalloc

    from coach.data.journal import Op

    state(coach_home, people=3)
    book = Book(coach_home)
    book.load()
    for n in range(300):
        book.commit("answer", [(["a", "why/goal"], f"goal {n} " + "x" * 200)], {"n": n})
    again = Book(coach_home)
    again.load()
    lines = [op.to_line() for op in again.own]
    assert len(lines) == 300
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for op in again.own:
            assert op.set and op.was is not None  # read: each op's parts as objects again
        opened = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert opened > len(b"".join(lines)), "the parts as objects weigh more than the lines"
    assert again.own == [Op.from_doc(json.loads(line)) for line in lines], "as written"
    target, done, _kept = again.undo() or (None, None, 0)
    assert target is not None and target.say == {"n": 299} and done is not None
    assert again.progress is not None and again.progress.answer("why/goal").startswith("goal 298")


def test_a_page_and_the_history_list_one_days_contacts_in_one_order(coach_home: Path) -> None:
    """Two contacts on one day: the person's page (coach.domain.people.history) and
    ``coach history`` / the contact list (Session.history) show the later logged first."""
    from coach.application.session import Session
    from coach.domain import people

    state(coach_home)
    session = Session.from_options(str(coach_home), None, "en")
    jana = people.find(session.course_to_read, session.progress, "jana")[0]
    for note in ("short", "a much longer note about the lunch"):
        session.log_contact(jana, on=dt.date(2026, 11, 20), kind="call", note=note)
    page = [c["note"] for c in people.history(session.progress, jana.id)]
    listed = [c["note"] for c in session.history(jana.id)]
    assert page == listed == ["a much longer note about the lunch", "short"]


def test_edit_and_delete_at_once_and_a_sync_folder_under_a_file_say_what_is_wrong(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    state(coach_home)
    both = run_cli("log", "--edit", "a", "--delete", "b")
    assert both.code == 2 and "not both" in both.err
    (tmp_path / "afile").write_text("x")
    under = run_cli("sync", "--folder", tmp_path / "afile" / "sync")
    assert under.code == 1 and "is not a folder" in under.err, under.err


def test_text_being_typed_here_outlives_a_change_folded_in_from_another_window(
    tmp_path: Path,
) -> None:
    """Two windows on one data folder: this one's typing, not yet saved (it waits for a
    quiet spell), met the other window's change to the same answer when the state was
    refreshed. The refresh put the other text in the state while this window's box still
    showed its own; the typing was then saved as no change at all, and the text the user
    saw was gone from the file. What is being typed here is the newer change: it stays."""
    from coach.application.session import Session

    key = "why/my_why"
    here = Session.from_options(str(tmp_path), None, "en")
    here.answer(key, "start")
    there = Session.from_options(str(tmp_path), None, "en")
    assert there.progress.answer(key) == "start"
    here.on_change = lambda soon=False: None  # as in the UI: typing is saved when it stops
    here.answer(key, "start plus here", typing=True)
    there.answer(key, "start more there")
    assert here.refresh()
    assert here.progress.answer(key) == "start plus here", "what this window shows"
    said = "“My why” was changed in another window or on another device while you typed here: "
    said += "what you typed is kept."
    assert here.notices() == [said], "the other window's change, replaced: said"
    here.commit_typing()
    assert Session.from_options(str(tmp_path), None, "en").progress.answer(key) == (
        "start plus here"
    )

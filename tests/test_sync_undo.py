"""Undo across two devices: an undo takes back only what no later change, here or on the
other device, holds; a log that keeps its planned follow-up never outranks one set
elsewhere; an undone import keeps the person changed elsewhere."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import PEOPLE, TODAY, Two, carry, exported, tom

from coach import dates


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def test_an_undo_takes_back_only_what_no_later_change_holds(run_cli: Any, two: Two) -> None:
    """The laptop logs Tom with a follow-up; the desktop, later, logs Tom too with a later
    follow-up; the laptop sees that and then undoes its own log: its contact goes, the
    desktop's contact, follow-up and status stay (on both devices)."""
    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(4)
    assert (
        run_cli("--data-dir", laptop, "log", "tom", "--note", "L", "--next", "2026-12-20").code == 0
    )
    carry(sync_l, sync_d, rng)
    assert (
        run_cli("--data-dir", desktop, "log", "tom", "--note", "D", "--next", "2026-12-28").code
        == 0
    )
    carry(sync_d, sync_l, rng)
    tom_before = next(p for p in exported(run_cli, laptop)["answers"][PEOPLE] if p["id"] == "p2")
    assert tom_before["follow_up"] == "2026-12-28"
    undone = run_cli("--data-dir", laptop, "undo", "--yes")
    assert undone.code == 0, undone.err
    carry(sync_l, sync_d, rng)
    for side in (exported(run_cli, laptop), exported(run_cli, desktop)):
        assert [c.get("note") for c in side["contacts"]] == ["D"]
        tom = next(p for p in side["answers"][PEOPLE] if p["id"] == "p2")
        assert tom == tom_before, "the desktop's later follow-up and status are kept"


@pytest.mark.parametrize("undo", [False, True])
def test_a_log_that_keeps_the_planned_follow_up_never_outranks_one_set_elsewhere(
    run_cli: Any, two: Two, undo: bool
) -> None:
    """The desktop logs Tom and keeps his planned follow-up; the laptop sets a new one
    (before or after). The desktop's log never set the date (it held it already), so
    neither it nor, later, its undo outranks the laptop's: after carrying, both devices
    plan the laptop's date. (A user trial found the undo bringing the old date back.)"""
    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(7)
    assert run_cli("--data-dir", desktop, "log", "tom", "--next", "2026-12-23").code == 0
    carry(sync_d, sync_l, rng)
    if undo:  # the desktop's log first; its undo after the laptop's change, not yet carried
        assert run_cli("--data-dir", desktop, "log", "tom", "--note", "D").code == 0
        assert run_cli("--data-dir", laptop, "log", "tom", "--next", "2026-12-28").code == 0
        assert run_cli("--data-dir", desktop, "undo", "--yes").code == 0
    else:  # the laptop's change first, the desktop's log after it, neither carried yet
        assert run_cli("--data-dir", laptop, "log", "tom", "--next", "2026-12-28").code == 0
        assert run_cli("--data-dir", desktop, "log", "tom", "--note", "D").code == 0
    carry(sync_l, sync_d, rng)
    carry(sync_d, sync_l, rng)
    for home in (laptop, desktop):
        assert tom(run_cli, home)["follow_up"] == "2026-12-28"
    assert exported(run_cli, laptop) == exported(run_cli, desktop)
    notes = [c.get("note") for c in exported(run_cli, laptop)["contacts"]]
    assert ("D" in notes) is not undo


def test_a_second_undo_still_leaves_what_the_other_device_changed_between(
    run_cli: Any, two: Two
) -> None:
    """Laptop 12-20, desktop 12-24, laptop 12-28, each carried over; two undos on the
    laptop: the first brings back 12-24, the second leaves it (the field's newest stamp is
    by then the laptop's own first undo; the desktop's change is read in its journal)."""
    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(5)
    for home, day in ((laptop, "2026-12-20"), (desktop, "2026-12-24"), (laptop, "2026-12-28")):
        assert run_cli("--data-dir", home, "log", "tom", "--next", day).code == 0
        carry(sync_l, sync_d, rng)
        carry(sync_d, sync_l, rng)
    assert run_cli("--data-dir", laptop, "undo", "--yes").code == 0
    assert tom(run_cli, laptop)["follow_up"] == "2026-12-24"
    second = run_cli("--data-dir", laptop, "undo", "--yes")
    assert second.code == 0 and "another device changed" in second.out
    assert "Left as they are: Tom Weber: Follow up on." in second.out  # which, named
    carry(sync_l, sync_d, rng)
    for home in (laptop, desktop):
        assert tom(run_cli, home)["follow_up"] == "2026-12-24"
    assert exported(run_cli, laptop) == exported(run_cli, desktop)


def test_undoing_a_log_whose_contact_was_edited_elsewhere_keeps_the_whole_log(
    run_cli: Any, two: Two
) -> None:
    """The desktop corrected the laptop's contact: the laptop's undo leaves the contact,
    and with it the follow-up and status that log set (nothing half taken back)."""
    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(6)
    assert run_cli("--data-dir", laptop, "log", "tom", "--next", "2026-12-20").code == 0
    carry(sync_l, sync_d, rng)
    (contact,) = exported(run_cli, desktop)["contacts"]
    assert run_cli("--data-dir", desktop, "log", "--edit", contact["id"], "--note", "x").code == 0
    carry(sync_d, sync_l, rng)
    before = tom(run_cli, laptop)
    undone = run_cli("--data-dir", laptop, "undo", "--yes")
    assert undone.code == 0 and "Another device has changed what it made since" in undone.out
    # Not "taken back" while the contact stays; it is named with the rest (counted, unsaid).
    assert undone.out.startswith("Nothing of it could be taken back: logged a contact with Tom")
    assert "Left as they are: the contact with Tom Weber on " in undone.out
    assert tom(run_cli, laptop) == before and before["follow_up"] == "2026-12-20"
    assert [c.get("note") for c in exported(run_cli, laptop)["contacts"]] == ["x"]


def test_undoing_an_import_keeps_only_the_person_changed_elsewhere(
    run_cli: Any, two: Two, tmp_path: Path
) -> None:
    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(7)
    cards = tmp_path / "three.vcf"
    cards.write_text(
        "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:{n}\nEND:VCARD\n" for n in ("Ana", "Sam", "Lea")),
        "utf-8",
    )
    assert run_cli("--data-dir", laptop, "import-contacts", cards, "--yes").code == 0
    carry(sync_l, sync_d, rng)
    assert run_cli("--data-dir", desktop, "log", "Ana", "--next", "2026-12-24").code == 0
    carry(sync_d, sync_l, rng)
    assert run_cli("--data-dir", laptop, "log", "Ana", "--note", "mine").code == 0
    assert run_cli("--data-dir", laptop, "undo", "--yes").code == 0  # the laptop's log
    undone = run_cli("--data-dir", laptop, "undo", "--yes")  # the import
    assert undone.code == 0 and "Ana" in undone.out.split("stays")[-1], undone.out  # named
    carry(sync_l, sync_d, rng)
    for home in (laptop, desktop):
        names = sorted(p["name"] for p in exported(run_cli, home)["answers"][PEOPLE])
        assert names == ["Ana", "Jana Krüger", "Tom Weber"], names  # Sam and Lea taken back
    assert exported(run_cli, laptop) == exported(run_cli, desktop)


def test_the_next_change_in_the_shell_writes_back_lines_an_older_copy_lost(
    run_cli: Any, two: Two
) -> None:
    """A sync tool put an older copy of the laptop's file back over two logged contacts:
    the laptop's next `coach log` writes them again (no compaction needed), and the
    desktop gets all three."""
    laptop, desktop, sync_l, sync_d = two
    (own,) = [p for p in sync_l.glob("*.jsonl") if p.name in {q.name for q in sync_d.iterdir()}]
    assert run_cli("--data-dir", laptop, "log", "jana", "--note", "before").code == 0
    older = own.read_bytes()
    for note in ("lost one", "lost two"):
        assert run_cli("--data-dir", laptop, "log", "tom", "--note", note).code == 0
    own.write_bytes(older)  # the older copy, as a sync tool may carry it back
    assert run_cli("--data-dir", laptop, "log", "jana", "--note", "after").code == 0
    carry(sync_l, sync_d, random.Random(8))
    notes = sorted(c.get("note") for c in exported(run_cli, desktop)["contacts"])
    assert notes == ["after", "before", "lost one", "lost two"]


def test_a_person_removed_here_and_changed_elsewhere_later_is_said_to_be_back(
    run_cli: Any, two: Two
) -> None:
    """The laptop removes Tom; the desktop, not yet knowing, logs a contact with him. The
    later change wins, so Tom is on the laptop's list again: its UI says so, once (before,
    he came back with one contact and nothing said why)."""
    from coach.application.session import Session
    from coach.data import paths

    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(2)
    here = Session(laptop, paths.bundled_content_dir())
    assert here.remove_record(PEOPLE, "p2") == 0
    assert here.people_back() == []  # (removed here, not back)
    assert run_cli("--data-dir", desktop, "log", "tom", "--note", "D").code == 0
    carry(sync_d, sync_l, rng)
    assert here.refresh()
    assert here.people_back() == ["Tom Weber"]
    assert here.people_back() == [], "said once"
    assert here.remove_record(PEOPLE, "p2") == 1  # removed again, brought back again
    assert run_cli("--data-dir", desktop, "log", "tom", "--next", "2027-01-20").code == 0
    carry(sync_d, sync_l, rng)
    assert here.refresh()
    assert here.people_back() == ["Tom Weber"], "a second comeback is said too"
    assert [p["name"] for p in exported(run_cli, laptop)["answers"][PEOPLE]][-1] == "Tom Weber"
    here.compact_after_run()  # quitting the UI that said it folds it in: not said again
    assert Session(laptop, paths.bundled_content_dir()).people_back() == []


def test_someone_another_device_removed_and_brought_back_is_not_said_to_be_back(
    run_cli: Any, two: Two
) -> None:
    """The desktop removes Tom and takes it back; the laptop never saw him gone."""
    from coach.application.session import Session
    from coach.data import paths

    laptop, desktop, sync_l, sync_d = two
    there = Session(desktop, paths.bundled_content_dir())
    there.remove_record(PEOPLE, "p2")
    assert there.undo() is not None
    carry(sync_d, sync_l, random.Random(3))
    here = Session(laptop, paths.bundled_content_dir())
    assert any(p["id"] == "p2" for p in exported(run_cli, laptop)["answers"][PEOPLE])
    assert here.people_back() == []


def test_a_removal_taken_back_on_this_device_is_not_said_to_come_from_elsewhere(
    run_cli: Any, two: Two
) -> None:
    from coach.application.session import Session
    from coach.data import paths

    laptop = two[0]
    here = Session(laptop, paths.bundled_content_dir())
    here.remove_record(PEOPLE, "p2")
    assert here.undo() is not None
    assert any(p["id"] == "p2" for p in exported(run_cli, laptop)["answers"][PEOPLE])
    assert here.people_back() == []
    assert Session(laptop, paths.bundled_content_dir()).people_back() == []


def test_an_undo_brings_back_what_another_device_set_before_it_not_an_older_value(
    run_cli: Any, two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both devices knew Tom's follow-up of 1 Dec; the laptop moved it to 15 Dec; the
    desktop, before that arrived, spread it to 20 Dec (later: it wins). The desktop's undo
    brought back 1 Dec, a date neither device held any more (a week-eight user's catch-up
    on the desktop, undone after the laptop's work came in); it brings back 15 Dec."""
    import itertools

    from coach.application.session import Session
    from coach.data import merge_meta, paths

    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(6)
    day = TODAY.replace
    ticks = itertools.count(merge_meta.wall_ms_now() + 1000, 1000)  # each change a second on
    monkeypatch.setattr(merge_meta, "wall_ms_now", lambda: next(ticks))

    def session(home: Path) -> Session:
        return Session(home, paths.bundled_content_dir())

    session(laptop).move_follow_ups({"p2": day(month=12, day=1)})
    carry(sync_l, sync_d, rng)
    session(laptop).move_follow_ups({"p2": day(month=12, day=15)})
    session(desktop).move_follow_ups({"p2": day(month=12, day=20)})
    carry(sync_l, sync_d, rng)
    carry(sync_d, sync_l, rng)
    assert tom(run_cli, desktop)["follow_up"] == "2026-12-20"
    assert session(desktop).undo() is not None
    carry(sync_d, sync_l, rng)
    for home in (desktop, laptop):
        assert tom(run_cli, home)["follow_up"] == "2026-12-15", home.name


def test_undoing_a_removal_brings_the_person_back_with_a_change_made_elsewhere_before_it(
    run_cli: Any, two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The laptop gave Tom a next step; the desktop, before that arrived, removed Tom, then
    took the removal back once it had: Tom comes back with the laptop's next step, not
    with the one the desktop knew ("Follow": put back whole, it overwrote "Ask")."""
    import itertools

    from coach.application.session import Session
    from coach.data import merge_meta, paths

    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(7)
    ticks = itertools.count(merge_meta.wall_ms_now() + 1000, 1000)  # each change a second on
    monkeypatch.setattr(merge_meta, "wall_ms_now", lambda: next(ticks))
    Session(laptop, paths.bundled_content_dir()).change_person("p2", {"next_step": "Follow"})
    carry(sync_l, sync_d, rng)  # (both know "Follow")
    Session(laptop, paths.bundled_content_dir()).change_person("p2", {"next_step": "Ask"})
    Session(desktop, paths.bundled_content_dir()).remove_record(PEOPLE, "p2")
    carry(sync_l, sync_d, rng)
    assert "p2" not in {p["id"] for p in exported(run_cli, desktop)["answers"][PEOPLE]}
    assert Session(desktop, paths.bundled_content_dir()).undo() is not None
    carry(sync_d, sync_l, rng)
    for home in (desktop, laptop):
        assert tom(run_cli, home).get("next_step") == "Ask", home.name

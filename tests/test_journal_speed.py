"""A packed contact log (a large state's 20,000 contacts, held compressed) stays packed while
contacts are logged or folded in: finding that a contact's id is new must not unpack the log
each time (~80 ms for 20,000, several times per operation: a log took 320 ms)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.data import merge
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain.contact_log import ContactLog


def packed_state(home: Path, contacts: int = 2000) -> None:
    progress = Progress(language="en")
    progress.answers["strategy/people"] = [{"id": "p1", "name": "Jana", "circle": "field"}]
    progress.contacts = [
        {"id": f"c{i:05d}", "person": "p1", "date": "2026-10-01", "kind": "call", "note": "x" * 40}
        for i in range(contacts)
    ]
    Store(home).save(progress)


def contact(n: int) -> list[merge.Change]:
    record = {"id": f"new{n}", "person": "p1", "date": "2026-11-01", "kind": "call"}
    return [(["r", merge.CONTACTS, f"new{n}"], record)]


def test_logging_and_folding_in_contacts_leaves_the_log_packed(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packed_state(coach_home)
    book = Book(coach_home)
    progress = book.load()
    assert progress.contacts.is_packed
    unpacked = []
    real = ContactLog._unpacked
    monkeypatch.setattr(ContactLog, "_unpacked", lambda log: unpacked.append(1) or real(log))  # type: ignore[func-returns-value]
    book.commit("log", contact(0))
    first = len(unpacked)
    assert first <= 1  # the ids are learnt once
    for n in range(1, 30):
        book.commit("log", contact(n))
    at = merge.next_stamp(book.meta.last, "otherdevice")
    for n in range(30, 60):  # another device's contacts, folded in
        merge.apply(progress, book.meta, at, [[p, v] for p, v in contact(n)])
        at = merge.next_stamp(at, "otherdevice")
    assert len(unpacked) == first, "each new contact unpacked the whole log"
    assert progress.contacts.is_packed
    monkeypatch.undo()
    ids = [c["id"] for c in Book(coach_home).load().contacts.entries()]
    assert ids[-30:] == [f"new{n}" for n in range(30)]  # this device's, in order
    assert [c["id"] for c in progress.contacts.entries()][-60:] == [f"new{n}" for n in range(60)]


def test_a_contact_removed_and_brought_back_is_found_again(coach_home: Path) -> None:
    packed_state(coach_home)
    book = Book(coach_home)
    progress = book.load()
    book.commit("log", contact(1))
    book.commit("delete_contact", [(["r", merge.CONTACTS, "c00007"], None)])
    assert merge.find(progress, merge.CONTACTS, "c00007") is None
    assert book.undo() is not None
    found = merge.find(progress, merge.CONTACTS, "c00007")
    assert found is not None and found[1]["note"] == "x" * 40
    assert len(progress.contacts) == 2001


def test_find_is_right_after_a_list_changed_in_place() -> None:
    progress = Progress()
    progress.answers["x"] = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    assert merge.find(progress, "x", "b") == (1, {"id": "b"})
    items = progress.answers["x"]
    items[0], items[1] = items[1], items[0]  # moved up, in place
    items[2] = {"id": "d"}  # replaced in place by another record
    assert merge.find(progress, "x", "b") == (0, {"id": "b"})
    assert merge.find(progress, "x", "d") == (2, {"id": "d"})
    assert merge.find(progress, "x", "c") is None
    items.append({"id": "e"})
    assert merge.find(progress, "x", "e") == (3, {"id": "e"})


# The other device: its id sorts before any this device can have (ten hex digits), so a
# stamp of its tying with one of this device's (same millisecond, same counter) comes
# first. With "0therdev01", this device's ids from 00... to 0f... (one in sixteen runs)
# sorted first, and the contacts did not interleave as the test expects.
OTHER = "0000000000"


def two_devices_journals(home: Path, tmp_path: Path, count: int) -> Book:
    """``count`` contacts logged here, and as many by another device whose stamps fall in
    between (found in a sync folder): journals of more than a batch each, not yet in the
    snapshot."""
    from coach.data.journal import Op

    book = Book(home)
    book.load()
    sync = tmp_path / "Sync"
    sync.mkdir()
    book.set_sync(sync)
    stamps = [op.at for n in range(count) if (op := book.commit("log", contact(n)))]
    lines = []
    for n, mine in enumerate(stamps):
        at = merge.next_stamp(mine, OTHER, int(mine[:13]))  # just after this one's
        record = {"id": f"other{n}", "person": "p1", "date": "2026-11-02", "kind": "met"}
        sets = [[["r", merge.CONTACTS, f"other{n}"], record]]
        lines.append(Op(id=f"x{n}", at=at, dev=OTHER, do="log", set=sets).to_line())
    (sync / f"{OTHER}.jsonl").write_bytes(b"".join(lines))
    return book


def test_folding_journals_of_many_operations_leaves_the_log_packed_in_the_same_order(
    coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening with both journals (each folded as one batch) adds the contacts to the packed
    log, in the order the unpacked log gets; opening again after a compaction (this
    device's journal is read again, all of it already in the snapshot) unpacks nothing."""
    from coach.data import log_index, log_split

    packed_state(coach_home)
    count = merge.BATCH + 20
    book = two_devices_journals(coach_home, tmp_path, count)
    unpacked = []
    real = ContactLog._unpacked
    monkeypatch.setattr(ContactLog, "_unpacked", lambda log: unpacked.append(1) or real(log))  # type: ignore[func-returns-value]
    opened = Book(coach_home).load()
    assert unpacked == [] and opened.contacts.is_packed
    assert len(opened.contacts) == 2000 + 2 * count
    summary = opened.contacts.summary()
    monkeypatch.undo()
    kept = [c["id"] for c in opened.contacts.entries()]
    monkeypatch.setattr(log_split, "split", lambda raw: None)  # the full parse: a plain list
    monkeypatch.setattr(log_index, "read_around", lambda *_: None)  # (no save's note either)
    plain = Book(coach_home).load().contacts
    assert not plain.is_packed
    assert kept == [c["id"] for c in plain.entries()]
    assert kept[2000:2002] != ["new0", "new1"]  # the two devices' contacts interleave
    assert summary.count == plain.summary().count and summary.per_day == plain.summary().per_day
    monkeypatch.undo()
    book.compact(force=True)
    monkeypatch.setattr(ContactLog, "_unpacked", lambda log: unpacked.append(1) or real(log))  # type: ignore[func-returns-value]
    again = Book(coach_home).load()
    assert unpacked == [] and again.contacts.is_packed and len(again.contacts) == len(kept)


def test_a_fold_pauses_the_cyclic_collector_and_turns_it_back_on(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folding in many operations makes many objects and no cycles: the collector is off
    while it runs (it walked the whole loaded state again and again), as it was after."""
    import gc

    packed_state(coach_home, contacts=10)
    book = Book(coach_home)
    book.load()
    other = Book(coach_home)  # another process of the same folder: its own journal file
    other.load()
    other.commit("log", contact(1))
    during: list[bool] = []
    real = merge.apply_held

    def apply_held(*args: Any) -> tuple[bool, str]:
        during.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(merge, "apply_held", apply_held)
    assert gc.isenabled()
    assert book.fold()
    assert during == [False]
    assert gc.isenabled()
    gc.disable()  # as a command runs (coach.cli.main): left off
    try:
        other.commit("log", contact(2))
        assert book.fold()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_replacing_the_state_reads_a_packed_log_once_not_once_per_contact(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import (or a reset, or their undo) takes back every logged contact, and what each
    held was read from the packed log one by one, unpacking it each time: 2,000 contacts
    took 10 s, 8,000 took 205 s (an adversarial pass). Now the log is read once."""
    from coach.application.session import Session

    packed_state(coach_home, contacts=2000)
    session = Session.from_options(str(coach_home), None, "en")
    assert session.progress.contacts.is_packed
    unpacked: list[int] = []
    real = ContactLog._unpacked

    def counted(log: ContactLog) -> bytes:
        unpacked.append(1)
        return real(log)

    monkeypatch.setattr(ContactLog, "_unpacked", counted)
    session.replace(Progress(language="en"), "import", {"source": "small.json"})
    assert len(session.progress.contacts) == 0
    assert len(unpacked) <= 5, len(unpacked)
    assert session.undo() is not None
    assert len(session.progress.contacts) == 2000
    assert len(unpacked) <= 10, len(unpacked)

"""kill -9 during an append, during a compaction and during a merge (issue 21): the state
always loads, and holds each operation whole or not at all, never a part of one, and never
loses one that a compaction had folded into the snapshot.

Each test forks a child that does the work over and over and kills it at random moments
(as ``tests/test_faults.py`` does for a save); 20 to 30 rounds each, to keep the suite fast.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.data import book as book_module
from coach.data import journal, merge
from coach.data.book import Book
from coach.data.journal import Op
from coach.data.progress import Progress
from coach.data.store import Store

PAD = "ü😀 [x] " * 2000  # ~20 KB an operation: a kill can land while a line is written


def op_changes(n: int) -> list[merge.Change]:
    """Operation ``n``: three paths that must always tell the same ``n`` (whole or none)."""
    contact = {"id": f"c{n:05d}", "person": "p1", "date": "2026-11-01", "kind": "call"}
    return [
        (["a", "why/goal"], f"goal {n}"),
        (["a", "why/note"], f"note {n} {PAD}"),
        (["r", merge.CONTACTS, f"c{n:05d}"], contact),
    ]


def check_whole(progress: Progress) -> int:
    """The newest operation the state holds (-1: none); every operation up to it is there
    once, and the newest is there whole."""
    ids = [c["id"] for c in progress.contacts.entries()]
    if not ids:
        assert progress.answers.get("why/goal") is None
        return -1
    newest = len(ids) - 1
    assert ids == [f"c{n:05d}" for n in range(newest + 1)], "an operation lost or doubled"
    assert progress.answers["why/goal"] == f"goal {newest}"
    assert progress.answers["why/note"] == f"note {newest} {PAD}"
    return newest


def kill_at_random(
    work: Callable[[], None],
    rng: random.Random,
    longest: float,
    prepare: Callable[[], None],
    started: Callable[[], bool] = lambda: True,
) -> None:
    """Fork a child that runs ``work`` (forever, or once), kill -9 it after a random wait,
    counted from when ``started()`` holds (the child has written something: on a loaded
    machine a child may take longer than any fixed wait to get going)."""
    prepare()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            work()
        finally:
            os._exit(0)
    deadline = time.monotonic() + 30
    while not started() and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(rng.uniform(0.0, longest))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def journal_grew(home: Path) -> Callable[[], bool]:
    """A condition: this data folder's journal holds a line more than it does now."""

    def lines() -> int:
        found = next((home / journal.JOURNAL_DIR).glob("*.jsonl"), None)
        return found.read_bytes().count(b"\n") if found is not None else 0

    before = lines()
    return lambda: lines() > before


def start(home: Path) -> None:
    progress = Progress(language="en")
    progress.answers["strategy/people"] = [{"id": "p1", "name": "Jana", "circle": "field"}]
    Store(home).save(progress)


def test_kill_9_during_appends(tmp_path: Path) -> None:
    home = tmp_path / "home"
    start(home)
    rng = random.Random(21)

    def append_forever() -> None:
        book = Book(home)
        book.load()
        n = check_whole(book.load()) + 1
        while True:
            book.commit("bench", op_changes(n))
            n += 1

    torn, newest = 0, -1
    for _ in range(30):
        kill_at_random(append_forever, rng, 0.003, lambda: None, journal_grew(home))
        path = next((home / journal.JOURNAL_DIR).glob("*.jsonl"), None)
        if path is not None:
            torn += not path.read_bytes().endswith(b"\n")
        now = check_whole(Book(home).load())  # always loads, each operation whole or none
        assert now >= newest, "an operation on disk went missing"
        newest = now
    assert newest > 5, "the child hardly ever appended: the test proved nothing"
    # A kill (or a power cut) can leave the last line cut anywhere: the state loads without
    # it, and the next change, appended after the cut, is read back whole.
    path = next((home / journal.JOURNAL_DIR).glob("*.jsonl"))
    whole = path.read_bytes()
    # (The last kill may itself have cut a line: the newest whole operation is the one
    # before it, and the cuts go into that one's line, as the assertion below expects.)
    whole = whole[: whole.rindex(b"\n") + 1]
    last = whole.rindex(b"\n", 0, len(whole) - 1) + 1
    for cut in sorted(rng.sample(range(last + 1, len(whole)), 8)):
        path.write_bytes(whole[:cut])
        book = Book(home)
        n = check_whole(book.load()) + 1
        assert n == newest, "the cut operation is not there, the ones before it are"
        book.commit("after", op_changes(n))
        assert check_whole(Book(home).load()) == n


def test_kill_9_during_compactions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child appends and compacts by turns (each compaction rewrites the snapshot and,
    past its size, trims this device's journal to its newest operations): whatever moment
    the kill hits, every operation made is in the snapshot or in the journal."""
    # Trimmed at every compaction here, to its three newest operations (the child inherits it).
    monkeypatch.setattr(book_module, "COMPACT_AFTER", 1024)
    monkeypatch.setattr(book_module, "KEEP_FOR_UNDO", 3)
    home = tmp_path / "home"
    start(home)
    rng = random.Random(22)

    def compact_forever() -> None:
        book = Book(home)
        n = check_whole(book.load()) + 1
        while True:
            for _ in range(4):
                book.commit("bench", op_changes(n))
                n += 1
            book.compact(force=True)

    newest = -1
    for _ in range(25):
        kill_at_random(compact_forever, rng, 0.15, lambda: None, journal_grew(home))
        now = check_whole(Book(home).load())
        assert now >= newest, "an operation folded into the snapshot went missing"
        newest = now
    journal_file = next((home / journal.JOURNAL_DIR).glob("*.jsonl"))
    assert journal_file.read_bytes().count(b"\n") < newest, "the journal was never trimmed"
    assert newest > 20, "too few operations made: the test proved nothing"
    assert not list(home.glob("progress.json.broken-*"))


def test_a_full_disk_while_trimming_the_journal_loses_nothing_and_says_no_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An adversarial pass: the snapshot written, the journal's trim failing (disk full)
    made `coach log` say "Something unexpected went wrong" after the contact was logged,
    and a script that tried again logged it twice. The trim waits for the next time."""
    import errno

    monkeypatch.setattr(book_module, "COMPACT_AFTER", 64)
    monkeypatch.setattr(book_module, "KEEP_FOR_UNDO", 1)
    home = tmp_path / "home"
    start(home)
    book = Book(home)
    check_whole(book.load())
    for n in range(3):
        book.commit("bench", op_changes(n))
    journal_file = next((home / journal.JOURNAL_DIR).glob("*.jsonl"))
    before = journal_file.read_bytes()

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(book_module, "atomic_write", full)
    assert book.compact()
    assert journal_file.read_bytes() == before, "untrimmed, whole"
    assert check_whole(Book(home).load()) == 2


OTHER = "0therdev01"
OTHER_OPS = 600


def other_device_file(sync: Path) -> None:
    lines, at = [], ""
    for n in range(OTHER_OPS):
        at = merge.next_stamp(at, OTHER, 1_790_000_000_000 + n)
        contact = {"id": f"o{n:05d}", "person": "p1", "date": "2026-11-02", "kind": "met"}
        sets = [[["r", merge.CONTACTS, f"o{n:05d}"], contact], [["a", "why/other"], f"o {n}"]]
        lines.append(Op(id=f"x{n}", at=at, dev=OTHER, do="log", set=sets).to_line())  # type: ignore[arg-type]
    (sync / f"{OTHER}.jsonl").write_bytes(b"".join(lines))


def test_kill_9_during_a_merge(tmp_path: Path) -> None:
    """The child folds another device's big journal in and writes the snapshot with it
    (what quitting or a compaction does): killed anywhere in it, the next load holds every
    one of that device's operations exactly once, and this device's own too."""
    base, sync = tmp_path / "base", tmp_path / "sync"
    start(base)
    sync.mkdir()
    book = Book(base)
    book.load()
    book.set_sync(sync)
    for n in range(15):  # this device's own operations, a large snapshot to write
        book.commit("bench", op_changes(n))
    other_device_file(sync)
    home = tmp_path / "home"
    rng = random.Random(23)
    snapshots = 0

    def fresh() -> None:  # a copy is another device, with the same sync folder
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(base, home)

    def merge_once() -> None:
        child = Book(home)
        child.load()  # folds the other device's file in
        child.compact(force=True)  # and writes the snapshot with it

    fresh()
    took = time.monotonic()
    merge_once()  # once whole: the kills land in a run as long as this one, or after it
    took = time.monotonic() - took
    for round_ in range(20):
        before = (base / "progress.json").read_bytes()

        def written(before: bytes = before) -> bool:  # the child's snapshot is in place
            return (home / "progress.json").read_bytes() != before

        # Every fourth kill comes after the child wrote its snapshot (a kill while it
        # trims or tidies up); the others anywhere in a run as long as the one above.
        after = written if round_ % 4 == 3 else (lambda: True)
        kill_at_random(merge_once, rng, took * 2, fresh, after)
        snapshots += (home / "progress.json").read_bytes() != before
        progress = Book(home).load()
        mine = Progress(answers=progress.answers)
        mine.contacts = [c for c in progress.contacts if c["id"].startswith("c")]
        assert check_whole(mine) == 14
        others = [c["id"] for c in progress.contacts if c["id"].startswith("o")]
        assert others == [f"o{n:05d}" for n in range(OTHER_OPS)], "lost or doubled"
        assert progress.answers["why/other"] == f"o {OTHER_OPS - 1}"
        again = Book(home).load()  # loading again (the snapshot's offsets) changes nothing
        assert again.contacts.entries() == progress.contacts.entries()
    assert snapshots > 0, "no kill came after a snapshot was written: the test proved little"


def test_a_full_disk_mid_line_leaves_no_half_line_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk filled up in the middle of a line: the change was refused (said so), and
    its half line stayed; every command after it said '1 line(s) are not changes the coach
    can read' for ever. The half of a refused line is taken back off the file."""
    import errno

    home = tmp_path / "home"
    start(home)
    book = Book(home)
    check_whole(book.load())
    book.commit("bench", op_changes(0))
    path = next((home / journal.JOURNAL_DIR).glob("*.jsonl"))
    before = path.read_bytes()
    real_write = os.write
    calls = [0]

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        calls[0] += 1  # as a disk fills: the first write takes part, the next is refused
        if calls[0] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        journal.append(path, b'{"a line": "that will not fit"}\n')
    monkeypatch.undo()
    assert path.read_bytes() == before, "nothing of the refused line is left"
    again = Book(home)
    assert check_whole(again.load()) == 0
    assert again.take_notices() == [], "no line the coach cannot read"

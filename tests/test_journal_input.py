"""Bad input in journals and sync folders (issue 21's "Bad input"): a line that is not
JSON, an operation for a record that does not exist, an operation from a newer coach, a
200 MB journal, a device file that is a link, a FIFO or unreadable, a device whose clock runs
a year ahead, a sync folder in the wrong place or on a read-only disk. Each gets a clear
line (said once), nothing else is lost, nothing hangs."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from coach import dates
from coach.application.session import Session
from coach.data import book as book_module
from coach.data import journal, merge
from coach.data.journal import Op
from coach.data.progress import Progress
from coach.data.store import Store

TODAY = dt.date(2026, 11, 27)
PEOPLE = "strategy/people"
OTHER = "0therdev01"
YEAR_MS = 365 * 86_400_000


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


@pytest.fixture
def synced(tmp_path: Path, coach_home: Path, run_cli: Any) -> Path:
    """A data folder with two people and one logged contact, syncing through a folder."""
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [
        {"id": "p1", "name": "Jana Krüger", "circle": "colleagues"},
        {"id": "p2", "name": "Tom Weber", "circle": "field"},
    ]
    Store(coach_home).save(progress)
    sync = tmp_path / "Sync"
    assert run_cli("sync", "--folder", sync).code == 0
    assert run_cli("log", "jana", "--note", "kept").code == 0
    return sync


def other_op(n: int, sets: list[list[Any]], *, ahead_ms: int = 0, v: int = 1) -> bytes:
    at = merge.next_stamp("", OTHER, int(time.time() * 1000) + ahead_ms + n)
    return Op(id=f"x{n}", at=at, dev=OTHER, do="log", set=sets, v=v).to_line()


def contact_op(n: int, note: str, **kw: Any) -> bytes:
    cid = f"o{n}"
    record = {"id": cid, "person": "p2", "date": "2026-11-20", "kind": "met", "note": note}
    return other_op(n, [[["r", merge.CONTACTS, cid], record]], **kw)


def notes(run_cli: Any) -> list[str]:
    result = run_cli("export")
    assert result.code == 0, result.err
    return sorted(c.get("note", "") for c in json.loads(result.out)["contacts"])


def said(session: Session) -> list[str]:
    """What the session says about the journals now (loading them first, then looking again)."""
    _ = session.progress
    session.refresh()
    return session.notices()


def test_a_line_that_is_not_json_is_said_once_and_the_rest_kept(
    synced: Path, run_cli: Any, coach_home: Path
) -> None:
    good = contact_op(1, "from the other device")
    (synced / f"{OTHER}.jsonl").write_bytes(b"{not json\n" + b"\x00\xff garbage\n" + good)
    assert notes(run_cli) == ["from the other device", "kept"]
    session = Session.from_options(str(coach_home), None, "en")
    first = said(session)
    assert len(first) == 1 and "2 line(s)" in first[0] and OTHER in first[0]
    assert said(session) == []  # said once
    status = run_cli("sync", "--status")
    assert status.code == 0 and "skipped" in status.out


def test_an_operation_for_a_record_that_does_not_exist_loses_nothing(
    synced: Path, run_cli: Any
) -> None:
    lines = [
        other_op(1, [[["f", PEOPLE, "nobody", "follow_up"], "2026-12-01"]]),
        other_op(2, [[["f", merge.CONTACTS, "no-such-contact", "note"], "edited"]]),
        other_op(3, [[["r", merge.CONTACTS, "gone"], None]]),  # a removal of nothing
        contact_op(4, "after them"),
    ]
    (synced / f"{OTHER}.jsonl").write_bytes(b"".join(lines))
    for command in ("today", "status", "history", "export"):
        result = run_cli(command)
        assert result.code == 0 and "Traceback" not in result.err, (command, result.err)
    assert "after them" in notes(run_cli) and "kept" in notes(run_cli)
    people = json.loads(run_cli("export").out)["answers"][PEOPLE]
    assert [p["name"] for p in people if "name" in p] == ["Jana Krüger", "Tom Weber"]


def test_an_edit_of_a_record_not_made_yet_shows_nothing_until_its_making_arrives(
    synced: Path, run_cli: Any
) -> None:
    """No ghost: a person's edit and a contact's edit, their making not carried here yet,
    show no record; once a third device's file with the makings arrives (made before the
    edits), both records show, edited."""
    lines = [
        other_op(5, [[["f", PEOPLE, "p9", "follow_up"], "2026-12-01"]]),
        other_op(6, [[["f", merge.CONTACTS, "o9", "note"], "edited"]]),
    ]
    (synced / f"{OTHER}.jsonl").write_bytes(b"".join(lines))
    exported = json.loads(run_cli("export").out)
    assert [p["id"] for p in exported["answers"][PEOPLE]] == ["p1", "p2"]
    assert sorted(notes(run_cli)) == ["kept"]
    assert run_cli("today").code == 0 and run_cli("history").code == 0
    person = {"name": "Mia Roth", "circle": "field"}
    record = {"person": "p9", "date": "2026-11-20", "kind": "met", "note": "first"}
    at = merge.next_stamp("", "thirddev01", int(time.time() * 1000) - 60_000)  # earlier
    making = Op(
        id="y1",
        at=at,
        dev="thirddev01",
        do="x",
        set=[[["r", PEOPLE, "p9"], person], [["r", merge.CONTACTS, "o9"], record]],
    )
    (synced / "thirddev01.jsonl").write_bytes(making.to_line())
    exported = json.loads(run_cli("export").out)
    (mia,) = [p for p in exported["answers"][PEOPLE] if p["id"] == "p9"]
    assert mia["name"] == "Mia Roth" and mia["follow_up"] == "2026-12-01"
    assert notes(run_cli) == ["edited", "kept"]


def test_an_operation_from_a_newer_coach_is_kept_not_applied_and_said_once(
    synced: Path, run_cli: Any, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = other_op(1, [[["p", "language"], "de"]], v=2)
    (synced / f"{OTHER}.jsonl").write_bytes(newer + contact_op(2, "older kind"))
    session = Session.from_options(str(coach_home), None, "en")
    assert session.progress.language == "en"  # not applied
    assert [line for line in said(session) if "newer coach" in line] != []
    assert said(session) == []
    assert "older kind" in notes(run_cli)
    # In this device's own journal too (a newer coach ran on this folder once): a compaction
    # that trims the journal keeps it, for the day this coach is updated.
    own = journal.journal_path(coach_home, session.device_id)
    newer_own = Op(
        id="n1", at=merge.next_stamp("", session.device_id), dev=session.device_id,
        do="teleport", set=[[["p", "language"], "de"]], v=2,
    ).to_line()  # fmt: skip
    journal.append(own, newer_own)
    monkeypatch.setattr(book_module, "COMPACT_AFTER", 1)
    monkeypatch.setattr(book_module, "KEEP_FOR_UNDO", 1)
    assert run_cli("log", "tom", "--note", "one more").code == 0
    fresh = Session.from_options(str(coach_home), None, "en")
    assert fresh.progress.language == "en"
    fresh.compact(force=True)
    assert own.read_bytes().count(b"\n") < 4, "the journal was not trimmed"
    assert newer_own in own.read_bytes(), "a newer coach's operation was dropped"
    assert fresh.progress.language == "en"
    assert "one more" in notes(run_cli)


def test_a_200_mb_journal_is_refused_with_one_line_never_read(
    synced: Path, run_cli: Any, coach_home: Path
) -> None:
    huge = synced / f"{OTHER}.jsonl"
    huge.write_bytes(contact_op(1, "in the huge file"))
    subprocess.run(["truncate", "-s", "200M", str(huge)], check=True)  # sparse: no 200 MB
    start = time.monotonic()
    assert run_cli("today").code == 0
    session = Session.from_options(str(coach_home), None, "en")
    lines = said(session)
    assert time.monotonic() - start < 10, "a huge journal must not be read"
    assert len(lines) == 1 and str(huge) in lines[0] and "could not be read" in lines[0]
    assert notes(run_cli) == ["kept"]  # this device's own changes are all there
    assert run_cli("log", "tom", "--note", "still saves").code == 0
    assert notes(run_cli) == ["kept", "still saves"]


@pytest.mark.parametrize("kind", ["symlink", "fifo", "unreadable"])
def test_a_device_file_that_is_no_plain_readable_file_is_said_and_skipped(
    synced: Path,
    run_cli: Any,
    coach_home: Path,
    tmp_path: Path,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (synced / "1good00001.jsonl").write_bytes(contact_op(1, "from a good device"))
    odd = synced / f"{OTHER}.jsonl"
    if kind == "symlink":
        target = tmp_path / "elsewhere.jsonl"
        target.write_bytes(contact_op(2, "through a link"))
        odd.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(odd)  # opening it to read would wait forever for a writer
    else:
        odd.write_bytes(contact_op(2, "unreadable"))
        odd.chmod(0)
        real_open = os.open

        def no_access(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if str(path) == str(odd):  # root reads a 000 file all the same: say it is denied
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", no_access)
    start = time.monotonic()
    assert run_cli("today").code == 0
    assert notes(run_cli) == ["from a good device", "kept"]
    session = Session.from_options(str(coach_home), None, "en")
    lines = said(session)
    assert time.monotonic() - start < 10
    assert len(lines) == 1 and str(odd) in lines[0] and "could not be read" in lines[0]
    assert said(session) == []
    status = run_cli("sync", "--status")
    assert status.code == 0 and "could not be read" in status.out
    assert odd.is_symlink() or odd.exists()  # left alone: it is not ours


def test_a_device_a_year_ahead_still_orders_and_the_later_edit_wins(
    synced: Path, run_cli: Any, coach_home: Path
) -> None:
    ahead = other_op(1, [[["f", PEOPLE, "p1", "follow_up"], "2026-12-24"]], ahead_ms=YEAR_MS)
    (synced / f"{OTHER}.jsonl").write_bytes(
        ahead + contact_op(2, "from the future", ahead_ms=YEAR_MS)
    )
    start = time.monotonic()
    assert run_cli("log", "jana", "--note", "mine, later", "--next", "2026-12-05").code == 0
    data = json.loads(run_cli("export").out)
    jana = next(p for p in data["answers"][PEOPLE] if p["id"] == "p1")
    assert jana["follow_up"] == "2026-12-05"  # made after it was seen: it wins
    assert sorted(c["note"] for c in data["contacts"]) == ["from the future", "kept", "mine, later"]
    assert run_cli("undo", "--yes").code == 0  # undo still takes back the newest change
    assert "mine, later" not in notes(run_cli)
    assert time.monotonic() - start < 20


def test_a_sync_folder_on_a_read_only_disk_is_refused_with_one_line(
    tmp_path: Path, coach_home: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(coach_home).save(Progress(language="en"))
    folder = tmp_path / "read-only"
    folder.mkdir()
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(folder)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(os, "open", read_only)
        result = run_cli("sync", "--folder", folder)
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert "Read-only file system" in result.err and str(folder) in result.err
    assert run_cli("sync", "--status").out.startswith("Sync is off")


def test_a_sync_folder_that_turns_read_only_keeps_the_change_here(
    synced: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_append = journal.append

    def read_only(path: Path, lines: bytes, *, in_place: bool = False) -> None:
        if path.parent == synced:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        real_append(path, lines, in_place=in_place)

    with monkeypatch.context() as patched:
        patched.setattr(journal, "append", read_only)
        result = run_cli("log", "tom", "--note", "while read-only")
    assert result.code == 0, result.err  # saved here: a second try would log it twice
    assert result.err.count("\n") == 1 and str(synced) in result.err
    assert "Read-only file system" in result.err and "saved on this device" in result.err
    assert "while read-only" in notes(run_cli)
    assert run_cli("log", "tom", "--note", "writable again").code == 0
    assert b"writable again" in b"".join(p.read_bytes() for p in synced.glob("*.jsonl"))


@pytest.mark.parametrize("where", ["inside", "other-coach", "other-journal", "holds-data"])
def test_a_sync_folder_in_the_wrong_place_is_refused(
    tmp_path: Path, coach_home: Path, run_cli: Any, where: str
) -> None:
    Store(coach_home).save(Progress(language="en"))
    (coach_home / journal.JOURNAL_DIR).mkdir()
    other = tmp_path / "other-coach"
    Store(other).save(Progress())
    (other / journal.JOURNAL_DIR).mkdir()
    folder = {
        "inside": coach_home / "journal",
        "other-coach": other,
        "other-journal": other / journal.JOURNAL_DIR,  # another coach's own journals
        "holds-data": tmp_path,
    }[where]
    before = sorted(p.name for p in folder.iterdir())
    result = run_cli("sync", "--folder", folder)
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written there
    assert run_cli("sync", "--status").out.startswith("Sync is off")


@pytest.mark.parametrize(
    "at",
    [
        "253402300800000.000000.0therdev01",  # after the year 9999: no date function takes it
        "99999999999999999999.000000.0therdev01",
        "z",  # sorts after every real stamp, for good
        "9999999999999.999999.0therdev01",  # 2286, its counter used up
        "4102444800000.000000.0therdev01",  # 2100: no clock is that far ahead
    ],
)
def test_a_stamp_no_coach_makes_is_a_line_skipped_and_changes_go_on(
    synced: Path, run_cli: Any, coach_home: Path, at: str
) -> None:
    """Such a stamp crashed every command (a year out of range), or, sorting after every
    real stamp, made this device's later changes lose to it for good."""
    odd = {"v": 1, "id": "odd", "at": at, "dev": OTHER, "do": "log", "set": []}
    owned = [[["f", PEOPLE, "p2", "status"], "idea", at]]  # a stamp of its own, as a base has
    bad = json.dumps(odd).encode() + b"\n" + other_op(1, owned)
    (synced / f"{OTHER}.jsonl").write_bytes(bad + contact_op(2, "still here"))
    for command in ("status", "today", "history", "sheet"):
        assert run_cli(command).code == 0, command
    session = Session.from_options(str(coach_home), None, "en")
    assert any("1 line(s)" in line for line in said(session))
    assert run_cli("log", "tom").code == 0  # moves Tom on to "interacted"
    assert run_cli("undo", "--yes").code == 0 and run_cli("log", "tom", "--note", "x").code == 0
    people = json.loads(run_cli("export").out)["answers"][PEOPLE]
    assert next(p for p in people if p["id"] == "p2")["status"] == "interacted"
    assert "still here" in notes(run_cli)


def test_undo_of_a_line_from_another_tool_in_this_devices_name_says_what_it_can(
    synced: Path, run_cli: Any, coach_home: Path
) -> None:
    """A conflict copy of this device's own journal, edited by another tool: a "before" on a
    path no coach writes and a count that is no number. Undo crashed on both, and stayed
    stuck on them; now it takes back what it can and says it in words."""
    own = Session.from_options(str(coach_home), None, "en").device_id
    at = merge.next_stamp("", own, int(time.time() * 1000) + 60_000)
    odd = Op(
        id="odd1", at=at, dev=own, do="add", say={"count": "many"},
        set=[[["f", PEOPLE, "p2", "status"], "idea"]],
        was=[[["r", PEOPLE], None], [["f", PEOPLE, "p2", "status"], None]],
    )  # fmt: skip
    (synced / f"{own}.sync-conflict-20261206-120000-ABCDEFG.jsonl").write_bytes(odd.to_line())
    first = run_cli("undo", "--yes")
    assert first.code == 0, first.err
    people = json.loads(run_cli("export").out)["answers"][PEOPLE]
    assert "status" not in next(p for p in people if p["id"] == "p2")
    second = run_cli("undo", "--yes")  # the one before it: the contact logged as "kept"
    assert second.code == 0, second.err
    assert "kept" not in notes(run_cli)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_line_with_nan_or_infinity_is_no_change_and_the_export_imports_back(
    synced: Path, run_cli: Any, tmp_path: Path, constant: str
) -> None:
    """Python's json reads NaN and Infinity, which are no JSON: such a line (another
    tool's) went into the export, whose import then refused it (an adversarial pass)."""
    line = contact_op(1, "odd").replace(
        b'"note":"odd"', b'"note":"odd","felt":' + constant.encode()
    )
    assert constant.encode() in line
    (synced / f"{OTHER}.jsonl").write_bytes(line + contact_op(2, "fine"))
    assert notes(run_cli) == ["fine", "kept"]
    export = run_cli("export")
    assert constant not in export.out
    back = tmp_path / "export.json"
    back.write_text(export.out, encoding="utf-8")
    assert run_cli("--data-dir", tmp_path / "other", "import", back).code == 0


def test_a_sync_folder_that_is_gone_is_said_and_not_made_again_on_the_local_disk(
    synced: Path, run_cli: Any
) -> None:
    """A sync folder on a disk that was unplugged or unmounted: the change is saved here
    and that is said; the folder (and its parents) are not made again on the local disk,
    where the sync tool never looks (an adversarial pass found them made, nothing said)."""
    import shutil

    shutil.rmtree(synced)
    result = run_cli("log", "tom", "--note", "while it was gone")
    assert result.code == 0, result.err
    assert "could not be written" in result.out + result.err
    assert not synced.exists()
    assert "while it was gone" in notes(run_cli)


def test_a_command_that_fails_still_says_what_the_journals_met(synced: Path, run_cli: Any) -> None:
    """A bad line in another device's file, and a command that fails for its own reason:
    both are said (the journal's notice was dropped, leaving only "nobody is called ...")."""
    (synced / f"{OTHER}.jsonl").write_bytes(b"{not json\n")
    result = run_cli("log", "nobody-of-that-name")
    assert result.code == 1
    assert "not changes the coach can read" in result.err and "nobody-of-that-name" in result.err


def test_an_operation_read_from_a_journal_is_kept_as_its_own_line(tmp_path: Path) -> None:
    """This device's operations, kept for undo as their lines, were serialised again from
    the objects just read from those lines (on every open): the line read is kept."""
    from coach.data.journal import read_tail

    line = (
        '{"v":1, "id":"a1", "at":"1796543529271.000000.0beefcafe0", "dev":"0beefcafe0",'
        ' "do":"log", "set":[[["p","language"],"de"]]}'
    )
    journal = tmp_path / "0beefcafe0.jsonl"
    journal.write_bytes(line.encode() + b"\n")
    (op,) = read_tail(journal).ops
    op.shrink()
    assert op.to_line() == line.encode() + b"\n", "the line as read, not made again"
    assert op.set == [[["p", "language"], "de"]], "and read back from it when asked"
    journal.write_bytes(line.encode() + b"\r\n" + line.replace("a1", "a2").encode() + b"\r")
    ops = read_tail(journal).ops  # (a hand-edited file: other line ends)
    for read in ops:
        read.shrink()
    assert b"".join(o.to_line() for o in ops).count(b"\n") == len(ops) == 1, "whole lines"

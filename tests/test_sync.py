"""Two devices through a folder the user already syncs: two data folders, each with its own
sync folder, and the files carried between them by a small script (in random order, torn,
twice, as conflict copies), as Syncthing or Dropbox would."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import PEOPLE, TODAY, Two, carry, exported

from coach import dates
from coach.data.progress import Progress
from coach.data.store import Store


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_both_devices_end_with_every_contact_once_and_the_later_follow_up(
    run_cli: Any, two: Two, seed: int
) -> None:
    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(seed)
    assert exported(run_cli, desktop)["answers"][PEOPLE][0]["name"] == "Jana Krüger"
    run_cli("--data-dir", laptop, "log", "jana", "--note", "laptop jana", "--next", "2026-12-10")
    run_cli("--data-dir", laptop, "log", "tom", "--note", "laptop tom", "--next", "2026-12-12")
    run_cli("--data-dir", desktop, "log", "jana", "--note", "desktop jana", "--next", "2026-12-20")
    run_cli("--data-dir", desktop, "log", "tom", "--note", "desktop tom")
    carry(sync_l, sync_d, rng, torn=True)  # one file half carried first
    assert run_cli("--data-dir", desktop, "today").code == 0  # a torn file never breaks it
    carry(sync_d, sync_l, rng)
    carry(sync_l, sync_d, rng)
    a, b = exported(run_cli, laptop), exported(run_cli, desktop)
    for side in (a, b):
        notes = sorted(c.get("note") for c in side["contacts"])
        assert notes == ["desktop jana", "desktop tom", "laptop jana", "laptop tom"]
        jana = next(p for p in side["answers"][PEOPLE] if p["id"] == "p1")
        assert jana["follow_up"] == "2026-12-20"  # set later, on the second device
    assert a == b
    # ... and byte for byte: a field added on each side lands in the same place on both.
    assert (
        run_cli("--data-dir", laptop, "export").out == run_cli("--data-dir", desktop, "export").out
    )
    carry(sync_l, sync_d, rng)  # carrying again changes nothing
    carry(sync_d, sync_l, rng)
    assert exported(run_cli, laptop) == a and exported(run_cli, desktop) == b


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def test_opening_writes_nothing_in_the_sync_folder(run_cli: Any, two: Two) -> None:
    laptop, _, sync_l, _ = two
    before = {p.name: p.read_bytes() for p in sync_l.iterdir()}
    for command in ("today", "status", "export", "history"):
        assert run_cli("--data-dir", laptop, command).code == 0
    assert {p.name: p.read_bytes() for p in sync_l.iterdir()} == before


def test_a_conflict_copy_is_folded_in(run_cli: Any, two: Two) -> None:
    laptop, desktop, sync_l, sync_d = two
    run_cli("--data-dir", desktop, "log", "tom", "--note", "from the conflict copy")
    (desktop_file,) = [
        p for p in sync_d.glob("*.jsonl") if p.name not in {q.name for q in sync_l.iterdir()}
    ]
    copy = sync_l / f"{desktop_file.stem}.sync-conflict-20261206-120000-ABCDEF.jsonl"
    shutil.copy(desktop_file, copy)
    notes = [c.get("note") for c in exported(run_cli, laptop)["contacts"]]
    assert notes.count("from the conflict copy") == 1


def test_a_bad_line_and_a_newer_operation_are_said_and_skipped(run_cli: Any, two: Two) -> None:
    laptop, _, sync_l, _ = two
    odd = sync_l / "0123456789.jsonl"
    newer = {"v": 99, "id": "x", "at": "1", "dev": "0123456789", "do": "teleport", "set": []}
    odd.write_text("not json\n" + json.dumps(newer) + "\n")
    result = run_cli("--data-dir", laptop, "sync", "--status")
    assert result.code == 0
    assert "newer coach" in result.out and "skipped" in result.out
    assert odd.read_text().count("\n") == 2  # kept as it was
    assert run_cli("--data-dir", laptop, "today").code == 0


def test_a_bad_line_is_said_until_the_next_change_then_no_more(run_cli: Any, two: Two) -> None:
    """A line another device's file holds that is no change (a sync tool's stray bytes) is
    said by every command that only looks (they write nothing), then once more by the
    next change, whose snapshot reads past it: not at every login for months."""
    laptop, _, sync_l, _ = two
    (sync_l / "0123456789.jsonl").write_text("not json\n")
    looked = run_cli("--data-dir", laptop, "today")
    assert looked.code == 0 and "skipped" in looked.err
    assert "skipped" in run_cli("--data-dir", laptop, "today").err  # only looked: said again
    logged = run_cli("--data-dir", laptop, "log", "jana", "--note", "a call")
    assert logged.code == 0 and "skipped" in logged.err
    after = run_cli("--data-dir", laptop, "today")
    assert after.code == 0 and "skipped" not in after.err
    assert [c.get("note") for c in exported(run_cli, laptop)["contacts"]] == ["a call"]


def test_a_change_dated_near_2100_is_set_aside_and_later_changes_here_stay(
    run_cli: Any, two: Two
) -> None:
    """An adversarial pass put one line stamped at the last moment before 2100 in the sync
    folder: taken in, it carried this device's next stamps past 2100, which every load
    then refused, so the next changes vanished while "Logged" had been said."""
    laptop, _, sync_l, _ = two
    far = {
        "v": 1, "id": "far1", "at": "4102444799999.999999.ffffffffff", "dev": "ffffffffff",
        "do": "answer", "set": [[["a", "why/goal"], "from the far future"]],
    }  # fmt: skip
    (sync_l / "ffffffffff.jsonl").write_text(json.dumps(far) + "\n")
    first = run_cli("--data-dir", laptop, "log", "tom", "--note", "after the edge")
    assert first.code == 0, first.err
    assert "more than a year ahead" in first.out + first.err
    assert run_cli("--data-dir", laptop, "log", "jana", "--note", "and one more").code == 0
    again = exported(run_cli, laptop)
    assert sorted(c.get("note") for c in again["contacts"]) == ["after the edge", "and one more"]
    assert again["answers"].get("why/goal") != "from the far future"
    undone = run_cli("--data-dir", laptop, "undo", "--yes")
    assert undone.code == 0 and "Jana" in undone.out
    assert [c.get("note") for c in exported(run_cli, laptop)["contacts"]] == ["after the edge"]


def test_an_older_copy_put_back_in_place_is_read_again_from_its_start(
    run_cli: Any, two: Two
) -> None:
    """A sync tool (or cp, rsync --inplace) put an older copy of the desktop's file back
    into the same file, and the desktop then wrote its next line and the lost ones again:
    the file is as long as before, so the laptop read on from where it had stopped and
    never saw that next line. The bytes before that place are checked now."""
    from coach.data.book import Book

    laptop, desktop, sync_l, sync_d = two
    for note in ("L1", "L2", "L3"):
        assert run_cli("--data-dir", desktop, "log", "tom", "--note", note).code == 0
    carry(sync_d, sync_l, random.Random(8))
    ui = Book(laptop)  # the coach open on the laptop: L1-L3 read
    ui.load()
    assert ui.progress is not None
    assert run_cli("--data-dir", desktop, "log", "tom", "--note", "L4").code == 0
    (name,) = [p.name for p in sync_d.glob("*.jsonl") if p.name != f"{ui.device.id}.jsonl"]
    lines = (sync_d / name).read_bytes().splitlines(keepends=True)
    theirs = [line for line in lines if b'"log"' in line]
    assert len(theirs) == 4
    with (sync_l / name).open("r+b") as file:  # in place: the same file, as long or longer
        file.write(b"".join([theirs[0], theirs[3], theirs[1], theirs[2]]))
    ui.refresh()
    notes = sorted(str(c.get("note")) for c in ui.progress.contacts)
    assert notes == ["L1", "L2", "L3", "L4"]


def test_a_clock_past_2100_saves_nothing_and_says_why(
    run_cli: Any, two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    laptop = two[0]
    before = exported(run_cli, laptop)
    monkeypatch.setattr(time, "time", lambda: 4_200_000_000.0)  # the year 2103
    result = run_cli("--data-dir", laptop, "log", "tom", "--note", "lost?")
    assert result.code == 1
    assert "clock says 2103" in result.err and len(result.err.strip().splitlines()) == 1
    monkeypatch.undo()
    assert exported(run_cli, laptop) == before


def test_sync_turned_on_in_a_shell_reaches_the_coach_open_meanwhile(
    run_cli: Any, two: Two, tmp_path: Path
) -> None:
    """The open coach reads device.json again when it changes: the other device's changes
    in the folder the shell just named show, and its own go there from then on."""
    from coach.data.book import Book

    _laptop, desktop, _sync_l, sync_d = two
    assert run_cli("--data-dir", desktop, "log", "tom", "--note", "from the desktop").code == 0
    third = tmp_path / "third"
    assert run_cli("--data-dir", third, "log", "--help").code == 0
    ui = Book(third)  # the coach open, no sync yet
    ui.load()
    assert not ui.refresh()
    assert run_cli("--data-dir", third, "sync", "--folder", sync_d).code == 0
    assert ui.refresh(), "the desktop's changes are folded in"
    assert ui.progress is not None
    assert [c.get("note") for c in ui.progress.contacts] == ["from the desktop"]
    ui.commit("answer", [(["a", "why/goal"], "written in the open coach")])
    mine = sync_d / f"{ui.device.id}.jsonl"
    assert b"written in the open coach" in mine.read_bytes()
    assert run_cli("--data-dir", third, "sync", "--off").code == 0
    ui.refresh()
    assert ui.device.sync is None


@pytest.mark.parametrize("where", ["inside", "coach", "file", "typo"])
def test_a_sync_folder_that_cannot_be_one_is_refused(
    run_cli: Any, tmp_path: Path, coach_home: Path, where: str
) -> None:
    Store(coach_home).save(Progress())
    other = tmp_path / "other-coach"
    Store(other).save(Progress())
    (tmp_path / "a-file").write_text("x")
    folder = {
        "inside": coach_home / "sync",
        "coach": other,
        "file": tmp_path / "a-file",
        "typo": tmp_path / "Sycn" / "coach",  # made with its parent, the devices never met
    }[where]
    result = run_cli("sync", "--folder", folder)
    assert result.code == 1 and result.err.count("\n") == 1
    assert run_cli("sync", "--status").out.startswith("Sync is off")
    assert not (tmp_path / "Sycn").exists()


def test_a_new_sync_folder_is_made_and_an_existing_one_left_as_it_is(
    run_cli: Any, tmp_path: Path, coach_home: Path
) -> None:
    """A missing folder in an existing one is made, private; the user's existing synced
    folder keeps its permissions (it lost group and other access)."""
    Store(coach_home).save(Progress())
    assert run_cli("sync", "--folder", tmp_path / "new").code == 0
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert run_cli("sync", "--folder", shared).code == 0
    assert shared.stat().st_mode & 0o777 == 0o755


def test_sync_off_and_status(run_cli: Any, two: Two) -> None:
    laptop, _, sync_l, _ = two
    status = run_cli("--data-dir", laptop, "sync").out
    assert str(sync_l) in status and "(this device)" in status
    assert run_cli("--data-dir", laptop, "sync", "--off").code == 0
    assert "Sync is off" in run_cli("--data-dir", laptop, "sync", "--status").out


def test_the_status_says_when_a_device_last_changed_something_not_when_it_was_copied(
    run_cli: Any, two: Two
) -> None:
    """ "last change" was the file's time: when the sync tool copied it (a minute apart on
    the two devices for the same file)."""
    import os

    laptop, _, sync_l, sync_d = two
    for path in [*sync_l.glob("*.jsonl"), *sync_d.glob("*.jsonl")]:
        os.utime(path, (1_000_000_000, 1_000_000_000))  # 2001: copied long ago, say
    status = run_cli("--data-dir", laptop, "sync", "--status").out
    assert "2001" not in status and "last change" in status


def test_turning_sync_on_again_with_the_same_folder_publishes_nothing_again(
    run_cli: Any, two: Two
) -> None:
    """Each `coach sync --folder` with the folder already on wrote the whole state again
    (the file grew by its size every time)."""
    laptop, _, sync_l, _ = two
    (mine,) = [p for p in sync_l.glob("*.jsonl") if p.stat().st_size]
    size = mine.stat().st_size
    assert run_cli("--data-dir", laptop, "sync", "--folder", sync_l).code == 0
    assert mine.stat().st_size == size


def test_a_line_the_sync_file_lost_is_written_again(run_cli: Any, two: Two) -> None:
    """A sync tool carried an older copy over this device's file (or a write failed): the
    next compaction puts the lost line back, and the other device gets it."""
    from coach.application.session import Session
    from coach.data import paths

    laptop, desktop, sync_l, sync_d = two
    (own,) = [p for p in sync_l.glob("*.jsonl") if p.name in {q.name for q in sync_d.iterdir()}]
    older = own.read_bytes()
    run_cli("--data-dir", laptop, "log", "jana", "--note", "lost and found")
    own.write_bytes(older)  # the line is gone from the sync folder
    session = Session(laptop, paths.bundled_content_dir())
    assert session.progress.contacts  # loaded: the laptop has the contact itself
    session.compact(force=True)
    carry(sync_l, sync_d, random.Random(0))
    notes = [c.get("note") for c in exported(run_cli, desktop)["contacts"]]
    assert notes.count("lost and found") == 1


def test_a_loop_of_links_as_the_sync_folder_is_refused_with_one_line(
    run_cli: Any, tmp_path: Path, coach_home: Path
) -> None:
    Store(coach_home).save(Progress())
    (tmp_path / "L1").symlink_to(tmp_path / "L2")
    (tmp_path / "L2").symlink_to(tmp_path / "L1")
    result = run_cli("sync", "--folder", tmp_path / "L1")
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert "not a folder" in result.err and "unexpected" not in result.err


def test_a_device_id_that_is_no_name_is_a_new_device_and_nothing_is_written_elsewhere(
    run_cli: Any, tmp_path: Path
) -> None:
    """device.json edited to say "../../x": the id became part of a file name, so the
    journal was written outside the data folder and the contact logged there was lost."""
    home = tmp_path / "a" / "b" / "home"
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [{"id": "p1", "name": "Ana Test"}]
    Store(home).save(progress)
    assert run_cli("--data-dir", home, "log", "ana", "--note", "first").code == 0
    device = json.loads((home / "device.json").read_text())
    (home / "device.json").write_text(json.dumps({**device, "id": "../../x"}))
    assert run_cli("--data-dir", home, "log", "ana", "--note", "second").code == 0
    assert not list(tmp_path.rglob("x.jsonl"))
    notes = [
        c.get("note") for c in json.loads(run_cli("--data-dir", home, "export").out)["contacts"]
    ]
    assert notes == ["first", "second"]


def test_a_broken_device_file_says_that_syncing_stopped(run_cli: Any, tmp_path: Path) -> None:
    """device.json that is not JSON: the folder becomes a new device with syncing off. That
    used to happen in silence, and the other device's changes just stopped arriving."""
    home = tmp_path / "home"
    Store(home).save(Progress(language="en"))
    assert run_cli("--data-dir", home, "sync", "--folder", tmp_path / "Sync").code == 0
    (home / "device.json").write_text("not json")
    looked = run_cli("--data-dir", home, "today")
    assert looked.code == 0 and "device.json could not be read" in looked.err
    assert "sync --folder" in looked.err and looked.err.count("device.json") == 1
    assert "Sync is off" in run_cli("--data-dir", home, "sync", "--status").out


def test_both_devices_say_the_same_time_of_change(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One device with a snapshot, one new, each turning sync on a second apart: once both
    had both files, the exports differed in updated_at (the later "sync on" changed a
    value on one device and none on the other, and only a change moved the time)."""
    from coach.data.merge_meta import wall_ms_now

    clock = [wall_ms_now() + 60_000]  # (after the snapshot's own time of change)
    monkeypatch.setattr("coach.data.merge_meta.wall_ms_now", lambda: clock[0])
    old, new = tmp_path / "old", tmp_path / "new"
    Store(old).save(Progress(language="en"))
    assert run_cli("--data-dir", old, "sync", "--folder", tmp_path / "S-old").code == 0
    clock[0] += 1500
    assert run_cli("--data-dir", new, "sync", "--folder", tmp_path / "S-new").code == 0
    rng = random.Random(1)
    carry(tmp_path / "S-old", tmp_path / "S-new", rng)
    carry(tmp_path / "S-new", tmp_path / "S-old", rng)
    assert exported(run_cli, old) == exported(run_cli, new)


def test_a_copied_data_folder_is_not_named_until_its_first_change(
    run_cli: Any, two: Two, tmp_path: Path
) -> None:
    """A copy of a device's folder gets its own id with its first change (nothing is written
    on start-up): the status showed another made-up id on every run until then."""
    laptop, _, _, _ = two
    copy = tmp_path / "copy"
    shutil.copytree(laptop, copy)
    first = run_cli("--data-dir", copy, "sync", "--status").out
    second = run_cli("--data-dir", copy, "sync", "--status").out
    assert first == second and "with its first change" in first
    assert "with its first change" not in run_cli("--data-dir", laptop, "sync", "--status").out
    run_cli("--data-dir", copy, "log", "jana", "--note", "from the copy")
    named = run_cli("--data-dir", copy, "sync", "--status").out
    assert "(this device: " in named and "with its first change" not in named


def test_a_contact_logged_for_someone_removed_on_the_other_device_names_them(
    run_cli: Any, two: Two
) -> None:
    """The desktop removed Tom; the laptop, not knowing yet, logged a contact with him that
    changed nothing else of his: the contact stays, and the history names him by the name
    he had ("someone no longer on your list" told the user nothing)."""
    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(5)
    assert run_cli("--data-dir", laptop, "log", "tom", "--next", "none").code == 0
    carry(sync_l, sync_d, rng)
    from coach.application.session import Session
    from coach.data import paths

    Session(desktop, paths.bundled_content_dir()).remove_record(PEOPLE, "p2")
    note = "--note", "replied to his message"
    assert run_cli("--data-dir", laptop, "log", "tom", *note, "--next", "none").code == 0
    carry(sync_l, sync_d, rng)
    carry(sync_d, sync_l, rng)
    for home in (laptop, desktop):
        shown = run_cli("--data-dir", home, "history").out
        line = next(line for line in shown.splitlines() if "replied" in line)
        assert "Tom Weber (no longer on your list)" in line, shown

"""``coach calendar``: an .ics file two independent readers agree on, stable across runs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject  # type: ignore[import-untyped]  # no stubs published

from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store

PEOPLE = "strategy/people"


def state(home: Path) -> None:
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [
        {"id": "p1", "name": "Jana Krüger", "follow_up": "2026-12-01", "next_step": "Ask, kindly"},
        {"id": "p2", "name": "Tom; Weber, Jr.", "follow_up": "2026-12-01"},
        {"id": "p3", "name": "No Date"},
        {"id": "p4", "name": "Odd \x1b]0;x\x07 [b]", "follow_up": "2026-02-30"},  # not a date
    ]
    progress.answers["fun/offline_events"] = [
        {"id": "e1", "name": "UX meetup", "date": "2026-12-03"},
        {"id": "e2", "name": "Someday"},
    ]
    progress.answers["posting/posts"] = [
        {"id": "q1", "topic": "What tickets taught me", "planned_on": "2026-12-05"},
        {"id": "q2", "topic": "Out already", "planned_on": "2026-11-01", "posted_on": "2026-11-02"},
    ]
    Store(home).save(progress)


def events(path: Path) -> list[Any]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_two_runs_parse_in_two_readers_with_the_same_uids(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    state(coach_home)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run_cli("calendar", "-o", first).code == 0
    assert run_cli("calendar", "-o", second).code == 0
    for path in (first, second):
        assert os.stat(path).st_mode & 0o777 == 0o600
        parsed = vobject.readOne(path.read_text("utf-8"))
        assert len(parsed.vevent_list) == 4
    uids = [str(e["UID"]) for e in events(first)]
    assert uids == [str(e["UID"]) for e in events(second)]
    assert len(set(uids)) == 4
    by_summary = {str(e["SUMMARY"]): e for e in events(first)}
    jana = by_summary["Get in touch with Jana Krüger"]
    assert jana.decoded("DTSTART") == dt.date(2026, 12, 1)
    assert "Ask, kindly" in str(jana["DESCRIPTION"])
    assert jana.walk("VALARM"), "a follow-up reminds in the morning"
    assert "Get in touch with Tom; Weber, Jr." in by_summary  # escaped, read back whole
    assert "UX meetup" in by_summary and "Post: What tickets taught me" in by_summary
    assert all("DTSTAMP" in e and "SEQUENCE" in e for e in events(first))


def test_a_moved_follow_up_keeps_its_uid_with_a_higher_sequence(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    state(coach_home)
    before = tmp_path / "before.ics"
    run_cli("calendar", "-o", before)
    progress = Book(coach_home).load()
    records = progress.answers[PEOPLE]
    records[0] = {**records[0], "follow_up": "2026-12-24"}
    progress.set_answer(PEOPLE, records)
    progress.updated_at += dt.timedelta(minutes=5)
    Store(coach_home).save(progress)
    after = tmp_path / "after.ics"
    run_cli("calendar", "-o", after)
    old = {str(e["UID"]): e for e in events(before)}
    new = {str(e["UID"]): e for e in events(after)}
    assert old.keys() == new.keys()
    uid = next(u for u in new if u.startswith("follow-up-p1@"))
    assert new[uid].decoded("DTSTART") == dt.date(2026, 12, 24)
    assert int(new[uid]["SEQUENCE"]) > int(old[uid]["SEQUENCE"])


def test_german_titles(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    out = run_cli("--lang", "de", "calendar").out
    assert "Bei Jana Krüger melden" in out


@pytest.mark.parametrize("target", ["dir", "missing-parent"])
def test_a_bad_target_is_one_line(
    run_cli: Any, coach_home: Path, tmp_path: Path, target: str
) -> None:
    state(coach_home)
    path = tmp_path if target == "dir" else tmp_path / "nope" / "x.ics"
    result = run_cli("calendar", "-o", path)
    assert result.code == 1 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_no_control_bytes_reach_the_file(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    out = run_cli("calendar").out
    assert "\x1b" not in out and "\x07" not in out


def test_two_people_of_one_name_are_logged_by_their_ids(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    """Each entry said coach log "Bob Jones", which then asked which Bob Jones was meant."""
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [
        {"id": "bob-a", "name": "Bob Jones", "follow_up": "2026-12-01"},
        {"id": "bob-b", "name": "Bob Jones", "follow_up": "2026-12-02"},
        {"id": "ana", "name": "Ana Lima", "follow_up": "2026-12-03"},
    ]
    Store(coach_home).save(progress)
    target = tmp_path / "c.ics"
    assert run_cli("calendar", "-o", str(target)).code == 0
    said = sorted(str(e.get("DESCRIPTION")) for e in events(target))
    assert [s.rsplit(": ", 1)[1] for s in said] == [
        'coach log "Ana Lima"',
        'coach log "bob-a"',
        'coach log "bob-b"',
    ], said
    assert run_cli("log", "bob-a", "--note", "hi", "--next", "none").code == 0

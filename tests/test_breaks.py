"""A break keeps its trace (issue 22, part 10): an ended break stays in history, Today's
twelve weeks draw its empty weeks as a rest, not as weeks without contacts, and undo takes a
break back like any change."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from coach import dates
from coach.application.session import Session
from coach.data import paths
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain import habit

START = dt.date(2026, 11, 2)  # a Monday
PEOPLE = "strategy/people"


class Clock:
    """The one "today", moved by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on = START
        monkeypatch.setattr(dates, "local_today", lambda: self.on)

    def later(self, days: int) -> None:
        self.on += dt.timedelta(days=days)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def session(home: Path) -> Session:
    return Session(home, paths.bundled_content_dir())


def save(home: Path) -> None:
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [{"id": "p1", "name": "Jana Krüger", "circle": "colleagues"}]
    progress.contacts = [{"id": "c1", "person": "p1", "date": "2026-10-20", "kind": "call"}]
    Store(home).save(progress)


def test_a_break_ended_early_stays_with_its_real_last_day(coach_home: Path, clock: Clock) -> None:
    save(coach_home)
    s = session(coach_home)
    s.set_pause(START + dt.timedelta(days=20))
    clock.later(9)  # back after nine days
    s.set_pause(None)
    saved = Book(coach_home).load()
    assert saved.pause_until is None
    assert saved.breaks == [{"from": "2026-11-02", "until": "2026-11-10"}]


def test_changing_the_end_of_a_break_keeps_its_start(coach_home: Path, clock: Clock) -> None:
    save(coach_home)
    s = session(coach_home)
    s.set_pause(START + dt.timedelta(days=6))
    clock.later(3)
    s.set_pause(START + dt.timedelta(days=13))  # a week longer
    assert s.progress.breaks == [{"from": "2026-11-02", "until": "2026-11-15"}]
    clock.later(30)  # it ended by itself long ago; a new one is a second break
    s.set_pause(clock.on + dt.timedelta(days=2))
    assert [b["from"] for b in s.progress.breaks] == ["2026-11-02", "2026-12-05"]


def test_a_break_ended_the_day_it_began_leaves_no_trace(coach_home: Path, clock: Clock) -> None:
    save(coach_home)
    s = session(coach_home)
    s.set_pause(START + dt.timedelta(days=6))
    s.set_pause(None)
    assert s.progress.breaks == [] and s.progress.pause_until is None


def test_undo_takes_a_break_and_its_trace_back(coach_home: Path, clock: Clock) -> None:
    save(coach_home)
    s = session(coach_home)
    s.set_pause(START + dt.timedelta(days=6))
    assert s.undo() is not None
    saved = Book(coach_home).load()
    assert saved.pause_until is None and saved.breaks == []


def test_today_draws_the_weeks_of_a_break_as_a_rest_and_history_lists_it(
    run_cli: Any, coach_home: Path, clock: Clock
) -> None:
    save(coach_home)
    s = session(coach_home)
    s.set_pause(START + dt.timedelta(days=13))  # two weeks off
    clock.later(14)
    assert run_cli("log", "jana", "--kind", "call", "--note", "back").code == 0
    today = run_cli("today")
    assert today.code == 0, today.err
    line = next(x for x in today.out.splitlines() if x.startswith("Last 12 weeks:"))
    assert line.endswith("··█  (· a break)"), line  # two weeks of rest, then this week
    assert json.loads(run_cli("today", "--json").out)["weeks"][-3:] == [0, 0, 1]
    history = run_cli("history").out.splitlines()
    assert any("2026-11-02" in x and "a break, until 2026-11-15" in x for x in history), history
    assert run_cli("history", "jana").out.split()[2] == "Call"  # the kind's label, not its id
    german = run_cli("--lang", "de", "today").out
    assert "(· Pause)" in german
    assert "eine Pause, bis 15.11.2026" in run_cli("--lang", "de", "history").out
    assert run_cli("--lang", "de", "history", "jana").out.split()[2] == "Telefonat"


def test_a_setting_of_the_wrong_shape_in_a_journal_is_not_applied(coach_home: Path) -> None:
    save(coach_home)
    s = session(coach_home)
    s.answer("strategy/goal", "x")  # the journal exists
    journal = next((coach_home / "journal").glob("*.jsonl"))
    line = json.loads(journal.read_text(encoding="utf-8").splitlines()[-1])
    for path, value in ((["p", "pause_until"], 5), (["p", "breaks"], [{"from": "soon"}])):
        bad = dict(line, id=f"bad{len(str(value))}", at="9" + line["at"][1:], set=[[path, value]])
        with journal.open("a", encoding="utf-8") as out:
            out.write(json.dumps(bad) + "\n")
    progress = Book(coach_home).load()
    assert progress.pause_until is None and progress.breaks == []
    assert habit.breaks(progress) == []

"""The months after the seven steps from the shell (issue 22): catching up after a gap,
next steps that stay true, ``--felt``, ``upcoming`` and ``weeks`` in ``today --json``, and a
calendar file kept current (that and import that enriches: test_habit_files.py). Each test
builds a state around a fixed today and runs the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest
from habit_helpers import CIRCLES, TARGET, TODAY, day, eleven_overdue, save, saved_people

from coach import dates
from coach.data.book import Book
from coach.data.store import Store
from coach.domain import habit
from coach.domain.people import Person


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


# -- catch-up ----------------------------------------------------------------------------------
def test_catch_up_leaves_nothing_overdue_and_no_week_over_the_target(
    run_cli: Any, coach_home: Path
) -> None:
    save(coach_home, eleven_overdue(), **{TARGET: 3})
    before = run_cli("today").out
    assert "Welcome back" in before and "and 6 more (coach today --json lists everyone)" in before
    result = run_cli("catch-up", "--weeks", "4", "--yes")
    assert result.code == 0, result.err
    dates = [dt.date.fromisoformat(p["follow_up"]) for p in saved_people(coach_home).values()]
    assert all(d > TODAY for d in dates)
    per_week: dict[dt.date, int] = {}
    for d in dates:
        per_week[habit.monday(d)] = per_week.get(habit.monday(d), 0) + 1
    assert max(per_week.values()) <= 3
    assert max(per_week) < habit.monday(TODAY) + dt.timedelta(weeks=5)
    after = run_cli("today")
    assert after.code == 0 and "overdue" not in after.out
    data = json.loads(run_cli("today", "--json").out)
    assert not [f for f in data["follow_ups"] if f["overdue"]]


def test_catch_up_shows_the_new_dates_and_asks_without_yes(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, eleven_overdue()[:2], **{TARGET: 3})
    result = run_cli("catch-up")
    assert result.code == 1, "refused, as undo and reset are without a terminal"
    assert "Person 00 — " in result.out and "Nothing changed." in result.err
    assert "coach catch-up --yes" in result.err  # no terminal to ask in: how to save them
    assert all(p["follow_up"] < day(0) for p in saved_people(coach_home).values())
    other = run_cli("catch-up", "--weeks", "12")
    assert "'coach catch-up --weeks 12 --yes'" in other.err  # the command for these dates
    one = run_cli("catch-up", "--weeks", "1").out  # ("over 1 weeks", "über 1 Wochen")
    assert "2 follow-ups get new dates over 1 week (3 a week at most):" in one
    german = run_cli("--lang", "de", "catch-up", "--weeks", "1").out
    assert "2 Nachfragen bekommen neue Termine über 1 Woche (höchstens 3 pro Woche):" in german


def test_catch_up_on_a_break_plans_after_it(run_cli: Any, coach_home: Path) -> None:
    """The plan put dates inside the break, overdue again the day it ended."""
    save(coach_home, eleven_overdue()[:3], **{TARGET: 3})
    progress = Book(coach_home).load()
    progress.pause_until = day(10)
    Store(coach_home).save(progress)
    assert run_cli("catch-up", "--yes").code == 0
    assert all(p["follow_up"] > day(10) for p in saved_people(coach_home).values())


def test_catch_up_on_a_break_until_the_calendars_last_day(run_cli: Any, coach_home: Path) -> None:
    """No day comes after 9999-12-31: the plan ended with a traceback's one line."""
    save(coach_home, eleven_overdue()[:3], **{TARGET: 3})
    progress = Book(coach_home).load()
    progress.pause_until = "9999-12-31"
    Store(coach_home).save(progress)
    result = run_cli("catch-up", "--yes")
    assert result.code == 0, result.err
    assert all(p["follow_up"] == "9999-12-31" for p in saved_people(coach_home).values())


def test_catch_up_puts_the_closest_circle_first(run_cli: Any, coach_home: Path) -> None:
    people = [
        {"id": "far", "name": "Far Away", "circle": "outside", "follow_up": day(-60)},
        {"id": "near", "name": "Near By", "circle": "colleagues", "follow_up": day(-31)},
    ]
    save(coach_home, people, **{TARGET: 1})
    assert run_cli("catch-up", "--weeks", "2", "--yes").code == 0
    saved = saved_people(coach_home)
    assert saved["near"]["follow_up"] < saved["far"]["follow_up"]


def test_catch_up_puts_the_closest_first_by_how_close_then_by_circle(
    run_cli: Any, coach_home: Path
) -> None:
    """How close (the field the rhythm goes by) comes before the circle: a close friend
    from outside one's field before a loose colleague (a user trial found the circle's
    order alone deciding, where the README says "the closest first")."""
    people = [
        {"id": "loose", "name": "Loose Colleague", "circle": "colleagues", "follow_up": day(-60)},
        {"id": "none", "name": "Not Chosen", "circle": "colleagues", "follow_up": day(-61)},
        {"id": "close", "name": "Close Friend", "circle": "outside", "follow_up": day(-10)},
        {"id": "warm", "name": "Warm Outside", "circle": "outside", "follow_up": day(-90)},
    ]
    people[0]["closeness"], people[2]["closeness"], people[3]["closeness"] = (
        "loose",
        "close",
        "warm",
    )
    save(coach_home, people, **{TARGET: 1})
    assert run_cli("catch-up", "--weeks", "4", "--yes").code == 0
    saved = saved_people(coach_home)
    order = sorted(saved, key=lambda pid: saved[pid]["follow_up"])
    assert order == ["close", "warm", "loose", "none"]


def test_catch_up_says_the_weeks_it_takes_and_why(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, eleven_overdue(), **{TARGET: 2})
    result = run_cli("catch-up", "--weeks", "4")
    assert "11 follow-ups get new dates over 6 weeks (2 a week at most):" in result.out
    assert "At 2 a week, this takes 6 weeks instead of 4 weeks." in result.out
    assert "already" not in result.out  # nothing was planned: the weeks were not busy


def test_a_plan_says_when_planned_follow_ups_made_it_longer() -> None:
    late = [Person(f"p{i}", f"P{i}", None, TODAY - dt.timedelta(days=40)) for i in range(3)]
    busy = [TODAY + dt.timedelta(days=3)] * 3
    plan = habit.spread(late, TODAY, weeks=1, per_week=3, planned=busy)
    assert plan.weeks == 2
    assert plan.why_longer() == (
        "Your coming weeks already hold follow-ups, so this takes 2 weeks instead of 1 week."
    )
    assert habit.spread(late, TODAY, weeks=1, per_week=3).why_longer() is None


def test_a_plan_longer_by_its_rate_says_the_rate_even_with_weeks_busy() -> None:
    """13 at 2 a week take 7 weeks whatever is planned: it said "your coming weeks already
    hold follow-ups, so this takes 8 weeks instead of 2"."""
    late = [Person(f"p{i}", f"P{i}", None, TODAY - dt.timedelta(days=40)) for i in range(13)]
    plan = habit.spread(late, TODAY, weeks=2, per_week=2, planned=[TODAY + dt.timedelta(days=3)])
    assert plan.why_longer() == f"At 2 a week, this takes {plan.weeks} weeks instead of 2 weeks."


@pytest.mark.parametrize("weeks", ["0", "1000", "x", "-1"])
def test_catch_up_refuses_odd_weeks_in_one_line(run_cli: Any, coach_home: Path, weeks: str) -> None:
    save(coach_home, eleven_overdue())
    before = (coach_home / "progress.json").read_bytes()
    result = run_cli("catch-up", "--weeks", weeks, "--yes")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert "--weeks" in result.err
    assert (coach_home / "progress.json").read_bytes() == before


def test_spreading_2000_overdue_people_takes_under_200_ms() -> None:
    late = [
        Person(f"p{i}", f"Person {i}", CIRCLES[i % 5], TODAY - dt.timedelta(days=1 + i % 90))
        for i in range(2000)
    ]
    rank = {c: i for i, c in enumerate(CIRCLES)}
    started = time.perf_counter()
    plan = habit.spread(late, TODAY, weeks=4, per_week=3, rank=lambda p: rank[p.circle or ""])
    took = time.perf_counter() - started
    assert took < 0.2, took
    assert len(plan.dates) == 2000 and all(d > TODAY for d in plan.dates.values())
    weeks: dict[dt.date, int] = {}
    for d in plan.dates.values():
        weeks[habit.monday(d)] = weeks.get(habit.monday(d), 0) + 1
    assert max(weeks.values()) <= 3


def test_spreading_counts_the_follow_ups_already_planned() -> None:
    late = [Person(f"p{i}", f"P{i}", None, TODAY - dt.timedelta(days=40)) for i in range(3)]
    busy = [TODAY + dt.timedelta(days=3)] * 3  # next week (Mon 30 Nov) is full
    plan = habit.spread(late, TODAY, weeks=2, per_week=3, planned=busy)
    assert all(habit.monday(d) != dt.date(2026, 11, 30) for d in plan.dates.values())


def test_a_week_with_room_under_the_target_is_used_before_a_later_one() -> None:
    """Three late, four weeks asked, two a week: a week holding one planned follow-up
    still has room for one more, so the plan fits in the four weeks (a user trial saw it
    take five, "your coming weeks already hold follow-ups")."""
    late = [Person(f"p{i}", f"P{i}", None, TODAY - dt.timedelta(days=40)) for i in range(3)]
    first = habit.monday(TODAY + dt.timedelta(days=3))  # the next full week
    planned = [first + dt.timedelta(weeks=1), first + dt.timedelta(weeks=3)]
    plan = habit.spread(late, TODAY, weeks=4, per_week=2, planned=planned)
    assert plan.weeks <= 4 and plan.why_longer() is None
    per_week: dict[dt.date, int] = {}
    for when in [*plan.dates.values(), *planned]:
        per_week[habit.monday(when)] = per_week.get(habit.monday(when), 0) + 1
    assert max(per_week.values()) <= 2, per_week


def test_a_follow_up_due_today_counts_in_this_weeks_room() -> None:
    """Monday: one due today, one on Thursday, two a week: a late one goes to next week
    (a regression trial saw three in this week)."""
    monday = dt.date(2026, 12, 7)
    late = [Person(f"l{i}", f"Late {i}", None, monday - dt.timedelta(days=40)) for i in (1, 2)]
    planned = [monday, monday + dt.timedelta(days=3)]
    plan = habit.spread(late, monday, weeks=1, per_week=2, planned=planned)
    assert all(habit.monday(d) > monday for d in plan.dates.values()), plan.dates


# -- next steps that stay true --------------------------------------------------------------------
def test_a_past_next_date_is_refused_naming_the_date(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, [{"id": "a", "name": "Ada Lovelace", "circle": "friends"}])
    before = (coach_home / "progress.json").read_bytes()
    result = run_cli("log", "Ada", "--next", "2026-01-01")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert "2026-01-01" in result.err
    assert (coach_home / "progress.json").read_bytes() == before


def test_on_minus_one_day_logs_yesterday_and_next_plus_three(
    run_cli: Any, coach_home: Path
) -> None:
    save(coach_home, [{"id": "a", "name": "Ada Lovelace", "circle": "friends"}])
    result = run_cli("log", "Ada", "--on", "-1d", "--next", "+3d")
    assert result.code == 0, result.err
    progress = Book(coach_home).load()
    assert progress.contacts[-1]["date"] == day(-1)
    assert saved_people(coach_home)["a"]["follow_up"] == day(3)


def test_a_planned_follow_up_three_days_out_is_kept_even_with_a_rhythm(
    run_cli: Any, coach_home: Path
) -> None:
    save(coach_home, [{"id": "a", "name": "Ada", "circle": "colleagues", "follow_up": day(3)}])
    result = run_cli("log", "Ada")
    assert result.code == 0, result.err
    assert "Kept your planned Mon 30 Nov; --next changes it." in result.out
    assert saved_people(coach_home)["a"]["follow_up"] == day(3)
    assert run_cli("log", "Ada", "--next", "+9d").code == 0
    assert saved_people(coach_home)["a"]["follow_up"] == day(9)


def test_two_people_with_the_same_name_are_listed_with_their_ids(
    run_cli: Any, coach_home: Path
) -> None:
    twins = [{"id": "one", "name": "Alex Kim"}, {"id": "two", "name": "Alex Kim"}]
    save(coach_home, twins)
    result = run_cli("log", "Alex Kim")
    assert result.code == 1
    assert "coach log one" in result.err and "coach log two" in result.err
    assert run_cli("log", "two").code == 0
    assert Book(coach_home).load().contacts[-1]["person"] == "two"


def test_a_name_written_exactly_wins_over_one_with_the_same_key(
    run_cli: Any, coach_home: Path
) -> None:
    """ "Jana  Krüger" and "Jana Kruger" have one name key; each written as saved names
    that one person (log and history alike); part of it lists both with their ids."""
    save(coach_home, [{"id": "k1", "name": "Jana  Krüger"}, {"id": "k2", "name": "Jana Kruger"}])
    assert run_cli("log", "Jana  Krüger", "--note", "umlaut").code == 0
    assert run_cli("log", "Jana Kruger", "--note", "plain").code == 0
    notes = {c["person"]: c["note"] for c in Book(coach_home).load().contacts}
    assert notes == {"k1": "umlaut", "k2": "plain"}
    shown = run_cli("history", "Jana Kruger", "--json")
    assert shown.code == 0, shown.err
    assert [c["note"] for c in json.loads(shown.out)] == ["plain"]
    several = run_cli("history", "jana")
    assert several.code == 1
    assert "coach history k1" in several.err and "coach history k2" in several.err


# -- felt, upcoming, weeks ---------------------------------------------------------------------
def test_felt_is_saved_with_the_contact(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, [{"id": "a", "name": "Ada", "expected": 7}])
    assert run_cli("log", "Ada", "--felt", "3").code == 0
    contact = Book(coach_home).load().contacts[-1]
    assert contact["felt"] == 3 and contact["expected"] == 7


@pytest.mark.parametrize("felt", ["11", "-1", "three", "2.5", ""])
def test_felt_outside_zero_to_ten_is_one_line(run_cli: Any, coach_home: Path, felt: str) -> None:
    save(coach_home, [{"id": "a", "name": "Ada"}])
    before = (coach_home / "progress.json").read_bytes()
    result = run_cli("log", "Ada", "--felt", felt)
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1, result
    assert (coach_home / "progress.json").read_bytes() == before


def test_today_json_has_upcoming_and_twelve_weeks(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, [{"id": "a", "name": "Ada", "circle": "colleagues", "follow_up": day(3)}])
    assert run_cli("log", "Ada", "--on", "-8d").code == 0
    data = json.loads(run_cli("today", "--json").out)
    assert [u["person"] for u in data["upcoming"]] == ["Ada"]
    assert data["upcoming"][0]["due"] == day(3)
    assert len(data["weeks"]) == 12 and sum(data["weeks"]) == 1 and data["weeks"][-1] == 0
    assert data["weeks"][-2] == 1


def test_the_weeks_before_the_user_began_are_blank_not_missed() -> None:
    """Today's and the sheet's twelve weeks drew the weeks before the start as empty ones
    (eleven "missed" weeks on the first day); a contact logged for a day before the start
    is shown where it is."""
    from coach.domain import habit

    assert habit.sparkline([0] * 11 + [2], begun=1) == " " * 11 + "█"
    assert habit.sparkline([0] * 10 + [1, 2], begun=2) == " " * 10 + "▅█"
    # from the first week with a contact on, though it was before the start
    assert habit.sparkline([0, 3] + [0] * 9 + [1], begun=1) == " █" + "▁" * 9 + "▃"
    assert habit.sparkline([0] * 12, begun=12) == "▁" * 12
    assert habit.unbegun([0] * 12, 0) == 0  # (not known: every week drawn)

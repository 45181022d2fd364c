"""What an undo says it takes back (the list an entry left, the item a tick took, the day a
snooze went to, the one let go, the post ticked off) and what it passes over (closing the
welcome, going to another step): no change of the user's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_operations import TODAY, state

from coach import dates
from coach.i18n import day_in_words


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def test_undo_names_the_list_an_entry_was_removed_from(run_cli: Any, coach_home: Path) -> None:
    """Not "changed an answer": which list, and that an entry left it (or came, or changed)."""
    from coach.application.session import Session

    state(coach_home)
    session = Session.from_options(str(coach_home), None, "en")
    label = session.course_to_read.field("fun/offline_events").label["en"]
    events = [{"id": "e1", "name": "UX meetup"}, {"id": "e2", "name": "Barcamp"}]
    session.answer("fun/offline_events", events)
    session.answer("fun/offline_events", events[:1])
    asked = run_cli("undo")
    assert f"removed 1 entry from “{label}”" in asked.err, asked.err
    assert run_cli("undo", "--yes").code == 0
    assert f"added 2 entries to “{label}”" in run_cli("undo").err
    again = Session.from_options(str(coach_home), None, "en")  # (the undo came from the shell)
    again.answer("fun/offline_events", [{**events[0], "name": "UX meetup, Hamburg"}, events[1]])
    assert f"changed “{label}”" in run_cli("undo").err


def test_undo_names_the_item_a_tick_took_and_the_day_a_snooze_went_to(
    coach_home: Path,
) -> None:
    """ "Taken back: ticked an item." named no item (the user ran coach status to find which
    step it was); a snooze's undo said "moved the follow-up with Greta"."""
    from coach.application.session import Session
    from coach.application.words import describe
    from coach.data import paths
    from coach.domain import people

    state(coach_home)
    session = Session(coach_home, paths.bundled_content_dir())
    course = session.course_to_read
    step = course.steps[0]
    item = step.checklist[0]
    session.tick(f"{step.id}/{item.id}", True)
    done = session.next_undo()
    assert done is not None
    said = describe(done.do, done.say, course)
    assert said.startswith("ticked “") and item.text["en"][:20] in said, said
    jana = next(p for p in people.people(course, session.progress) if p.name == "Jana Krüger")
    when = session.snooze(jana)
    done = session.next_undo()
    assert done is not None and when is not None
    said = describe(done.do, done.say, course)
    assert said == f"snoozed Jana Krüger until {day_in_words(when, 'en')}", said


def test_undo_names_the_one_let_go_and_the_post_ticked_off(coach_home: Path) -> None:
    """ "Taken back: let 1 follow-up go." and "ticked off a planned post" named nobody and
    no post (a snooze's undo named both)."""
    from coach.application.session import Session
    from coach.application.words import describe
    from coach.data import paths

    state(coach_home)
    session = Session(coach_home, paths.bundled_content_dir())
    session.answer(
        "posting/posts", [{"id": "q1", "topic": "Quiet leaders", "planned_on": "2026-12-01"}]
    )
    course = session.course_to_read
    person = next(
        p for p in session.progress.answers["strategy/people"] if p["name"] == "Jana Krüger"
    )
    session.move_follow_ups({person["id"]: dt.date(2026, 12, 20)})
    session.move_follow_ups({person["id"]: None})
    done = session.next_undo()
    assert done is not None
    assert describe(done.do, done.say, course) == "let the follow-up with Jana Krüger go"
    assert session.mark_posted("q1", dt.date(2026, 12, 2))
    done = session.next_undo()
    assert done is not None
    assert describe(done.do, done.say, course) == "ticked off the planned post “Quiet leaders”"


def test_undo_passes_over_closing_the_welcome(coach_home: Path) -> None:
    """`coach undo` right after the welcome was closed took that back ("closed the welcome"),
    and the welcome came again at the next start."""
    from coach.application.session import Session

    session = Session.from_options(str(coach_home), None, "en")
    session.tick("why/goal", True)
    session.welcomed()
    undone = session.undo()
    assert undone is not None and undone.do == "tick"
    assert Session.from_options(str(coach_home), None, "en").progress.welcome_seen


def test_undo_passes_over_going_to_another_step(coach_home: Path) -> None:
    """Moving between steps is no change a user takes back: 'u' after ticking an item and
    going on to the next step took back the move ("moved to another step"), not the tick."""
    from coach.application.session import Session
    from coach.data import paths

    state(coach_home)
    session = Session(coach_home, paths.bundled_content_dir())
    course = session.course_to_read
    first, second = course.steps[0], course.steps[1]
    key = f"{first.id}/{first.checklist[0].id}"
    session.tick(key, True)
    session.set_current_step(second.id)
    done = session.undo()
    assert done is not None and done.do == "tick", done
    assert not session.progress.is_ticked(key)
    assert session.progress.current_step == second.id, "the user stays where they went"


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (["--on", "2026-09-30"], "the move of the contact with Jana Krüger from"),
        (["--on", "2026-09-30", "--note", "edited", "--felt", "2"], "corrected the contact with"),
    ],
)
def test_undo_of_a_correction_says_all_it_takes_back(
    run_cli: Any, coach_home: Path, edit: list[str], said: str
) -> None:
    """A correction that moved the contact and changed its note and how it felt was said
    as the move alone, though the undo took back all three."""
    state(coach_home, contacts=1)
    assert run_cli("log", "--edit", "c0", *edit).code == 0
    asked = run_cli("--lang", "en", "undo")
    assert said in asked.err, asked.err
    if len(edit) > 2:
        assert "and moved it from" in asked.err

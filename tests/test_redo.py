"""Redo (``U`` in the coach): the change an undo took back, made again, newest undo first;
a change made after the undos ends what can be redone, as in any editor. A redo is a
change like the one it repeats: ``u`` takes it back again, and a second device sees it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_operations import TODAY, state

from coach import dates
from coach.application.session import Session
from coach.application.words import undone_words
from coach.data import paths


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def _session(home: Path) -> Session:
    state(home)
    return Session(home, paths.bundled_content_dir())


def _keys(session: Session) -> tuple[str, str]:
    step = session.course_to_read.steps[0]
    return f"{step.id}/{step.checklist[0].id}", f"{step.id}/{step.checklist[1].id}"


def test_a_stray_u_is_taken_back_by_redo_and_u_takes_the_redo_back(coach_home: Path) -> None:
    session = _session(coach_home)
    first, _ = _keys(session)
    session.tick(first, True)
    assert session.undo() is not None and not session.progress.is_ticked(first)
    done = session.redo()
    assert done is not None and done.do == "tick" and done.changed
    assert session.progress.is_ticked(first)
    said = " ".join(undone_words(done, session.course_to_read, again=True, redo=True))
    assert said.startswith("Done again: ticked “") and "u to take it back" in said
    assert Session(coach_home, paths.bundled_content_dir()).progress.is_ticked(first), "saved"
    assert session.redo() is None, "nothing more to redo"
    undone = session.undo()
    assert undone is not None and undone.do == "tick" and not session.progress.is_ticked(first)
    assert session.redo() is not None and session.progress.is_ticked(first), "and again"


def test_two_undos_are_redone_newest_first(coach_home: Path) -> None:
    session = _session(coach_home)
    first, second = _keys(session)
    session.tick(first, True)
    session.tick(second, True)
    session.undo()
    session.undo()
    assert not session.progress.is_ticked(first) and not session.progress.is_ticked(second)
    session.redo()
    assert session.progress.is_ticked(first) and not session.progress.is_ticked(second)
    session.redo()
    assert session.progress.is_ticked(second)
    assert session.redo() is None


def test_a_change_after_an_undo_ends_what_can_be_redone(coach_home: Path) -> None:
    session = _session(coach_home)
    first, second = _keys(session)
    session.tick(first, True)
    session.undo()
    session.tick(second, True)
    assert session.redo() is None
    assert not session.progress.is_ticked(first)


def test_going_to_another_step_does_not_end_it(coach_home: Path) -> None:
    """What undo passes over (going to a step), redo passes over too."""
    session = _session(coach_home)
    first, _ = _keys(session)
    session.tick(first, True)
    session.undo()
    session.set_current_step(session.course_to_read.steps[1].id)
    assert session.redo() is not None and session.progress.is_ticked(first)


def test_a_redo_from_another_process_is_seen_and_not_done_twice(coach_home: Path) -> None:
    """The coach open and a second session (a shell): one redo, whichever runs it."""
    session = _session(coach_home)
    first, _ = _keys(session)
    session.tick(first, True)
    session.undo()
    other = Session(coach_home, paths.bundled_content_dir())
    assert other.redo() is not None
    assert session.redo() is None
    assert session.progress.is_ticked(first)


def test_coach_redo_in_a_shell_asks_says_and_is_one_of_the_commands(
    run_cli: Any, coach_home: Path
) -> None:
    state(coach_home)
    assert "Nothing to redo" in run_cli("redo").out
    assert run_cli("log", "jana", "--note", "coffee").code == 0
    assert run_cli("undo", "--yes").code == 0
    asked = run_cli("redo")  # no terminal to answer: said, nothing done
    assert asked.code == 1 and "Would make again: logged a contact with Jana Krüger" in asked.err
    done = run_cli("redo", "--yes")
    assert done.code == 0 and done.out.startswith("Done again: logged a contact with Jana Krüger")
    assert "coffee" in run_cli("history", "--json").out
    assert "Nothing to redo" in run_cli("redo", "--yes").out
    german = run_cli("--lang", "de", "redo", "--help")
    assert german.code == 0 and "wieder machen" in german.out


MOVES = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.integers(0, 3), st.booleans()),
        st.tuples(st.just("undo"), st.just(0), st.just(False)),
        st.tuples(st.just("redo"), st.just(0), st.just(False)),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MOVES)
def test_undo_and_redo_move_through_the_states_as_an_editors_do(moves: Any) -> None:
    """Any mix of changes, undos and redos: the state is always the one an editor's history
    would show (undo steps back, redo steps forward, a change drops what was ahead), and a
    second session opened on the same folder sees the same."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        session = _session(home)
        step = session.course_to_read.steps[0]
        keys = [f"{step.id}/{item.id}" for item in step.checklist[:4]]

        def ticked(s: Session) -> tuple[bool, ...]:
            return tuple(s.progress.is_ticked(k) for k in keys)

        states, at = [ticked(session)], 0
        for move, index, value in moves:
            if move == "tick":
                session.tick(keys[index], value)
                if ticked(session) != states[at]:  # (ticking a ticked item changes nothing)
                    states, at = [*states[: at + 1], ticked(session)], at + 1
            elif move == "undo":
                assert (session.undo() is not None) == (at > 0)
                at = max(at - 1, 0)
            else:
                assert (session.redo() is not None) == (at < len(states) - 1)
                at = min(at + 1, len(states) - 1)
            assert ticked(session) == states[at], (move, index, value)
        assert ticked(Session(home, paths.bundled_content_dir())) == states[at]


def test_a_redo_that_could_change_nothing_leaves_nothing_for_u_to_take_back(
    two: tuple[Path, Path, Path, Path],
) -> None:
    """The laptop ticked and took it back; the desktop, having both, ticked again (later):
    the laptop's redo can change nothing (the later tick wins) and says so; a u after it
    then found that empty redo and said "Taken back" while nothing changed."""
    import random

    from sync_helpers import carry

    laptop, desktop, sync_l, sync_d = two
    rng = random.Random(3)
    here = Session(laptop, paths.bundled_content_dir())
    first, _ = _keys(here)
    here.tick(first, True)
    here.undo()
    carry(sync_l, sync_d, rng)
    there = Session(desktop, paths.bundled_content_dir())
    there.tick(first, True)
    carry(sync_d, sync_l, rng)
    here = Session(laptop, paths.bundled_content_dir())
    done = here.redo()
    assert done is not None and not done.changed and done.kept == 1
    assert here.undo() is None, "nothing of this device's is left to take back"
    assert here.progress.is_ticked(first)

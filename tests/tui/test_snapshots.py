"""What users see, recorded as SVG screenshots (pytest-textual-snapshot).

A changed layout fails here until someone looks at the new picture and accepts it:
``python -m pytest tests/tui/test_snapshots.py --snapshot-update`` rewrites them into
``tests/tui/__snapshots__/test_snapshots/``; look at every changed SVG before committing.

Every picture is made the same way on any machine: a private data folder holding a fixed
progress file (tests/fixtures/snapshots/progress.json), a fixed language, a frozen "today"
for the sheet, no animations and no blinking cursor.
"""

from __future__ import annotations

import datetime as dt
import shutil
import types
from pathlib import Path

import pytest

from coach import i18n
from coach.application.session import Session
from tests.tui.conftest import settled, wait_for

PROGRESS = Path(__file__).resolve().parents[1] / "fixtures" / "snapshots" / "progress.json"
TODAY = dt.date(2026, 1, 20)  # the sheet's "made on" and its "from today on" lists
STEPS = range(1, 8)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


class _FrozenDate(dt.date):
    @classmethod
    def today(cls) -> _FrozenDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture(autouse=True)
def _deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    # The sheet asks coach.sheet.document for today's date: always the same day here.
    monkeypatch.setattr("coach.sheet.document.dt", types.SimpleNamespace(date=_FrozenDate))
    # Today, the log dialog and "what is due" ask coach.dates: the same day there too.
    monkeypatch.setattr("coach.dates.local_today", lambda: TODAY)


@pytest.fixture
def coach_app(tmp_path: Path):
    """``coach_app(lang, fresh=False)``: the app on a tmp data folder holding the fixed
    progress (``fresh``: no progress yet, so the welcome shows)."""
    from coach.tui.app import CoachApp

    def make(lang: str = "en", *, fresh: bool = False) -> CoachApp:
        data = tmp_path / "data"
        data.mkdir()
        if not fresh:
            shutil.copy(PROGRESS, data / "progress.json")
        session = Session.from_options(str(data), None, lang)
        i18n.set_language(session.resolve_language())
        return CoachApp(session, progress=session.progress)

    yield make
    i18n.set_language("en")


def _no_blink(app) -> None:
    """A blinking cursor would be drawn or not at random: keep it steady."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


def at_step(n: int, *then: str):
    """``run_before``: show step ``n`` fully built, then press ``then``."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_for(pilot, lambda: settled(app), what="the main screen")
        app.go_to_step(app.course.steps[n - 1].id)
        await wait_for(
            pilot,
            lambda: settled(app) and app.progress.current_step == app.course.steps[n - 1].id,
            what=f"step {n}",
        )
        if then:
            await pilot.press(*then)
            await pilot.pause()
        _no_blink(app)

    return run_before


def test_welcome(snap_compare, coach_app) -> None:
    assert snap_compare(coach_app(fresh=True), terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("n", STEPS, ids=[f"step{n}" for n in STEPS])
def test_step(snap_compare, coach_app, n: int, size: str) -> None:
    assert snap_compare(coach_app(), terminal_size=SIZES[size], run_before=at_step(n))


def test_help(snap_compare, coach_app) -> None:
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=at_step(1, "question_mark"))


def test_german_help_scrolls(snap_compare, coach_app) -> None:
    """German is wordier: at 80x24 the help is taller than the screen, so it scrolls (the
    scrollbar shows it); this is its end, the note on saving and the button."""
    run = at_step(1, "question_mark", "end")
    assert snap_compare(coach_app("de"), terminal_size=(80, 24), run_before=run)


def test_roadmap_narrow(snap_compare, coach_app) -> None:
    """On a narrow terminal ``r`` gives the roadmap the whole screen."""
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=at_step(3, "r"))


def test_sheet_preview(snap_compare, coach_app) -> None:
    assert snap_compare(coach_app(), terminal_size=(120, 40), run_before=at_step(5, "s"))


async def _open_person_form(pilot) -> None:
    """Step 5's list of places (empty): its Add button, the form it opens."""
    from textual.widgets import Button

    from coach.tui.widgets.records import RecordForm

    app = pilot.app
    await at_step(5)(pilot)
    app.screen.query_one("#add", Button).focus()
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), what="the person form")
    await pilot.pause()
    _no_blink(app)


def test_records_form(snap_compare, coach_app) -> None:
    assert snap_compare(coach_app(), terminal_size=(100, 34), run_before=_open_person_form)


def test_german_welcome(snap_compare, coach_app) -> None:
    assert snap_compare(coach_app("de", fresh=True), terminal_size=(80, 24))


def test_german_step(snap_compare, coach_app) -> None:
    assert snap_compare(coach_app("de"), terminal_size=(120, 40), run_before=at_step(2))


def test_german_records_form(snap_compare, coach_app) -> None:
    assert snap_compare(coach_app("de"), terminal_size=(100, 34), run_before=_open_person_form)


DUE_DAY = dt.date(2026, 2, 5)  # Sam Lee's follow-up (Feb 1) is four days late by then


def on_screen(action: str, *then: str):
    """``run_before``: the coach opens on Today (a follow-up is due on :data:`DUE_DAY`);
    run the app's ``action`` (today, people) and press ``then``."""

    async def run_before(pilot) -> None:
        from coach.tui.screens.people_screen import PeopleScreen
        from coach.tui.screens.today_screen import TodayScreen

        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        getattr(app, f"action_{action}")()
        wanted = TodayScreen if action == "today" else PeopleScreen
        await wait_for(pilot, lambda: isinstance(app.screen, wanted), what=action)
        await pilot.pause()
        if then:
            await pilot.press(*then)
            await pilot.pause()
            await pilot.pause()
        _no_blink(app)

    return run_before


@pytest.fixture
def due(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.dates.local_today", lambda: DUE_DAY)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_today(snap_compare, coach_app, due, size: str) -> None:
    assert snap_compare(coach_app(), terminal_size=SIZES[size], run_before=on_screen("today"))


def test_german_today(snap_compare, coach_app, due) -> None:
    assert snap_compare(coach_app("de"), terminal_size=(80, 24), run_before=on_screen("today"))


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_people(snap_compare, coach_app, due, size: str) -> None:
    assert snap_compare(coach_app(), terminal_size=SIZES[size], run_before=on_screen("people"))


def test_person_page(snap_compare, coach_app, due) -> None:
    run = on_screen("people", "down", "enter")
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=run)

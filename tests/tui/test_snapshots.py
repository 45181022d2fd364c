"""What users see, recorded as SVG screenshots (pytest-textual-snapshot).

A changed layout fails here until someone looks at the new picture and accepts it:
``python -m pytest tests/tui/test_snapshots.py --snapshot-update`` rewrites them into
``tests/tui/__snapshots__/test_snapshots/``; look at every changed SVG before committing.
The screens are here, every dialog a user meets in test_dialog_snapshots.py; what both
share is in snapshot_helpers.py.

Every picture is made the same way on any machine: a private data folder holding a fixed
progress file (tests/fixtures/snapshots/progress.json), a fixed language, a frozen "today"
for the sheet, no animations and no blinking cursor.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from tui.conftest import wait_for
from tui.snapshot_helpers import (
    SIZES,
    STEPS,
    CoachAppMaker,
    SnapCompare,
    at_step,
    no_blink,
    on_screen,
)

pytestmark = pytest.mark.usefixtures("snapshot_day")


def _help(app: App[Any]) -> bool:
    from coach.tui.dialogs.common import HelpScreen

    return isinstance(app.screen, HelpScreen) and app.screen.is_mounted


def _roadmap(app: App[Any]) -> bool:
    from coach.tui.widgets.roadmap import Roadmap

    return isinstance(app.focused, Roadmap)


def _sheet(app: App[Any]) -> bool:
    return bool(app.screen.query("#sheet-text"))


def _person_page(app: App[Any]) -> bool:
    from coach.tui.screens.people_screen import PersonScreen

    return isinstance(app.screen, PersonScreen) and app.screen.is_mounted


def test_welcome(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app(fresh=True), terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("n", STEPS, ids=[f"step{n}" for n in STEPS])
def test_step(snap_compare: SnapCompare, coach_app: CoachAppMaker, n: int, size: str) -> None:
    """Step ``n`` as it opens when the user quit there (opening on step 1 and going to it
    shows the same: the walk's tests go from step to step)."""
    assert snap_compare(coach_app(step=n), terminal_size=SIZES[size], run_before=at_step(n))


def test_help(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(
        coach_app(), terminal_size=(80, 24), run_before=at_step(1, "question_mark", until=_help)
    )


def test_german_help_scrolls(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    """German is wordier: at 80x24 the help is taller than the screen, so it scrolls (the
    scrollbar shows it); this is its end, the note on saving and the button."""
    run = at_step(1, "question_mark", "end", until=_help)
    assert snap_compare(coach_app("de"), terminal_size=(80, 24), run_before=run)


def test_roadmap_narrow(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    """On a narrow terminal ``r`` gives the roadmap the whole screen."""
    assert snap_compare(
        coach_app(step=3), terminal_size=(80, 24), run_before=at_step(3, "r", until=_roadmap)
    )


def test_sheet_preview(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(
        coach_app(step=5), terminal_size=(120, 40), run_before=at_step(5, "s", until=_sheet)
    )


async def _open_person_form(pilot: Pilot[Any]) -> None:
    """Step 5's list of places (empty): its Add button, the form it opens."""
    from textual.widgets import Button

    app = pilot.app
    await at_step(5)(pilot)
    app.screen.query_one("#add", Button).focus()
    await pilot.press("a")
    await wait_for(pilot, lambda: bool(app.screen.query("#f-name")), what="the person form")
    no_blink(app)


def test_records_form(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app(step=5), terminal_size=(100, 34), run_before=_open_person_form)


def test_german_welcome(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app("de", fresh=True), terminal_size=(80, 24))


def test_german_step(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app("de", step=2), terminal_size=(120, 40), run_before=at_step(2))


def test_german_records_form(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    app = coach_app("de", step=5)
    assert snap_compare(app, terminal_size=(100, 34), run_before=_open_person_form)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_today(snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None, size: str) -> None:
    assert snap_compare(coach_app(), terminal_size=SIZES[size], run_before=on_screen("today"))


def test_german_today(snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None) -> None:
    assert snap_compare(coach_app("de"), terminal_size=(80, 24), run_before=on_screen("today"))


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_people(snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None, size: str) -> None:
    assert snap_compare(coach_app(), terminal_size=SIZES[size], run_before=on_screen("people"))


def test_person_page(snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None) -> None:
    run = on_screen("people", "down", "enter", until=_person_page)
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=run)

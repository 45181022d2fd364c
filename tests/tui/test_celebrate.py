"""Finishing a step says so in one warm line; finishing them all leads on to Today."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from coach.content.content_types import Step
from coach.content.course import Course
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain.status import checklist_groups
from coach.tui.app import CoachApp
from coach.tui.dialogs.celebrate import WhatNowScreen
from coach.tui.screens.main_screen import MainScreen
from coach.tui.screens.sheet_screen import SheetScreen
from coach.tui.screens.today_screen import TodayScreen
from coach.tui.textual_private import notification_texts
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.step_view import StepView
from tui.conftest import MakeApp, Shown, on, on_step, start, wait_for


def _keys(course: Course, progress: Progress, step: Step) -> list[str]:
    return [k for g in checklist_groups(course, step, progress) for k, _ in g.items]


def _seed_all_but_one(data_dir: Path, make_app: MakeApp, lang: str = "en") -> CoachApp:
    """Every item of every step ticked except the first of the last step (on screen)."""
    app = make_app(lang)
    course, progress = app.course, Progress()
    progress.welcome_seen = True
    last = course.steps[-1]
    for step in course.steps:
        for key in _keys(course, progress, step):
            progress.set_tick(key, True)
    progress.set_tick(_keys(course, progress, last)[0], False)
    progress.current_step = last.id
    Store(data_dir).save(progress)
    return make_app(lang)


def _told(app: CoachApp) -> list[str]:
    return notification_texts(app)


async def test_finishing_a_step_says_so_warmly(make_app: MakeApp, shown: Shown) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the welcome
        await wait_for(pilot, on_step(app), "step 1")
        view = app.screen.query_one(StepView)
        title = app.course.steps[0].title["en"]
        count = len(app.screen.query_one(Checklist).items)
        for _ in range(count - 1):
            await pilot.press("space", "down")
        await wait_for(pilot, lambda: len(app.screen.query_one(Checklist).selected) == count - 1)
        assert not any("is done" in m for m in _told(app))
        await pilot.press("space")
        await wait_for(pilot, lambda: any("is done" in m for m in _told(app)), "it says so")
        assert f"✓ “{title}” is done. That was a real step; well done!" in _told(app)
        assert view.step_id == app.course.steps[0].id, "it says so, and does not move on"
        assert isinstance(app.screen, MainScreen)


async def test_finishing_the_last_step_opens_what_now_and_leads_to_today(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    app = _seed_all_but_one(data_dir, make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("space")  # the last open item
        await wait_for(pilot, lambda: on(app, WhatNowScreen)() and bool(app.screen.query("Button")))
        assert isinstance(app.screen, WhatNowScreen)
        text = shown(app)
        assert f"All {len(app.course.steps)} steps done" in text
        assert "Today" in text and "sheet" in text
        await pilot.press("t")
        await wait_for(pilot, on(app, TodayScreen), "Today")
        assert isinstance(app.screen, TodayScreen)


async def test_u_on_what_now_takes_the_last_tick_back(make_app: MakeApp, data_dir: Path) -> None:
    """A week-eight trial: a last item ticked by mistake, then u on the dialog it opened:
    nothing happened, no word, until esc."""
    app = _seed_all_but_one(data_dir, make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        ticked = len(app.screen.query_one(Checklist).selected)
        await pilot.press("space")
        await wait_for(pilot, on(app, WhatNowScreen), "what now")
        await pilot.press("u")
        await wait_for(pilot, lambda: any("Taken back" in m for m in _told(app)), "said")
        await wait_for(pilot, on(app, MainScreen), "back on the step")
        await wait_for(
            pilot, lambda: len(app.screen.query_one(Checklist).selected) == ticked, "unticked"
        )


async def test_the_checklists_keys_typed_on_go_past_what_now_to_the_list(
    make_app: MakeApp, data_dir: Path
) -> None:
    """What now opened the moment the last required item was ticked: the down and space
    meant for the optional items after it were lost (a new user's trial). They go on to the
    list now, and the dialog steps aside."""
    app = _seed_all_but_one(data_dir, make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        checklist = app.screen.query_one(Checklist)
        row = checklist.cursor_row
        await pilot.press("space")
        await wait_for(pilot, on(app, WhatNowScreen), "what now")
        await pilot.press("down")
        await wait_for(pilot, on(app, MainScreen), "back on the step")
        await wait_for(pilot, lambda: checklist.cursor_row == row + 1, "the cursor moved")


async def test_n_on_the_last_step_leads_on_in_german(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    app = _seed_all_but_one(data_dir, make_app, "de")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: "Das war der letzte Schritt" in shown(app), "what now")
        assert isinstance(app.screen, WhatNowScreen)
        text = shown(app)
        assert "Das war der letzte Schritt" in text
        assert "Bei einem Schritt ist noch etwas offen" in text
        await pilot.press("s")
        await wait_for(pilot, on(app, SheetScreen), "the sheet")
        assert isinstance(app.screen, SheetScreen)


async def test_all_done_opens_on_today_next_time(make_app: MakeApp, data_dir: Path) -> None:
    app = _seed_all_but_one(data_dir, make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("space")
        await wait_for(pilot, on(app, WhatNowScreen), "what now")
        await pilot.press("escape", "q")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(again.screen, TodayScreen), "the steps are done: Today comes first"


def test_the_end_says_how_to_print_the_sheet() -> None:
    """It said "save or print it" with no print key: the sheet's key for a page to print
    (HTML, printed from the browser) is named, in both languages."""
    from coach.i18n import catalog

    key = next(
        b.key for b in SheetScreen.BINDINGS if isinstance(b, Binding) and b.action == "save('html')"
    )
    for lang in ("en", "de"):
        line = catalog(lang)["whatnow.line3"]
        assert f" {key} " in line and "browser" in line.lower(), (lang, line)

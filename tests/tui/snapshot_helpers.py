"""What the snapshot tests share (tests/tui/test_snapshots.py, test_dialog_snapshots.py):
the app on a private data folder holding a fixed progress file, the fixed days, the
terminal sizes, and the ``run_before`` steps that bring a screen up and wait for it. The
fixtures here reach the tests through tui/conftest.py."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import types
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import pytest
from textual.app import App
from textual.pilot import Pilot

from coach import i18n
from coach.application.session import Session

if TYPE_CHECKING:
    from coach.tui.app import CoachApp

SnapCompare = Callable[..., bool]  # pytest-textual-snapshot's snap_compare
RunBefore = Callable[[Pilot[None]], Awaitable[None]]


class CoachAppMaker(Protocol):
    """The ``coach_app`` fixture."""

    def __call__(
        self, lang: str = "en", *, fresh: bool = False, step: int | None = None
    ) -> CoachApp: ...


PROGRESS = Path(__file__).resolve().parents[1] / "fixtures" / "snapshots" / "progress.json"
TODAY = dt.date(2026, 1, 20)  # the sheet's "made on" and its "from today on" lists
STEPS = range(1, 8)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


class _FrozenDate(dt.date):
    @classmethod
    def today(cls) -> _FrozenDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def snapshot_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """No animations, and the same "today" for the sheet, Today and the dialogs (the
    snapshot files use it for every test: their ``pytestmark``)."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    # The sheet asks coach.sheet.document for today's date: always the same day here.
    monkeypatch.setattr("coach.sheet.document.dt", types.SimpleNamespace(date=_FrozenDate))
    # Today, the log dialog and "what is due" ask coach.dates: the same day there too.
    monkeypatch.setattr("coach.dates.local_today", lambda: TODAY)


@pytest.fixture
def coach_app(tmp_path: Path) -> Iterator[CoachAppMaker]:
    """``coach_app(lang, fresh=False, step=None)``: the app on a tmp data folder holding
    the fixed progress (``fresh``: no progress yet, so the welcome shows), opened on
    ``step`` (its number) as after quitting there."""
    from coach.tui.app import CoachApp

    def make(lang: str = "en", *, fresh: bool = False, step: int | None = None) -> CoachApp:
        data = tmp_path / "data"
        data.mkdir()
        if not fresh:
            shutil.copy(PROGRESS, data / "progress.json")
        session = Session.from_options(str(data), None, lang)
        if step is not None:  # (the saved state is read later, when the app asks for it)
            doc = json.loads(PROGRESS.read_text("utf-8"))
            doc["current_step"] = session.course_to_read.steps[step - 1].id
            (data / "progress.json").write_text(json.dumps(doc), "utf-8")
        i18n.set_language(session.resolve_language())
        return CoachApp(session, progress=session.progress)

    yield make
    i18n.set_language("en")


def no_blink(app: App[Any]) -> None:
    """A blinking cursor would be drawn or not at random: keep it steady."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


def at_step(n: int, *then: str, until: Callable[[App[Any]], bool] | None = None) -> RunBefore:
    """``run_before``: show step ``n`` fully built, then press ``then`` and wait ``until``
    the app shows what they lead to."""

    async def run_before(pilot: Pilot[Any]) -> None:
        from tui.conftest import settled, wait_for

        app = cast("CoachApp", pilot.app)
        await wait_for(pilot, lambda: settled(app), what="the main screen")
        app.go_to_step(app.course.steps[n - 1].id)
        await wait_for(
            pilot,
            lambda: settled(app) and app.progress.current_step == app.course.steps[n - 1].id,
            what=f"step {n}",
        )
        await press_then(pilot, then, until)

    return run_before


async def press_then(
    pilot: Pilot[Any], keys: tuple[str, ...], until: Callable[[App[Any]], bool] | None
) -> None:
    """Press ``keys``, wait ``until`` the app shows what they lead to, steady the cursor."""
    from tui.conftest import wait_for

    app = pilot.app
    if keys:
        await pilot.press(*keys)
    if until is not None:
        await wait_for(pilot, lambda: until(app), f"what {keys} lead to")
    no_blink(app)


DUE_DAY = dt.date(2026, 2, 5)  # Sam Lee's follow-up (Feb 1) is four days late by then


def on_screen(
    action: str, *then: str, until: Callable[[App[Any]], bool] | None = None
) -> RunBefore:
    """``run_before``: the coach opens on Today (a follow-up is due on :data:`DUE_DAY`);
    run the app's ``action`` (today, people) and press ``then``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        from coach.tui.screens.people_screen import PeopleScreen
        from coach.tui.screens.today_screen import TodayScreen
        from tui.conftest import wait_for

        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        getattr(app, f"action_{action}")()
        wanted = TodayScreen if action == "today" else PeopleScreen
        await wait_for(pilot, lambda: isinstance(app.screen, wanted), what=action)
        await wait_for(pilot, lambda: app.screen.is_mounted, what=f"{action} built")
        await press_then(pilot, then, until)

    return run_before


@pytest.fixture
def due(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.dates.local_today", lambda: DUE_DAY)

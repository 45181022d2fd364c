"""Pilot-test helpers: a fresh app on a private data folder, as a user would start it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import pytest
from textual.app import App
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.screen import Screen

from coach import i18n
from coach.application.session import Session
from coach.data.book import Book
from coach.data.progress import Progress
from coach.tui.textual_private import screen_lines

from .snapshot_helpers import coach_app, due, snapshot_day  # noqa: F401 (the snapshot tests' fixtures)

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


class MakeApp(Protocol):
    """The ``make_app`` fixture: a CoachApp on the test's data folder."""

    def __call__(self, lang: str | None = "en", content: Path | None = None) -> CoachApp: ...


Shown = Callable[[App[Any]], str]  # the ``shown`` fixture: screen_text
OnDisk = Callable[[], Progress]  # the ``on_disk`` fixture: what is saved now

OTHER_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "other_content"


@pytest.fixture
def other_content() -> Path:
    return OTHER_CONTENT


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_app(data_dir: Path) -> Iterator[MakeApp]:
    """``make_app(lang="en", content=None)`` -> a CoachApp on the test's data folder."""
    from coach.tui.app import CoachApp

    def make(lang: str | None = "en", content: Path | None = None) -> CoachApp:
        session = Session.from_options(str(data_dir), str(content) if content else None, lang)
        i18n.set_language(session.resolve_language())
        app = CoachApp(session, progress=session.progress)
        # Scrolls jump instead of gliding (as with TEXTUAL_ANIMATIONS=none): the same end
        # state, without Pilot waiting ~0.2 s on each glide after a key.
        app.animation_level = "none"
        return app

    yield make
    i18n.set_language("en")


def saved(data_dir: Path) -> Progress:
    """What is on disk right now (the app saves in the background: flushed by quitting)."""
    return Book(data_dir).load()


def screen_text(app: App[Any]) -> str:
    """Every character the terminal shows right now (the top screen, modals included)."""
    return "\n".join(screen_lines(app))


def offered(app: App[Any]) -> list[tuple[str, str]]:
    """The keys the footer offers now, as it shows them: (key, what it says), all enabled.
    Read from its keys on screen (the ones it leaves out for room are not offered)."""
    from coach.tui.widgets.footer import KeyFooter

    keys: list[tuple[str, str]] = []
    for key in app.screen.query_one(KeyFooter).drawn:
        assert key.enabled, f"{key.display} is offered dimmed"
        keys.append((key.display, key.description))
    return keys


def told(app: App[Any]) -> list[str]:
    """Every message ``app.notify`` is given from now on, in order (kept, where the screen
    shows one at a time and for seconds)."""
    said: list[str] = []
    notify = app.notify

    def telling(message: str, **kw: Any) -> None:
        said.append(str(message))
        notify(message, **kw)

    app.notify = telling  # type: ignore[method-assign]
    return said


def footer_line(app: App[Any]) -> str:
    lines = screen_text(app).splitlines()
    return lines[-1] if lines else ""  # nothing painted yet


@pytest.fixture
def on_disk(data_dir: Path) -> OnDisk:
    return lambda: saved(data_dir)


@pytest.fixture
def shown() -> Shown:
    return screen_text


# -- keys as a terminal delivers them when they come together -----------------------------
_CHARACTERS = {"space": " ", "tab": "\t", "enter": "\r"}


def burst(app: App[Any], keys: list[str]) -> None:
    """Post ``keys`` to ``app`` together, with no wait between them: as a terminal hands
    over keys that arrive in one read (a fast typist, a laggy ssh session, a script).
    ``pilot.press`` waits after each key and never shows what then overtakes what."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, _CHARACTERS.get(key, key if len(key) == 1 else None)))


async def type_text(
    pilot: Pilot[Any], text: str, until: Callable[[], object], what: str = ""
) -> None:
    """Type ``text`` into the focused text box as keys that come together (:func:`burst`),
    then wait until ``until()`` holds (the box holds the text, or what it led to). For text
    whose every key is not what a test is about: ``pilot.press(*text)`` waits for the app to
    go idle after each key, about 40 ms a key."""
    burst(pilot.app, ["space" if ch == " " else ch for ch in text])
    await wait_for(pilot, until, what or f"{text!r} typed")


# -- waiting on the state, not on a number of pauses ------------------------------------
async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], what: str = "", *, timeout: float = 10.0
) -> None:
    """The one wait of the UI tests: let the app run until ``condition()`` holds (what the
    user would see or what was saved), failing with ``what`` after ``timeout`` seconds.

    A condition that queries a widget not mounted yet (``NoMatches``) does not hold yet.
    The timeout only guards against a hang: a slow machine just waits longer per step.
    """
    deadline = time.monotonic() + timeout
    while not _holds(condition):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition!r}")
        await pilot.pause(0.01)


def _holds(condition: Callable[[], object]) -> bool:
    try:
        return bool(condition())
    except NoMatches:
        return False


def shows(app: App[Any], *texts: str) -> Callable[[], bool]:
    """A condition for :func:`wait_for`: the screen shows every one of ``texts``."""
    return lambda: all(text in screen_text(app) for text in texts)


def on(app: App[Any], screen: type[Screen[Any]]) -> Callable[[], bool]:
    """A condition for :func:`wait_for`: a ``screen`` is the top screen."""
    return lambda: isinstance(app.screen, screen)


def started(app: CoachApp) -> bool:
    """The app's start is over as far as a user can tell: a new user's welcome (their first
    screen) is up with its button; a returning user's first screen is mounted (a step
    fully built, see :func:`settled`)."""
    from coach.tui.dialogs.common import WelcomeScreen
    from coach.tui.screens.main_screen import MainScreen

    screen = app.screen
    if isinstance(screen, WelcomeScreen):
        return screen.is_mounted and bool(screen.query("Button"))
    return screen.is_mounted and (not isinstance(screen, MainScreen) or settled(app))


async def start(pilot: Pilot[Any]) -> None:
    """Wait until the app has started (see ``started``), instead of hoping one pause does."""
    app = cast("CoachApp", pilot.app)
    await wait_for(pilot, lambda: started(app), what="the app's start")


def settled(app: CoachApp) -> bool:
    """The main screen is fully built: roadmap in place, the step's tools mounted, no
    recompose pending (what a user sees a moment after opening a step)."""
    from coach.tui.screens.main_screen import MainScreen
    from coach.tui.widgets.footer import KeyFooter
    from coach.tui.widgets.later import Later
    from coach.tui.widgets.roadmap_frame import RoadmapFrame
    from coach.tui.widgets.step_view import StepView

    main = app.get_screen_main()
    if main is None or not main.is_attached:
        return False
    if main.query(Later) or main.query(RoadmapFrame):  # type: ignore[arg-type]
        return False
    views = main.query(StepView)
    if not views:
        return False
    view = views.first()
    if not view.built:
        return False
    for footer in main.query(KeyFooter):  # the key bar shows the newly focused widget's keys
        if not footer.drawn or footer.built != footer.keys_now():
            return False
    return isinstance(main, MainScreen)


def on_step(app: CoachApp, step_id: str | None = None) -> Callable[[], bool]:
    """A condition for :func:`wait_for`: the steps are the top screen, built (see
    :func:`settled`), showing ``step_id`` if given."""
    from coach.tui.screens.main_screen import MainScreen
    from coach.tui.widgets.step_view import StepView

    def holds() -> bool:
        if not (isinstance(app.screen, MainScreen) and settled(app)):
            return False
        return step_id is None or app.screen.query_one(StepView).step_id == step_id

    return holds


async def go_to(pilot: Pilot[Any], step_id: str) -> None:
    """Show ``step_id`` as the palette or the roadmap would, and wait until it is built."""
    app = cast("CoachApp", pilot.app)
    app.go_to_step(step_id)
    await wait_for(
        pilot,
        lambda: settled(app) and app.progress.current_step == step_id,
        what=f"step {step_id!r} built",
    )

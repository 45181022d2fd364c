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
import json
import shutil
import types
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from coach import i18n
from coach.application.session import Session
from coach.data.progress import Progress
from tui.conftest import screen_text, settled, wait_for

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


@pytest.fixture(autouse=True)
def _deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
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


def _no_blink(app: App[Any]) -> None:
    """A blinking cursor would be drawn or not at random: keep it steady."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


def at_step(n: int, *then: str, until: Callable[[App[Any]], bool] | None = None) -> RunBefore:
    """``run_before``: show step ``n`` fully built, then press ``then`` and wait ``until``
    the app shows what they lead to."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = cast("CoachApp", pilot.app)
        await wait_for(pilot, lambda: settled(app), what="the main screen")
        app.go_to_step(app.course.steps[n - 1].id)
        await wait_for(
            pilot,
            lambda: settled(app) and app.progress.current_step == app.course.steps[n - 1].id,
            what=f"step {n}",
        )
        if then:
            await pilot.press(*then)
        if until is not None:
            await wait_for(pilot, lambda: until(app), f"what {then} lead to")
        _no_blink(app)

    return run_before


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
    _no_blink(app)


def test_records_form(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app(step=5), terminal_size=(100, 34), run_before=_open_person_form)


def test_german_welcome(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app("de", fresh=True), terminal_size=(80, 24))


def test_german_step(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app("de", step=2), terminal_size=(120, 40), run_before=at_step(2))


def test_german_records_form(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    app = coach_app("de", step=5)
    assert snap_compare(app, terminal_size=(100, 34), run_before=_open_person_form)


DUE_DAY = dt.date(2026, 2, 5)  # Sam Lee's follow-up (Feb 1) is four days late by then


def on_screen(
    action: str, *then: str, until: Callable[[App[Any]], bool] | None = None
) -> RunBefore:
    """``run_before``: the coach opens on Today (a follow-up is due on :data:`DUE_DAY`);
    run the app's ``action`` (today, people) and press ``then``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        from coach.tui.screens.people_screen import PeopleScreen
        from coach.tui.screens.today_screen import TodayScreen

        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        getattr(app, f"action_{action}")()
        wanted = TodayScreen if action == "today" else PeopleScreen
        await wait_for(pilot, lambda: isinstance(app.screen, wanted), what=action)
        await wait_for(pilot, lambda: app.screen.is_mounted, what=f"{action} built")
        if then:
            await pilot.press(*then)
        if until is not None:
            await wait_for(pilot, lambda: until(app), f"what {then} lead to")
        _no_blink(app)

    return run_before


@pytest.fixture
def due(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.dates.local_today", lambda: DUE_DAY)


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


# -- every dialog a user meets ------------------------------------------------------------
def dialog(action: str, keys: tuple[str, ...], shows: type, *, ready: str = "") -> RunBefore:
    """``run_before``: open ``action``'s screen (as :func:`on_screen`), press ``keys`` and wait
    until a ``shows`` is the top screen (and, with ``ready``, its widget matching it is there)."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await on_screen(action)(pilot)
        await pilot.press(*keys)
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, shows) and bool(not ready or app.screen.query(ready)),
            what=shows.__name__,
        )
        _no_blink(app)

    return run_before


def _log_dialog() -> type:
    from coach.tui.dialogs.log_dialog import LogContactScreen

    return LogContactScreen


def _pause() -> type:
    from coach.tui.dialogs.pause_dialog import PauseScreen

    return PauseScreen


def _confirm() -> type:
    from coach.tui.dialogs.common import ConfirmScreen

    return ConfirmScreen


def _templates() -> type:
    from coach.tui.dialogs.template_pick import TemplatePickScreen

    return TemplatePickScreen


@pytest.mark.parametrize("lang", ["en", "de"])
def test_log_dialog(
    snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None, lang: str
) -> None:
    """Today's ``l``: log a contact with the first person due (Sam Lee)."""
    run = dialog("today", ("l",), _log_dialog(), ready="#log-note")
    assert snap_compare(coach_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_pause_dialog(
    snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None, lang: str
) -> None:
    """Today's ``b``: take a break from follow-ups until a day."""
    run = dialog("today", ("b",), _pause(), ready="#pause-until")
    assert snap_compare(coach_app(lang), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_confirm_dialog(
    snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None, lang: str
) -> None:
    """A person's page, ``d``: the question before someone is removed."""
    run = dialog("people", ("down", "enter", "d"), _confirm(), ready="#no")
    assert snap_compare(coach_app(lang), terminal_size=(80, 24), run_before=run)


def test_template_picker(snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None) -> None:
    """A person's page, ``m``: every template, the first shown with the name filled in."""
    run = dialog("people", ("down", "enter", "m"), _templates())
    assert snap_compare(coach_app(), terminal_size=(100, 34), run_before=run)


async def _palette(pilot: Pilot[None]) -> None:
    from textual.command import CommandPalette

    app = pilot.app
    await at_step(1)(pilot)
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await wait_for(
        pilot, lambda: "Go to step 1 of 7" in screen_text(app), what="the palette's commands"
    )
    _no_blink(app)


def test_command_palette(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    """ctrl+p: the steps, Today, the sheet, people, contacts, the language."""
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=_palette)


CONTACTS = Path(__file__).resolve().parents[1] / "fixtures" / "contacts" / "four-cards.vcf"


async def _contacts_path(pilot: Pilot[None]) -> None:
    from textual.widgets import Input

    from coach.tui.screens.contacts_screen import ContactsPathScreen

    app = pilot.app
    await at_step(1)(pilot)
    await pilot.press("ctrl+p", *"Import contacts")
    await wait_for(pilot, lambda: "Import contacts…" in screen_text(app), what="the command")
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, ContactsPathScreen) and bool(app.screen.query(Input)),
        what="the question for the file",
    )
    _no_blink(app)


async def _contacts_picker(pilot: Pilot[None]) -> None:
    from textual.widgets import Input

    from coach.tui.screens.contacts_screen import ContactList, ContactsScreen

    app = pilot.app
    await _contacts_path(pilot)
    app.screen.query_one(Input).value = str(CONTACTS)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, ContactsScreen) and bool(app.screen.query(ContactList)),
        what="the contacts picker",
    )
    await wait_for(pilot, lambda: "Tom Weber" in screen_text(app), what="the contacts listed")
    _no_blink(app)


def test_contacts_file_question(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=_contacts_path)


def test_contacts_picker(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    """Four cards: one is already in the people list, one is skipped; the rest to pick."""
    assert snap_compare(coach_app(), terminal_size=(100, 30), run_before=_contacts_picker)


@pytest.fixture
def broken_app(tmp_path: Path) -> Callable[[str], CoachApp]:
    """``broken_app(lang)``: the app asking what to do about an unreadable progress file
    (a backup exists); the paths it names are fixed, not the test's tmp folder."""
    from coach.data.store import Store
    from coach.data.store_errors import BrokenFile
    from coach.tui.app import CoachApp

    def make(lang: str) -> CoachApp:
        data = tmp_path / "data"
        data.mkdir()
        shutil.copy(PROGRESS, data / "progress.json")
        store = Store(data)
        store.save(store.load())  # the first version is now a backup
        store.path.write_text('{"schema_version": 1, "ticks": ')  # truncated by a crash
        session = Session.from_options(str(data), None, lang)
        i18n.set_language(session.resolve_language())
        try:
            _ = session.progress
        except BrokenFile as real:
            home = Path("/home/you/.local/share/coach")
            broken = BrokenFile(
                home / "progress.json",
                home / "progress.json.broken-2026-01-20",
                real.reason,
                home / "backups" / "progress-2026-01-19T18-30-00.json",
            )
        else:
            raise AssertionError("the truncated file was read")
        app = CoachApp(session, progress=Progress())
        app.call_later(app.show_broken_file, broken)
        return app

    return make


async def _broken_shown(pilot: Pilot[None]) -> None:
    from coach.tui.dialogs.common import BrokenFileScreen

    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, BrokenFileScreen), what="the question")
    await wait_for(pilot, lambda: bool(app.screen.query("#restore")), what="its buttons")
    _no_blink(app)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_broken_file_dialog(
    snap_compare: SnapCompare, broken_app: Callable[[str], CoachApp], lang: str
) -> None:
    assert snap_compare(broken_app(lang), terminal_size=(80, 24), run_before=_broken_shown)


@pytest.fixture
def all_but_one(tmp_path: Path) -> Callable[[str], CoachApp]:
    """``all_but_one(lang)``: every checklist item ticked but one of the last step, shown."""
    from coach.data.store import Store
    from coach.domain.status import checklist_groups
    from coach.tui.app import CoachApp

    def make(lang: str) -> CoachApp:
        data = tmp_path / "data"
        session = Session.from_options(str(data), None, lang)
        i18n.set_language(session.resolve_language())
        course, progress = session.course, Progress(welcome_seen=True)
        last = course.steps[-1]
        for step in course.steps:
            for group in checklist_groups(course, step, progress):
                for key, _ in group.items:
                    progress.set_tick(key, True)
        first = checklist_groups(course, last, progress)[0].items[0][0]
        progress.set_tick(first, False)
        progress.current_step = last.id
        Store(data).save(progress)
        session = Session.from_options(str(data), None, lang)
        return CoachApp(session, progress=session.progress)

    return make


async def _celebrate(pilot: Pilot[None]) -> None:
    from coach.tui.dialogs.celebrate import WhatNowScreen

    app = cast("CoachApp", pilot.app)
    await wait_for(pilot, lambda: settled(app), what="the last step")
    await pilot.press("space")  # its last open item
    await wait_for(pilot, lambda: isinstance(app.screen, WhatNowScreen), what="the celebration")
    await wait_for(pilot, lambda: bool(app.screen.query("Button")), what="its choices")
    _no_blink(app)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_celebration(
    snap_compare: SnapCompare, all_but_one: Callable[[str], CoachApp], lang: str
) -> None:
    """The last item of the last step ticked: all steps done, and what now."""
    assert snap_compare(all_but_one(lang), terminal_size=(80, 24), run_before=_celebrate)


def _contact_pick() -> type:
    from coach.tui.dialogs.contact_fix import ContactPickScreen

    return ContactPickScreen


@pytest.mark.parametrize("lang", ["en", "de"])
def test_contact_fix_dialog(
    snap_compare: SnapCompare, coach_app: CoachAppMaker, due: None, lang: str
) -> None:
    """A person's page, ``c``: their logged contacts, to correct or remove one (issue 21)."""

    async def run(pilot: Pilot[None]) -> None:
        from coach.tui.screens.person_screen import PersonScreen

        app = cast("CoachApp", pilot.app)
        await on_screen("people")(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen), what="the page")
        person = cast("PersonScreen", app.screen).person
        assert person is not None
        for note in ("Coffee after the meetup", "Coffee after the meetup"):  # logged twice
            app.session.log_contact(person, on=DUE_DAY, kind="met", note=note)
        await pilot.press("c")
        shows = _contact_pick()
        await wait_for(pilot, lambda: isinstance(app.screen, shows), what="the contacts")
        _no_blink(app)

    assert snap_compare(coach_app(lang), terminal_size=(80, 24), run_before=run)


async def _sync_folder(pilot: Pilot[None]) -> None:
    from coach.tui.dialogs.sync_folder import SyncFolderScreen

    app = pilot.app
    await at_step(1)(pilot)
    app.push_screen(SyncFolderScreen())
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, SyncFolderScreen) and app.screen.query("#sync-folder-input"),
        what="the question",
    )
    app.screen.query_one("#sync-folder-input", Input).value = "/home/you/Sync/coach"
    _no_blink(app)


def test_sync_folder_dialog(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    """The palette's "Sync: turn on…": which folder, and what lands there."""
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=_sync_folder)

"""Every dialog a user meets, recorded as SVG screenshots (pytest-textual-snapshot), made
the same way as the screens' (test_snapshots.py): ``--snapshot-update`` rewrites them into
``tests/tui/__snapshots__/test_dialog_snapshots/``; look at every changed SVG before
committing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from coach import i18n
from coach.application.session import Session
from coach.data.progress import Progress
from tui.conftest import screen_text, settled, wait_for
from tui.snapshot_helpers import (
    DUE_DAY,
    PROGRESS,
    CoachAppMaker,
    RunBefore,
    SnapCompare,
    at_step,
    no_blink,
    on_screen,
)

if TYPE_CHECKING:
    from coach.tui.app import CoachApp

pytestmark = pytest.mark.usefixtures("snapshot_day")


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
        no_blink(app)

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
    no_blink(app)


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
    no_blink(app)


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
    no_blink(app)


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
    no_blink(app)


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
    no_blink(app)


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
        no_blink(app)

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
    no_blink(app)


def test_sync_folder_dialog(snap_compare: SnapCompare, coach_app: CoachAppMaker) -> None:
    """The palette's "Sync: turn on…": which folder, and what lands there."""
    assert snap_compare(coach_app(), terminal_size=(80, 24), run_before=_sync_folder)

"""Someone removed in another shell (or by an undo) while a screen still shows them: a
change to them is refused, never made (it brought them back); their page closes; and
during a break nothing is marked overdue on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import RunCli
from textual.widgets import TextArea

from coach.application.session import Session
from coach.data.book import Book
from coach.data.store import Store
from coach.domain import people
from coach.errors import PersonGone
from coach.tui.dialogs.log_dialog import LogContactScreen
from coach.tui.screens.person_screen import PersonScreen
from tui.conftest import MakeApp, Shown, shows, wait_for
from tui.today_helpers import TODAY, seed


def _names(data_dir: Path) -> list[str]:
    doc = Book(data_dir).load().to_doc(export=True)
    return [r["name"] for r in doc["answers"]["strategy/people"]]


def _remove_in_another_shell(data_dir: Path, pid: str) -> None:
    Session.from_options(str(data_dir), None, "en").remove_record("strategy/people", pid)


def test_the_session_refuses_a_change_to_someone_removed_meanwhile(data_dir: Path) -> None:
    seed(data_dir)
    here = Session.from_options(str(data_dir), None, "en")
    ada = people.by_id(here.course, here.progress, "p-ada")
    assert ada is not None
    _remove_in_another_shell(data_dir, "p-ada")
    here.refresh()
    with pytest.raises(PersonGone):
        here.log_contact(ada, on=TODAY, kind="message", note="hello")
    with pytest.raises(PersonGone):
        here.set_follow_up(ada, TODAY + dt.timedelta(days=3))
    assert "Ada Lovelace" not in _names(data_dir)
    assert not [c for c in here.history() if c.get("note") == "hello"]


async def test_a_log_form_left_open_for_someone_removed_saves_nothing(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ada = people.by_id(app.course, app.progress, "p-ada")
        assert ada is not None
        app.push_screen(LogContactScreen(ada))
        await wait_for(pilot, lambda: bool(app.screen.query("#log-note")), "the log dialog")
        app.screen.query_one("#log-note", TextArea).insert("we met for coffee")
        _remove_in_another_shell(data_dir, "p-ada")
        app.look_for_changes()
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(app, "no longer on your list"), "said in the form")
        assert isinstance(app.screen, LogContactScreen), "the note is still there to copy"
    assert "Ada Lovelace" not in _names(data_dir), "not brought back"


async def test_a_person_page_closes_when_they_are_removed_elsewhere(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PersonScreen("p-ada"))
        await wait_for(pilot, shows(app, "Ada Lovelace"), "Ada's page")
        _remove_in_another_shell(data_dir, "p-ada")
        app.look_for_changes()
        await wait_for(pilot, lambda: not isinstance(app.screen, PersonScreen), "the page gone")


async def test_nothing_is_marked_overdue_on_a_person_page_during_a_break(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    progress = seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PersonScreen("p-ada"))
        await wait_for(pilot, shows(app, "still open"), "Ada overdue, before a break")
    progress.pause_until = (TODAY + dt.timedelta(days=7)).isoformat()
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PersonScreen("p-ada"))
        await wait_for(pilot, shows(app, "Ada Lovelace"), "Ada's page")
        assert "still open" not in shown(app)


async def test_someone_removed_here_and_logged_elsewhere_later_is_said_to_be_back(
    run_cli: RunCli, two: tuple[Path, Path, Path, Path]
) -> None:
    """The open coach on the laptop removes Tom; the desktop, not yet knowing, logs a
    contact with him; once that arrives Tom is on the list again (the later change wins),
    and the coach says why, once."""
    import random

    from sync_helpers import carry

    from coach.tui.app import CoachApp
    from tui.conftest import told

    laptop, desktop, _, sync_d = two
    session = Session.from_options(str(laptop), None, "en")
    app = CoachApp(session, progress=session.progress)
    async with app.run_test(size=(80, 24)) as pilot:
        said = told(app)
        app.session.remove_record("strategy/people", "p2")
        assert run_cli("--data-dir", desktop, "log", "tom", "--note", "coffee").code == 0
        carry(sync_d, two[2], random.Random(1))
        app.look_for_changes()
        await wait_for(pilot, lambda: any("Tom Weber is back" in s for s in said), "said")
        app.look_for_changes()  # (said at once: notify is called before it returns)
        assert sum("is back" in s for s in said) == 1


async def test_an_edit_of_someone_removed_meanwhile_can_put_them_back_with_it(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """Saving an open edit form of someone removed in another window or on another device
    saved nothing, and what was typed was lost: it asks to put them back with it."""
    from textual.widgets import Input

    from coach.tui.dialogs.common import ConfirmScreen
    from coach.tui.widgets.records import RecordForm

    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PersonScreen("p-ada"))
        await wait_for(pilot, shows(app, "Ada Lovelace"), "Ada's page")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), "the form")
        app.screen.query_one("#f-next_step", Input).value = "Ask about the meetup"
        app.screen.query_one("#f-follow_up", Input).value = ""  # emptied: stays empty
        _remove_in_another_shell(data_dir, "p-ada")  # (a moment ago: not looked for yet)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked")
        await pilot.press("y")
        await wait_for(pilot, lambda: "Ada Lovelace" in _names(data_dir), "back")
    ada = [r for r in Book(data_dir).load().answers["strategy/people"] if r["id"] == "p-ada"]
    assert ada[0]["next_step"] == "Ask about the meetup" and "follow_up" not in ada[0]

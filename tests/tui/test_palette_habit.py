"""The palette after the steps (issue 22): a person by name opens their page; take a break,
log a contact and catch up are there; "Keep my calendar current" writes the calendar file
after every change, in a thread of its own (a keypress never waits on it)."""

from __future__ import annotations

from coach.tui.dialogs.log_dialog import LogContactScreen
from coach.tui.dialogs.pause_dialog import PauseScreen
from coach.tui.screens.catch_up_screen import SpreadScreen
from coach.tui.screens.person_screen import PersonScreen
from tui.conftest import screen_text, told, type_text, wait_for
from tui.today_helpers import seed


def _command(app, title: str):
    return next(c for c in app.get_system_commands(app.screen) if c.title == title)


async def test_the_palette_finds_a_person_by_name(make_app, data_dir) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "cleo fut", lambda: "Cleo Future" in screen_text(app))
        await wait_for(pilot, lambda: "Cleo Future" in screen_text(app), what="Cleo offered")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen), what="her page")
        assert app.screen.person_id == "p-cleo"


async def test_the_palette_logs_takes_a_break_and_catches_up(make_app, data_dir) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        _command(app, "Log a contact").callback()
        await wait_for(pilot, lambda: isinstance(app.screen, LogContactScreen), what="logging")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LogContactScreen))
        _command(app, "Take a break").callback()
        await wait_for(pilot, lambda: isinstance(app.screen, PauseScreen), what="the break")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PauseScreen))
        _command(app, "Catch up").callback()
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, SpreadScreen) and app.screen.query("#catch-up-save"),
            what="catching up",
        )


async def test_keep_my_calendar_current_writes_it_after_every_change(
    make_app, data_dir, monkeypatch
) -> None:
    import threading

    from coach.formats import calendar_keep

    seed(data_dir, quiet=2000)
    threads: list[str] = []
    real_write = calendar_keep.write

    def write(*args, **kwargs):  # which thread writes the file: never the UI's
        threads.append(threading.current_thread().name)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(calendar_keep, "write", write)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        _command(app, "Keep my calendar current").callback()
        from coach.data.paths import sheet_dir

        target = sheet_dir(data_dir) / "coach-calendar.ics"
        await wait_for(pilot, target.exists, what="the calendar file")
        keeper = app.session.calendar_keeper
        before = keeper.writes
        await pilot.press("z")  # snooze the highlighted person: a change
        await wait_for(pilot, lambda: keeper.writes > before, what="rewritten")
        assert threads and set(threads) == {"kept-calendar"}, "the keypress never writes it"
        assert "coach-calendar.ics" in str(app.session.kept_calendar)


async def test_the_palette_offers_what_fits_sync_now(make_app, data_dir, tmp_path) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Sync: turn on, with your other devices…" in titles
        assert "Sync: stop" not in titles and "Sync: another folder…" not in titles
        app.session.sync_on(tmp_path / "Sync")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Sync: another folder…" in titles and "Sync: stop" in titles
        assert "Sync: turn on, with your other devices…" not in titles


async def test_catch_up_is_offered_only_when_something_waited(make_app, data_dir) -> None:
    """A new user (nothing planned, nothing late) is not offered to catch up."""
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Log a contact" in titles and "Catch up" not in titles


async def test_help_and_the_sync_status_speak_of_the_sync_folder(make_app, data_dir, tmp_path):
    """With sync on, help said "Your data stays on this computer" (a cloud folder holds a
    copy); the status said "1 device(s)"."""
    from coach.tui.dialogs.common import HelpScreen
    from coach.tui.dialogs.sync_folder import show_sync_status

    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.session.sync_on(tmp_path / "Sync")
        messages = told(app)
        show_sync_status(app)
        assert messages[-1].endswith(": 1 device seen there.")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await wait_for(pilot, lambda: "and in your sync folder" in screen_text(app), what="said")

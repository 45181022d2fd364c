"""The UI side of the data promises: a second window, a damaged file, text that is markup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from coach.application.session import Session
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import BrokenFile, Store
from coach.tui.app import CoachApp
from coach.tui.dialogs.common import BrokenFileScreen
from coach.tui.screens.main_screen import MainScreen
from coach.tui.textual_private import notification_texts, printed_at_exit
from coach.tui.widgets.step_view import StepView
from tui.conftest import MakeApp, OnDisk, Shown, go_to, on, settled, start, wait_for


async def test_two_windows_both_write_and_each_sees_the_other(make_app, data_dir):
    Store(data_dir).save(Progress(current_step="networks", welcome_seen=True))
    other = Session.from_options(str(data_dir), None, "en")  # a second window, or the shell
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        other.set_pause(dt.date(2027, 1, 4))
        await wait_for(pilot, lambda: app.progress.pause_until == "2027-01-04", what="seen")
        app.session.answer("why/name", "Ada")
        refreshed: list[bool] = []  # (the UI may hand the line to its saver: on its way)

        def seen_there() -> bool:
            refreshed.append(other.refresh())
            return other.progress.answer("why/name") == "Ada"

        await wait_for(pilot, seen_there, "the other window sees it")
        assert any(refreshed) and other.progress.answer("why/name") == "Ada"


async def test_a_long_contact_log_is_held_deflated_in_the_ui(make_app, data_dir):
    """Three years of contacts: the UI holds them deflated from the start (the file's bytes
    are not kept while its screens are built), and all of them are there."""
    log = [
        {"id": f"c{i}", "person": f"p{i % 40}", "date": "2026-01-05", "kind": "call"}
        for i in range(3000)
    ]
    Store(data_dir).save(Progress(current_step="networks", welcome_seen=True, contacts=log))
    app = make_app()
    assert app.progress.contacts.held_deflated
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert app.progress.contacts.held_deflated and app.progress.contacts == log


async def test_damaged_file_is_explained_and_the_backup_restored(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    store = Store(data_dir)
    good = Progress(current_step="strategy", welcome_seen=True)
    good.set_tick("why/read-why", True)
    store.save(good)
    store.save(good)  # the first version is now a backup
    store.path.write_text('{"schema_version": 1, "ticks": ')  # truncated by a crash
    session = Session.from_options(str(data_dir), None, "en")
    with pytest.raises(BrokenFile) as caught:  # what run() meets before the app starts
        _ = session.progress
    broken = caught.value
    from coach.tui.app import CoachApp

    app = CoachApp(session, progress=Progress())
    app.call_later(app.show_broken_file, broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on(app, BrokenFileScreen)() and "not JSON" in shown(app))
        assert isinstance(app.screen, BrokenFileScreen)
        text = shown(app)
        assert "could not be read" in text and "not JSON" in text
        await pilot.click("#restore")
        await wait_for(pilot, lambda: not isinstance(app.screen, BrokenFileScreen), "restored")
        while not isinstance(app.screen, MainScreen):
            before = app.screen
            await pilot.press("escape")
            await wait_for(
                pilot,
                lambda: app.screen is not before,  # noqa: B023 (awaited at once)
                "a screen closed",
            )
        assert app.progress.is_ticked("why/read-why")
        # The screen shows the restored plan, not the fresh start it opened on.
        assert app.screen.query_one(StepView).step_id == "strategy"
        await wait_for(  # the step is rebuilt for the restored plan: drawn a moment later
            pilot, lambda: "Your plan on paper" in shown(app), "the restored step drawn"
        )
        await pilot.press("q")
    assert Book(data_dir).load().is_ticked("why/read-why")
    moved = [p for p in data_dir.iterdir() if ".broken-" in p.name]
    assert len(moved) == 1 and moved[0].read_text().startswith('{"schema_version": 1')


async def test_escape_sequences_typed_never_reach_the_screen(
    make_app: MakeApp, on_disk: OnDisk, shown: Shown
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await go_to(pilot, "why")
        from textual.widgets import Input

        name = next(w for w in app.screen.query(Input) if w.id == "value")
        name.value = "Ana\x1b]0;evil\x07 \x1b[31mred"
        await wait_for(
            pilot,
            lambda: any("Ana" in str(v) for v in app.progress.answers.values()),
            "the name taken as the answer",
        )
        assert "\x1b" not in shown(app)
        await pilot.press("q")
    assert on_disk().answers["why/name"] == "Ana\x1b]0;evil\x07 \x1b[31mred", "as written"


async def test_closing_the_terminal_keeps_what_was_just_typed(
    make_app: MakeApp, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("enter", "tab", "tab")
        await pilot.press(*"Ana")
        app.hang_up()  # what SIGTERM does: no 0.3 s typing pause is waited for
    assert "Ana" in on_disk().answers.values()


async def test_an_unexpected_error_shows_no_traceback_with_user_text(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.tui.screens.main_screen import MainScreen as Main

    def boom(self: object) -> None:
        raise RuntimeError("secret personal note")

    monkeypatch.setattr(Main, "action_sheet", boom)
    app = make_app()
    with pytest.raises(RuntimeError):  # run_test re-raises for the test; a user sees none
        async with app.run_test(size=(80, 24)) as pilot:
            await start(pilot)
            await pilot.press("enter", "s")
            await wait_for(pilot, lambda: app.crash is not None, "the crash")
    assert isinstance(app.crash, RuntimeError)
    assert printed_at_exit(app) == [], "Textual's traceback (with local values) is not shown"


async def test_a_failed_save_is_told_and_retried(
    make_app: MakeApp, on_disk: OnDisk, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import coach.data.journal

    real = coach.data.journal.append
    failing = {"on": True}

    def append(*args, **kwargs):
        if failing["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(coach.data.journal, "append", append)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        waits = []  # how each wait for a write ended: True, the write was over (done or not)
        flush = app.saver.flush

        def watched_flush(timeout: float | None = 10.0) -> bool:
            waits.append(flush(timeout))
            return waits[-1]

        monkeypatch.setattr(app.saver, "flush", watched_flush)
        await pilot.press("enter", "space")
        await wait_for(pilot, lambda: any("Could not save" in n for n in notification_texts(app)))
        assert waits and all(waits), "the tick waited until it gave up, not until the write failed"
        assert app.progress.ticks, "the tick is still in memory"
        failing["on"] = False  # the disk has room again
        await pilot.press("q")
    assert app.unsaved is None
    assert len(on_disk().ticks) == 1, "quitting retried the failed save"


async def test_imported_escape_sequences_are_kept_and_never_drawn_raw(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    store = Store(data_dir)
    hostile = Progress(welcome_seen=True)
    hostile.answers["why/name"] = "Ana\x1b]0;pwned\x07"  # as `coach import` may bring it
    hostile.answers["why/my_why"] = "\x1b[2Jgone"
    store.save(hostile)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the step's fields built")
        values = [w.value for w in app.screen.query(Input)] + [
            w.text for w in app.screen.query(TextArea)
        ]
        # The boxes hold the text as saved (leaving them changes nothing); the terminal
        # never gets its controls (coach.tui.unseen_filter).
        assert "Ana\x1b]0;pwned\x07" in values and "\x1b[2Jgone" in values
        assert "\x1b" not in shown(app) and "\x07" not in shown(app)


def answered(make_app: MakeApp, data_dir: Path, answers: dict[str, str]) -> CoachApp:
    """An app on step 1 over a saved state holding ``answers`` (as an import brings them)."""
    progress = Progress(welcome_seen=True)
    progress.answers.update(answers)
    Store(data_dir).save(progress)
    return make_app()


async def my_why_focused(app: CoachApp, pilot: Pilot[Any]) -> TextArea:
    """Step 1 built, its long text box ("My why") focused."""
    await wait_for(pilot, lambda: settled(app), what="the step's fields built")
    box = app.screen.query_one(".long-text", TextArea)
    box.focus()
    await wait_for(pilot, lambda: app.focused is box, "the text box focused")
    return box


async def test_a_long_text_with_line_separators_left_untouched_is_kept_exactly(
    make_app: MakeApp, data_dir: Path
) -> None:
    """Textual's text box breaks lines at U+2028, U+0085 and a form feed and joins them with
    a line feed: a note saved with them (an import, the shell), focused and left, was
    saved changed on quitting. Untouched, it stays as written (RELIABILITY 6)."""
    written = "line a\u2028line b\x85line c\x0cform feed\u2029end"
    name = "Ana\tLee\u2028x"  # (a one-line answer parsed again had its tab made a space)
    app = answered(make_app, data_dir, {"why/my_why": written, "why/name": name})
    async with app.run_test(size=(100, 40)) as pilot:
        box = await my_why_focused(app, pilot)
        assert box.text != written  # (what Textual made of it: lines joined by \n)
        await pilot.press("tab")  # and out of it again
        await wait_for(pilot, lambda: app.focused is not box, "the text box left")
        await app.action_quit()  # (quitting reads every text box: CoachApp.commit_typed)
    saved = Book(data_dir).load().answers
    assert saved["why/my_why"] == written and saved["why/name"] == name


async def test_a_long_text_typed_in_and_back_is_saved_as_it_was(
    make_app: MakeApp, data_dir: Path
) -> None:
    """A key typed and taken back: the box holds what it was opened with, and the saved
    text is the one written (each change is saved as it is typed: it was Textual's, with
    line feeds for the separators, until quitting put it back)."""
    written = "line a\u2028line b"
    app = answered(make_app, data_dir, {"why/my_why": written})
    async with app.run_test(size=(100, 40)) as pilot:
        await my_why_focused(app, pilot)
        await pilot.press("x")
        await wait_for(  # (typing is an operation after a short quiet spell)
            pilot, lambda: Book(data_dir).load().answers["why/my_why"].endswith("x"), "typed"
        )
        await pilot.press("backspace")
        await wait_for(
            pilot, lambda: Book(data_dir).load().answers["why/my_why"] == written, "taken back"
        )

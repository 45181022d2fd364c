"""Messages one at a time (coach.tui.notices): at 80x24 a pile of them covered a dialog's
buttons, and an old one stayed over the screen opened after it."""

from __future__ import annotations

from coach.tui.textual_private import notification_texts
from tui.conftest import MakeApp, start, wait_for


async def test_a_new_message_takes_the_place_of_the_one_showing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for text in ("one", "two", "three"):
            app.notify(text)
        await wait_for(pilot, lambda: "three" in notification_texts(app), "the last message")
        assert notification_texts(app) == ["three"]


async def test_an_error_stays_to_be_read_beside_a_newer_message(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        app.notify("could not save", severity="error")
        app.notify("saved the rest")
        await wait_for(pilot, lambda: "saved the rest" in notification_texts(app), "both")
        assert notification_texts(app) == ["could not save", "saved the rest"]


async def test_the_same_warning_again_is_shown_once(make_app: MakeApp) -> None:
    """A form saved twice with a marked field stacked "Please look at the marked field"
    twice, over the form's buttons at 80x24."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        app.notify("could not save", severity="error")
        for _ in range(2):
            app.notify("look at the marked field", severity="warning")
        await wait_for(pilot, lambda: "look at the marked field" in notification_texts(app), "it")
        assert notification_texts(app) == ["could not save", "look at the marked field"]


async def test_a_dialog_opening_clears_the_message_about_the_screen_before(
    make_app: MakeApp,
) -> None:
    from coach.tui.dialogs.common import HelpScreen

    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        app.notify("New person added.")
        await wait_for(pilot, lambda: bool(notification_texts(app)), "the message")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert notification_texts(app) == []

"""Filling a template in: the user types into it where it is shown, and its length follows
every keystroke (a step's template card and the "write with a template" dialog); a formal
template greets with title and surname where the person's entry has them."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.widgets import OptionList, Static, TextArea

from coach.data.progress import Progress
from coach.data.store import Store
from coach.tui.dialogs.template_pick import TemplatePickScreen, all_templates
from coach.tui.widgets.templates import TemplateCard, TemplateText
from tui.conftest import settled, wait_for
from tui.test_template_length import limited_card

PEOPLE = "strategy/people"


async def focused_text(app, pilot, card: TemplateCard) -> TemplateText:
    """``card``'s text with the focus on it, as Tab leaves it (no text box yet)."""
    text = card.query_one(TemplateText)
    text.focus()
    await wait_for(pilot, lambda: app.focused is text, "the focus on the text")
    return text


async def test_a_template_card_counts_while_the_user_fills_it_in(make_app, shown):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        card: TemplateCard = await limited_card(app, pilot)
        start = len(card.text)
        await focused_text(app, pilot, card)
        await pilot.press("end", "A", "n", "n", "a")  # End: a text box, its first line's end
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea), "the text box")
        expected = f"{start + 4} / {card.max_length} characters"
        await wait_for(pilot, lambda: expected in shown(app), what="the count follows typing")
        first = card.query_one(TextArea).document.get_line(0)
        assert "Anna" in first and not first.startswith("Anna"), "typed where End went"
        assert "Anna" in card.text, "copy takes the text as the user filled it in"


async def test_a_template_is_a_text_box_once_the_user_writes_in_it(make_app, shown):
    """The text is shown as written; Tab moves over it as over a button. A click puts a
    text box there with the cursor where it went, and letters typed are its text, not
    commands (even those typed before the box is there)."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        card: TemplateCard = await limited_card(app, pilot)
        assert not card.query(TextArea), "no text box before the user writes"
        text = await focused_text(app, pilot, card)
        await pilot.press("tab")
        await wait_for(pilot, lambda: app.focused is not text, "Tab moved on")
        assert not app.screen.query(TextArea), "moving over the text made no text box"

        await pilot.click(text, offset=(4, 0))  # the text starts one cell in
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea), "the text box")
        box = card.query_one(TextArea)
        assert box.cursor_location == (0, 3), "the cursor where the click went"
        assert not card.query(TemplateText)

        other = next(c for c in app.screen.query(TemplateCard) if c is not card)
        before = other.text
        shown_text = await focused_text(app, pilot, other)
        for key in ("x", "q", "right", "backspace"):  # sent before the box is in place
            shown_text.post_message(events.Key(key, key if len(key) == 1 else None))
        await wait_for(
            pilot, lambda: isinstance(app.focused, TextArea) and other in app.focused.ancestors
        )
        await wait_for(pilot, lambda: other.text == "xq" + before[1:], "each key acted there")
        assert app.is_running, "q typed into the template did not quit"


def _seed(data_dir) -> None:
    progress = Progress()
    progress.welcome_seen = True
    progress.answers[PEOPLE] = [
        {"id": "p-anna", "name": "Dr. Anna Berger", "salutation": "ms", "closeness": "warm"}
    ]
    Store(data_dir).save(progress)


async def test_the_template_dialog_fills_sie_and_counts(make_app, data_dir, shown):
    from coach.domain import people

    _seed(data_dir)
    app = make_app(lang="de")
    async with app.run_test(size=(100, 30)) as pilot:
        person = people.by_id(app.course, app.progress, "p-anna")
        assert person is not None
        app.push_screen(TemplatePickScreen(person))
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, TemplatePickScreen) and app.screen.query(OptionList),
            what="the dialog",
        )
        templates = all_templates(app.course)
        index = next(i for i, t in enumerate(templates) if t.id == "connection-note-sie")
        app.screen.query_one(OptionList).highlighted = index
        box = app.screen.query_one("#template-text", TextArea)
        await wait_for(pilot, lambda: box.text.startswith("Guten Tag, Frau Dr. Berger,"))
        assert "Anna" not in box.text, "Sie never greets with the first name"
        count = app.screen.query_one("#template-count", Static)
        first = f"{len(box.text)} / 200 Zeichen"
        await wait_for(pilot, lambda: first in shown(app), what="the count under the text")
        box.focus()
        box.move_cursor(box.document.end)
        await pilot.press("x", "y")
        later = f"{len(box.text)} / 200 Zeichen"
        await wait_for(pilot, lambda: later in shown(app), what="the count follows typing")
        assert later != first and count.display


async def test_keys_typed_in_a_burst_into_a_template_keep_their_order(make_app):
    """Keys come faster than the text box is made (a quick typist, a paste tool): each
    one goes in, in the order typed (they go through the app as a terminal's keys do)."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        card: TemplateCard = await limited_card(app, pilot)
        await focused_text(app, pilot, card)
        before = card.text
        for char in "abcdefghij":
            app.post_message(events.Key(char, char))
        await wait_for(pilot, lambda: card.text == "abcdefghij" + before, "all ten, in order")
        assert isinstance(app.focused, TextArea) and card in app.focused.ancestors


async def test_the_focus_stays_on_a_template_when_another_window_saves(make_app, data_dir):
    """A change from another window or shell redraws the step, but not under the user's
    focus on a template's text (as a text box keeps its place): the focus stays there."""
    from coach.application.session import Session

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        card: TemplateCard = await limited_card(app, pilot)
        text = await focused_text(app, pilot, card)
        other = Session.from_options(str(data_dir), None, "en")  # the shell: coach log ...
        other.set_pause(dt.date(2027, 1, 4))
        await wait_for(pilot, lambda: app.progress.pause_until == "2027-01-04", what="seen")
        await wait_for(pilot, lambda: settled(app), "the step as it is now")
        assert app.focused is text, "the focus stayed on the template"

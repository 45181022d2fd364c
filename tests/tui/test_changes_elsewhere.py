"""A step while its data changes under it: an undo, another shell's change, another
window's answer. The cursor, the focus and what is typed stay where the user left them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from coach.tui.textual_private import notification_texts
from coach.tui.widgets.checklist import Checklist
from tui.conftest import MakeApp, wait_for
from tui.step_helpers import field_box, open_step


async def test_u_after_a_tick_leaves_the_cursor_on_that_item(make_app: MakeApp) -> None:
    """The step was built again after the undo with its cursor on the first item: the next
    space unticked an item the user had never touched."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "why")
        first = view.query_one(Checklist)
        key = first.items[2][0]
        await pilot.press("down", "down", "space")
        await wait_for(pilot, lambda: key in first.selected, "ticked")
        await pilot.press("u")

        def rebuilt() -> Checklist | None:
            found = view.query(Checklist)
            return found.first() if found and found.first() is not first else None

        await wait_for(pilot, lambda: (c := rebuilt()) is not None and c.has_focus, "again")
        again = rebuilt()
        assert again is not None and key not in again.selected
        assert again.cursor_row == 2, "the cursor stays on the item taken back"
        await pilot.press("space")
        await wait_for(pilot, lambda: again.selected == [key], "the same item ticked again")


async def test_a_change_from_the_shell_leaves_the_focus_on_a_button_of_the_notes(
    make_app: MakeApp, data_dir: Path
) -> None:
    """In a step's notes, on a template card's button (no id of its own), a change from
    another shell built the step again and took the focus back to the checklist."""
    from textual.widgets import Button

    from coach.application.session import Session

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "fun")
        await wait_for(pilot, lambda: bool(view.query("Button.copy")), "the cards")
        button = view.query("Button.copy").last(Button)
        button.focus()
        await wait_for(pilot, lambda: button.has_focus, "on the button")
        label = str(button.label)
        shell = Session.from_options(str(data_dir), None, "en")
        first = view.query_one(Checklist)
        shell.tick(f"fun/{app.course.step('fun').checklist[0].id}", True)  # type: ignore[union-attr]

        def moved_on() -> bool:
            focused = app.focused
            return view.query_one(Checklist) is not first and focused is not None

        await wait_for(pilot, moved_on, "the step built again", timeout=5)
        await wait_for(pilot, lambda: isinstance(app.focused, Button), "the focus back")
        assert isinstance(app.focused, Button) and str(app.focused.label) == label
        assert app.focused is view.query("Button.copy").last(), "the same card's button"


async def test_enter_in_a_steps_one_line_field_moves_to_the_next(make_app: MakeApp) -> None:
    """A regression trial: Enter in step 1's name field did nothing (a form's moves on)."""
    from textual.widgets import Input

    from tui.conftest import settled, start, wait_for

    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await wait_for(pilot, lambda: settled(app), "the step's tools")
        box = next(b for b in app.screen.query(Input) if b.display)
        box.focus()
        await wait_for(pilot, lambda: app.focused is box, "the name field's focus")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.focused is not box, "the next field")


async def test_a_focused_answer_shows_another_windows_change_when_nothing_is_typed_in_it(
    make_app: MakeApp, data_dir: Path
) -> None:
    """The box kept its old text while another window's newer text was in the file: the
    next key typed there saved the old text with it, over the other. Nothing typed here:
    it shows the other window's text, and says so."""
    from coach.application.session import Session

    app = make_app()
    app.progress.welcome_seen = True
    app.session.answer("why/my_why", "mine, as it was")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_step(app, pilot, "why")
        area = field_box(view, "why/my_why").query_one(TextArea)
        area.focus()
        await wait_for(pilot, lambda: app.focused is area, "the why's box focused")
        other = Session.from_options(str(data_dir), None, "en")  # another window
        other.answer("why/my_why", "the other window's words")
        await wait_for(pilot, lambda: area.text == "the other window's words", "shown here")
        assert area.has_focus, "the focus stays"
        said = "“My why” was changed in another window"
        await wait_for(pilot, lambda: any(said in m for m in notification_texts(app)), "said")
        await pilot.press("!")  # the cursor is at the end of the new text
        await wait_for(pilot, lambda: area.text.endswith("words!"), "typed on")
        await pilot.press("escape", "q")  # (q in the box is a letter: esc leaves it first)
    assert Session.from_options(str(data_dir), None, "en").progress.answer("why/my_why") == (
        "the other window's words!"
    )


async def test_another_answer_of_the_step_shows_its_change_while_one_box_has_the_focus(
    make_app: MakeApp, data_dir: Path
) -> None:
    """The focus in 'My why', another window wrote the goal: the goal's box stayed empty,
    and what the user then typed there replaced the other window's text."""
    from coach.application.session import Session

    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_step(app, pilot, "why")
        field_box(view, "why/my_why").query_one(TextArea).focus()
        goal = field_box(view, "why/goal").query_one("#value")
        other = Session.from_options(str(data_dir), None, "en")
        other.answer("why/goal", "a new job in UX")
        await wait_for(
            pilot,
            lambda: field_box(view, "why/goal").typed() == ("why/goal", "a new job in UX"),
            "shown",
        )
        assert goal.is_attached, "the box was updated in place, not built again"


async def test_a_change_from_elsewhere_shown_in_a_box_is_not_handed_on_as_typing(
    make_app: MakeApp, data_dir: Path
) -> None:
    """Showing another window's text in a focused box is no typing of the user's: handed
    on as typing, a second change from there moments later was held off as if typed here
    ('what you typed is kept')."""
    from textual.message import Message

    from coach.application.session import Session
    from coach.tui.messages import FieldChanged

    handed_on: list[object] = []

    def hook(message: Message) -> None:
        if isinstance(message, FieldChanged):
            handed_on.append(message.value)

    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        view = await open_step(app, pilot, "why")
        area = field_box(view, "why/my_why").query_one(TextArea)
        area.focus()
        Session.from_options(str(data_dir), None, "en").answer("why/my_why", "from there")
        await wait_for(pilot, lambda: area.text == "from there", "shown")
        await pilot.press("!")
        await wait_for(pilot, lambda: "from there!" in handed_on, "the key handed on")
    assert "from there" not in handed_on, handed_on

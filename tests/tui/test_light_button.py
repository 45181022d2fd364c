"""The welcome's light button is drawn like Textual's primary Button, in every state."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Button

from coach.tui.dialogs import light_button

LOOK = (
    "color",
    "background",
    "background_tint",
    "text_style",
    "border_top",
    "border_bottom",
    "border_left",
    "border_right",
    "width",
    "min_width",
    "height",
    "line_pad",
    "text_align",
    "content_align",
)


async def look(make: type[Button], classes: str, ansi: bool) -> dict[str, object]:
    """The styles of one button of ``make`` (alone in its app) with ``classes`` added."""

    class One(App[None]):
        def compose(self) -> ComposeResult:
            if make is Button:
                yield Button("Let's start", variant="primary", id="b")
            else:
                yield light_button.Button("Let's start", id="b")

    app = One(ansi_color=ansi)
    async with app.run_test(size=(40, 8)) as pilot:
        button = app.query_one("#b", Button)
        if classes:
            button.add_class(classes)
        if "focus" in classes:
            button.focus()
        await pilot.pause()
        return {name: getattr(button.styles, name) for name in LOOK}


@pytest.mark.parametrize("ansi", [False, True])
@pytest.mark.parametrize("state", ["", "-active", "focus"])
async def test_the_light_button_looks_like_textuals_primary_button(state: str, ansi: bool) -> None:
    assert await look(light_button.Button, state, ansi) == await look(Button, state, ansi)


async def test_it_is_a_button_and_brings_none_of_textuals_button_styles() -> None:
    pressed: list[str] = []

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield light_button.Button("Let's start", id="b")

        def on_button_pressed(self, event: Button.Pressed) -> None:
            pressed.append(event.button.id or "")

    app = One()
    async with app.run_test() as pilot:
        assert app.query("Button"), "found as a button"
        sources = [where for where, _ in app.stylesheet.source]
        assert not any(where.endswith("textual/widgets/_button.py") for where in sources)
        app.query_one("#b").focus()
        await pilot.press("enter")
        await pilot.pause()
    assert pressed == ["b"]

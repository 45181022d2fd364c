"""The footer in one line: a click presses a key, the palette's key gives its room before a
key is lost, and a key that does not fit is left out whole with "…" (the Today footer with
posts cut "? Help" to "? H" beside "^p Commands")."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from coach.tui.textual_private import screen_lines
from coach.tui.widgets.footer import KeyFooter
from tui.conftest import wait_for


class Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "press('l')", "Log"),
        Binding("z", "press('z')", "Snooze +7d"),
        Binding("b", "press('b')", "Break"),
        Binding("x", "press('x')", "Dimmed"),
        Binding("space", "press('space')", "Posted"),
        Binding("question_mark", "press('?')", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyFooter()

    def action_press(self, key: str) -> None:
        self.pressed.append(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("x",) else True  # x: offered, dimmed


def last_line(app: App[None]) -> str:
    lines = screen_lines(app)
    return lines[-1] if lines else ""


async def test_a_click_presses_the_key_and_a_dimmed_one_does_nothing() -> None:
    app = Keys()
    async with app.run_test(size=(100, 5)) as pilot:
        footer = app.query_one(KeyFooter)
        await wait_for(pilot, lambda: len(footer.drawn) == 6, "the keys")
        assert last_line(app).startswith("l Log z Snooze +7d b Break x Dimmed")
        assert "^p" in last_line(app), "room for the palette's key at 100 columns"
        await pilot.click(KeyFooter, offset=(8, 0))  # on "Snooze +7d"
        await wait_for(pilot, lambda: app.pressed == ["z"], "z pressed")
        await pilot.click(KeyFooter, offset=(28, 0))  # on "Dimmed": not enabled
        await pilot.click(KeyFooter, offset=(1, 0))
        await wait_for(pilot, lambda: app.pressed == ["z", "l"], "l pressed, x not")


async def test_the_palette_gives_its_room_then_a_key_is_left_out_whole() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        footer = app.query_one(KeyFooter)
        await wait_for(pilot, lambda: len(footer.drawn) == 6, "the keys")
        assert "^p" in last_line(app) and "? Help" in last_line(app)
        await pilot.resize_terminal(58, 5)  # below 80 columns ^p gives its room to the keys
        await wait_for(pilot, lambda: "^p" not in last_line(app), "the palette leaves")
        assert last_line(app).rstrip().endswith("? Help"), "every key whole"
        await pilot.resize_terminal(50, 5)
        await wait_for(pilot, lambda: footer.cut, "a key left out")
        line = last_line(app).rstrip()
        assert line.endswith("…") and "? H" not in line, line
        assert footer.drawn[-1].description in line

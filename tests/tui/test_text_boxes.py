"""Every text box the coach makes takes its keys in the order they were typed
(coach.tui.dialogs.text_input): none is Textual's own Input or TextArea, whose bound keys
(Backspace, the arrows) run after letters typed behind them when keys come together."""

from __future__ import annotations

import re
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "coach" / "tui"
MADE = re.compile(r"(?<![\w.])(Input|TextArea)\(")


def test_no_text_box_is_textuals_own() -> None:
    found = [
        f"{path.relative_to(TUI)}:{n}"
        for path in sorted(TUI.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MADE.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == [], f"use TextInput or TextBox: {found}"


async def test_a_long_text_left_shows_its_start() -> None:
    """Left after typing at its end, a one-line box showed its text from where the typing
    ended ("hren Artikel…" under "Nächster kleiner Schritt"); it shows the start, and
    typing on goes on at the end."""
    from textual.app import App, ComposeResult
    from textual.widgets import Button

    from coach.tui.dialogs.text_input import TextInput
    from tui.conftest import wait_for

    text = "Nach dem Onboarding fragen, wie es läuft, und einen Artikel"

    class Box(App[None]):
        def compose(self) -> ComposeResult:
            yield TextInput(text, id="box", select_on_focus=False)
            yield Button("next")

    app = Box()
    async with app.run_test(size=(30, 6)) as pilot:
        box = app.query_one(TextInput)
        box.focus()
        await pilot.press("end", "x")
        await wait_for(pilot, lambda: box.value.endswith("x") and box.scroll_x > 0, "typed")
        app.query_one(Button).focus()
        await wait_for(pilot, lambda: box.scroll_x == 0, "the start shown once left")
        box.focus()
        await pilot.press("y")
        await wait_for(pilot, lambda: box.value == text + "xy", "typing goes on at the end")

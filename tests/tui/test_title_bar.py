"""The top line in one widget: the title and the screen's sub-title, centred, follow their
changes; a click on the icon opens the command palette (as Textual's header does)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.command import CommandPalette

from coach.tui.textual_private import screen_lines
from coach.tui.widgets.title_bar import TitleBar
from tui.conftest import wait_for


class Titled(App[None]):
    TITLE = "Network coach"

    def compose(self) -> ComposeResult:
        yield TitleBar()


async def test_the_title_follows_and_the_icon_opens_the_palette() -> None:
    app = Titled()
    async with app.run_test(size=(60, 5)) as pilot:
        first = lambda: screen_lines(app)[0] if screen_lines(app) else ""  # noqa: E731
        await wait_for(pilot, lambda: "Network coach" in first(), "the title")
        assert first().startswith(" ⭘")
        assert first().index("Network coach") == (60 - len("Network coach")) // 2, "centred"
        app.screen.sub_title = "Today"
        await wait_for(pilot, lambda: "Network coach — Today" in first(), "the sub-title")
        app.screen.sub_title = "x" * 80
        await wait_for(pilot, lambda: first().rstrip().endswith("…"), "cut, not wrapped")
        await pilot.click(TitleBar, offset=(1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")

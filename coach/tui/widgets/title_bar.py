"""The top line of the steps and of Today: the palette's icon and the title, in one widget
(Textual's header mounts four, each styled on every open; the first frame is the budget)."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # the icon's column, where a click opens the command palette
RIGHT = 1  # a column left free on the right (no clock here)


class TitleBar(Widget, can_focus=False):
    """``⭘`` on the left (a click opens the command palette), the title and the screen's
    sub-title centred (``App.format_title``), as Textual's ``Header`` shows them."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node, name in (
            (self.app, "title"),
            (self.app, "sub_title"),
            (self.screen, "title"),
            (self.screen, "sub_title"),
        ):
            self.watch(node, name, self._retitled, init=False)

    def _retitled(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        text = app.format_title(title, sub_title)
        width = self.size.width
        room = max(width - ICON_WIDTH - RIGHT, 1)
        if text.cell_length > room:
            text = text.truncate(room, ellipsis=True)
        start = max((width - text.cell_length) // 2, ICON_WIDTH)  # centred on the line
        head = Content(f" {ICON}".ljust(start))
        return Content.assemble(head, text)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")

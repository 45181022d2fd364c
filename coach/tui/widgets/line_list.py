"""A list drawn line by line, with a one-row cursor: the base of the checklist and the
records table.

Nothing is kept per row: a subclass says how many rows there are (``row_count``) and draws
a visible one when asked (``render_line``), so a list of 20 or 20,000 rows costs the same to
show. The keys move the cursor, which always stays in sight.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.scroll_view import ScrollView


class LineList(ScrollView, can_focus=True):
    """Rows under ``HEADER_LINES`` fixed lines; ``cursor_row`` is the row the keys act on."""

    HEADER_LINES: ClassVar[int] = 0
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "cursor_to(0)", show=False),
        Binding("end", "cursor_to(-1)", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, repaint=False)

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = max(0, min(row, self.row_count - 1))

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(row=self.cursor_row + delta)

    def action_cursor_to(self, row: int) -> None:
        self.move_cursor(row=row if row >= 0 else self.row_count - 1)

    def action_page(self, direction: int) -> None:
        self.move_cursor(row=self.cursor_row + direction * max(self._visible_rows - 1, 1))

    @property
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - self.HEADER_LINES, 1)

    def row_at(self, y: int) -> int:
        """The row drawn on line ``y`` of the widget (negative: a header line)."""
        return round(self.scroll_y) + y - self.HEADER_LINES

    def watch_cursor_row(self) -> None:
        top, visible = round(self.scroll_y), self._visible_rows
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = self.row_at(event.y)
        if 0 <= row < self.row_count:
            self.clicked(row)

    def clicked(self, row: int) -> None:
        """A click on ``row``: moves the cursor there (subclasses act on it too)."""
        self.move_cursor(row=row)

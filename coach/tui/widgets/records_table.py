"""A table of records that renders only the rows on screen.

A records field can hold thousands of entries (2,000 people after a few years). Textual's
``DataTable`` keeps a row object and a cell per entry (about 5 MiB for 2,000 people) and has
to be filled before it shows everything; this table keeps nothing per row: each visible line
is made from the record itself when it is painted, so opening, scrolling and editing cost the
same for 20 people or 20,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from coach.cells import fit
from coach.tui.widgets.line_list import LineList

CellText = Callable[[int, int], str]  # (row, column) -> the cell's text, one line
NARROWEST = 10  # cells: a column is narrowed to fit the room down to this, not below


class RecordsTable(LineList):
    """Rows of cells under a fixed header line; the cursor is one row."""

    HEADER_LINES = 1
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", show=False)]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "records-table--header",
        "records-table--cursor",
        "records-table--even-row",
    }
    DEFAULT_CSS = """
    RecordsTable {
        background: $surface;
        color: $foreground;
        height: auto;
        overflow-y: auto;
        overflow-x: auto;
        & > .records-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .records-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .records-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .records-table--even-row {
            background: $surface-darken-1 40%;
        }
    }
    """

    @dataclass
    class RowSelected(Message):
        """Enter on a row, or a click on the row under the cursor."""

        table: RecordsTable
        row: int

        @property
        def control(self) -> RecordsTable:
            return self.table

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._headers: list[str] = []
        self._asked: list[int] = []  # each column's width for its widest cell
        self._widths: list[int] = []  # as drawn: fitted into the room there is
        self._rows = 0
        self._cell: CellText = lambda _row, _column: ""

    # -- data ----------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return self._rows

    def show_rows(
        self, headers: Sequence[str], widths: Sequence[int], rows: int, cell: CellText
    ) -> None:
        """Show ``rows`` rows; ``cell(row, column)`` gives a cell's text when it is painted."""
        self._headers, self._asked = list(headers), list(widths)
        self._rows, self._cell = rows, cell
        self._fit_columns()
        self.cursor_row = max(0, min(self.cursor_row, rows - 1))
        self.refresh(layout=True)

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Every column in sight where the room allows: the widest are narrowed first (a
        cell cut says so with "…"), none below :data:`NARROWEST`; with too many columns
        for that, the table scrolls sideways. Columns of 30 cells each put a list's third
        and fourth (what the user typed, "why interesting") off the screen at 120
        columns, reached one cell a key; the whole text is in the entry's form."""
        widths = list(self._asked)
        room = self.scrollable_content_region.width
        over = sum(w + 2 for w in widths) - room if room > 0 else 0
        while over > 0:
            widest = max(range(len(widths)), key=widths.__getitem__)
            if widths[widest] <= NARROWEST:
                break
            cut = min(over, widths[widest] - NARROWEST, 1 + (widths[widest] - NARROWEST) // 4)
            widths[widest] -= cut
            over -= cut
        self._widths = widths
        self.virtual_size = Size(sum(w + 2 for w in widths), self._rows + 1)  # + the header

    # -- the cursor ----------------------------------------------------------------------
    def watch_cursor_row(self) -> None:
        super().watch_cursor_row()
        if self.has_focus:
            self._reveal_cursor()

    def on_focus(self) -> None:
        self.call_after_refresh(self._reveal_cursor)

    def _reveal_cursor(self) -> None:
        """Scroll the containers around the table (the step's text scrolls too) so that the
        cursor's line is on screen, not only inside the table (as ``scroll_to_widget`` does
        for a whole widget, here for one line of it)."""
        line = self.cursor_row - round(self.scroll_y) + 1
        box = self.virtual_region_with_margin
        region = Region(box.x, box.y + min(line, box.height - 1), box.width, 1)
        widget: Widget = self
        while isinstance(widget.parent, Widget) and region:
            container = widget.parent
            offset = Offset(0, 0)
            if widget.styles.dock == "none":
                offset = container.scroll_to_region(region, animate=False, immediate=True)
            region = (
                region.translate(-offset)
                .translate(container.styles.margin.top_left)
                .translate(container.styles.border.spacing.top_left)
                .translate(container.virtual_region_with_margin.offset)
            ).intersection(container.virtual_region_with_margin)
            widget = container

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def clicked(self, row: int) -> None:
        """A click moves the cursor; a click on the cursor's row opens it."""
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row=row)

    # -- painting ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = round(self.scroll_x)
        if y == 0:
            style = self.get_component_rich_style("records-table--header")
            return self._line(self._headers, style).crop_extend(scroll_x, scroll_x + width, style)
        row = self.row_at(y)
        base = self.rich_style
        if row >= self._rows:
            return Strip.blank(width, base)
        if row == self.cursor_row:
            style = base + self.get_component_rich_style("records-table--cursor")
        elif row % 2 == 0:
            style = base + self.get_component_rich_style("records-table--even-row")
        else:
            style = base
        cells = [self._cell(row, column) for column in range(len(self._widths))]
        return self._line(cells, style).crop_extend(scroll_x, scroll_x + width, style)

    def _line(self, cells: Sequence[str], style: Style) -> Strip:
        parts = []
        for text, width in zip(cells, self._widths, strict=False):
            parts.append(f" {set_cell_size(fit(text, width), width)} ")
        return Strip([Segment("".join(parts), style)])

"""The people list: one person per line under a header line, drawn from the
:class:`~coach.domain.people.Person` objects (no widget per row), so 2,000 people open and
filter as fast as 20. Its columns fit the width: the follow-up date is always whole and on
screen, names and next steps are cut with an ellipsis by screen cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from coach import cells, dates
from coach.i18n import format_date, t
from coach.safetext import shown
from coach.tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from coach.domain.people import Person

DATE_CELLS = 10  # 2026-11-27 and 27.11.2026 alike
WIDE = 100  # from this many columns on, the list shows the last contact too
WIDER = 110  # ... and the circle (content width, scrollbar aside)
CIRCLE_CELLS = 20


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` screen cells: cut with an ellipsis when longer."""
    return cells.pad(cells.fit(text, width), width) if width > 0 else ""


def due_word(when: dt.date | None, on: dt.date) -> str:
    """ "overdue" / "today" for a follow-up on or before ``on``; else nothing."""
    if when is None or when > on:
        return ""
    return t("people.overdue") if when < on else t("people.due_today")


@dataclass(frozen=True)
class Columns:
    name: int
    next_step: int
    last: int  # 0: not shown
    follow_up: int
    circle: int = 0  # 0: not shown


class PeopleTable(LineList):
    """People, one per line under a header line; draws only the lines on screen."""

    HEADER_LINES = 1
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", show=False)]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "people-table--header",
        "people-table--cursor",
        "people-table--even-row",
        "people-table--overdue",
        "people-table--due",
    }
    DEFAULT_CSS = """
    PeopleTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        & > .people-table--header { text-style: bold; background: $panel; }
        & > .people-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .people-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .people-table--even-row { background: $surface-darken-1 40%; }
        & > .people-table--overdue { color: $text-error; text-style: bold; }
        & > .people-table--due { color: $text-warning; text-style: bold; }
    }
    """

    @dataclass
    class Opened(Message):
        """Enter on a person, or a click on the person under the cursor."""

        table: PeopleTable
        person: Person

        @property
        def control(self) -> PeopleTable:
            return self.table

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[Person] = []
        self.on = dates.local_today()
        self.marks = True  # due and overdue are marked (not while the user takes a break)
        self.headers = ("", "", "", "")  # name, next step, last contact, follow-up
        self.circle_header = ""
        self.circles: dict[str, str] = {}  # circle id -> its label, shown from WIDER on
        self._widest_name = 0
        self._widest_follow = 0  # the follow-up column's widest cell ("13.12.2026 heute")
        self._widest_step = 0
        self.by_last = False  # sorted by last contact: that column shows at any width

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def current(self) -> Person | None:
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    def show(self, rows: list[Person], on: dt.date, *, marks: bool) -> None:
        self.rows, self.on, self.marks = rows, on, marks
        self._widest_name = max((cell_len(p.name) for p in rows), default=0)
        self._widest_follow = max((cell_len(self._follow_text(p)) for p in rows), default=0)
        self._widest_step = max((cell_len(p.next_step) for p in rows), default=0)
        self.virtual_size = Size(0, len(rows) + self.HEADER_LINES)
        self.cursor_row = max(0, min(self.cursor_row, len(rows) - 1))
        self.refresh()

    def _follow_text(self, person: Person) -> str:
        """The follow-up cell: the date, and "overdue" or "today" when the list marks them."""
        date = format_date(person.follow_up) if person.follow_up else "–"
        word = due_word(person.follow_up, self.on) if self.marks else ""
        return f"{date} {word}" if word else date

    def columns(self, width: int) -> Columns:
        """Column widths for ``width`` cells: the follow-up column first, whole; the name
        and the next step share the rest."""
        # As wide as its widest cell: room kept for a word ("überfällig") no row shows went
        # to no one while the names and next steps beside it were cut.
        follow = max(self._widest_follow, cell_len(self.headers[3]))
        shown = width >= WIDE or self.by_last
        last = max(DATE_CELLS, cell_len(self.headers[2])) if shown else 0
        # one space at each edge, two between columns
        rest = width - follow - 2 - 2 * 2 - (last + 2 if last else 0)
        circle = 0
        if width >= WIDER and self.circles:
            widest = max(cell_len(label) for label in self.circles.values())
            # Whole where a third of the room allows ("Noch nicht einsortiert"), else cut.
            room = max(CIRCLE_CELLS, (rest - 2) // 3)
            circle = min(max(widest, cell_len(self.circle_header)), room)
            rest -= circle + 2
        # Half the rest each, or what the next steps leave when they need less.
        steps = max(self._widest_step, cell_len(self.headers[1]))
        name = min(
            max(self._widest_name, cell_len(self.headers[0])), max(rest // 2, rest - steps, 8)
        )
        name = max(0, min(name, rest))
        return Columns(name, max(rest - name, 0), last, follow, circle)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        cols = self.columns(width)
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("people-table--header")
            name, nxt, last, follow = self.headers
            heads = (name, self.circle_header, nxt, last)
            return self._strip(width, style, cols, *heads, (follow, None))
        row = self.row_at(y)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        person = self.rows[row]
        if row == self.cursor_row:
            style = base + self.get_component_rich_style("people-table--cursor")
        elif row % 2 == 0:
            style = base + self.get_component_rich_style("people-table--even-row")
        else:
            style = base
        word = due_word(person.follow_up, self.on) if self.marks else ""
        mark = None
        if word:
            overdue = person.overdue(self.on)
            mark = self.get_component_rich_style(
                "people-table--overdue" if overdue else "people-table--due"
            )
        follow = self._follow_text(person)
        last = format_date(person.last_contact) if person.last_contact else "–"
        return self._strip(
            width,
            style,
            cols,
            shown(person.name, single_line=True),
            self.circles.get(person.circle or "", person.circle or ""),
            shown(person.next_step, single_line=True),
            last,
            (follow, mark),
        )

    def _strip(
        self,
        width: int,
        style: Style,
        cols: Columns,
        name: str,
        circle: str,
        nxt: str,
        last: str,
        follow: tuple[str, Style | None],
    ) -> Strip:
        text = " " + fit(name, cols.name) + "  "
        if cols.circle:
            text += fit(circle, cols.circle) + "  "
        text += fit(nxt, cols.next_step) + "  "
        if cols.last:
            text += fit(last, cols.last) + "  "
        follow_text, mark = follow
        segments = [
            Segment(text, style),
            Segment(fit(follow_text, cols.follow_up), style + mark if mark else style),
            Segment(" ", style),
        ]
        return Strip(segments).adjust_cell_length(width, style)

    def action_cursor(self, delta: int) -> None:
        """Up on the first row goes back to what is above the list (the filter)."""
        if delta < 0 and self.cursor_row == 0:
            self.screen.focus_previous()
        else:
            super().action_cursor(delta)

    def action_select(self) -> None:
        person = self.current
        if person is not None:
            self.post_message(self.Opened(self, person))

    def clicked(self, row: int) -> None:
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row=row)

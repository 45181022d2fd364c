"""The step's checklist: one line per item, its box ticked (✓) or empty, space ticks.

Drawn line by line (no widget or option object per item): the checklist is in the coach's
first frame, and a ``SelectionList`` was a good part of the time to it. The box reads as
ticked or empty without colour, too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from coach.cells import fit
from coach.tui.widgets.line_list import LineList

TICK = "✓"


class Checklist(LineList):
    """Items ``(key, text)``; the ticked keys in ``ticked``. Posts :class:`Toggled`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space,enter", "toggle_tick", show=False)]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "checklist--box",
        "checklist--box-ticked",
        "checklist--highlighted",
    }
    DEFAULT_CSS = """
    Checklist {
        height: auto;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .checklist--box {
            color: $panel-darken-2;
            background: $panel;
        }
        & > .checklist--box-ticked {
            color: $text-success;
            background: $panel;
            text-style: bold;
        }
        & > .checklist--highlighted {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .checklist--highlighted {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Toggled(Message):
        """The item ``key`` was ticked (``ticked``) or unticked. (A plain class: a
        ``@dataclass`` compiles its methods as the module loads, before the first frame.)"""

        def __init__(self, checklist: Checklist, key: str, ticked: bool) -> None:
            super().__init__()
            self.checklist = checklist
            self.key = key
            self.ticked = ticked

        @property
        def control(self) -> Checklist:
            return self.checklist

    def __init__(self, items: Sequence[tuple[str, str]], ticked: set[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items = list(items)
        self.ticked = {key for key, _ in self.items if key in ticked}
        self.virtual_size = Size(0, len(self.items))

    def set_ticked(self, ticked: set[str]) -> None:
        """Show these keys ticked (e.g. an item the user's data now shows done)."""
        ticked = {key for key, _ in self.items if key in ticked}
        if ticked != self.ticked:
            self.ticked = ticked
            self.refresh()

    @property
    def selected(self) -> list[str]:
        """The ticked keys, in the list's order."""
        return [key for key, _ in self.items if key in self.ticked]

    @property
    def row_count(self) -> int:
        return len(self.items)

    # -- ticking ---------------------------------------------------------------------
    def action_toggle_tick(self) -> None:
        self.toggle(self.cursor_row)

    def toggle(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            return
        key = self.items[index][0]
        ticked = key not in self.ticked
        if ticked:
            self.ticked.add(key)
        else:
            self.ticked.discard(key)
        self.refresh()
        self.post_message(self.Toggled(self, key, ticked))

    def clicked(self, row: int) -> None:
        self.move_cursor(row=row)
        self.toggle(row)

    # -- painting --------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.row_at(y)
        base = self.rich_style
        if not 0 <= index < len(self.items):
            return Strip.blank(width, base)
        key, text = self.items[index]
        row = base
        if index == self.cursor_row:
            row = base + self.get_component_rich_style("checklist--highlighted")
        ticked = key in self.ticked
        box = self.get_component_rich_style("checklist--box-ticked" if ticked else "checklist--box")
        side = Style(color=box.bgcolor, bgcolor=row.bgcolor)
        room = max(width - 4, 0)
        shown = fit(text, room)
        segments = [
            Segment("▐", side),
            Segment(TICK if ticked else " ", box),
            Segment("▌", side),
            Segment(" " + set_cell_size(shown, room), row),
        ]
        return Strip(segments).crop_extend(0, width, row)

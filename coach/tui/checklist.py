"""The step's checklist: one line per item, its box ticked (✓) or empty, space ticks.

Drawn line by line (no widget or option object per item): the checklist is in the coach's
first frame, and a ``SelectionList`` was a good part of the time to it. The box reads as
ticked or empty without colour, too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

TICK = "✓"


class Checklist(ScrollView, can_focus=True):
    """Items ``(key, text)``; the ticked keys in ``ticked``. Posts :class:`Toggled`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("space,enter", "toggle", show=False),
    ]
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

    @dataclass
    class Toggled(Message):
        """The item ``key`` was ticked (``ticked``) or unticked."""

        checklist: Checklist
        key: str
        ticked: bool

        @property
        def control(self) -> Checklist:
            return self.checklist

    highlighted: reactive[int] = reactive(0, repaint=False)

    def __init__(
        self, items: Sequence[tuple[str, str]], ticked: set[str], **kwargs: str | None
    ) -> None:
        super().__init__(**kwargs)
        self.items = list(items)
        self.ticked = {key for key, _ in self.items if key in ticked}
        self.virtual_size = Size(0, len(self.items))

    @property
    def selected(self) -> list[str]:
        """The ticked keys, in the list's order."""
        return [key for key, _ in self.items if key in self.ticked]

    # -- keys and mouse --------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.move_to(self.highlighted + delta)

    def action_move_to(self, index: int) -> None:
        self.move_to(index if index >= 0 else len(self.items) - 1)

    def action_page(self, direction: int) -> None:
        self.move_to(self.highlighted + direction * max(self.scrollable_content_region.height, 1))

    def move_to(self, index: int) -> None:
        self.highlighted = max(0, min(index, len(self.items) - 1))

    def watch_highlighted(self) -> None:
        top, height = round(self.scroll_y), max(self.scrollable_content_region.height, 1)
        if self.highlighted < top:
            self.scroll_to(y=self.highlighted, animate=False, immediate=True)
        elif self.highlighted >= top + height:
            self.scroll_to(y=self.highlighted - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_toggle(self) -> None:
        self.toggle(self.highlighted)

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

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < len(self.items):
            self.highlighted = index
            self.toggle(index)

    # -- painting --------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base = self.rich_style
        if not 0 <= index < len(self.items):
            return Strip.blank(width, base)
        key, text = self.items[index]
        row = base
        if index == self.highlighted:
            row = base + self.get_component_rich_style("checklist--highlighted")
        ticked = key in self.ticked
        box = self.get_component_rich_style("checklist--box-ticked" if ticked else "checklist--box")
        side = Style(color=box.bgcolor, bgcolor=row.bgcolor)
        room = max(width - 4, 0)
        shown = text if cell_len(text) <= room else set_cell_size(text, max(room - 1, 0)) + "…"
        segments = [
            Segment("▐", side),
            Segment(TICK if ticked else " ", box),
            Segment("▌", side),
            Segment(" " + set_cell_size(shown, room), row),
        ]
        return Strip(segments).crop_extend(0, width, row)

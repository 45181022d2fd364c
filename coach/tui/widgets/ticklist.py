"""A SelectionList whose boxes read as ticked (✓) or empty even without colour."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from coach.tui.widgets.checklist import TICK  # one tick glyph for every list of boxes


class TickList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if len(segments) < 2:
            return line
        # Textual draws the same "X" in both states and tells them apart by colour only.
        inner = TICK if selection.value in self.selected else " "
        segments[1] = Segment(inner, segments[1].style)
        return Strip(segments, line.cell_length)

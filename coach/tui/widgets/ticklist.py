"""A SelectionList whose boxes read as ticked (✓) or empty even without colour, and whose
space ticks the option highlighted when it is pressed."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from coach.tui.widgets.checklist import TICK  # one tick glyph for every list of boxes


class TickList(SelectionList[str]):
    def action_select(self) -> None:
        """Space (or a click): toggle the highlighted option now. Textual's toggles the
        option highlighted when a message it posts is handled, and a Down typed right
        after space has moved the highlight by then: in a quick burst the tick landed on
        the next option (a user trial lost two of three ticks)."""
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if not option.disabled:
            self.toggle(option)

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

"""The last guard before the terminal: no control, bidi control or invisible character is
drawn raw.

Text the coach shows passes through ``coach.safetext.shown`` and carries visible marks
(``{U+202E}``, ``{U+001B}``); text being edited (an Input, a TextArea) holds the
characters exactly as typed, and Textual draws its value as it is (ESC and the C1 controls
included). This line filter, added to every line the app draws
(``CoachApp.get_line_filters``), drops what is left of them from the drawn segments: they
take no cell, so the cursor and the layout stay where they were, and the value is
unchanged.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from coach.safetext import has_invisible, unseen


class Unseen(LineFilter):
    """Drops controls, bidi controls and invisible characters from drawn lines (text is
    not changed)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not has_invisible("".join([s.text for s in segments])):
            return segments  # the usual case: the line as it is (one search a line)
        return [
            Segment(unseen(s.text), s.style, s.control) if not s.control else s for s in segments
        ]


UNSEEN = Unseen()

"""A line with a hanging indent: where it wraps, the next rows start under its text, not
under its bullet ("• Jana Krüger — planned for …" on Today, narrow terminals)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Hanging(Visual):
    """``bullet`` on the first row, ``text`` wrapped in the columns after it."""

    def __init__(self, bullet: str, text: Content) -> None:
        self.bullet = bullet
        self.text = text
        self._indent = cell_len(bullet)

    def __str__(self) -> str:  # what a test or a screen reader reads: the line as written
        return self.bullet + self.text.plain

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        inner = max(1, width - self._indent)
        rows = self.text.render_strips(inner, height, style, options)
        lead = Strip([Segment(self.bullet, style.rich_style)], self._indent)
        blank = Strip.blank(self._indent, style.rich_style)
        return [Strip.join([lead if n == 0 else blank, row]) for n, row in enumerate(rows)]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._indent + self.text.get_optimal_width(rules, container_width - self._indent)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self._indent + self.text.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.text.get_height(rules, max(1, width - self._indent))

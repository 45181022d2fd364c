"""A line of key hints ("l log a contact · z a week later · esc done") that wraps between
hints only, after a sentence that leads to them if there is one: at 80 columns a key stood
at a row's end with its words on the next ("u" / "undo"). Textual wraps at every space, the
no-break space included."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

SEPARATOR = " · "


class KeyHints(Visual):
    """``text``'s hints (separated by " · ") packed into rows; a hint wider than a row
    wraps within itself. Plain text: never read as markup."""

    def __init__(self, text: str, lead: str = "") -> None:
        self.text, self.lead = text, lead  # (lead: a sentence before them, wrapped as text)
        self.hints = [Content(hint) for hint in text.split(SEPARATOR)]

    def __str__(self) -> str:  # what a test or a screen reader reads: the line as written
        return f"{self.lead} {self.text}" if self.lead else self.text

    def rows(self, width: int) -> list[Content]:
        rows: list[Content] = Content(self.lead).wrap(width) if self.lead else []
        start = len(rows)
        for hint in self.hints:
            if (
                len(rows) > start
                and rows[-1].cell_length + len(SEPARATOR) + hint.cell_length <= width
            ):
                rows[-1] = rows[-1] + SEPARATOR + hint
            else:
                rows.append(hint)
        return rows

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        width = max(1, width)
        return [
            s for row in self.rows(width) for s in row.render_strips(width, None, style, options)
        ]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return min(max(cell_len(self.lead), cell_len(self.text)), container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max(hint.get_minimal_width(rules) for hint in self.hints)

    def get_height(self, rules: RulesMap, width: int) -> int:
        width = max(1, width)
        return sum(row.get_height(rules, width) for row in self.rows(width))

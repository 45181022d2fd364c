"""A dialog's or a form's buttons: side by side, right-aligned; one under the other where
the row is narrower than they need (a small terminal, a long German label), so none is cut
off at the edge."""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal
from textual.widgets import Button


class ButtonRow(Horizontal):
    DEFAULT_CSS = """
    ButtonRow > Button {
        margin-left: 1;
    }
    ButtonRow > Button:first-child {
        margin-left: 0;
    }
    ButtonRow.-stacked {
        layout: vertical;
    }
    ButtonRow.-stacked > Button {
        width: 100%;
        margin-left: 0;
    }
    ButtonRow.-stacked > Button.-textual-compact {
        margin-bottom: 1;  /* frameless: without a gap, stacked they read as one bar */
    }
    """

    def __init__(self, *children: Any, **kwargs: Any) -> None:
        kwargs["classes"] = f"buttons {kwargs.get('classes', '')}".strip()
        super().__init__(*children, **kwargs)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)  # the buttons have their widths by then

    def _fit(self) -> None:
        """Stacked when the buttons side by side (each as wide as its label) and the gaps
        between them need more columns than the row has."""
        need = 0
        for button in self.query_children(Button):
            if button.display:
                margin = button.styles.margin
                need += _natural_width(button) + margin.left + margin.right
        self.set_class(need > self.size.width, "-stacked")


def _natural_width(button: Button) -> int:
    """The columns ``button`` takes side by side: its label as the button draws it, with
    padding and border, at least its minimum width (stacked, it is as wide as the row)."""
    styles = button.styles
    size = button.app.size
    label = button.get_content_width(size, size) + styles.gutter.width
    floor = styles.min_width.cells if styles.min_width is not None else None
    return max(label, floor or 0)

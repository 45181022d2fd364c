"""A row of buttons stacks exactly when the buttons side by side would not fit: a German
break dialog at 60 columns cut its third button by two columns (its labels were measured
without the two columns a button draws around its label)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from coach.tui.dialogs.button_row import ButtonRow
from tui.conftest import wait_for

LABELS = ("Datum ändern", "Pause jetzt beenden", "Abbrechen (Esc)")
NEED = 16 + 21 + 17 + 2  # each as the button draws it, and the margins between them


class Row(App[None]):
    def __init__(self, width: int, *, compact: bool = False) -> None:
        super().__init__()
        self.width = width
        self.compact = compact

    def compose(self) -> ComposeResult:
        with Vertical(id="box") as box:
            box.styles.width = self.width
            with ButtonRow():
                for label in LABELS:
                    yield Button(label, compact=self.compact)


@pytest.mark.parametrize(("width", "stacked"), [(NEED, False), (NEED - 1, True)])
async def test_the_row_stacks_only_when_its_buttons_do_not_fit(width: int, stacked: bool) -> None:
    app = Row(width)
    async with app.run_test(size=(80, 12)) as pilot:
        row = app.query_one(ButtonRow)
        await wait_for(pilot, lambda: row.size.width == width, "laid out")
        await wait_for(pilot, lambda: row.has_class("-stacked") is stacked, "stacked or not")
        if not stacked:
            right = max(b.region.right for b in app.query(Button))
            assert right <= row.region.right, "a button cut at the edge"


async def test_frameless_buttons_stacked_keep_a_row_between_them() -> None:
    """Compact buttons have no frame: stacked without a gap, three read as one bar."""
    app = Row(20, compact=True)
    async with app.run_test(size=(80, 12)) as pilot:
        row = app.query_one(ButtonRow)
        await wait_for(pilot, lambda: row.has_class("-stacked"), "stacked")
        await wait_for(pilot, lambda: len({b.region.y for b in app.query(Button)}) == 3)
        rows = sorted((b.region.y, b.region.bottom) for b in app.query(Button))
        gaps = [below[0] - above[1] for above, below in pairwise(rows)]
        assert gaps == [1, 1], rows

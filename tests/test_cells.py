"""Text cut to a width counts terminal cells: a CJK character or an emoji takes two."""

from __future__ import annotations

import pytest

from coach.cells import cell_len, fit, pad
from coach.sheet.document import ProgressRow, ProgressTable
from coach.sheet.text import _block

JAPANESE = "日本語テキスト"  # 7 characters, 14 cells
EMOJI = "😀🎉👋 hi"  # 6 characters, 9 cells


def test_wide_characters_take_two_cells() -> None:
    assert cell_len(JAPANESE) == 14
    assert cell_len(EMOJI) == 9
    assert cell_len("Grüße") == 5
    assert cell_len("e\u0301") == 1  # a combining accent takes no cell


@pytest.mark.parametrize("text", [JAPANESE, EMOJI, "Netzwerken ohne Angst", "e\u0301" * 12])
@pytest.mark.parametrize("width", range(0, 16))
def test_fit_never_takes_more_cells_than_given(text: str, width: int) -> None:
    shown = fit(text, width)
    assert cell_len(shown) <= width
    if cell_len(text) <= width:
        assert shown == text
    elif width:
        assert shown.endswith("…")
        assert text.startswith(shown[:-1])
        assert cell_len(shown) >= width - 1  # cut at the edge, not long before it


def test_japanese_is_cut_where_it_reaches_the_edge() -> None:
    assert fit(JAPANESE, 8) == "日本語…"  # 7 cells: a fourth character would straddle
    assert fit(JAPANESE, 9) == "日本語テ…"
    assert fit(EMOJI, 5) == "😀🎉…"


def test_pad_fills_cells_not_characters() -> None:
    assert pad("日本", 6) == "日本  "
    assert cell_len(pad(EMOJI, 12)) == 12


def test_the_text_sheet_lines_up_wide_titles() -> None:
    rows = [ProgressRow(JAPANESE * 5, 1, 2), ProgressRow("Kontakte", 0, 3)]
    table = ProgressTable(("Schritt", "Stand"), rows, ProgressRow("Gesamt", 1, 5))
    lines = [line for line in _block(table, 80) if line]
    assert len({cell_len(line) for line in lines}) == 1  # every bar starts in one column
    assert all(cell_len(line) <= 80 for line in lines)
    assert "…" in lines[0]

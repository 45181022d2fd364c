"""Text measured in terminal cells, not characters: a CJK character or an emoji takes two
cells, a combining mark none. The one place the coach cuts text to a width with "…" (the
sheet as text, the status table, the app's lists and tables), so that a Japanese title is
cut where it reaches the edge, not after twice the room. No Rich here: the core stays light.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """The cells one character takes: 2 for wide and full-width ones (CJK, most emoji),
    0 for combining marks and invisible format characters (e.g. a zero-width joiner)."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """How many cells ``text`` takes on one line."""
    if text.isascii():
        return len(text)
    return sum(char_cells(c) for c in text)


def fit(text: str, width: int) -> str:
    """``text`` if it takes at most ``width`` cells, else cut so that it and a closing "…"
    take at most ``width`` cells (a wide character that would straddle the edge is left out)."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    used = 0
    for end, char in enumerate(text):
        used += char_cells(char)
        if used > width - 1:
            return text[:end] + ELLIPSIS
    return text  # not reached: the text is wider than ``width``


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` cells (``str.ljust`` counts characters)."""
    return text + " " * max(width - cell_len(text), 0)

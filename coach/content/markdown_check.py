"""Markdown in a step's text that coach's small renderer does not draw.

The step view lays out a small part of Markdown itself (``coach/tui/prose.py``: headings
with ``#``, paragraphs, lists, quotes, fenced code, bold, italic, code, links); the rest
would show as written, i.e. mangled (a table as rows of pipes, a ``---`` rule joined to the
paragraph above). ``coach validate`` warns about each such construct, so the author sees it
in the check instead of on screen. Keep this list in step with ``prose.py``.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"\s*(```|~~~)")
_RULE = re.compile(r" {0,3}([-*_])(?:\s*\1){2,}\s*")
_SETEXT = re.compile(r" {0,3}(=+|-+)\s*")
_TABLE_DELIMITER = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*|\s*\|\s*:?-+:?\s*\|\s*")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")
_ITEM = re.compile(r"\s*([-*+]|\d{1,9}[.)])\s+")

TABLE = "Markdown table is not rendered (it shows as rows of | characters); use a list"
SETEXT = "underlined heading is not rendered; write it as '# Heading' or '## Heading'"
RULE = "horizontal rule (---, ***, ___) is not rendered; leave a blank line instead"
HARD_BREAK = "hard line break (two trailing spaces or a trailing \\) is not rendered"
IMAGE = "images are not shown in a terminal; use a link [text](url)"


def unrendered(text: str) -> list[tuple[int, str]]:
    """``(line index, message)`` for each construct in ``text`` the renderer won't draw."""
    found: list[tuple[int, str]] = []
    lines = text.split("\n")
    fence: str | None = None
    previous = ""  # the line before, "" after a blank line or a block that ends a paragraph
    for i, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            previous = ""
            continue
        if not line.strip():
            previous = ""
            continue
        in_paragraph = bool(previous) and not previous.lstrip().startswith(("#", ">"))
        if _TABLE_DELIMITER.fullmatch(line) and "|" in previous:
            found.append((i - 1, TABLE))
        elif _SETEXT.fullmatch(line) and in_paragraph and not _ITEM.match(previous):
            found.append((i - 1, SETEXT))
        elif _RULE.fullmatch(line):
            found.append((i, RULE))
            previous = ""
            continue
        if _IMAGE.search(line):
            found.append((i, IMAGE))
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following.strip() and (line.endswith("  ") or line.endswith("\\")):
            found.append((i, HARD_BREAK))
        previous = line
    return found

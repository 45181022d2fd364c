"""A step's explanation (Markdown) as one light renderable, for one ``Static``.

Textual's ``Markdown`` widget builds a widget per block and loads markdown-it: the slowest
part of opening a step. Step texts need only a small part of Markdown, so this renders that
part directly: headings, paragraphs, bullet and numbered lists (nested, wrapped with a hanging
indent), quotes, fenced code, and inline bold, italic, code and links. Anything else shows as
written. The text is content, cleaned of control sequences by the caller; it is never parsed
as Textual or Rich markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"(\s*)([-*+]|\d{1,9}[.)])\s+(.*)")
_FENCE = re.compile(r"\s*(```|~~~)")
_INLINE = re.compile(
    r"\\(?P<escaped>[\\`*_\[\]()#+\-.!>])"
    r"|`(?P<code>[^`]+)`"
    r"|\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic2>[^_\s](?:[^_]*[^_\s])?)_(?![\w_])"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
BULLETS = "•◦▪"


@dataclass
class _Item:
    depth: int
    marker: str
    lines: list[str] = field(default_factory=list)


def inline(text: str, style: str = "") -> Text:
    """``text`` with Markdown's inline emphasis applied (never markup)."""
    out = Text(style=style)
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(text[pos : match.start()])
        pos = match.end()
        kind = match.lastgroup
        if kind == "escaped":
            out.append(match["escaped"])
        elif kind == "code":
            out.append(match["code"], "bold")
        elif kind in ("bold", "bold2"):
            out.append_text(inline(match[kind], "bold"))
        elif kind in ("italic", "italic2"):
            out.append_text(inline(match[kind], "italic"))
        elif kind == "url":  # the last group of a link: [label](url)
            out.append_text(inline(match["label"], "underline"))
    out.append(text[pos:])
    return out


def render(text: str) -> RenderableType:
    """``text`` (Markdown) as a Rich renderable: blocks separated by one blank line."""
    blocks: list[RenderableType] = []
    paragraph: list[str] = []
    items: list[_Item] = []
    quote: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(inline(" ".join(paragraph)))
            paragraph.clear()
        if items:
            blocks.append(_list(items))
            items.clear()
        if quote:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, style="dim")
            grid.add_column(ratio=1)
            grid.add_row("▌", inline(" ".join(quote), "italic"))
            blocks.append(grid)
            quote.clear()

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        fence = _FENCE.match(line)
        if fence:
            flush()
            code = []
            while i < len(lines) and not lines[i].strip().startswith(fence.group(1)):
                code.append(lines[i])
                i += 1
            i += 1  # the closing fence
            blocks.append(Text("\n".join(code), style="dim", no_wrap=True))
            continue
        if not line.strip():
            flush()
            continue
        heading = _HEADING.fullmatch(line.strip())
        item = _ITEM.fullmatch(line)
        if heading:
            flush()
            level = len(heading.group(1))
            blocks.append(inline(heading.group(2), "bold underline" if level <= 2 else "bold"))
        elif item:
            if paragraph or quote:
                flush()
            indent, marker, rest = item.groups()
            items.append(_Item(len(indent.expandtabs(4)) // 2, marker, [rest]))
        elif line.lstrip().startswith(">"):
            if paragraph or items:
                flush()
            quote.append(line.lstrip()[1:].strip())
        elif items and (line.startswith(" ") or not paragraph):
            items[-1].lines.append(line.strip())  # a list item's continuation line
        else:
            paragraph.append(line.strip())
    flush()
    spaced: list[RenderableType] = []
    for block in blocks:
        if spaced:
            spaced.append(Text())
        spaced.append(block)
    return Group(*spaced)


def _list(items: list[_Item]) -> Table:
    """One list (nested items indented) with wrapped lines hanging under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    base = min(item.depth for item in items)
    for item in items:
        depth = min(item.depth - base, 4)
        marker = item.marker if item.marker[0].isdigit() else BULLETS[depth % len(BULLETS)]
        grid.add_row("  " * depth + marker, inline(" ".join(item.lines)))
    return grid

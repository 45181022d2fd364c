"""A step's explanation (Markdown), laid out as lines for one ``Static``.

Textual's ``Markdown`` widget builds a widget per block and loads markdown-it: the slowest
part of opening a step. Step texts need only a small part of Markdown, so this lays that part
out directly: headings, paragraphs, bullet and numbered lists (nested, wrapped with a hanging
indent), quotes, fenced code, and inline bold, italic, code and links. Anything else shows as
written. The text is content, its controls made visible marks by the caller; it is never parsed
as Textual or Rich markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from coach.records import Record

# Patterns as text: compiled (and cached by ``re``) on first use, not on every start.
_HEADING = r"(#{1,6})\s+(.*?)\s*#*\s*$"
_ITEM = r"(\s*)([-*+]|\d{1,9}[.)])\s+(.*)"
_FENCE = r"\s*(```|~~~)"
_INLINE = (
    r"\\(?P<escaped>[\\`*_\[\]()#+\-.!>])"
    r"|`(?P<code>[^`]+)`"
    r"|\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic2>[^_\s](?:[^_]*[^_\s])?)_(?![\w_])"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
BULLETS = "•◦▪"


class _Block(Record):
    """One paragraph of output: its first line starts with ``first``, the others with
    as many spaces (a list item's hanging indent); ``gap`` is a blank line before it."""

    text: Content
    first: Content = Content()  # (Content is immutable: one empty start serves all)
    gap: bool = True
    wrap: bool = True


def inline(text: str, style: str = "") -> Content:
    """``text`` with Markdown's inline emphasis applied (never markup)."""
    parts: list[Content] = []
    pos = 0
    for match in re.finditer(_INLINE, text):
        parts.append(Content(text[pos : match.start()]))
        pos = match.end()
        kind = match.lastgroup
        if kind == "escaped":
            parts.append(Content(match["escaped"]))
        elif kind == "code":
            parts.append(Content.styled(match["code"], "bold"))
        elif kind in ("bold", "bold2"):
            parts.append(inline(match[kind], "bold"))
        elif kind in ("italic", "italic2"):
            parts.append(inline(match[kind], "italic"))
        elif kind == "url":  # the last group of a link: [label](url), the address shown too
            parts.append(inline(match["label"], "underline"))
            parts.append(Content.styled(f" ({match['url']})", "dim"))
    parts.append(Content(text[pos:]))
    content = Content("").join(parts)
    return content.stylize_before(style) if style else content


def parse(text: str) -> list[_Block]:
    """The blocks of ``text``, in order."""
    blocks: list[_Block] = []
    paragraph: list[str] = []
    items: list[tuple[int, str, list[str]]] = []  # (depth, marker, lines)
    quote: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(_Block(inline(" ".join(paragraph))))
            paragraph.clear()
        if items:
            blocks.extend(_list(items))
            items.clear()
        if quote:
            blocks.append(_Block(inline(" ".join(quote), "italic"), Content.styled("▌ ", "dim")))
            quote.clear()

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        fence = re.match(_FENCE, line)
        if fence:
            flush()
            code = []
            while i < len(lines) and not lines[i].strip().startswith(fence.group(1)):
                code.append(lines[i])
                i += 1
            i += 1  # the closing fence
            for n, code_line in enumerate(code):
                blocks.append(_Block(Content.styled(code_line, "dim"), gap=n == 0, wrap=False))
            continue
        if not line.strip():
            if items and _list_goes_on(lines, i):
                continue  # a loose list: a blank line between its items
            flush()
            continue
        heading = re.fullmatch(_HEADING, line.strip())
        item = re.fullmatch(_ITEM, line)
        if heading:
            flush()
            level = len(heading.group(1))
            style = "bold underline" if level <= 2 else "bold"
            blocks.append(_Block(inline(heading.group(2), style)))
        elif item:
            if paragraph or quote:
                flush()
            indent, marker, rest = item.groups()
            items.append((len(indent.expandtabs(4)), marker, [rest]))
        elif line.lstrip().startswith(">"):
            if paragraph or items:
                flush()
            quote.append(line.lstrip()[1:].strip())
        elif items and (line.startswith(" ") or not paragraph):
            items[-1][2].append(line.strip())  # a list item's continuation line
        else:
            paragraph.append(line.strip())
    flush()
    return blocks


def _list_goes_on(lines: list[str], i: int) -> bool:
    """After a blank line at ``i - 1``: does the list go on (an item or an indented line)?"""
    for line in lines[i:]:
        if line.strip():
            return bool(re.fullmatch(_ITEM, line.rstrip())) or line.startswith((" ", "\t"))
    return False


def _list(items: list[tuple[int, str, list[str]]]) -> list[_Block]:
    """One list: an item indented more than the one before is nested under it; numbers are
    right-aligned; wrapped lines and nested items hang under their parent's text."""
    levels: list[int] = []  # the indents of the open levels
    placed = []
    for indent, marker, lines in items:
        while levels and levels[-1] > indent:
            levels.pop()
        if not levels or levels[-1] < indent:
            levels.append(indent)
        placed.append((min(len(levels) - 1, 4), marker, lines))
    widths: dict[int, int] = {}  # widest number per level, to right-align them
    for level, marker, _ in placed:
        if marker[0].isdigit():
            widths[level] = max(widths.get(level, 0), len(marker))
    columns: dict[int, int] = {}  # where the text of the latest item of each level starts
    blocks = []
    for n, (level, marker, lines) in enumerate(placed):
        start = columns.get(level - 1, 0) if level else 0
        shown = marker.rjust(widths[level]) if marker[0].isdigit() else BULLETS[level % 3]
        prefix = " " * start + shown + " "
        columns[level] = len(prefix)
        blocks.append(_Block(inline(" ".join(lines)), Content(prefix), gap=n == 0))
    return blocks


class Prose(Visual):
    """Markdown text as wrapped lines; laid out once per width."""

    def __init__(self, text: str, head: Sequence[Content] = (), gap: bool = True) -> None:
        blocks = parse(text)
        if head and blocks:
            blocks[0] = blocks[0]._replace(gap=gap)
        self.blocks = [_Block(line, gap=False) for line in head] + blocks
        self._lines: tuple[int, list[Content]] | None = None

    def __str__(self) -> str:  # what a test or a screen reader reads: the lines unwrapped
        return "\n".join((b.first + b.text).plain for b in self.blocks)

    def lines(self, width: int) -> list[Content]:
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        out: list[Content] = []
        for block in self.blocks:
            if block.gap and out:
                out.append(Content(""))
            indent = cell_len(block.first.plain)
            if not block.wrap:
                out.append(block.first + block.text)
                continue
            wrapped = block.text.wrap(max(width - indent, 1)) or [Content("")]
            out.append(block.first + wrapped[0])
            out.extend(Content(" " * indent) + line for line in wrapped[1:])
        self._lines = (width, out)
        return out

    # -- the Visual protocol -----------------------------------------------------------
    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lines = self.lines(width)[:height] if height is not None else self.lines(width)
        plain = RenderOptions(
            options.get_style, {"text_wrap": "nowrap"}, post_style=options.post_style
        )
        pad = style.rich_style
        strips = []
        for line in lines:
            strips.extend(line.render_strips(width, 1, style, plain) or [Strip.blank(width, pad)])
        return [strip.extend_cell_length(width, pad) for strip in strips]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


def render(text: str, head: Sequence[Content] = (), gap: bool = True) -> Prose:
    """``text`` (Markdown) ready for a ``Static``, below the lines ``head`` (each wrapped
    as a paragraph of its own; ``gap``: a blank line between them and the text)."""
    return Prose(text, head, gap)


def bulleted(head: Content, items: Sequence[Content], bullet: str = "• ") -> Prose:
    """A heading and a list of lines (not Markdown: shown as given), each after ``bullet``
    and wrapped under its own text, not under the bullet."""
    listed = Prose("", [head])
    listed.blocks += [_Block(item, Content(bullet), gap=False) for item in items]
    return listed

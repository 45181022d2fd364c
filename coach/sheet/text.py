"""The sheet as plain text for an 80-column terminal: no colour, every line wrapped."""

from __future__ import annotations

import textwrap

from coach.cells import cell_len, fit, pad
from coach.domain.status import BAR_WIDTH, bar
from coach.sheet.chart import sparkline
from coach.sheet.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Fields,
    Heading,
    Hint,
    ProgressTable,
    Table,
    plain_blocks,
)

WIDTH = 80


def render_text(doc: Document, width: int = WIDTH) -> str:
    out: list[str] = []
    out += _wrap(doc.title, width)
    out.append("=" * min(width, max(cell_len(line) for line in out)))
    byline = f"{doc.name} · {doc.made_on}" if doc.name else doc.made_on
    out += _wrap(byline, width)
    for section in doc.sections:
        out.append("")
        title = _wrap(section.title, width)
        out += title
        out.append("-" * max(len(line) for line in title))
        blocks = [
            b for x in section.blocks for b in (plain_blocks(x) if isinstance(x, Table) else [x])
        ]
        for n, block in enumerate(blocks):
            lines = _block(block, width)
            out += lines[1:] if n == 0 and isinstance(block, Heading) else lines
    return "\n".join(line.rstrip() for line in out) + "\n"


def _block(block: Block, width: int) -> list[str]:
    if isinstance(block, Heading):
        return ["", *_wrap(block.text, width, "  ")]
    if isinstance(block, Hint):
        return _wrap(f"({block.text})", width, "  ")
    if isinstance(block, Fields):
        out = []
        for label, value in block.items:
            out += _wrap(label + ":", width, "  ")
            for n, para in enumerate(value.split("\n")):
                out += _wrap(para, width, "    ") if para.strip() else ([""] if n else [])
        return out
    if isinstance(block, Bullets):
        return [line for item in block.items for line in _wrap(item, width, "  • ", "    ")]
    if isinstance(block, Table):
        out = []
        for cells in block.rows:
            out += _wrap(cells[0] or "–", width, "  • ", "    ")
            for header, cell in zip(block.headers[1:], cells[1:], strict=True):
                if cell:
                    out += _wrap(f"{header}: {cell}", width, "    ", "      ")
        return out
    if isinstance(block, Chart):
        out = _wrap(block.title + ":", width, "  ")
        for label, values in zip(block.labels, block.series, strict=True):
            out.append(f"    {sparkline(values, block.top)}  {label}")
        return out + (_wrap(block.caption, width, "    ") if block.caption else [])
    if isinstance(block, ProgressTable):
        rows = [*block.rows, block.overall]
        name_width = min(max(cell_len(r.title) for r in rows), width - 6 - 2 - BAR_WIDTH - 2 - 7)
        out = []
        for n, row in enumerate(rows, 1):
            label = f"{n}." if row is not block.overall else ""
            title = pad(fit(row.title, name_width), name_width)
            if row is block.overall:
                out.append("")
            out.append(f"  {label:>3} {title}  {bar(row.done, row.total)}  {row.done}/{row.total}")
        return out
    raise TypeError(block)


def _wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_on_hyphens=False,
    ) or [first.rstrip()]

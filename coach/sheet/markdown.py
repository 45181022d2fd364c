"""The sheet as Markdown that pastes cleanly into a notes app; user text is escaped."""

from __future__ import annotations

import re

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

# Characters that mean something inline (emphasis, links, HTML, code, tables, entities).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# What would start a block at the beginning of a line: a heading, a list item, a rule or a
# setext underline (a quote starts with ">", which _INLINE already escapes).
_LINE_START = re.compile(r"^(?:[-+#]|\d{1,9}[.)])(?=\s|$)|^[-=]+\s*$")


def escape(text: str) -> str:
    """``text`` so that Markdown shows it literally (one line or several)."""
    lines = []
    for line in text.split("\n"):
        line = line.strip()  # leading spaces could turn a line into a code block
        line = _INLINE.sub(r"\\\1", line)
        line = _LINE_START.sub(_escape_marker, line)
        lines.append(line)
    return "\n".join(lines)


def _escape_marker(match: re.Match[str]) -> str:
    marker = match[0]
    if marker[0].isdigit():  # "1." -> "1\.", escaping the punctuation only
        digits = marker.rstrip(".)")
        return digits + "\\" + marker[len(digits) :]
    return "\\" + marker


def render_markdown(doc: Document) -> str:
    out = [f"# {escape(doc.title)}", ""]
    byline = f"**{escape(doc.name)}** · {escape(doc.made_on)}" if doc.name else escape(doc.made_on)
    out += [byline, ""]
    for section in doc.sections:
        out += [f"## {escape(section.title)}", ""]
        for table_or_block in section.blocks:
            parts = (
                plain_blocks(table_or_block)
                if isinstance(table_or_block, Table)
                else [table_or_block]
            )
            for block in parts:
                out += [*_block(block), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"### {escape(block.text)}"]
    if isinstance(block, Hint):
        return [f"*{escape(block.text)}*"]
    if isinstance(block, Fields):
        out: list[str] = []
        for label, value in block.items:
            if out:
                out.append("")
            out += [f"**{escape(label)}**", ""]
            # A backslash at the end of a line is a hard line break in CommonMark.
            lines = [p for p in escape(value).split("\n") if p]
            out.append("\\\n".join(lines))
        return out
    if isinstance(block, Bullets):
        return [f"- {escape(item)}" for item in block.items]
    if isinstance(block, Table):
        return _table(block.headers, block.rows)
    if isinstance(block, Chart):
        parts = [
            f"`{sparkline(v, block.top)}` {escape(label)}"
            for label, v in zip(block.labels, block.series, strict=True)
        ]
        if block.caption:
            parts.append(escape(block.caption))
        return [f"**{escape(block.title)}**", "", "\\\n".join(parts)]
    if isinstance(block, ProgressTable):
        rows = [[r.title, f"{r.done}/{r.total}"] for r in block.rows]
        overall = block.overall
        rows.append([f"**{escape(overall.title)}**", f"**{overall.done}/{overall.total}**"])
        return _table(list(block.headers), rows, raw_last=True)
    raise TypeError(block)


def _table(headers: list[str], rows: list[list[str]], raw_last: bool = False) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    out = [line([escape(h) for h in headers]), line(["---"] * len(headers))]
    for n, row in enumerate(rows):
        raw = raw_last and n == len(rows) - 1
        out.append(line([c if raw else escape(c) for c in row]))
    return out

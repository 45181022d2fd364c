"""The sheet as one self-contained HTML file: inline CSS, no scripts, prints on A4."""

from __future__ import annotations

import re
from html import escape as _escape

from coach.sheet.chart import bar_chart
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
)


def escape(text: str) -> str:
    """Text for an element's content; ``&``, ``<`` and ``>`` are all it needs."""
    return _escape(text, quote=False)


CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 11pt; line-height: 1.45; color: #1d2530; background: #fff;
  max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; color: #1f3a5f; }
.byline { margin: 0 0 1.5rem; color: #56616f; }
.byline strong { color: #1d2530; }
section { margin: 0 0 1.4rem; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; padding-bottom: .2rem; color: #1f3a5f;
  border-bottom: 2px solid #d5dde8; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: .8rem 0 .3rem; color: #2c4a73;
  break-after: avoid; page-break-after: avoid; }
.hint { color: #56616f; font-style: italic; margin: .2rem 0; }
dl { margin: 0; }
dt { font-weight: 600; margin-top: .5rem; }
dd { margin: .1rem 0 0 1rem; white-space: pre-line; overflow-wrap: anywhere; }
ul { margin: .2rem 0; padding-left: 1.4rem; }
table { width: 100%; border-collapse: collapse; margin: .2rem 0 .4rem; font-size: .95em; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid #e3e8ef; overflow-wrap: break-word; hyphens: manual; }
th { background: #f1f4f8; font-weight: 600; }
td.date { white-space: nowrap; }
.word { overflow-wrap: normal; }
th.box, td.box { width: .9rem; padding-right: 0; }
.tick { display: inline-block; width: .75rem; height: .75rem; margin-top: .2rem;
  border: 1.5px solid #56616f; border-radius: 2px; }
tr.group-start td { border-top: 2px solid #d5dde8; }
.late { display: block; font-size: .8em; font-weight: 700; color: #a33a1f;
  letter-spacing: .02em; }
.under { display: block; font-size: .85em; color: #56616f; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { white-space: nowrap; text-align: right; width: 5rem; }
.bar { display: inline-block; width: 6rem; height: .6rem; background: #e3e8ef;
  border-radius: .3rem; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #3f7cc4; }
tr.overall td { font-weight: 600; border-top: 2px solid #d5dde8; }
@page { size: A4; margin: 14mm 14mm; }
@media print {
  body { font-size: 9pt; line-height: 1.3; max-width: none; margin: 0; padding: 0; }
  section { margin-bottom: .8rem; }
  th, td { padding: .2rem .4rem; }
  h2 { margin-bottom: .3rem; }
  h3 { margin: .5rem 0 .2rem; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render_html(doc: Document) -> str:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_escape(doc.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_title(doc)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(doc.title)}</h1>",
        f'<p class="byline">{_byline(doc)}</p>',
        "</header>",
    ]
    for section in doc.sections:
        out.append(f'<section id="{_escape(section.id)}">')
        out.append(f"<h2>{escape(section.title)}</h2>")
        for block in section.blocks:
            out += _block(block)
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _title(doc: Document) -> str:
    return escape(f"{doc.title} – {doc.name}" if doc.name else doc.title)


def _byline(doc: Document) -> str:
    made = escape(doc.made_on)
    return f"<strong>{escape(doc.name)}</strong> · {made}" if doc.name else made


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"<h3>{escape(block.text)}</h3>"]
    if isinstance(block, Hint):
        return [f'<p class="hint">{escape(block.text)}</p>']
    if isinstance(block, Fields):
        items = [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block.items]
        return ["<dl>", *items, "</dl>"]
    if isinstance(block, Bullets):
        return ["<ul>", *(f"<li>{escape(item)}</li>" for item in block.items), "</ul>"]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return bar_chart(block)
    if isinstance(block, ProgressTable):
        step, done = (escape(h) for h in block.headers)
        out = ["<table>", f"<thead><tr><th>{step}</th><th></th><th>{done}</th></tr></thead>"]
        out.append("<tbody>")
        for row in block.rows:
            out.append(_progress_row(row.title, row.done, row.total, ""))
        out.append(
            _progress_row(
                block.overall.title, block.overall.done, block.overall.total, ' class="overall"'
            )
        )
        out += ["</tbody>", "</table>"]
        return out
    raise TypeError(block)


# Dates stay on one line; a choice or a name breaks only between words; a link only after
# its separators (a <wbr> after each), never inside a word.
_KIND_CLASS = {"date": "date", "choice": "word", "multi_choice": "word", "number": "date"}
_URL = re.compile(r"https?://\S+")


def _table(block: Table) -> list[str]:
    """One table; grouped rows keep their group in a column of its own (after the first),
    so the columns of every group line up; overdue dates say so in words; on request a box
    per row to tick by hand."""
    kinds = block.kinds or [""] * len(block.headers)
    classes = [_KIND_CLASS.get(k, "") for k in kinds]
    classes[0] = classes[0] or "word"  # the name of the row

    def columns(cells: list[str], group: str | None, tag: str, box: str) -> str:
        out = [box] if block.boxes else []
        for i, cell in enumerate(cells):
            cls = f' class="{classes[i]}"' if classes[i] else ""
            out.append(f"<{tag}{cls}>{cell}</{tag}>")
            if i == 0 and group is not None:
                out.append(f'<{tag} class="word">{group}</{tag}>')
        return "".join(out)

    grouped = bool(block.groups)
    head = columns(
        [escape(h) for h in block.headers],
        escape(block.group_header) if grouped else None,
        "th",
        '<th class="box"></th>',
    )
    rows = []
    for n, row in enumerate(block.rows):
        cells = [_cell(c) for c in row]
        if n < len(block.under_first) and block.under_first[n]:
            cells[0] += f'<span class="under">{escape(block.under_first[n])}</span>'
        attrs = []
        if block.is_overdue(n) and 0 <= block.overdue_column < len(cells):
            late = escape(block.overdue_label)
            cells[block.overdue_column] += f'<strong class="late">{late}</strong>'
            attrs.append("overdue")
        group = escape(block.groups[n]) if grouped else None
        if grouped and n and block.groups[n] != block.groups[n - 1]:
            attrs.append("group-start")
        tr_attrs = f' class="{" ".join(attrs)}"' if attrs else ""
        box = '<td class="box"><span class="tick"></span></td>'
        rows.append(f"<tr{tr_attrs}>{columns(cells, group, 'td', box)}</tr>")
    return [
        "<table>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def _cell(text: str) -> str:
    """A cell's text; a link may break after its separators (``/``, ``.``, ``-`` ...)."""
    if not _URL.fullmatch(text):
        return escape(text)
    scheme, _, rest = text.partition("://")
    parts = re.split(r"(?<=[/._\-?&=#@])", rest)
    return escape(scheme + "://") + "<wbr>".join(escape(p) for p in parts)


def _progress_row(title: str, done: int, total: int, attrs: str) -> str:
    percent = round(100 * done / total) if total else 0
    bar = f'<span class="bar"><span style="width: {percent}%"></span></span>'
    return (
        f'<tr{attrs}><td>{escape(title)}</td><td>{bar}</td><td class="num">{done}/{total}</td></tr>'
    )

"""The sheet as one self-contained HTML file: inline CSS, no scripts, prints on A4."""

from __future__ import annotations

from html import escape as _escape

from coach.sheet.document import (
    Block,
    Bullets,
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
  border-bottom: 1px solid #e3e8ef; overflow-wrap: break-word; hyphens: auto; }
td:first-child, td:nth-child(2) { overflow-wrap: anywhere; }
th { background: #f1f4f8; font-weight: 600; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { white-space: nowrap; text-align: right; width: 5rem; }
.bar { display: inline-block; width: 6rem; height: .6rem; background: #e3e8ef;
  border-radius: .3rem; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #3f7cc4; }
tr.overall td { font-weight: 600; border-top: 2px solid #d5dde8; }
@page { size: A4; margin: 14mm 14mm; }
@media print {
  body { font-size: 9.5pt; line-height: 1.35; max-width: none; margin: 0; padding: 0; }
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
        head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
        rows = [
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
        ]
        return [
            "<table>",
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
        ]
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


def _progress_row(title: str, done: int, total: int, attrs: str) -> str:
    percent = round(100 * done / total) if total else 0
    bar = f'<span class="bar"><span style="width: {percent}%"></span></span>'
    return (
        f'<tr{attrs}><td>{escape(title)}</td><td>{bar}</td><td class="num">{done}/{total}</td></tr>'
    )

"""A sheet's small charts: a sparkline for text and Markdown, an inline SVG bar chart for
HTML (no script, no external file: it prints and opens offline)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.sheet.document import Chart

BLOCKS = "▁▂▃▄▅▆▇█"
BAR_W, GAP, HEIGHT = 10, 6, 60  # SVG units: one bar, the space between weeks, the height
COLOURS = ("#3b6ea8", "#c07a2c")  # one per series (expected, felt): readable in print


def sparkline(values: list[int | None], top: int) -> str:
    """One block a week on the scale 0..``top``; a week without a value: a space."""
    top = max(top, 1)
    return "".join(
        " " if v is None else BLOCKS[min(max(v, 0), top) * (len(BLOCKS) - 1) // top] for v in values
    )


def bar_chart(chart: Chart) -> list[str]:
    """``chart`` as an inline SVG: bars per week (side by side per series), a dashed line
    at the target, the caption as its accessible name and below it in words."""
    series = chart.series
    weeks = max((len(s) for s in series), default=0)
    group = BAR_W * max(len(series), 1) + GAP
    width = max(weeks * group, group)
    top = max(chart.top, 1)
    label = escape(chart.caption or chart.title)
    out = [
        f'<figure class="chart"><figcaption>{escape(chart.title)}</figcaption>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT + 2}" '
        f'width="{width * 2}" height="{(HEIGHT + 2) * 2}" role="img" aria-label="{label}">',
    ]
    for s, values in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        for week, value in enumerate(values):
            if not value:
                continue
            h = round(min(value, top) * HEIGHT / top)
            x = week * group + s * BAR_W
            out.append(
                f'<rect x="{x}" y="{HEIGHT - h}" width="{BAR_W - 1}" height="{h}" '
                f'fill="{colour}"><title>{escape(chart.labels[s])}: {value}</title></rect>'
            )
    if chart.target:
        y = HEIGHT - round(min(chart.target, top) * HEIGHT / top)
        out.append(
            f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#56616f" '
            'stroke-dasharray="3 2" stroke-width="1"/>'
        )
    out.append(f'<line x1="0" y1="{HEIGHT + 1}" x2="{width}" y2="{HEIGHT + 1}" stroke="#999"/>')
    out.append("</svg>")
    if len(series) > 1:
        keys = " · ".join(
            f'<span style="color: {COLOURS[i % len(COLOURS)]}">■</span> {escape(name)}'
            for i, name in enumerate(chart.labels)
        )
        out.append(f'<p class="hint">{keys}</p>')
    if chart.caption:
        out.append(f'<p class="hint">{escape(chart.caption)}</p>')
    out.append("</figure>")
    return out

"""The personal networking strategy sheet in text, Markdown or HTML (no UI imports)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coach.content.course import Course
from coach.sheet.document import Document, build

FORMATS = ("text", "markdown", "html")
SUFFIXES = {"text": ".txt", "markdown": ".md", "html": ".html"}


def render(course: Course, progress: Any, fmt: str, lang: str, today: dt.date | None = None) -> str:
    """The sheet for ``progress`` as ``fmt`` (text, markdown or html) in ``lang``."""
    return render_document(build(course, progress, lang, today), fmt)


def render_document(doc: Document, fmt: str) -> str:
    if fmt == "markdown":
        from coach.sheet.markdown import render_markdown

        return render_markdown(doc)
    if fmt == "html":
        from coach.sheet.html import render_html

        return render_html(doc)
    if fmt == "text":
        from coach.sheet.text import render_text

        return render_text(doc)
    raise ValueError(f"unknown sheet format {fmt!r}")


__all__ = ["FORMATS", "SUFFIXES", "render", "render_document"]

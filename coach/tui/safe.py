"""User and content text for widgets: control sequences stripped, never parsed as markup."""

from __future__ import annotations

from textual.content import Content

from coach.safetext import clean


def plain(text: str, *, single_line: bool = False) -> Content:
    """``text`` exactly as written (minus terminal controls), as inert Content."""
    return Content(clean(text, single_line=single_line))


def styled(markup: str, **values: str) -> Content:
    """Our own markup around user text: ``styled("[b]$name[/b]", name=user_text)``."""
    return Content.from_markup(markup, **{k: clean(v) for k, v in values.items()})

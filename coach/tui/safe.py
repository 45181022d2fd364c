"""User and content text for widgets: controls, bidi controls and invisible characters
shown as marks (:func:`coach.safetext.shown`), never parsed as markup. For showing only:
a value put back into an input keeps its characters (:func:`coach.safetext.typed`)."""

from __future__ import annotations

from textual.content import Content

from coach.i18n import t, tn
from coach.safetext import shown


def plain(text: str, *, single_line: bool = False) -> Content:
    """``text`` as written (controls and invisibles made visible marks), inert."""
    return Content(shown(text, single_line=single_line))


def styled(markup: str, **values: str) -> Content:
    """Our own markup around user text: ``styled("[b]$name[/b]", name=user_text)``."""
    return Content.from_markup(markup, **{k: shown(v) for k, v in values.items()})


def length_text(text: str, max_length: int | None) -> str:
    """A text's length: "142 / 200 characters" against a limit, else "142 characters"."""
    if max_length is None:
        return tn("ui.template_length", len(text))
    return t("ui.template_length_max", count=len(text), max=max_length)

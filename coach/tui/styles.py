"""A screen's or dialog's own styles: ``coach/tui/css/<name>.tcss``, given to Textual as the
class's ``DEFAULT_CSS``, so they are parsed when that screen is first used instead of with
``app.tcss`` before the first frame (``CSS_PATH`` on a screen would re-parse every style
the app has when it opens). And ``css/forms.tcss``, rules shared by the fields and the
dialogs, added to the app's own styles when first needed (:func:`add_form_styles`).

Textual scopes a class's ``DEFAULT_CSS`` to its widgets and ranks it below ``app.tcss``
whatever the selectors: a screen's file styles only what ``app.tcss`` leaves alone on the
same widgets (a rule there on the same property would win).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.dom import DOMNode

CSS_FOLDER = Path(__file__).with_name("css")
FORMS = CSS_FOLDER / "forms.tcss"


def screen_css(name: str) -> str:
    """The text of ``css/<name>.tcss``."""
    return (CSS_FOLDER / f"{name}.tcss").read_text(encoding="utf-8")


def add_form_styles(app: App[Any]) -> None:
    """``css/forms.tcss`` (the fields', templates' and dialogs' rules) in ``app``'s
    stylesheet, once: before the first widget they style is mounted (the app calls this
    when it pushes a screen, a step's tools when they are built). Added as ``app.tcss`` is
    (not as a class's ``DEFAULT_CSS``), so they rank as they did when they were part of it;
    Textual parses them with the next widget it styles."""
    location = (str(FORMS), "")
    if not app.stylesheet.has_source(*location):
        app.stylesheet.add_source(FORMS.read_text(encoding="utf-8"), read_from=location)


class StyledWhenMounted(App[int]):
    """An app that styles a widget once it is mounted, not before: a class set while a
    screen composes its widgets (Textual's own ``Input`` and ``Select`` set theirs as they
    are made, a form its ``form-value``) restyled each widget and every part of it, though
    mounting styles it again. A quarter of the style work of opening the person form."""

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if node is not self and not node.is_attached:
            return  # (styled as it is mounted: Textual applies the stylesheet then)
        super().update_styles(node, animate)

"""A screen's or dialog's own styles: ``coach/tui/css/<name>.tcss``, given to Textual as the
class's ``DEFAULT_CSS``, so they are parsed when that screen is first used instead of with
``app.tcss`` before the first frame (``CSS_PATH`` on a screen would re-parse every style
the app has when it opens).

Textual scopes a class's ``DEFAULT_CSS`` to its widgets and ranks it below ``app.tcss``
whatever the selectors: a screen's file styles only what ``app.tcss`` leaves alone on the
same widgets (a rule there on the same property would win).
"""

from __future__ import annotations

from pathlib import Path

CSS_FOLDER = Path(__file__).with_name("css")


def screen_css(name: str) -> str:
    """The text of ``css/<name>.tcss``."""
    return (CSS_FOLDER / f"{name}.tcss").read_text(encoding="utf-8")

"""The base of every dialog: a modal screen that brings the dialogs' styles with it.

``css/dialogs.tcss`` is ``Dialog``'s own ``DEFAULT_CSS`` (coach/tui/styles.py): parsed when
the first dialog opens (for a new user, the welcome), not with ``app.tcss`` before the
first frame, and applied to dialogs alone.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from coach.tui.styles import screen_css

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A modal screen styled by ``css/dialogs.tcss``; ``dismiss`` returns an ``R``."""

    DEFAULT_CSS = screen_css("dialogs")

"""One message at a time: a new notification takes the place of the ones showing (a pile
of them covered a dialog's buttons at 80x24), and a screen or dialog opening clears them,
except a warning or an error still meant to be read (until its time is up)."""

from __future__ import annotations

import time
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App

from coach.tui.textual_private import drop_notifications

_READ_UNTIL: WeakKeyDictionary[App[Any], float] = WeakKeyDictionary()


def make_room(
    app: App[Any], severity: str = "information", timeout: float | None = None, message: str = ""
) -> None:
    """Before ``app`` shows a notification of ``severity`` (or opens a screen): clear the
    ones showing, unless a warning or an error among them is still to be read; one that
    says ``message`` goes all the same (saving a form twice stacked its warning twice)."""
    now = time.monotonic()
    if now >= _READ_UNTIL.get(app, 0.0):
        app.clear_notifications()
    elif message:
        drop_notifications(app, message)  # (its copy, still to be read: once is enough)
    if severity in ("warning", "error"):
        shown_for = app.NOTIFICATION_TIMEOUT if timeout is None else timeout
        _READ_UNTIL[app] = max(_READ_UNTIL.get(app, 0.0), now + shown_for)

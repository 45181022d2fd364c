"""One message at a time: a new notification takes the place of the ones showing (a pile
of them covered a dialog's buttons at 80x24), and a screen or dialog opening clears them,
except a warning or an error still meant to be read (until its time is up)."""

from __future__ import annotations

import time
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.notifications import Notification

from coach.tui.textual_private import drop_notifications

_READ_UNTIL: WeakKeyDictionary[App[Any], float] = WeakKeyDictionary()


def make_room(app: App[Any], note: Notification | None = None) -> None:
    """Before ``app`` shows ``note`` (or opens a screen: None): clear the notifications
    showing, unless a warning or an error among them is still to be read; one that says
    what ``note`` says goes all the same (saving a form twice stacked its warning twice)."""
    now = time.monotonic()
    if now >= _READ_UNTIL.get(app, 0.0):
        app.clear_notifications()
    elif note is not None:
        drop_notifications(app, str(note.message))  # (its copy, still to be read: once)
    if note is not None and note.severity in ("warning", "error"):
        _READ_UNTIL[app] = max(_READ_UNTIL.get(app, 0.0), now + note.timeout)

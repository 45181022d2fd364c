"""Key labels in the user's language, and the keys that move the focus at once.

``BINDINGS`` in this package name their description by message id (``"key.quit"``); each
node translates its own copy when it is created and again when the language changes, so
the footer and help always speak the user's language.

Keys that arrive together (a fast typist, a laggy ssh session, a script) are handed to
the focused widget as they come. Textual moves the focus for Tab once the widget has
passed the key up, and a form's Enter once the box's message reached the form: the keys
typed after them went to the field left behind ("Ada", Tab, "Because" put "AdaBecause"
into the name). :func:`moved_on_at_once` moves it before the next key is handed on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import events
from textual.dom import DOMNode

from coach.i18n import t
from coach.tui.textual_private import class_bindings, set_bindings

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import ActiveBinding

TABS = {"tab": "app.focus_next", "shift+tab": "app.focus_previous"}  # Textual's bindings


def localize_bindings(node: DOMNode) -> None:
    merged = class_bindings(node)
    if merged is None:
        return
    fresh = merged.copy()
    for key, bindings in fresh.key_to_bindings.items():
        fresh.key_to_bindings[key] = [
            replace(b, description=t(b.description), tooltip=t(b.tooltip) if b.tooltip else "")
            if b.description.startswith("key.")
            else b
            for b in bindings
        ]
    set_bindings(node, fresh)


def typed_before(app: App[Any], event: events.Key) -> bool:
    """Whether ``event`` was typed before the screen on top was opened to be answered (its
    ``answers_from``: a question): such a key came in the same burst as the one that
    asked, before anyone could read the question, and is dropped."""
    return event.time < getattr(app.screen, "answers_from", 0.0)


async def moved_on_at_once(app: App[Any], event: events.Key) -> bool:
    """Move the focus for ``event`` now if it is a Tab (Textual's own) or a form's Enter
    that moves to its next field (the screen's ``moves_on_from``): moving the focus does
    not depend on the keys before it, still on their way; True if the key was taken."""
    if event.key == "enter":
        moves_on = getattr(app.screen, "moves_on_from", None)
        if app.focused is not None and callable(moves_on) and moves_on(app.focused):
            app.screen.focus_next()
            return True
        return False
    active = _tab(app, event.key) if event.key in TABS else None
    if active is None:
        return False
    await app.run_action(active.binding.action, active.node)
    return True


def _tab(app: App[Any], key: str) -> ActiveBinding | None:
    """The binding of ``key`` (Tab, shift+Tab) if it just moves the focus on (Textual's
    own), from no text area that indents with it; None for any other. A screen's own Tab
    runs in turn: the people filter's goes to a list that the letters typed before it
    may not have filtered yet ("Ben", Tab, "l" would log someone else)."""
    focused = app.focused
    if focused is None or getattr(focused, "tab_behavior", "focus") != "focus":
        return None
    active = app.screen.active_bindings.get(key)
    if active is None or not active.enabled:
        return None
    return active if active.binding.action == TABS[key] else None

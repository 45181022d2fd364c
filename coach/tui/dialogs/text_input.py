"""A one-line text box that takes every key in the order it was typed.

Textual's text boxes insert a typed character as they take its key, but run their own
bound keys (Backspace, Delete, the arrows, Home, ctrl+k ...) only once the key has gone up
to the app and come back as a binding. Keys that arrive together (a fast typist, a laggy
ssh session, a script) then overtook each other: "xyz123", six Backspaces, "Kurzer Anruf"
saved "xyz123Kurzer Anruf". :class:`KeysInOrder` runs the box's own binding for a key as
the box takes it, so each key acts in turn (Textual's issue 6605 describes it).
"""

from __future__ import annotations

from functools import cache

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input


class KeysInOrder:
    """Mixed in after a Textual text widget (its styles come down the first base): the
    widget's own binding for a key it does not insert runs as the widget takes the key."""

    async def on_key(self, event: events.Key) -> None:
        if event.is_printable or not isinstance(self, Widget):
            return  # inserted by the box itself, as it took the key
        for key in event.aliases:
            binding = own_binding(type(self), key)
            if binding is None:
                continue
            # Run as the app would, on this box whatever has the focus by now (a Tab
            # typed after it moved on already); an action that does not apply here (an
            # arrow with nothing to scroll) passes the key up as usual.
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # (not passed up to the app to run it again)
            return


@cache
def own_binding(widget: type[Widget], key: str) -> Binding | None:
    """The binding ``widget``'s class and its bases give ``key`` (the nearest wins, as in
    Textual's merged bindings), from their public ``BINDINGS``."""
    for cls in widget.__mro__:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            if binding.key == key:
                return binding
    return None


class TextInput(Input, KeysInOrder):
    """Textual's ``Input``, taking its keys in order; left, it shows its text from the
    start (a long one stayed scrolled to where the typing ended: "hren Artikel…")."""

    def on_blur(self) -> None:
        self.scroll_to(x=0, animate=False, immediate=True)

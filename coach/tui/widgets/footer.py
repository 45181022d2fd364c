"""The footer of every screen: Textual's, rebuilt only when the keys it shows change, with
the keys that need room marked (app.tcss hides them on a narrow screen; they still work)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.reactive import Reactive
from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

Shown = tuple[tuple[object, ...], ...]


class KeyFooter(Footer):
    """Textual's footer rebuilds all its keys whenever the screen's bindings may have
    changed, which is every move of the focus; each new key is styled from scratch. Most
    moves (Tab from field to field) leave the same keys, so those now cost nothing."""

    _shown: Shown | None = None  # what the keys on screen were built from
    # Actions whose keys leave the footer first, below 70 columns (class "-spare"): they
    # still work, and ? lists them. q: ctrl+q quits too. A screen's own WIDE_KEYS are
    # offered from 100 columns on only (class "-wide-only"; see app.tcss).
    SPARE: ClassVar[frozenset[str]] = frozenset({"quit"})

    @staticmethod
    def _keys_of(screen: Screen[object]) -> Shown:
        """Everything of the screen's bindings that the footer draws."""
        palette = screen.app.COMMAND_PALETTE_BINDING
        return tuple(
            (b.key, b.key_display, b.action, b.description, b.group, b.tooltip, enabled, tooltip)
            for _node, b, enabled, tooltip in screen.active_bindings.values()
            if b.show or b.key == palette
        )

    def compose(self) -> ComposeResult:
        keys = self._keys_of(self.screen)
        wide_only: frozenset[str] = getattr(self.screen, "WIDE_KEYS", frozenset())
        built = False
        for widget in super().compose():  # nothing before the screen's bindings are ready
            built = True
            action = getattr(widget, "action", None)  # a key (FooterKey is not public)
            name = action.split("(")[0] if isinstance(action, str) else ""
            # Not mounted yet: the classes need no restyle of their own.
            widget.set_class(name in self.SPARE, "-spare", update=False)
            widget.set_class(name in wide_only, "-wide-only", update=False)
            compact = getattr(type(widget), "compact", None)
            if isinstance(compact, Reactive):  # the key's look, set before it is mounted
                widget.set_reactive(compact, self.compact)
            yield widget
        self._shown = keys if built else None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._keys_of(screen) == self._shown
        ):
            return
        super().bindings_changed(screen)

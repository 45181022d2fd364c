"""Key labels in the user's language.

``BINDINGS`` in this package name their description by message id (``"key.quit"``); each
node translates its own copy when it is created and again when the language changes, so
the footer and help always speak the user's language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from coach.i18n import t
from coach.tui.textual_private import class_bindings, set_bindings


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

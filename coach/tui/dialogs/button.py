"""Textual's Button, made without restyling itself before it is mounted.

Textual's Button sets its variant, flat look and compact size in its constructor, and each
class those add or take away restyles the button on the spot, mounted or not: about 0.5 ms
a button (a step's template cards and records bring a dozen), 0.1 ms for this one. It is
given those classes with the others, so setting them changes nothing, and its styles are
applied once, as it is mounted. It is a Button in every other way (styles, queries,
``Pressed``).
"""

from __future__ import annotations

from textual import widgets
from textual.content import ContentText
from textual.widgets.button import ButtonVariant


class Button(widgets.Button):
    def __init__(
        self,
        label: ContentText | None = None,
        variant: ButtonVariant = "default",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        tooltip: str | None = None,
        compact: bool = False,
        flat: bool = False,
    ) -> None:
        # What the watchers of its look and variant add (not for the default variant).
        given = [classes] if classes else []
        given.append("-style-flat" if flat else "-style-default")
        if variant != "default":
            given.append(f"-{variant}")
        super().__init__(
            label,
            variant,
            name=name,
            id=id,
            classes=" ".join(given),
            disabled=disabled,
            tooltip=tooltip,
            flat=flat,
        )
        if compact:  # (its class is taken away as the value is first set, then added again)
            self.set_reactive(widgets.Button.compact, True)
            self.add_class("-textual-compact", update=False)

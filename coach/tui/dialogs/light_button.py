"""A dialog's primary button, without the styles of every other kind of button.

The welcome is the first thing a new user can act on. Textual's Button brings the largest
styles of its widgets (every variant, flat and default, in full and ANSI colours), parsed
before the button can show, and every style parsed weighs on restyling each widget after
it. This Button (``inherit_css=False``) carries the primary look alone, as Textual's
Button styles have it, and is pressed and focused like any Button.

It is called Button on purpose: Textual knows a widget's kind, in styles and in queries, by
the names of its classes, and a class that does not inherit styles by its own name alone.
Named Button, it is styled by the app's ``Button`` rules and found by a query for buttons
like any other; its own rules apply to the class ``-light`` only, never to Textual's
buttons (whose rules, once loaded by another dialog, draw it the same).
"""

from __future__ import annotations

from textual import widgets


class Button(widgets.Button, inherit_css=False):
    """``Button(label, variant="primary")``, drawn from the primary rules alone."""

    # Textual's Button rules for the primary variant of its default style (textual 8).
    DEFAULT_CSS = """
    Button.-light {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-color-foreground;
        background: $primary;
        border: none;
        border-top: tall $primary-lighten-3;
        border-bottom: tall $primary-darken-3;
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            background: $primary-darken-2;
            border-top: tall $primary;
        }
        &.-active {
            background: $primary;
            border-bottom: tall $primary-lighten-3;
            border-top: tall $primary-darken-3;
        }
        &:ansi {
            color: $primary;
            border: tall $primary;
            background: ansi_default;
            &:hover {
                background: $ansi-background;
            }
            &.-active {
                background: $ansi-background;
                border: blank $background;
                tint: transparent;
            }
        }
    }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(label, variant="primary", id=id, classes="-light")

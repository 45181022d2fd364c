"""A text box of several lines that takes its keys in order (see
:mod:`coach.tui.dialogs.text_input`). In a module of its own: Textual's TextArea is
imported only where a form or a step shows one."""

from __future__ import annotations

from textual.widgets import TextArea

from coach.tui.dialogs.text_input import KeysInOrder


class TextBox(TextArea, KeysInOrder):
    """Textual's ``TextArea``, taking its keys in order."""

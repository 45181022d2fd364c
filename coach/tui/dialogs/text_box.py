"""A text box of several lines that takes its keys in order (see
:mod:`coach.tui.dialogs.text_input`). In a module of its own: Textual's TextArea is
imported only where a form or a step shows one."""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea

from coach.tui.dialogs.text_input import KeysInOrder


class TextBox(TextArea, KeysInOrder):
    """Textual's ``TextArea``, taking its keys in order, and giving back a saved text it
    was opened with as it was saved (:attr:`kept_text`)."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self._opened = (text, self.text)

    def load_text(self, text: str) -> None:
        super().load_text(text)
        self._opened = (text, self.text)

    @property
    def kept_text(self) -> str:
        """The text to save: as it was opened while the user has not changed it. Textual's
        document breaks lines at every line separator (U+2028, U+0085, a form feed, ...)
        and joins them with a line feed, so a note saved with one and left untouched would
        otherwise be saved changed (RELIABILITY 6: saved exactly as written)."""
        opened, as_shown = self._opened
        return opened if self.text == as_shown else self.text

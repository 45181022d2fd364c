"""A text template to copy (a connection note, a first comment), shown exactly as written."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from coach.i18n import t
from coach.tui.safe import plain


class TemplateCard(Vertical):
    """Title, the template's text (placeholders like [Name] untouched) and a copy button."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__(classes="template")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(plain(self.title_text), classes="template-title")
        yield Static(plain(self.text), classes="template-text")
        with Horizontal(classes="template-actions"):
            yield Button(t("ui.copy"), classes="copy", compact=True)

    @on(Button.Pressed, ".copy")
    def _copy(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.copy_to_clipboard(self.text)
        self.notify(t("ui.copied"), markup=False)

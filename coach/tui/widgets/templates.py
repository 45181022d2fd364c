"""A text template to copy (a connection note, a first comment): shown as written, filled
in by the user in place, its length counted as they type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, TextArea

from coach.i18n import t
from coach.tui.safe import length_text, plain

if TYPE_CHECKING:
    from coach.content.content_types import TemplateStart


class TemplateCard(Vertical):
    """The template's text (placeholders like [Name] untouched, for the user to fill in
    right here) under its title in the card's frame, and a copy button that copies the text
    as it now stands.

    The text's length is shown in the frame's lower edge and follows every keystroke, against
    ``max_length`` when the template has one: a connection note that LinkedIn cuts off at
    200 characters must still fit once the name, the topic and the "…" are filled in.
    """

    @dataclass
    class Start(Message):
        """Start a record in the list ``start.field`` from this template."""

        card: TemplateCard
        start: TemplateStart

    def __init__(
        self,
        title: str,
        text: str,
        max_length: int | None = None,
        start: TemplateStart | None = None,
        start_label: str = "",
    ) -> None:
        super().__init__(classes="template")
        self.title_text = title
        self.text = text
        self.max_length = max_length
        self.start, self.start_label = start, start_label

    def length_text(self) -> str:
        """The length line: "142 / 200 characters", or "142 characters" without a limit."""
        return length_text(self.text, self.max_length)

    def compose(self) -> ComposeResult:
        # The title and the length sit in the card's frame: two widgets fewer a card (a
        # step has up to ten cards, each widget some tens of KiB and its share of every
        # layout and restyle).
        self.border_title = plain(self.title_text, single_line=True)
        self.border_subtitle = plain(self.length_text())
        yield TextArea(self.text, soft_wrap=True, compact=True, classes="template-text")
        copy = Button(t("ui.copy"), classes="copy", compact=True)
        if self.start is None:
            yield copy  # alone: no row around it
            return
        with Horizontal(classes="template-actions"):
            yield copy
            yield Button(plain(self.start_label), classes="start", compact=True)

    @on(TextArea.Changed, ".template-text")
    def _count(self, event: TextArea.Changed) -> None:
        """The user fills the template in: the text to copy and its length follow."""
        event.stop()
        self.text = event.text_area.text
        self.border_subtitle = plain(self.length_text())

    @on(Button.Pressed, ".copy")
    def _copy(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.copy_to_clipboard(self.text)
        self.notify(t("ui.copied"), markup=False)

    @on(Button.Pressed, ".start")
    def _start(self, event: Button.Pressed) -> None:
        event.stop()
        if self.start is not None:
            self.post_message(self.Start(self, self.start))

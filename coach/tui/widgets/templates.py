"""A text template to copy (a connection note, a first comment): shown as written, filled
in by the user in place, its length counted as they type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.widgets import Button, Static

from coach.i18n import t
from coach.tui.safe import length_text, plain

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from coach.content.content_types import TemplateStart


class TemplateText(Static, can_focus=True):
    """A template's text as written, until the user goes into it (Tab or a click): then a
    text box takes its place, where the user fills it in (:meth:`TemplateCard.edit`).

    A step shows up to ten templates that most users read and copy, and a ``TextArea``
    costs about 20 ms of CPU to build, style and lay out, and some hundred KiB (step 5
    opened a third faster this way). What is typed or pasted before the box is in place
    is kept for it, and a click puts the cursor where it was."""

    def __init__(self, text: str) -> None:
        super().__init__(Content(text), classes="template-text")
        self.typed: list[str] = []  # keys and pastes that came before the box
        self.clicked: Offset | None = None  # where a click went in, if one did

    @dataclass
    class Entered(Message):
        """The user went into ``shown``: its card puts the text box in its place."""

        shown: TemplateText

    def on_focus(self) -> None:
        # Asked after the click that brought the focus, if one did (already queued here).
        self.call_later(lambda: self.post_message(self.Entered(self)))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.clicked = event.offset

    def on_key(self, event: events.Key) -> None:
        if event.is_printable or event.key == "enter":
            event.stop()  # a letter typed here is text, never a command
            event.prevent_default()
            self.typed.append("\n" if event.key == "enter" else event.character or "")

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.typed.append(event.text)


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
        yield TemplateText(self.text)
        copy = Button(t("ui.copy"), classes="copy", compact=True)
        if self.start is None:
            yield copy  # alone: no row around it
            return
        with Horizontal(classes="template-actions"):
            yield copy
            yield Button(plain(self.start_label), classes="start", compact=True)

    @on(TemplateText.Entered)
    async def _entered(self, event: TemplateText.Entered) -> None:
        """The user went into the template's text: a text box takes its place, with the
        focus, the cursor where they clicked (else at the start), and whatever they typed
        on the way in."""
        event.stop()
        shown = event.shown
        if not shown.is_attached:
            return
        from textual.widgets import TextArea  # ~0.6 MiB of modules: once a user goes in

        area = TextArea(self.text, soft_wrap=True, compact=True, classes="template-text")
        await self.mount(area, before=shown)
        if self.screen.focused is shown:
            self.screen.set_focus(area, scroll_visible=False)
        clicked, typed = shown.clicked, "".join(shown.typed)
        await shown.remove()
        if clicked is not None or typed:
            area.call_after_refresh(self._carry_over, area, clicked, typed)

    @staticmethod
    def _carry_over(area: TextArea, clicked: Offset | None, typed: str) -> None:
        if clicked is not None:  # the box shows the text where it was (app.tcss)
            inside = clicked - Offset(area.gutter.left, area.gutter.top)
            area.move_cursor(area.wrapped_document.offset_to_location(inside))
        if typed:
            area.insert(typed)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """The user fills the template in: the text to copy and its length follow."""
        if not event.text_area.has_class("template-text"):
            return
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

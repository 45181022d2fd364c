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
from textual.widgets import Static

from coach.i18n import t
from coach.tui.dialogs.button import Button
from coach.tui.safe import length_text, plain

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from coach.content.content_types import TemplateStart


# Keys that edit or move in a text box: on the shown text they bring the box and act there
# (a letter, Enter and a paste are typed; these are the box's own actions).
_EDIT_KEYS = {
    "up": "cursor_up",
    "down": "cursor_down",
    "left": "cursor_left",
    "right": "cursor_right",
    "home": "cursor_line_start",
    "end": "cursor_line_end",
    "backspace": "delete_left",
    "delete": "delete_right",
}


class TemplateText(Static, can_focus=True):
    """A template's text as written, until the user writes in it: a letter, Enter, a
    paste, an arrow key or a click there puts a text box in its place
    (:meth:`TemplateCard._entered`), which takes that key, or the cursor where the click
    went. Tab only moves the focus over it, as over a button.

    A step shows up to ten templates that most users read and copy, and a ``TextArea``
    costs about 20 ms of CPU to build, style and lay out, and some hundred KiB (step 5
    opens a quarter faster this way)."""

    def __init__(self, text: str) -> None:
        super().__init__(Content(text), classes="template-text")
        self.typed: list[Edit] = []  # what the user did here before the box was made
        self.clicked: Offset | None = None  # where a click went in, if one did
        self.box: TextArea | None = None  # the box, once made: what comes here goes there
        self._asked = False

    @dataclass
    class Entered(Message):
        """The user writes in ``shown``: its card puts the text box in its place."""

        shown: TemplateText

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.clicked = event.offset
        self._enter()

    def on_key(self, event: events.Key) -> None:
        if event.is_printable or event.key == "enter":
            edit: Edit = ("text", "\n" if event.key == "enter" else event.character or "")
        elif event.key in _EDIT_KEYS:
            edit = ("action", _EDIT_KEYS[event.key])
        else:
            return  # Tab, Escape, a command key: as anywhere
        event.stop()  # a letter typed here is text, never a command
        event.prevent_default()
        self._take(edit)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self._take(("text", event.text))

    def _take(self, edit: Edit) -> None:
        if self.box is not None:
            apply(self.box, edit)  # (keys that were on their way here when it was made)
            return
        self.typed.append(edit)
        self._enter()

    def _enter(self) -> None:
        if not self._asked:
            self._asked = True
            self.post_message(self.Entered(self))

    def hand_over(self) -> None:
        """Everything sent here is in the box: it takes the focus and this text goes. Run
        from this widget's own queue, after the keys it still held, so none is out of order."""
        if self.box is not None and self.screen.focused is self:
            self.screen.set_focus(self.box, scroll_visible=False)
        self.remove()


Edit = tuple[str, str]  # ("text", what to insert) or ("action", a text box's action)


def apply(box: TextArea, edit: Edit) -> None:
    kind, value = edit
    if kind == "action":
        getattr(box, f"action_{value}")()
    else:
        box.insert(value)


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
        """The user writes in the template's text: a text box takes its place, with the
        focus, the cursor where they clicked (else at the start), and what they typed."""
        event.stop()
        shown = event.shown
        if not shown.is_attached:
            return
        from coach.tui.widgets.note_area import WrappingArea  # (TextArea: ~0.6 MiB, now)

        area = WrappingArea(self.text, soft_wrap=True, compact=True, classes="template-text")
        await self.mount(area, before=shown)
        shown.box = area
        typed, shown.typed = shown.typed, []
        if shown.clicked is not None:
            area.call_after_refresh(self._carry_over, area, shown.clicked, typed)
        else:
            for edit in typed:
                apply(area, edit)
        shown.call_later(shown.hand_over)

    @staticmethod
    def _carry_over(area: TextArea, clicked: Offset, typed: list[Edit]) -> None:
        """The cursor where the click went (the box shows the text where it was, app.tcss),
        then what was typed meanwhile."""
        inside = clicked - Offset(area.gutter.left, area.gutter.top)
        area.move_cursor(area.wrapped_document.offset_to_location(inside))
        for edit in typed:
            apply(area, edit)

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

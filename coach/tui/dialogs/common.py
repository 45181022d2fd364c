"""Modal screens: first-run welcome, help with every key, broken-file notice, confirm."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from coach import i18n
from coach.content.course import Course, tr
from coach.data.store_errors import BrokenFile
from coach.i18n import t
from coach.safetext import shown
from coach.tui.dialogs import light_button
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.dialog import Dialog
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain

# Every key the user can press, in the order the help lists them (CONTRACT.md). Keys with
# a name ("keyname.space") are named in the user's language; letters are the same in all.
KEYS = [
    ("n / p", "help.next_prev"),
    ("keyname.space", "help.tick"),
    ("keyname.move", "help.move"),
    ("keyname.enter", "help.enter"),
    ("a  e  d", "help.records"),
    ("keyname.reorder", "help.reorder"),
    ("r", "help.roadmap"),
    ("f", "help.tools"),
    ("s", "help.sheet"),
    ("t", "help.today"),
    ("l z b c", "help.today_keys"),
    ("w g f", "help.catch_up"),
    ("P", "help.people"),
    ("keyname.sort", "help.people_sort"),
    ("u  U", "help.undo"),
    ("?", "help.help"),
    ("keyname.palette", "help.palette"),
    ("keyname.escape", "help.escape"),
    ("keyname.quit", "help.quit"),
]


def key_name(key: str) -> str:
    """A key column of :data:`KEYS` as the user reads it."""
    return t(key) if key.startswith("keyname.") else key


class WelcomeScreen(Dialog[None]):
    """A new user's first screen: three lines on what the coach does and how to move; its
    button (or esc) posts :class:`Started`, and the app puts the steps in its place."""

    BINDINGS = [  # noqa: RUF012 (a modal screen: the app's own q does not reach past it)
        Binding("escape", "start", "key.start"),
        Binding("q", "app.quit('q')", "key.quit", show=False),  # what its text promises
    ]

    class Started(Message):
        """The user is ready: the coach opens on the steps."""

    def __init__(self, course: Course, lang: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.course = course
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome", classes="dialog"):
            yield Static(plain(tr(self.course.meta.title, self.lang)), classes="dialog-title")
            yield Static(plain(t("welcome.line1", steps=len(self.course.steps))))
            yield Static(plain(t("welcome.line2")))
            yield Static(plain(t("welcome.line3")))
            with ButtonRow():
                yield light_button.Button(t("welcome.start"), id="start")

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.post_message(self.Started())

    def relabel(self) -> None:
        """The language switched (the palette is open over the welcome too): said anew,
        the focus on its button again (made anew, it had none: enter did nothing)."""
        self.lang = i18n.get_language()
        self.refresh(recompose=True)
        self.call_after_refresh(self._focus_start)

    def _focus_start(self) -> None:
        for button in self.query("#start"):
            button.focus()


class HelpScreen(Dialog[None]):
    """Every key on one screen."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "key.close")]  # noqa: RUF012

    def __init__(self, sync_folder: Path | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.sync_folder = sync_folder  # where a copy of the data goes too, if anywhere

    def compose(self) -> ComposeResult:
        # All of it scrolls (the keys, the note on saving, the button): on a short screen
        # in a wordier language the dialog is taller than the screen.
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(t("help.title"), classes="dialog-title", markup=False)
            with Vertical(id="help-keys"):
                for key, text in KEYS:
                    with Horizontal(classes="help-row"):
                        yield Static(key_name(key), classes="help-key", markup=False)
                        yield Static(t(text), classes="help-text", markup=False)
            yield Static(self._where_saved(), classes="hint", markup=False)
            with ButtonRow():
                yield Button(t("help.close"), id="close", compact=True)

    def _where_saved(self) -> str:
        """Where the data stays: with sync on, in the sync folder too (it said "on this
        computer" while a cloud folder held a copy)."""
        if self.sync_folder is None:
            return t("help.saved")
        return t("help.saved_synced", folder=shown(str(self.sync_folder), single_line=True))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)


class BrokenFileScreen(Dialog[bool]):
    """The progress file could not be read: say which, what is wrong, offer the backup."""

    BINDINGS = [Binding("escape", "fresh", "broken.fresh", show=False)]  # noqa: RUF012

    def __init__(self, error: BrokenFile) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="broken", classes="dialog"):
            yield Static(t("broken.title"), classes="dialog-title", markup=False)
            yield Static(plain(self.error.message()))
            with ButtonRow():
                if self.error.backup:
                    yield Button(t("broken.restore"), variant="primary", id="restore")
                yield Button(t("broken.fresh"), id="fresh")

    @on(Button.Pressed, "#restore")
    def _restore(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#fresh")
    def action_fresh(self) -> None:
        self.dismiss(False)


class ConfirmScreen(Dialog[bool]):
    """A yes/no question; returns True for yes. A key typed before it was asked answers
    nothing (``answers_from``, see :func:`coach.tui.keys.typed_before`): "dj" typed fast
    in a list (d removes, j is the German yes) removed an entry the user never saw asked
    about."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape,n", "no", "confirm.no", show=False),
        Binding("y,j", "yes", "confirm.yes", show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.answers_from = time.monotonic()  # (the clock Textual stamps each key with)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(plain(self.question))
            with ButtonRow():
                yield Button(t("confirm.yes"), variant="error", id="yes")
                yield Button(t("confirm.no"), variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


R = TypeVar("R")


class FormScreen(Dialog[R | None]):
    """A form in a dialog: its save button (``.form-save``) runs ``action_save``; esc or
    its cancel button (``.form-cancel``) leaves, asking first when :meth:`dirty` says
    something was typed, so a stray key never loses it."""

    def dirty(self) -> bool:
        return False

    def action_save(self) -> None:  # pragma: no cover - each form saves its own way
        raise NotImplementedError

    def action_cancel(self) -> None:
        if not self.dirty():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(t("form.discard")), answer)

    @on(Button.Pressed, ".form-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, ".form-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

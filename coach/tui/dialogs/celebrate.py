"""Lead on after the last step: a short "what now" that leads to Today and the strategy
sheet (the coach goes on after the steps). Noticing a finished step is
``coach.domain.milestones``'s, loaded with the steps (this dialog only when it opens).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from coach.i18n import t, tn
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.dialog import Dialog
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain
from coach.tui.styles import screen_css

WhatNowChoice = Literal["today", "sheet"]


class WhatNowScreen(Dialog[WhatNowChoice | None]):
    """After the last step: where the coach goes on (Today) and the plan (the sheet)."""

    DEFAULT_CSS = screen_css("what_now")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose('today')", "key.today"),
        Binding("s", "choose('sheet')", "key.sheet"),
        Binding("escape", "choose('')", "key.close"),
        # The tick that brought it, taken back at once (the app's u does not reach past a
        # dialog): a mistaken last tick met no answer until esc.
        Binding("u", "undo", "key.undo", show=False),
        # The checklist's keys, typed on in a burst (the optional items after the last
        # required one): the dialog steps aside and the key goes on to the list, where it
        # was meant (they were lost).
        Binding("space", "pass_on('space')", show=False),
        Binding("down", "pass_on('down')", show=False),
        Binding("up", "pass_on('up')", show=False),
    ]

    def __init__(self, steps: int, still_open: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.steps = steps
        self.still_open = still_open

    def compose(self) -> ComposeResult:
        with Vertical(id="what-now", classes="dialog"):
            if self.still_open:
                yield Static(plain(t("whatnow.title_last")), classes="dialog-title")
                yield Static(plain(tn("whatnow.left", self.still_open)))
            else:
                yield Static(plain(t("whatnow.title", count=self.steps)), classes="dialog-title")
                yield Static(plain(t("whatnow.line1")))
            yield Static(plain(t("whatnow.line2")), classes="what-now-line")
            yield Static(plain(t("whatnow.line3")), classes="what-now-line")
            with ButtonRow():
                yield Button(t("whatnow.today"), variant="primary", id="what-today")
                yield Button(t("whatnow.sheet"), id="what-sheet")
                yield Button(t("whatnow.stay"), id="what-stay")

    def on_mount(self) -> None:
        self.query_one("#what-today", Button).focus()

    def action_undo(self) -> None:
        self.dismiss(None)
        self.app.call_later(self.app.run_action, "undo")

    def action_pass_on(self, key: str) -> None:
        self.dismiss(None)
        self.app.call_later(self.app.simulate_key, key)

    def action_choose(self, choice: str) -> None:
        self.dismiss("today" if choice == "today" else "sheet" if choice == "sheet" else None)

    @on(Button.Pressed, "#what-today")
    def _today(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("today")

    @on(Button.Pressed, "#what-sheet")
    def _sheet(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("sheet")

    @on(Button.Pressed, "#what-stay")
    def _stay(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("")

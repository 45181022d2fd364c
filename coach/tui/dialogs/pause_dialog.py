"""The break: "I'm taking a break until ...", a date, or ending the break early."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from coach import dates
from coach.i18n import format_date, t
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.dialog import Dialog
from coach.tui.dialogs.log_dialog import read_day
from coach.tui.dialogs.text_input import TextInput
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain

if TYPE_CHECKING:
    from coach.tui.app import CoachApp

PAUSE_DEFAULT_DAYS = 14


class PauseScreen(Dialog[dt.date | Literal["end"] | None]):
    """ "I'm taking a break until ...": a date, or ending the break early."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, paused_until: dt.date | None) -> None:
        super().__init__()
        localize_bindings(self)
        self.paused_until = paused_until
        self.today = dates.local_today()

    def compose(self) -> ComposeResult:
        lang = cast("CoachApp", self.app).lang
        until = self.paused_until or self.today + dt.timedelta(days=PAUSE_DEFAULT_DAYS)
        with Vertical(id="pause", classes="dialog"):
            title = t("pause.title_on" if self.paused_until else "pause.title")
            yield Static(plain(title), classes="dialog-title")
            yield Static(plain(t("pause.explain")))
            with Horizontal(classes="form-row pause-row"):
                yield Label(plain(t("pause.until")), classes="pause-label")
                yield TextInput(format_date(until, lang), id="pause-until", compact=True)
            yield Static("", id="pause-error", classes="field-error")
            with ButtonRow():
                start = t("pause.change" if self.paused_until else "pause.start")
                yield Button(start, variant="primary", id="pause-start")
                if self.paused_until is not None:
                    yield Button(t("pause.end"), id="pause-end")
                yield Button(t("form.cancel"), id="pause-cancel")

    def on_mount(self) -> None:
        self.query_one("#pause-error").display = False
        self.query_one("#pause-until", Input).focus()

    @on(Input.Submitted, "#pause-until")
    @on(Button.Pressed, "#pause-start")
    def _start(self, event: Input.Submitted | Button.Pressed) -> None:
        from coach.domain.answers import InvalidValue

        event.stop()
        error = self.query_one("#pause-error", Static)
        try:
            until = read_day(self.query_one("#pause-until", Input).value, self.today, "ahead")
        except InvalidValue as exc:
            message = str(exc)
        else:
            if until >= self.today:
                self.dismiss(until)
                return
            message = t("pause.not_past")
        error.update(plain(message))
        error.display = True

    @on(Button.Pressed, "#pause-end")
    def _end(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss("end")

    @on(Button.Pressed, "#pause-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

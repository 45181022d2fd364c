"""The palette's "Sync: turn on…" (or "another folder…"): which folder your sync tool carries."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from coach.i18n import os_error, t, tn
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.dialog import Dialog
from coach.tui.dialogs.text_input import TextInput
from coach.tui.safe import plain

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


class SyncFolderScreen(Dialog[Path | None]):
    """Ask for the folder; the session checks it (and says why not, here, keeping the box)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(id="sync-folder", classes="dialog"):
            yield Static(plain(t("sync.ui.title")), classes="dialog-title")
            yield Static(plain(t("sync.privacy")), classes="hint")
            yield TextInput(str(Path.home()) + "/", id="sync-folder-input")
            yield Static("", id="sync-folder-error", classes="field-error")
            with ButtonRow():
                yield Button(t("sync.ui.use"), variant="primary", id="sync-use")
                yield Button(t("contacts.ui.cancel"), id="sync-cancel")

    def on_mount(self) -> None:
        box = self.query_one("#sync-folder-input", Input)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted, "#sync-folder-input")
    @on(Button.Pressed, "#sync-use")
    def _use(self) -> None:
        from coach.data.sync import SyncFolderError

        text = self.query_one("#sync-folder-input", Input).value.strip()
        if not text:
            return
        app: CoachApp = self.app  # type: ignore[assignment]
        try:
            target = app.session.sync_on(Path(text))
        except SyncFolderError as exc:
            error = os_error(exc.error) if exc.error is not None else ""
            box = self.query_one("#sync-folder-error", Static)
            box.update(plain(t(exc.key, folder=exc.folder, error=error)))
            box.display = True
            return
        self.dismiss(target)

    @on(Input.Changed, "#sync-folder-input")
    def _typed(self) -> None:
        self.query_one("#sync-folder-error").display = False

    @on(Button.Pressed, "#sync-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_sync_folder(app: CoachApp) -> None:
    def done(target: Path | None) -> None:
        if target is not None:
            app.notify(t("sync.on", folder=target, device=app.session.device_id), markup=False)
            app.data_changed()

    app.push_screen(SyncFolderScreen(), done)


def show_sync_status(app: CoachApp) -> None:
    folder, seen = app.session.sync_status()
    if folder is None:
        app.notify(t("sync.ui.off"), markup=False)
        return
    devices = len({s.device for s in seen if not s.conflict})
    app.notify(tn("sync.ui.status", devices, folder=folder), markup=False, timeout=8)


def stop_sync(app: CoachApp) -> None:
    was = app.session.sync_off()
    app.notify(t("sync.off", folder=was) if was else t("sync.was_off"), markup=False)

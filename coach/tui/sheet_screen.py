"""Preview the strategy sheet and save it as Markdown or HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.course import Course
from coach.fileio import atomic_write
from coach.i18n import os_error, t
from coach.progress import Progress
from coach.sheet import SUFFIXES, render


class SheetScreen(ModalScreen[None]):
    """The sheet as text in a scrollable view; ``m``/``h`` save it, ``escape`` closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "save('markdown')", show=False),
        Binding("h", "save('html')", show=False),
        Binding("escape", "close", show=False),
    ]

    def __init__(
        self,
        course: Course,
        progress: Progress,
        lang: str,
        save_dir: Path,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.course = course
        self.progress = progress
        self.lang = lang
        self.save_dir = Path(save_dir)
        self.today = today

    def compose(self) -> ComposeResult:
        try:
            text = render(self.course, self.progress, "text", self.lang, self.today)
        except ValueError:  # a content folder without sheet.yaml
            text = t("sheet.no_layout")
        with Vertical(id="sheet-dialog"):
            yield Static(Content(t("sheet.screen.title")), id="sheet-title", markup=False)
            with ScrollableContainer(id="sheet-body"):
                # User text is never markup: Content() takes it literally.
                yield Static(Content(text), id="sheet-text", markup=False)
            with Horizontal(id="sheet-buttons"):
                yield Button(Content(f"{t('sheet.screen.save_markdown')} (m)"), id="save-markdown")
                yield Button(Content(f"{t('sheet.screen.save_html')} (h)"), id="save-html")
                yield Button(Content(f"{t('sheet.screen.close')} (Esc)"), id="close")

    def on_mount(self) -> None:
        self.query_one("#sheet-body").focus()

    @on(Button.Pressed, "#save-markdown")
    def _pressed_markdown(self) -> None:
        self.action_save("markdown")

    @on(Button.Pressed, "#save-html")
    def _pressed_html(self) -> None:
        self.action_save("html")

    @on(Button.Pressed, "#close")
    def _pressed_close(self) -> None:
        self.action_close()

    def action_save(self, fmt: str) -> None:
        """Write the sheet into ``save_dir`` (mode 0600) and say where it went."""
        today = self.today or dt.date.today()
        # A file name in the user's language, but always ASCII and with an ISO date.
        path = _free_name(
            self.save_dir, t("sheet.file_name", date=today.isoformat()), SUFFIXES[fmt]
        )
        try:
            data = render(self.course, self.progress, fmt, self.lang, self.today)
        except ValueError:
            self.notify(t("sheet.no_layout"), severity="error", markup=False)
            return
        try:
            self.save_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data.encode("utf-8"))
        except OSError as exc:
            self.notify(
                t("sheet.screen.save_failed", path=path, error=os_error(exc)),
                severity="error",
                markup=False,
            )
            return
        self.notify(t("sheet.screen.saved", path=path), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``stem.suffix`` in ``folder``, or ``stem-2.suffix``... so no earlier save is replaced."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path

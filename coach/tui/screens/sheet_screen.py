"""Preview the strategy sheet and save it as Markdown or HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from coach import dates
from coach.application.files import write_document
from coach.content.course import Course
from coach.data.progress import Progress
from coach.i18n import os_error, t
from coach.safetext import shown
from coach.sheet import SUFFIXES, render
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.styles import screen_css

WIDTH = 80  # the plain-text sheet's widest layout
MIN_WIDTH = 40
SCROLLBAR = 2
SHORT_LABELS_BELOW = 80  # terminal columns
NOTE_WIDTH = 34  # a notification at 80 columns holds about this many characters a line


class SheetScreen(ModalScreen[None]):
    """The sheet as text in a scrollable view; ``m``/``h`` save it, ``escape`` closes."""

    DEFAULT_CSS = screen_css("sheet")

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
        self._width = WIDTH

    def _text(self, width: int) -> str:
        """The sheet as plain text, laid out for ``width`` columns."""
        from coach.sheet.document import build
        from coach.sheet.text import render_text

        try:
            return render_text(build(self.course, self.progress, self.lang, self.today), width)
        except ValueError:  # a content folder without sheet.yaml
            return t("sheet.no_layout")

    def _label(self, name: str, key: str) -> Content:
        """A save button's words: short ("Markdown (m)") where the whole row would not fit
        beside each other (a German row was cut off at 60 columns)."""
        short = "_short" if self.app.size.width < SHORT_LABELS_BELOW else ""
        return Content(f"{t(f'sheet.screen.{name}{short}')} ({key})")

    def _fit(self) -> None:
        """Lay the sheet out for the preview's width (80 columns at most), so nothing is
        cut off on a small terminal; the save buttons' words to fit it too."""
        for wid, name, key in (
            ("#save-markdown", "save_markdown", "m"),
            ("#save-html", "save_html", "h"),
        ):
            button, label = self.query_one(wid, Button), self._label(name, key)
            if button.label != label:
                button.label = label
                button.refresh(layout=True)  # (its width follows its words)
        body = self.query_one("#sheet-body")
        # Room for the scroll bar is kept: a sheet longer than the screen has one.
        width = max(MIN_WIDTH, min(WIDTH, body.content_region.width - SCROLLBAR))
        if width != self._width:
            self._width = width
            self.query_one("#sheet-text", Static).update(Content(shown(self._text(width))))

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def compose(self) -> ComposeResult:
        text = self._text(WIDTH)
        with Vertical(id="sheet-dialog"):
            yield Static(Content(t("sheet.screen.title")), id="sheet-title", markup=False)
            with ScrollableContainer(id="sheet-body"):
                # User text is never markup: Content() takes it literally; shown() makes
                # invisible characters visible (the saved text keeps them).
                yield Static(Content(shown(text)), id="sheet-text", markup=False)
            with ButtonRow(id="sheet-buttons"):  # stacked where a row would be cut off
                yield Button(self._label("save_markdown", "m"), id="save-markdown")
                yield Button(self._label("save_html", "h"), id="save-html")
                yield Button(Content(f"{t('sheet.screen.close')} (Esc)"), id="close")

    def on_mount(self) -> None:
        self.query_one("#sheet-body").focus()
        self.call_after_refresh(self._fit)

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
        today = self.today or dates.local_today()
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
            write_document(path, data.encode("utf-8"))
        except OSError as exc:
            self.notify(
                t("sheet.screen.save_failed", path=path, error=os_error(exc)),
                severity="error",
                markup=False,
            )
            return
        self.notify(
            t("sheet.screen.saved_as", name=path.name, folder=path_lines(path.parent)),
            markup=False,
        )

    def action_close(self) -> None:
        self.dismiss(None)


def path_lines(folder: Path, width: int = NOTE_WIDTH) -> str:
    """``folder`` for a notification: the home folder as ``~``, broken into lines only
    after a ``/`` (never in the middle of a name)."""
    text = str(folder)
    home = str(Path.home())
    if home != "/" and (text == home or text.startswith(home + "/")):
        text = "~" + text[len(home) :]
    parts = [p + "/" for p in text.split("/")]
    parts[-1] = parts[-1].removesuffix("/") or "/"
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``stem.suffix`` in ``folder``, or ``stem-2.suffix``... so no earlier save is replaced."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path

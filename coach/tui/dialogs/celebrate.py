"""Celebrate and lead on: a warm line when a step is done, and a short "what now" after
the last one that leads to Today and the strategy sheet (the coach goes on after the steps).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from coach.content.course import tr
from coach.domain.status import step_status
from coach.i18n import t, tn
from coach.tui.dialogs.dialog import Dialog
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain
from coach.tui.styles import screen_css

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress

WhatNowChoice = Literal["today", "sheet"]


def done_steps(course: Course, progress: Progress) -> set[str]:
    """The steps whose checklist is ticked through (steps without items are left out:
    there is nothing to celebrate in them)."""
    done: set[str] = set()
    for step in course.steps:
        status = step_status(course, step, progress, "en")
        if status.total and status.done >= status.total:
            done.add(step.id)
    return done


def open_steps(course: Course, progress: Progress) -> int:
    """How many steps still have unticked items."""
    return sum(
        1
        for s in course.steps
        if (st := step_status(course, s, progress, "en")).total and st.done < st.total
    )


class Celebrations:
    """Remembers which steps were done, to notice the moment one is finished."""

    def __init__(self, course: Course, progress: Progress) -> None:
        self.course = course
        self.progress = progress
        self.done = done_steps(course, progress)

    def check(self, progress: Progress) -> tuple[list[str], bool]:
        """The steps finished since the last look, and whether that finished them all (a
        restored backup is a new start, not an achievement)."""
        now = done_steps(self.course, progress)
        before = self.done if progress is self.progress else now
        finished = [s.id for s in self.course.steps if s.id in now - before]
        self.done, self.progress = now, progress
        return finished, bool(finished) and open_steps(self.course, progress) == 0

    def line(self, step_id: str, lang: str) -> str:
        """The one warm line for a finished step."""
        step = self.course.step(step_id)
        title = tr(step.title, lang) if step is not None else step_id
        return t("celebrate.step", title=title)


class WhatNowScreen(Dialog[WhatNowChoice | None]):
    """After the last step: where the coach goes on (Today) and the plan (the sheet)."""

    DEFAULT_CSS = screen_css("what_now")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose('today')", "key.today"),
        Binding("s", "choose('sheet')", "key.sheet"),
        Binding("escape", "choose('')", "key.close"),
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
            with Horizontal(classes="buttons"):
                yield Button(t("whatnow.today"), variant="primary", id="what-today")
                yield Button(t("whatnow.sheet"), id="what-sheet")
                yield Button(t("whatnow.stay"), id="what-stay")

    def on_mount(self) -> None:
        self.query_one("#what-today", Button).focus()

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

"""The roadmap: every step with its progress (n/m and a bar), the current one marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.cells import fit
from coach.domain.status import bar, current_step_id, step_status
from coach.i18n import t
from coach.safetext import shown
from coach.tui.messages import StepChosen

if TYPE_CHECKING:
    from textual import getters

    from coach.tui.app import CoachApp


class Roadmap(OptionList):
    """Lists the steps; Enter or a click on one posts :class:`~coach.tui.messages.StepChosen`.

    It stays out of the tab order (tab goes from the checklist to the step's text and
    fields); ``r`` focuses it, and a click works as always.
    """

    can_focus = False
    _filled_for: int | None = None  # the room the options were last laid out for
    if TYPE_CHECKING:
        app = getters.app(CoachApp)  # the coach's own app, typed

    def activate(self) -> None:
        self.can_focus = True
        self.focus()

    def on_blur(self) -> None:
        self.can_focus = False

    @property
    def _room(self) -> int:
        """Columns an option has (the roadmap may not be laid out yet: assume its CSS width)."""
        return max(self.scrollable_content_region.width, 32) - 2

    def on_resize(self) -> None:
        if self._room != self._filled_for:  # titles are cut to the room: redo only then
            self.refresh_steps()

    def on_mount(self) -> None:
        self.border_title = t("ui.roadmap")
        self.refresh_steps()

    def refresh_steps(self) -> None:
        app = self.app
        course, progress, lang = app.course, app.progress, app.lang
        here = current_step_id(course, progress)
        self._filled_for = self._room
        self.border_title = t("ui.roadmap")
        options = []
        for n, step in enumerate(course.steps, 1):
            s = step_status(course, step, progress, lang)
            mark = "▸" if step.id == here else ("✓" if s.total and s.done == s.total else " ")
            prefix = f"{mark} {n}. "
            title = Content(prefix) + Content(
                _fit(shown(s.title, single_line=True), self._room - len(prefix))
            )
            if step.id == here:
                title = title.stylize("bold")
            line2 = Content.styled(f"     {bar(s.done, s.total)} {s.done}/{s.total}", "dim")
            options.append(Option(Content("\n").join([title, line2]), id=step.id))
        highlighted = course.step_index(here)
        self.clear_options()
        self.add_options(options)
        self.highlighted = highlighted

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(StepChosen(event.option.id))


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns with an ellipsis, so a title never wraps."""
    return fit(text, max(width, 2))

"""A step's tools: its fields and templates, below its text.

Built when mounted (the step view wraps them in ``textual.lazy.Lazy``), so the field widgets'
modules load and their styles apply only after the step's first frame is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from coach.course import tr
from coach.i18n import t

if TYPE_CHECKING:
    from textual import getters

    from coach.model import Step
    from coach.tui.app import CoachApp


class StepTools(Vertical):
    """The fields and templates of ``step``."""

    if TYPE_CHECKING:
        app = getters.app(CoachApp)  # the coach's own app, typed

    def __init__(self, step: Step) -> None:
        super().__init__(classes="step-tools")
        self.step = step

    def compose(self) -> ComposeResult:
        from coach.tui.fields import build_field
        from coach.tui.templates import TemplateCard

        app, step = self.app, self.step
        lang = app.lang
        for field in step.fields:
            yield build_field(app.course, step, field, app.progress, lang)
        if step.templates:
            yield Label(t("ui.templates"), classes="section-title")
            for template in step.templates:
                yield TemplateCard(tr(template.title, lang), tr(template.text, lang))

"""A step's tools: its fields and templates, below its text.

Built when mounted (the step view wraps them in :class:`coach.tui.widgets.later.Later`), so
the field widgets' modules load and their styles apply only after the step's first frame is
on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from coach.content.course import tr
from coach.i18n import t
from coach.tui.messages import FieldChanged

if TYPE_CHECKING:
    from textual import getters

    from coach.content.content_types import Step
    from coach.tui.app import CoachApp


class StepTools(Vertical):
    """The fields and templates of ``step``."""

    if TYPE_CHECKING:
        app = getters.app(CoachApp)  # the coach's own app, typed

    def __init__(self, step: Step) -> None:
        super().__init__(classes="step-tools")
        self.step = step

    def compose(self) -> ComposeResult:
        from coach.tui.styles import add_form_styles
        from coach.tui.widgets.field_boxes import build_field
        from coach.tui.widgets.templates import TemplateCard

        add_form_styles(self.app)  # (before the fields are mounted and styled)
        app, step = self.app, self.step
        lang = app.lang
        for field in step.fields:
            yield build_field(app.course, step, field, app.progress, lang)
        if step.templates:
            yield Label(t("ui.templates"), classes="section-title")
            for template in step.templates:
                start = getattr(template, "starts", None)
                yield TemplateCard(
                    tr(template.title, lang),
                    tr(template.text, lang),
                    template.max_length,
                    start,
                    self._start_label(start.field) if start is not None else "",
                )

    def _records_field(self, key: str) -> Any:
        step_id, _, field_id = key.partition("/")
        step = self.app.course.step(step_id)
        return next((f for f in step.fields if f.id == field_id), None) if step else None

    def _start_label(self, key: str) -> str:
        """The button's words: "Start a post idea" (the list's own name for an entry)."""
        field = self._records_field(key)
        item = getattr(field, "item_label", None)
        return t("ui.template_start", item=tr(item, self.app.lang) if item else t("ui.entry"))

    def on_template_card_start(self, event: Any) -> None:
        """A template starts a record: the list's add form opens with the template's text
        in it (and its title), for the user to finish and save."""
        from coach.tui.widgets.records import RecordForm, RecordsBox

        event.stop()
        card, start = event.card, event.start
        prefill = {start.text: card.text}
        if start.title:
            prefill[start.title] = card.title_text
        for box in self.screen.query(RecordsBox):
            if box.key == start.field:
                # Run by the list itself, so its form's answer comes back to the list.
                box.call_later(box.add, prefill)
                return
        # The list lives in another step: add to it from here, saved the same way.
        field = self._records_field(start.field)
        if field is None:
            return
        app = self.app
        lang = app.lang
        label = tr(field.item_label, lang) if field.item_label else t("ui.entry")

        def done(record: dict[str, Any] | None) -> None:
            if record is None:
                return
            from coach.domain import answers

            records = [*answers.records(app.progress, start.field), _filled(record)]
            self.post_message(FieldChanged(start.field, records))  # the screen saves it
            self.notify(t("records.added", item=label), markup=False)

        app.push_screen(
            RecordForm(app.course, field, prefill, lang, t("records.add", item=label)), done
        )


def _filled(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}

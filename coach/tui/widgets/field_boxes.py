"""The box for each field a step declares: a plain field, a summary or a records list.

Kept apart from ``coach.tui.widgets.fields`` so that ``fields`` and ``records`` do not import each
other (the records form builds its inputs with the helpers in ``fields``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.content.course import Course
from coach.domain import answers
from coach.domain.status import answer_key
from coach.tui.widgets.fields import FieldBox, SummaryBox
from coach.tui.widgets.records import RecordsBox

if TYPE_CHECKING:
    from textual.widget import Widget

    from coach.content.content_types import Step
    from coach.data.progress import Progress


def build_field(course: Course, step: Step, field: Any, progress: Progress, lang: str) -> Widget:
    key = answer_key(step.id, field.id)
    if field.kind == "records":
        from coach.domain import people

        found = people.spec(course)
        if found is not None and found.records == key:  # the people: a link to their screen
            from coach.tui.widgets.people_link import PeopleLink

            return PeopleLink(course, field, progress, lang)
        return RecordsBox(course, field, key, answers.records(progress, key), lang)
    if field.kind == "summary":
        return SummaryBox(course, field, progress, lang)
    return FieldBox(course, field, key, progress.answer(key), lang)

"""Where the user stands: checklist groups, ticks per step, the ``coach status`` report.

Pure and pydantic-free: ``course`` is a :class:`coach.course.Course` (of pydantic models or
of the compiled snapshot's light objects) and ``progress`` anything with ``ticks``,
``answers``, ``current_step``, ``is_ticked(key)`` and ``answer(key)`` (a
:class:`coach.progress.Progress`).

Keys are ``<step id>/<item id>`` for checklist ticks, ``<step id>/<entry id>/<item id>`` for
items generated per chosen catalog entry, and ``<step id>/<field id>`` for answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.course import Course, is_choice, tr

if TYPE_CHECKING:
    from coach.model import ChecklistItem, Step


def item_key(step: Step, item: ChecklistItem, entry: str | None = None) -> str:
    return f"{step.id}/{entry}/{item.id}" if entry else f"{step.id}/{item.id}"


def answer_key(step_id: str, field_id: str) -> str:
    return f"{step_id}/{field_id}"


@dataclass(frozen=True)
class Group:
    """Checklist items shown together: the step's own, or those of one chosen entry."""

    entry: str | None  # catalog/option id, None for the step's own checklist
    items: list[tuple[str, ChecklistItem]]  # (progress key, item)


def checklist_groups(course: Course, step: Step, progress: Any) -> list[Group]:
    """The step's checklist, then one group per entry chosen in ``per_choice_checklist``."""
    groups = (
        [Group(None, [(item_key(step, i), i) for i in step.checklist])] if step.checklist else []
    )
    pcc = step.per_choice_checklist
    if pcc is not None:
        for entry in chosen(course, progress, pcc.field):
            groups.append(Group(entry, [(item_key(step, i, entry), i) for i in pcc.items]))
    return groups


def chosen(course: Course, progress: Any, field_key: str) -> list[str]:
    """The option ids chosen in a choice field, in option order, known options only."""
    step_id, _, field_id = field_key.partition("/")
    step = course.step(step_id)
    field = next((f for f in step.fields if f.id == field_id), None) if step else None
    if not is_choice(field):
        return []
    value = progress.answer(field_key)
    values = value if isinstance(value, list) else [value]
    picked = {v for v in values if isinstance(v, str)}  # an imported odd value is ignored
    return [o.id for o in course.options_for(field) if o.id in picked]


@dataclass(frozen=True)
class StepStatus:
    id: str
    title: str
    done: int
    total: int


def step_status(course: Course, step: Step, progress: Any, lang: str) -> StepStatus:
    keys = [k for g in checklist_groups(course, step, progress) for k, _ in g.items]
    done = sum(1 for k in keys if progress.is_ticked(k))
    return StepStatus(step.id, tr(step.title, lang, course.languages[0]), done, len(keys))


def current_step_id(course: Course, progress: Any) -> str:
    """The step the user is on: the saved one if the course has it, else the first."""
    current: str | None = progress.current_step
    if current and course.step(current):
        return current
    return course.steps[0].id


def status_report(course: Course, progress: Any, lang: str) -> dict[str, Any]:
    """The shape of ``coach status --json`` (see CONTRACT.md)."""
    steps = [step_status(course, s, progress, lang) for s in course.steps]
    return {
        "current_step": current_step_id(course, progress),
        "steps": [{"id": s.id, "title": s.title, "done": s.done, "total": s.total} for s in steps],
        "overall": {"done": sum(s.done for s in steps), "total": sum(s.total for s in steps)},
    }


BAR_WIDTH = 10


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A progress bar of block characters: ``████░░░░░░`` for 4 of 10."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)

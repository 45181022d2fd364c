"""The user's progress: ticks, answers and where they are, keyed only by content ids.

Keys are ``<step id>/<item id>`` for checklist ticks, ``<step id>/<entry id>/<item id>`` for
items generated per chosen catalog entry, and ``<step id>/<field id>`` for answers. Keys a
content folder no longer has are kept untouched, so switching or editing content never
loses anything; fields this version does not know are kept too (``extra="allow"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coach.model import ChecklistItem, ChoiceField, Course, Step

SCHEMA_VERSION = 1


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Progress(BaseModel):
    """Everything the coach saves about one user (``progress.json``)."""

    model_config = ConfigDict(extra="allow", validate_assignment=False)

    schema_version: int = SCHEMA_VERSION
    started_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    current_step: str | None = None
    welcome_seen: bool = False
    language: str | None = None
    ticks: dict[str, datetime] = Field(default_factory=dict)
    answers: dict[str, Any] = Field(default_factory=dict)

    # -- changes (each caller saves right after) ---------------------------------------
    def set_tick(self, key: str, ticked: bool) -> None:
        if ticked:
            self.ticks.setdefault(key, now())
        else:
            self.ticks.pop(key, None)
        self.touch()

    def set_answer(self, key: str, value: Any) -> None:
        if value in (None, "", []):
            self.answers.pop(key, None)
        else:
            self.answers[key] = value
        self.touch()

    def touch(self) -> None:
        self.updated_at = now()

    def is_ticked(self, key: str) -> bool:
        return key in self.ticks

    def answer(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)


def item_key(step: Step, item: ChecklistItem, entry: str | None = None) -> str:
    return f"{step.id}/{entry}/{item.id}" if entry else f"{step.id}/{item.id}"


def answer_key(step_id: str, field_id: str) -> str:
    return f"{step_id}/{field_id}"


@dataclass(frozen=True)
class Group:
    """Checklist items shown together: the step's own, or those of one chosen entry."""

    entry: str | None  # catalog/option id, None for the step's own checklist
    items: list[tuple[str, ChecklistItem]]  # (progress key, item)


def checklist_groups(course: Course, step: Step, progress: Progress) -> list[Group]:
    """The step's checklist, then one group per entry chosen in ``per_choice_checklist``."""
    groups = (
        [Group(None, [(item_key(step, i), i) for i in step.checklist])] if step.checklist else []
    )
    pcc = step.per_choice_checklist
    if pcc is not None:
        for entry in chosen(course, progress, pcc.field):
            groups.append(Group(entry, [(item_key(step, i, entry), i) for i in pcc.items]))
    return groups


def chosen(course: Course, progress: Progress, field_key: str) -> list[str]:
    """The option ids chosen in a choice field, in option order, known options only."""
    step_id, _, field_id = field_key.partition("/")
    step = course.step(step_id)
    field = next((f for f in step.fields if f.id == field_id), None) if step else None
    if not isinstance(field, ChoiceField):
        return []
    value = progress.answer(field_key)
    picked = set(value if isinstance(value, list) else [value] if value else [])
    return [o.id for o in course.options_for(field) if o.id in picked]


@dataclass(frozen=True)
class StepStatus:
    id: str
    title: str
    done: int
    total: int


def step_status(course: Course, step: Step, progress: Progress, lang: str) -> StepStatus:
    from coach.model import tr

    keys = [k for g in checklist_groups(course, step, progress) for k, _ in g.items]
    done = sum(1 for k in keys if progress.is_ticked(k))
    return StepStatus(step.id, tr(step.title, lang, course.languages[0]), done, len(keys))


def current_step_id(course: Course, progress: Progress) -> str:
    """The step the user is on: the saved one if the course has it, else the first."""
    if progress.current_step and course.step(progress.current_step):
        return progress.current_step
    return course.steps[0].id


def status_report(course: Course, progress: Progress, lang: str) -> dict[str, Any]:
    """The shape of ``coach status --json`` (see CONTRACT.md)."""
    steps = [step_status(course, s, progress, lang) for s in course.steps]
    return {
        "current_step": current_step_id(course, progress),
        "steps": [{"id": s.id, "title": s.title, "done": s.done, "total": s.total} for s in steps],
        "overall": {"done": sum(s.done for s in steps), "total": sum(s.total for s in steps)},
    }

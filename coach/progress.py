"""The user's progress: ticks, answers and where they are, keyed only by content ids.

Keys (see ``coach.status``, which computes where the user stands without pydantic) that a
content folder no longer has are kept untouched, so switching or editing content never
loses anything; fields this version does not know are kept too (``extra="allow"``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coach.migrations import SCHEMA_VERSION
from coach.status import (  # noqa: F401 - re-exported for the callers that import them from here
    Group,
    StepStatus,
    answer_key,
    checklist_groups,
    chosen,
    current_step_id,
    item_key,
    status_report,
    step_status,
)


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

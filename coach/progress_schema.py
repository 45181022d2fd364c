"""The pydantic schema of ``progress.json``: the full check for any file that is not plainly
valid (:meth:`coach.progress.Progress.from_doc` takes those without pydantic), and for every
file ``coach import`` reads. Imported only then: opening the coach does not need it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coach.migrations import SCHEMA_VERSION
from coach.progress import KNOWN, Progress, aware, new_id, now, with_ids


class Contact(BaseModel):
    """One logged contact; unknown keys are kept."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(default_factory=new_id, max_length=64)
    person: str = Field(max_length=64)
    date: date
    kind: str = Field(default="other", max_length=64)
    note: str | None = None


class ProgressSchema(BaseModel):
    """What a progress document may hold; unknown fields are kept (``extra="allow"``)."""

    model_config = ConfigDict(extra="allow")

    schema_version: int = SCHEMA_VERSION
    started_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    current_step: str | None = None
    welcome_seen: bool = False
    language: str | None = None
    ticks: dict[str, datetime] = Field(default_factory=dict)
    unticks: dict[str, datetime] = Field(default_factory=dict)
    answers: dict[str, Any] = Field(default_factory=dict)
    contacts: list[Contact] = Field(default_factory=list)
    pause_until: date | None = None


def validate(doc: dict[str, Any]) -> Progress:
    """``doc`` (of the current schema version) checked and normalised, or
    :class:`pydantic.ValidationError`. Not-a-number values become null, as JSON has none."""
    model = ProgressSchema.model_validate(doc)
    normal = model.model_dump(mode="json")  # ticks as saved text, NaN as null
    return Progress(
        started_at=aware(model.started_at),
        updated_at=aware(model.updated_at),
        current_step=model.current_step,
        welcome_seen=model.welcome_seen,
        language=model.language,
        ticks=normal["ticks"],
        unticks=normal["unticks"],
        answers={k: with_ids(v) for k, v in normal["answers"].items()},
        contacts=[{k: v for k, v in c.items() if v is not None} for c in normal["contacts"]],
        pause_until=normal["pause_until"],
        extra={k: v for k, v in normal.items() if k not in KNOWN},
    )

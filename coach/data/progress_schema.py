"""The pydantic schema of ``progress.json``: the full check for any file that is not plainly
valid (:meth:`coach.data.progress.Progress.from_doc` takes those without pydantic), and for every
file ``coach import`` reads. Imported only then: opening the coach does not need it.

The model is built from :data:`coach.data.progress.FIELDS`, the one description of the file's
top-level keys; only the shape of a contact lives here.
"""

from __future__ import annotations

from datetime import date, datetime  # noqa: F401 - datetime: named in FIELDS' annotations
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from coach.data.progress import FIELDS, Progress, new_id
from coach.dates import DAY_PATTERN

# A saved day: a date, or text of a day's shape that is no day ("2026-02-30", a hand edit).
# The load keeps such text as it is (the coach reads it as no date), so an export can hold
# it, and an import takes that export back. Other forms become a date, as pydantic reads one.
Day = date | Annotated[str, StringConstraints(pattern=DAY_PATTERN)]


class Contact(BaseModel):
    """One logged contact; unknown keys are kept."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(default_factory=new_id, max_length=64)
    person: str = Field(max_length=64)
    date: Day
    kind: str = Field(default="other", max_length=64)
    note: str | None = None


# What a progress document may hold. The annotation text in FIELDS is resolved in this
# module (``Contact``, ``Day``, ``datetime``, ``Any``); unknown top-level keys are kept.
_fields: dict[str, Any] = {
    name: (key.schema, Field(default_factory=key.default)) for name, key in FIELDS.items()
}
ProgressSchema: type[BaseModel] = create_model(
    "ProgressSchema", __config__=ConfigDict(extra="allow"), __module__=__name__, **_fields
)


def validate(doc: dict[str, Any]) -> Progress:
    """``doc`` (of the current schema version) checked and normalised, or
    :class:`pydantic.ValidationError`. Not-a-number values become null, as JSON has none."""
    normal = ProgressSchema.model_validate(doc).model_dump(mode="json")  # stamps as saved text
    return Progress.from_values({name: normal[name] for name in FIELDS}, normal)

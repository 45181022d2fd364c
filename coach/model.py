"""The content schema: a course of steps, their checklists, fields, templates and catalogs.

Pure pydantic, no I/O. Every id is a stable key the user's progress refers to; every text
the user reads is a :data:`LocalText` mapping language codes to strings. The loaded
``Course`` and ``tr`` live in the pydantic-free ``coach.course`` (imported from here too).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from coach.course import PLAIN, Course, tr  # noqa: F401 - Course and tr re-exported

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


def _plain_to_mapping(value: Any) -> Any:
    return {PLAIN: value} if isinstance(value, str) else value


LocalText = Annotated[dict[str, str], BeforeValidator(_plain_to_mapping)]

PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\](?!\()")  # [Name], not a [link](url)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Option(Model):
    id: Id
    label: LocalText


class ChecklistItem(Model):
    id: Id
    text: LocalText


class _FieldBase(Model):
    id: Id
    label: LocalText
    help: LocalText | None = None
    required: bool = False


class TextField(_FieldBase):
    kind: Literal["short_text", "long_text"]
    max_length: int | None = Field(default=None, gt=0)


class NumberField(_FieldBase):
    kind: Literal["number"]
    min: int | None = None
    max: int | None = None


class DateField(_FieldBase):
    kind: Literal["date"]


class ChoiceField(_FieldBase):
    kind: Literal["choice", "multi_choice"]
    options: list[Option] | None = None
    catalog: Id | None = None
    advice_max: int | None = Field(default=None, gt=0)
    advice: LocalText | None = None


SimpleField = Annotated[
    TextField | NumberField | DateField | ChoiceField, Field(discriminator="kind")
]


class RecordsField(_FieldBase):
    kind: Literal["records"]
    fields: list[SimpleField] = Field(min_length=1)
    item_label: LocalText | None = None
    columns: list[Id] | None = None  # which fields the list shows (default: the first few)


class SummaryField(_FieldBase):
    kind: Literal["summary"]


AnyField = Annotated[
    TextField | NumberField | DateField | ChoiceField | RecordsField | SummaryField,
    Field(discriminator="kind"),
]


class PerChoiceChecklist(Model):
    field: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*$")]
    items: list[ChecklistItem] = Field(min_length=1)


class TemplateStart(Model):
    """A template can start a record: ``field`` is a records field (``step/field``); the
    new record gets the template's text in sub-field ``text`` (and its title in ``title``)."""

    field: str
    text: Id
    title: Id | None = None


class Template(Model):
    id: Id
    title: LocalText
    text: LocalText
    starts: TemplateStart | None = None


class Step(Model):
    id: Id
    title: LocalText
    summary: LocalText | None = None
    body: LocalText
    first_action: LocalText | None = None
    checklist: list[ChecklistItem] = Field(default_factory=list)
    fields: list[AnyField] = Field(default_factory=list)
    per_choice_checklist: PerChoiceChecklist | None = None
    templates: list[Template] = Field(default_factory=list)


class CatalogEntry(Model):
    id: Id
    name: LocalText
    details: dict[str, LocalText] = Field(default_factory=dict)


class Catalog(Model):
    details: dict[str, LocalText] = Field(default_factory=dict)
    entries: list[CatalogEntry] = Field(min_length=1)


class CourseMeta(Model):
    title: LocalText
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = Field(
        default_factory=lambda: ["en"], min_length=1
    )
    catalogs: dict[Id, str] = Field(default_factory=dict)

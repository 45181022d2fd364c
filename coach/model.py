"""The content schema: a course of steps, their checklists, fields, templates and catalogs.

Pure pydantic, no I/O. Every id is a stable key the user's progress refers to; every text
the user reads is a :data:`LocalText` mapping language codes to strings.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]

PLAIN = ""  # the key a plain string is stored under: "the course's first language"


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


class Template(Model):
    id: Id
    title: LocalText
    text: LocalText


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


@dataclass(frozen=True)
class Course:
    """A loaded, checked content folder."""

    meta: CourseMeta
    steps: list[Step]
    catalogs: dict[str, Catalog]
    root: Path
    sheet: Any = None  # the sheet layout (content/sheet.yaml), if the folder has one
    # options_for, per field: a table of 2,000 people asks for the same options 4,000 times.
    _options: dict[int, list[Option]] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def languages(self) -> list[str]:
        return self.meta.languages

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_index(self, step_id: str | None) -> int:
        for i, s in enumerate(self.steps):
            if s.id == step_id:
                return i
        return 0

    def options_for(self, field: ChoiceField) -> list[Option]:
        """A choice field's options, from its list or its catalog."""
        if field.options is not None:
            return field.options
        # Keyed by id(): fields are frozen and live as long as the course does.
        options = self._options.get(id(field))
        if options is None:
            catalog = self.catalogs.get(field.catalog or "")
            entries = catalog.entries if catalog is not None else []
            options = [Option(id=e.id, label=e.name) for e in entries]
            self._options[id(field)] = options
        return options


def tr(text: dict[str, str] | None, lang: str, fallback: str = "en") -> str:
    """The text in ``lang``, else the fallback language, else whatever there is."""
    if not text:
        return ""
    return text.get(lang) or text.get(PLAIN) or text.get(fallback) or next(iter(text.values()), "")

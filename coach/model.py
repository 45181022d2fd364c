"""The content schema: a course of steps, their checklists, fields, templates and catalogs.

Pure pydantic, no I/O, and only to validate: ``coach.loader`` checks each file with these
models, then hands out the ``coach.content_types`` class of the same name and fields (the
objects the app uses, whether loaded or rebuilt from the snapshot). Every id is a stable key
the user's progress refers to; every text the user reads is a :data:`LocalText` mapping
language codes to strings. The loaded ``Course`` lives in the pydantic-free
``coach.course``, ``tr`` in ``coach.localtext`` (so the two never import each other; ``tr``
is re-exported from here).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from coach.localtext import PLAIN
from coach.localtext import tr as tr  # re-exported

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


FieldRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*$")]


class DoneWhen(Model):
    """When the user's own data shows a checklist item done (it is then shown ticked, and
    the user can still untick it). Exactly one of ``records`` and ``answer``."""

    records: FieldRef | None = None  # at least ``count`` records of this field match ``where``
    answer: FieldRef | None = None  # this field has an answer (a list: ``count`` entries)
    count: int = Field(default=1, gt=0)
    where: dict[Id, str] = Field(default_factory=dict)  # record field -> option id or text
    entry_field: Id | None = None  # per-choice items: this record field holds the entry


class ChecklistItem(Model):
    id: Id
    text: LocalText
    done_when: DoneWhen | None = None


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
    field: FieldRef
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
    # A limit the text must fit as written (LinkedIn's connection note: 200); checked per
    # language by the loader, shown as "n / max" in the coach.
    max_length: int | None = Field(default=None, gt=0)
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


class PeopleSpec(Model):
    """Which records field holds the user's people, and which of its fields mean what."""

    records: FieldRef
    name: Id
    circle: Id | None = None
    follow_up: Id | None = None
    next_step: Id | None = None
    status: Id | None = None
    after_contact: Id | None = None  # status option suggested after a logged contact
    network: Id | None = None
    profile: Id | None = None
    email: Id | None = None
    company: Id | None = None
    position: Id | None = None
    note: Id | None = None
    unsorted_circle: Id | None = None  # the circle imported people get


class Rhythm(Model):
    """Days between two contacts, per circle option id; ``default`` for the rest."""

    default: int | None = Field(default=None, gt=0, le=3650)
    circles: dict[Id, Annotated[int, Field(gt=0, le=3650)]] = Field(default_factory=dict)


class DatedSpec(Model):
    """Records with a date that Today and the calendar bring back (events, planned posts)."""

    records: FieldRef
    title: Id
    date: Id
    done: Id | None = None  # a date field: set once it happened (e.g. "posted on")


class WeekSpec(Model):
    target: FieldRef | None = None  # a number field where the user sets the weekly target
    default_target: int = Field(default=3, ge=0, le=100)


class ContactKind(Model):
    id: Id
    label: LocalText


class AgendaSpec(Model):
    """What the coach brings back after the steps: people, rhythm, dated records, week."""

    people: PeopleSpec | None = None
    rhythm: Rhythm = Field(default_factory=Rhythm)
    events: DatedSpec | None = None
    posts: DatedSpec | None = None
    week: WeekSpec = Field(default_factory=WeekSpec)
    contact_kinds: list[ContactKind] = Field(default_factory=list)
    suggestions: list[LocalText] = Field(default_factory=list)


class CourseMeta(Model):
    title: LocalText
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = Field(
        default_factory=lambda: ["en"], min_length=1
    )
    catalogs: dict[Id, str] = Field(default_factory=dict)
    agenda: AgendaSpec | None = None

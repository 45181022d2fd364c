"""The content objects every reader of a course uses: frozen, slotted dataclasses.

One object model, two producers: ``coach.loader`` builds it from the pydantic models it
validated with (``coach.model``, ``coach.sheet_layout``: those only validate), and
``coach.compiled`` builds it from a snapshot, whose ``{"__model__": "Step", ...}`` tag names
the class here (:data:`KINDS`). Nothing here imports pydantic or yaml, so ``coach status``
and the first frame stay light. Code tells fields and sheet parts apart by ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

LocalText = dict[str, str]  # language code (or PLAIN) -> text

_frozen = dataclass(frozen=True, slots=True, kw_only=True)


@_frozen
class Option:
    id: str
    label: LocalText


@_frozen
class DoneWhen:
    """When the user's own data shows a checklist item done; see ``coach.model.DoneWhen``."""

    records: str | None = None
    answer: str | None = None
    count: int = 1
    where: dict[str, str] = field(default_factory=dict)
    entry_field: str | None = None


@_frozen
class ChecklistItem:
    id: str
    text: LocalText
    done_when: DoneWhen | None = None


@_frozen
class _FieldBase:
    id: str
    label: LocalText
    help: LocalText | None = None
    required: bool = False


@_frozen
class TextField(_FieldBase):
    kind: Literal["short_text", "long_text"]
    max_length: int | None = None


@_frozen
class NumberField(_FieldBase):
    kind: Literal["number"]
    min: int | None = None
    max: int | None = None


@_frozen
class DateField(_FieldBase):
    kind: Literal["date"]


@_frozen
class ChoiceField(_FieldBase):
    kind: Literal["choice", "multi_choice"]
    options: list[Option] | None = None
    catalog: str | None = None
    advice_max: int | None = None
    advice: LocalText | None = None


SimpleField = TextField | NumberField | DateField | ChoiceField


@_frozen
class RecordsField(_FieldBase):
    kind: Literal["records"]
    fields: list[SimpleField]
    item_label: LocalText | None = None
    columns: list[str] | None = None


@_frozen
class SummaryField(_FieldBase):
    kind: Literal["summary"]


AnyField = TextField | NumberField | DateField | ChoiceField | RecordsField | SummaryField


@_frozen
class PerChoiceChecklist:
    field: str
    items: list[ChecklistItem]


@_frozen
class TemplateStart:
    field: str
    text: str
    title: str | None = None


@_frozen
class Template:
    id: str
    title: LocalText
    text: LocalText
    max_length: int | None = None
    starts: TemplateStart | None = None


@_frozen
class Step:
    id: str
    title: LocalText
    summary: LocalText | None = None
    body: LocalText
    first_action: LocalText | None = None
    checklist: list[ChecklistItem] = field(default_factory=list)
    fields: list[AnyField] = field(default_factory=list)
    per_choice_checklist: PerChoiceChecklist | None = None
    templates: list[Template] = field(default_factory=list)


@_frozen
class CatalogEntry:
    id: str
    name: LocalText
    details: dict[str, LocalText] = field(default_factory=dict)


@_frozen
class Catalog:
    details: dict[str, LocalText] = field(default_factory=dict)
    entries: list[CatalogEntry]


@_frozen
class PeopleSpec:
    records: str
    name: str
    circle: str | None = None
    follow_up: str | None = None
    next_step: str | None = None
    status: str | None = None
    after_contact: str | None = None
    network: str | None = None
    profile: str | None = None
    email: str | None = None
    company: str | None = None
    position: str | None = None
    note: str | None = None
    unsorted_circle: str | None = None


@_frozen
class Rhythm:
    default: int | None = None
    circles: dict[str, int] = field(default_factory=dict)


@_frozen
class DatedSpec:
    records: str
    title: str
    date: str
    done: str | None = None


@_frozen
class WeekSpec:
    target: str | None = None
    default_target: int = 3


@_frozen
class ContactKind:
    id: str
    label: LocalText


@_frozen
class AgendaSpec:
    people: PeopleSpec | None = None
    rhythm: Rhythm = field(default_factory=Rhythm)
    events: DatedSpec | None = None
    posts: DatedSpec | None = None
    week: WeekSpec = field(default_factory=WeekSpec)
    contact_kinds: list[ContactKind] = field(default_factory=list)
    suggestions: list[LocalText] = field(default_factory=list)


@_frozen
class CourseMeta:
    title: LocalText
    languages: list[str] = field(default_factory=lambda: ["en"])
    catalogs: dict[str, str] = field(default_factory=dict)
    agenda: AgendaSpec | None = None


# -- the sheet layout (content/sheet.yaml); see coach.sheet_layout for what each part means --
@_frozen
class _Part:
    title: LocalText | None = None
    empty_hint: LocalText | None = None


@_frozen
class TextPart(_Part):
    kind: Literal["text"]
    fields: list[str]


@_frozen
class Links:
    source: str
    match: str
    value: str


@_frozen
class ChoicesPart(_Part):
    kind: Literal["choices"]
    source: str
    links: Links | None = None
    checklist: str | None = None


@_frozen
class RecordsPart(_Part):
    kind: Literal["records"]
    source: str
    columns: list[str]
    group_by: str | None = None
    sort_by: str | None = None
    upcoming: str | None = None
    overdue: str | None = None
    boxes: bool = False
    last_contact: bool = False


@_frozen
class ProgressPart(_Part):
    kind: Literal["progress"]


@_frozen
class WeekPart(_Part):
    kind: Literal["week"]


Part = TextPart | ChoicesPart | RecordsPart | ProgressPart | WeekPart


@_frozen
class Section:
    id: str
    title: LocalText
    empty_hint: LocalText
    parts: list[Part]


@_frozen
class SheetLayout:
    title: LocalText
    name: str | None = None
    sections: list[Section]


# The snapshot's tag -> its class. Same names as the validating pydantic models, so the
# loader converts by name too (a model without a class here is a bug, found by the tests).
KINDS: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        Option, DoneWhen, ChecklistItem, TextField, NumberField, DateField, ChoiceField,
        RecordsField, SummaryField, PerChoiceChecklist, TemplateStart, Template, Step,
        CatalogEntry, Catalog, PeopleSpec, Rhythm, DatedSpec, WeekSpec, ContactKind,
        AgendaSpec, CourseMeta, TextPart, Links, ChoicesPart, RecordsPart, ProgressPart,
        WeekPart, Section, SheetLayout,
    )
}  # fmt: skip

"""The content objects every reader of a course uses: frozen, slotted, typed records.

One object model, two producers: ``coach.loader`` builds it from the pydantic models it
validated with (``coach.model``, ``coach.sheet_layout``: those only validate), and
``coach.compiled`` builds it from a snapshot, whose ``{"__model__": "Step", ...}`` tag names
the class here (:data:`KINDS`). Nothing here imports pydantic or yaml, so ``coach status``
and the first frame stay light. Code tells fields and sheet parts apart by ``kind``.

Why not ``dataclasses``: ``@dataclass`` compiles each class's methods with ``exec`` when the
module is imported, about 10 ms for these 30 classes, more than the whole snapshot read; this
:class:`Content` base builds its classes in microseconds with the same promises (keyword-only
``__init__``, frozen, ``__slots__``, ``==`` and ``repr`` by fields), and type checkers see it
as a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal, TypeVar, dataclass_transform

LocalText = dict[str, str]  # language code (or PLAIN) -> text

_T = TypeVar("_T")
_MISSING: Any = object()


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], _T]) -> _T:
    """A default made afresh for each object (a list, a dict), like ``dataclasses.field``."""
    return _Factory(default_factory)  # type: ignore[return-value]


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class _ContentType(type):
    """Turns a class's annotated names into its slots, fields and defaults."""

    def __new__(mcs, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> _ContentType:
        notes = ns.get("__annotations__", {})
        own = tuple(n for n, note in notes.items() if not str(note).startswith("ClassVar"))
        inherited: dict[str, Any] = {}
        for base in reversed(bases):
            inherited.update(getattr(base, "_defaults", {}))
        defaults = {**inherited, **{n: ns.pop(n, _MISSING) for n in own}}
        ns["__slots__"] = own
        ns["_defaults"] = defaults
        ns["_fields"] = tuple(defaults)
        return super().__new__(mcs, name, bases, ns)


class Content(metaclass=_ContentType):
    """A piece of content: built once with keyword arguments, then never changed."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, Any]]

    def __init__(self, **values: Any) -> None:
        put = object.__setattr__
        for name, default in self._defaults.items():
            value = values.pop(name, default)
            if value is _MISSING:
                raise TypeError(f"{type(self).__name__}: missing {name!r}")
            put(self, name, value.make() if type(value) is _Factory else value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown {', '.join(map(repr, values))}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._fields)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self._fields))

    def __repr__(self) -> str:
        values = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({values})"


def fields_of(obj: Content) -> tuple[str, ...]:
    """The names of ``obj``'s fields, in order (what a snapshot stores)."""
    return obj._fields


class Option(Content):
    id: str
    label: LocalText


class DoneWhen(Content):
    """When the user's own data shows a checklist item done; see ``coach.model.DoneWhen``."""

    records: str | None = None
    answer: str | None = None
    count: int = 1
    where: dict[str, str] = field(default_factory=dict)
    entry_field: str | None = None


class ChecklistItem(Content):
    id: str
    text: LocalText
    done_when: DoneWhen | None = None


class _FieldBase(Content):
    id: str
    label: LocalText
    help: LocalText | None = None
    required: bool = False


class TextField(_FieldBase):
    kind: Literal["short_text", "long_text"]
    max_length: int | None = None


class NumberField(_FieldBase):
    kind: Literal["number"]
    min: int | None = None
    max: int | None = None


class DateField(_FieldBase):
    kind: Literal["date"]


class ChoiceField(_FieldBase):
    kind: Literal["choice", "multi_choice"]
    options: list[Option] | None = None
    catalog: str | None = None
    advice_max: int | None = None
    advice: LocalText | None = None


SimpleField = TextField | NumberField | DateField | ChoiceField


class RecordsField(_FieldBase):
    kind: Literal["records"]
    fields: list[SimpleField]
    item_label: LocalText | None = None
    columns: list[str] | None = None


class SummaryField(_FieldBase):
    kind: Literal["summary"]


AnyField = TextField | NumberField | DateField | ChoiceField | RecordsField | SummaryField


class PerChoiceChecklist(Content):
    field: str
    items: list[ChecklistItem]


class TemplateStart(Content):
    field: str
    text: str
    title: str | None = None


class Template(Content):
    id: str
    title: LocalText
    text: LocalText
    max_length: int | None = None
    starts: TemplateStart | None = None


class Step(Content):
    id: str
    title: LocalText
    summary: LocalText | None = None
    body: LocalText
    first_action: LocalText | None = None
    checklist: list[ChecklistItem] = field(default_factory=list)
    fields: list[AnyField] = field(default_factory=list)
    per_choice_checklist: PerChoiceChecklist | None = None
    templates: list[Template] = field(default_factory=list)


class CatalogEntry(Content):
    id: str
    name: LocalText
    details: dict[str, LocalText] = field(default_factory=dict)


class Catalog(Content):
    details: dict[str, LocalText] = field(default_factory=dict)
    entries: list[CatalogEntry]


class PeopleSpec(Content):
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


class Rhythm(Content):
    default: int | None = None
    circles: dict[str, int] = field(default_factory=dict)


class DatedSpec(Content):
    records: str
    title: str
    date: str
    done: str | None = None


class WeekSpec(Content):
    target: str | None = None
    default_target: int = 3


class ContactKind(Content):
    id: str
    label: LocalText


class AgendaSpec(Content):
    people: PeopleSpec | None = None
    rhythm: Rhythm = field(default_factory=Rhythm)
    events: DatedSpec | None = None
    posts: DatedSpec | None = None
    week: WeekSpec = field(default_factory=WeekSpec)
    contact_kinds: list[ContactKind] = field(default_factory=list)
    suggestions: list[LocalText] = field(default_factory=list)


class CourseMeta(Content):
    title: LocalText
    languages: list[str] = field(default_factory=lambda: ["en"])
    catalogs: dict[str, str] = field(default_factory=dict)
    agenda: AgendaSpec | None = None


# -- the sheet layout (content/sheet.yaml); see coach.sheet_layout for what each part means --
class _Part(Content):
    title: LocalText | None = None
    empty_hint: LocalText | None = None


class TextPart(_Part):
    kind: Literal["text"]
    fields: list[str]


class Links(Content):
    source: str
    match: str
    value: str


class ChoicesPart(_Part):
    kind: Literal["choices"]
    source: str
    links: Links | None = None
    checklist: str | None = None


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


class ProgressPart(_Part):
    kind: Literal["progress"]


class WeekPart(_Part):
    kind: Literal["week"]


Part = TextPart | ChoicesPart | RecordsPart | ProgressPart | WeekPart


class Section(Content):
    id: str
    title: LocalText
    empty_hint: LocalText
    parts: list[Part]


class SheetLayout(Content):
    title: LocalText
    name: str | None = None
    sections: list[Section]


# The snapshot's tag -> its class. Same names as the validating pydantic models, so the
# loader converts by name too (a model without a class here is a bug, found by the tests).
KINDS: dict[str, type[Content]] = {
    cls.__name__: cls
    for cls in (
        Option, DoneWhen, ChecklistItem, TextField, NumberField, DateField, ChoiceField,
        RecordsField, SummaryField, PerChoiceChecklist, TemplateStart, Template, Step,
        CatalogEntry, Catalog, PeopleSpec, Rhythm, DatedSpec, WeekSpec, ContactKind,
        AgendaSpec, CourseMeta, TextPart, Links, ChoicesPart, RecordsPart, ProgressPart,
        WeekPart, Section, SheetLayout,
    )
}  # fmt: skip

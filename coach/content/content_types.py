"""The content objects every reader of a course uses: frozen, slotted, typed records.

One object model, two producers: ``coach.content.loader`` builds it from the YAML it validated, and
``coach.content.compiled`` builds it from a snapshot, whose ``{"__model__": "Step", ...}`` tag names
the class here (:data:`KINDS`). Nothing here imports pydantic or yaml, so ``coach status``
and the first frame stay light. Code tells fields and sheet parts apart by ``kind``.

The classes are also the YAML's schema, declared once: a field's annotation names its
constraint (``id: Id``, ``count: PositiveInt = 1``, ``fields: NonEmpty[SimpleField]``) with
an alias that is the plain type here, so type checkers and this module see ``str``, ``int``,
``list``; ``coach.content.model`` reads the annotations (strings, never evaluated at import) when a
content folder is validated and builds pydantic models of the same names, fields and
defaults, each alias given its constraint and each union of content classes told apart by
``kind``.

Why not ``dataclasses``: ``@dataclass`` compiles each class's methods with ``exec`` when the
module is imported, about 10 ms for these 30 classes, more than the whole snapshot read; this
:class:`Content` base builds its classes in microseconds with the same promises (keyword-only
``__init__``, frozen, ``__slots__``, ``==`` and ``repr`` by fields: what it shares with
:mod:`coach.records`, :class:`~coach.records.Frozen`), and type checkers see it as a
dataclass (``dataclass_transform``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal, TypeVar, dataclass_transform

from coach.records import Frozen

_T = TypeVar("_T")

# -- the constraints, plain types here; coach.content.model gives each its check --
LocalText = dict[str, str]  # language code (or PLAIN) -> text; YAML may give one plain string
Id = str  # a stable key the user's progress refers to: a-z, 0-9, '-', '_'; at most 64
FieldRef = str  # a field of a step: "step-id/field-id"
Language = str  # a two-letter language code
PositiveInt = int  # 1 or more
Days = int  # days between two contacts: 1 to 3650
WeeklyTarget = int  # contacts a week: 0 to 100
NonEmpty = list[_T]  # a list with at least one item

MISSING: Any = object()  # a field's default when it has none: required


class Factory:
    """A default made afresh for each object; see :func:`field`."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], _T]) -> _T:
    """A default made afresh for each object (a list, a dict), like ``dataclasses.field``."""
    return Factory(default_factory)  # type: ignore[return-value]


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class _ContentType(type):
    """Turns a class's annotated names into its slots, fields and defaults."""

    def __new__(mcs, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> _ContentType:
        notes = ns.get("__annotations__", {})
        own = tuple(n for n, note in notes.items() if not str(note).startswith("ClassVar"))
        inherited: dict[str, Any] = {}
        for base in reversed(bases):
            inherited.update(getattr(base, "_defaults", {}))
        defaults = {**inherited, **{n: ns.pop(n, MISSING) for n in own}}
        ns["__slots__"] = own
        ns["_defaults"] = defaults
        ns["_fields"] = tuple(defaults)
        return super().__new__(mcs, name, bases, ns)


class Content(Frozen, metaclass=_ContentType):
    """A piece of content: built once with keyword arguments, then never changed."""

    __slots__ = ()
    _defaults: ClassVar[dict[str, Any]]

    def __init__(self, **values: Any) -> None:
        put = object.__setattr__
        for name, default in self._defaults.items():
            value = values.pop(name, default)
            if value is MISSING:
                raise TypeError(f"{type(self).__name__}: missing {name!r}")
            put(self, name, value.make() if type(value) is Factory else value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown {', '.join(map(repr, values))}")


def fields_of(obj: Content) -> tuple[str, ...]:
    """The names of ``obj``'s fields, in order (what a snapshot stores)."""
    return obj._fields


def defaults_of(cls: type[Content]) -> dict[str, Any]:
    """Each field of ``cls`` (inherited ones first) -> its default: a value, a
    :class:`Factory`, or :data:`MISSING` (required)."""
    return dict(cls._defaults)


class Option(Content):
    id: Id
    label: LocalText
    # What kind of entry it is (e.g. "profile"): a per-choice checklist item with
    # ``for_tags`` is listed only under entries with one of its tags.
    tags: list[Id] = field(default_factory=list)


class DoneWhen(Content):
    """When the user's own data shows a checklist item done (it is then shown ticked, and
    the user can still untick it). Exactly one of ``records`` and ``answer``."""

    records: FieldRef | None = None  # at least ``count`` records of this field match ``where``
    answer: FieldRef | None = None  # this field has an answer (a list: ``count`` entries)
    count: PositiveInt = 1
    # record field -> option id or text, or a list of them (any one matches)
    where: dict[Id, str | list[str]] = field(default_factory=dict)
    entry_field: Id | None = None  # per-choice items: this record field holds the entry
    # Record fields a matching record must have filled in (a next step, a date) to count.
    filled: list[Id] = field(default_factory=list)
    # Every record ``where`` selects must have ``filled``, and at least ``count`` do ("each
    # person has a next step"); without it, ``count`` of them are enough.
    every: bool = False


class ChecklistItem(Content):
    id: Id
    text: LocalText
    done_when: DoneWhen | None = None
    # Shown as optional and left out of the step's and the course's total unless ticked
    # (an offline event for someone who networks only online).
    optional: bool = False
    # Per-choice items only: listed only under the chosen entries (options or catalog
    # entries) with one of these tags; empty: under every entry. A profile photo is no
    # item for an events platform.
    for_tags: list[Id] = field(default_factory=list)


class _FieldBase(Content):
    id: Id
    label: LocalText
    help: LocalText | None = None
    required: bool = False


class TextField(_FieldBase):
    kind: Literal["short_text", "long_text"]
    max_length: PositiveInt | None = None


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
    advice_max: PositiveInt | None = None
    advice: LocalText | None = None


SimpleField = TextField | NumberField | DateField | ChoiceField


class RecordsField(_FieldBase):
    kind: Literal["records"]
    fields: NonEmpty[SimpleField]
    item_label: LocalText | None = None
    columns: list[Id] | None = None  # which fields the list shows (default: the first few)


class SummaryField(_FieldBase):
    kind: Literal["summary"]


AnyField = TextField | NumberField | DateField | ChoiceField | RecordsField | SummaryField


class PerChoiceChecklist(Content):
    field: FieldRef
    items: NonEmpty[ChecklistItem]


class TemplateStart(Content):
    """A template can start a record: ``field`` is a records field (``step/field``); the
    new record gets the template's text in sub-field ``text`` (and its title in ``title``)."""

    field: str
    text: Id
    title: Id | None = None


class Template(Content):
    id: Id
    title: LocalText
    text: LocalText
    # A limit the text must fit as written (LinkedIn's connection note: 200); checked per
    # language by the loader, shown as "n / max" in the coach.
    max_length: PositiveInt | None = None
    # With max_length: the characters the fixed text (all but its [placeholders] and "…")
    # must leave for what the user fills in; checked per language by the loader.
    room: PositiveInt | None = None
    starts: TemplateStart | None = None


class Step(Content):
    id: Id
    title: LocalText
    summary: LocalText | None = None
    body: LocalText
    first_action: LocalText | None = None
    checklist: list[ChecklistItem] = field(default_factory=list)
    fields: list[AnyField] = field(default_factory=list)
    per_choice_checklist: PerChoiceChecklist | None = None
    templates: list[Template] = field(default_factory=list)


class CatalogEntry(Content):
    id: Id
    name: LocalText
    details: dict[str, LocalText] = field(default_factory=dict)
    tags: list[Id] = field(default_factory=list)  # as an Option's


class Catalog(Content):
    details: dict[str, LocalText] = field(default_factory=dict)
    entries: NonEmpty[CatalogEntry]


class PeopleSpec(Content):
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
    phone: Id | None = None
    birthday: Id | None = None  # text: 1990-04-15, or --04-15 without the year
    unsorted_circle: Id | None = None  # the circle imported people get
    # The network option of people imported from LinkedIn (its Connections.csv, or a vCard
    # with a linkedin.com profile); none: imported people get no network.
    import_network: Id | None = None
    salutation: Id | None = None  # a choice field whose option labels are "Ms" / "Frau"
    # The placeholder a formal (Sie) template greets with, per language ("[Ms/Mr Surname]"):
    # filled with the salutation and surname where the record has both, else left as written.
    formal_name: LocalText | None = None
    # The languages whose greeting lets a title of the name take the salutation's place
    # ("Dear Dr. Berger", not "Dear Ms Dr. Berger"); in the others both ("Frau Dr. Berger").
    title_for_salutation: list[Language] = field(default_factory=list)
    connected_kind: Id | None = None  # the contact kind of "connected on" (an import)
    # A key of each record (not a field of its form) holding the day the user let them go
    # (a follow-up taken away while catching up, or cleared): Today's rhythm counts from it.
    let_go_on: Id | None = None


class Rhythm(Content):
    """Days between two contacts, per option of a choice field of the people list: of
    ``by`` (e.g. a closeness) when given, else of the circle. ``default`` for the rest.
    Someone with ``by`` not chosen yet (people from before the field existed): the days
    ``fallback`` gives the option of ``fallback_by`` (e.g. the circle), if any."""

    by: Id | None = None
    default: Days | None = None
    circles: dict[Id, Days] = field(default_factory=dict)
    fallback_by: Id | None = None
    fallback: dict[Id, Days] = field(default_factory=dict)


class DatedSpec(Content):
    """Records with a date that Today and the calendar bring back (events, planned posts)."""

    records: FieldRef
    title: Id
    date: Id
    done: Id | None = None  # a date field: set once it happened (e.g. "posted on")
    note: Id | None = None  # a text field: the calendar entry's description
    status: Id | None = None  # a choice field that says how far a record is ...
    done_status: Id | None = None  # ... and its option once done (ticked off on Today)


class WeekSpec(Content):
    target: FieldRef | None = None  # a number field where the user sets the weekly target
    default_target: WeeklyTarget = 3


class ContactKind(Content):
    id: Id
    label: LocalText


class AgendaSpec(Content):
    """What the coach brings back after the steps: people, rhythm, dated records, week."""

    people: PeopleSpec | None = None
    rhythm: Rhythm = field(default_factory=Rhythm)
    events: DatedSpec | None = None
    posts: DatedSpec | None = None
    week: WeekSpec = field(default_factory=WeekSpec)
    contact_kinds: list[ContactKind] = field(default_factory=list)
    suggestions: list[LocalText] = field(default_factory=list)


class CourseMeta(Content):
    title: LocalText
    languages: NonEmpty[Language] = field(default_factory=lambda: ["en"])
    catalogs: dict[Id, str] = field(default_factory=dict)
    agenda: AgendaSpec | None = None


# -- the sheet layout (content/sheet.yaml); coach.content.sheet_layout says what each part shows --
class _Part(Content):
    title: LocalText | None = None  # a sub-heading above the part
    empty_hint: LocalText | None = None  # shown when only this part is empty


class TextPart(_Part):
    kind: Literal["text"]
    fields: NonEmpty[FieldRef]


class Links(Content):
    source: FieldRef  # a records field
    match: Id  # its choice column holding the option id
    value: Id  # its column to show next to the option


class ChoicesPart(_Part):
    kind: Literal["choices"]
    source: FieldRef  # a choice or multi_choice field
    links: Links | None = None
    checklist: Id | None = None  # a step whose per_choice_checklist is over ``source``


class RecordsPart(_Part):
    kind: Literal["records"]
    source: FieldRef
    columns: NonEmpty[Id]
    group_by: Id | None = None
    sort_by: Id | None = None
    upcoming: Id | None = None  # a date column: only rows dated today or later (or undated)
    overdue: Id | None = None  # a date column: rows dated before today are marked overdue
    boxes: bool = False  # on paper (HTML): a box per row to tick by hand
    last_contact: bool = False  # a column with the row's last logged contact (people)
    # Columns of which a row must have one filled in to be listed (a plan on paper, not
    # 400 imported connections); the rest are counted in one line.
    only_with: list[Id] = field(default_factory=list)
    # A column shown under each row's first cell rather than beside it (a person's why
    # under their name): on paper (HTML) in small print, which keeps the table's columns
    # wide; text and Markdown show it as the column after the first.
    under_first: Id | None = None


class ProgressPart(_Part):
    kind: Literal["progress"]


class WeekPart(_Part):
    kind: Literal["week"]


Part = TextPart | ChoicesPart | RecordsPart | ProgressPart | WeekPart


class Section(Content):
    id: Id
    title: LocalText
    empty_hint: LocalText  # what to do to fill the section
    parts: NonEmpty[Part]


class SheetLayout(Content):
    title: LocalText
    name: FieldRef | None = None  # a short_text field with the user's name
    sections: NonEmpty[Section]


# The snapshot's tag -> its class; the loader's validators (coach.content.model) have the
# same names, so it converts by name too.
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

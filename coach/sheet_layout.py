"""The strategy sheet's layout (``content/sheet.yaml``): sections, their order and sources.

A sheet is a list of sections; each section is a list of *parts*, and each part reads one
kind of answer from the user's progress. The kinds are generic, so every step and field id
comes from the YAML, never from Python:

- ``text``: the values of some simple fields (``step/field``), each under its own label;
- ``choices``: the options picked in a choice field, optionally with a value looked up in
  a records field (``links``) and the ticks of a step's per-choice checklist (``checklist``);
- ``records``: a records field as rows with the chosen ``columns``, optionally grouped by a
  choice column (``group_by``), sorted by a column (``sort_by``, empty values last) and
  limited to rows whose date column is today or later (``upcoming``), with rows whose date
  column is before today marked overdue (``overdue``), a box to tick by hand (``boxes``)
  and, for the content's people list, the date of the last logged contact (``last_contact``);
- ``week``: this week's small contacts against the user's weekly target (``agenda.week``);
- ``progress``: checklist progress per step and overall.

These pydantic models only validate; the course holds the ``coach.content_types`` classes
of the same names.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import Field, StringConstraints

from coach.model import (
    ChoiceField,
    DateField,
    Id,
    LocalText,
    Model,
    NumberField,
    RecordsField,
    Step,
    TextField,
)

Ref = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*$")]
Path = tuple[str | int, ...]
_F = TypeVar("_F")  # the field class a reference must resolve to


class _Part(Model):
    title: LocalText | None = None  # a sub-heading above the part
    empty_hint: LocalText | None = None  # shown when only this part is empty


class TextPart(_Part):
    kind: Literal["text"]
    fields: list[Ref] = Field(min_length=1)


class Links(Model):
    source: Ref  # a records field
    match: Id  # its choice column holding the option id
    value: Id  # its column to show next to the option


class ChoicesPart(_Part):
    kind: Literal["choices"]
    source: Ref  # a choice or multi_choice field
    links: Links | None = None
    checklist: Id | None = None  # a step whose per_choice_checklist is over ``source``


class RecordsPart(_Part):
    kind: Literal["records"]
    source: Ref
    columns: list[Id] = Field(min_length=1)
    group_by: Id | None = None
    sort_by: Id | None = None
    upcoming: Id | None = None  # a date column: only rows dated today or later (or undated)
    overdue: Id | None = None  # a date column: rows dated before today are marked overdue
    boxes: bool = False  # on paper (HTML): a box per row to tick by hand
    last_contact: bool = False  # a column with the row's last logged contact (people)


class ProgressPart(_Part):
    kind: Literal["progress"]


class WeekPart(_Part):
    kind: Literal["week"]


_SIMPLE = (TextField, NumberField, DateField, ChoiceField)

Part = Annotated[
    TextPart | ChoicesPart | RecordsPart | ProgressPart | WeekPart, Field(discriminator="kind")
]


class Section(Model):
    id: Id
    title: LocalText
    empty_hint: LocalText  # what to do to fill the section
    parts: list[Part] = Field(min_length=1)


class SheetLayout(Model):
    title: LocalText
    name: Ref | None = None  # a short_text field with the user's name
    sections: list[Section] = Field(min_length=1)

    def reference_problems(self, steps: list[Step]) -> list[tuple[Path, str]]:
        """Every reference to a step or field that the course does not have."""
        fields = {f"{s.id}/{f.id}": f for s in steps for f in s.fields}
        by_id = {s.id: s for s in steps}
        out: list[tuple[Path, str]] = []

        def field(ref: str, at: Path, kinds: tuple[type[_F], ...], what: str) -> _F | None:
            found = fields.get(ref)
            if found is None:
                step = ref.partition("/")[0]
                if step not in by_id:
                    out.append((at, f"no step {step!r}"))
                else:
                    out.append((at, f"step {step!r} has no field {ref.partition('/')[2]!r}"))
                return None
            if not isinstance(found, kinds):
                out.append((at, f"{ref!r} is a {found.kind} field, not {what}"))
                return None
            return found

        def column(
            records: RecordsField, name: str, at: Path, kinds: tuple[type, ...] = (), what: str = ""
        ) -> None:
            sub = next((f for f in records.fields if f.id == name), None)
            if sub is None:
                out.append((at, f"{records.id!r} has no field {name!r}"))
            elif kinds and not isinstance(sub, kinds):
                out.append((at, f"{name!r} is a {sub.kind} field, not {what}"))

        if self.name:
            found = field(self.name, ("name",), (TextField,), "a short_text field")
            if isinstance(found, TextField) and found.kind != "short_text":
                out.append((("name",), f"{self.name!r} is not a short_text field"))
        seen: set[str] = set()
        for i, section in enumerate(self.sections):
            if section.id in seen:
                out.append((("sections", i, "id"), f"duplicate id {section.id!r}"))
            seen.add(section.id)
            for j, part in enumerate(section.parts):
                at: Path = ("sections", i, "parts", j)
                if isinstance(part, TextPart):
                    for k, ref in enumerate(part.fields):
                        field(ref, (*at, "fields", k), _SIMPLE, "a simple field")
                elif isinstance(part, ChoicesPart):
                    field(part.source, (*at, "source"), (ChoiceField,), "a choice field")
                    if part.links:
                        rec = field(
                            part.links.source, (*at, "links", "source"), (RecordsField,), "records"
                        )
                        if rec is not None:
                            column(rec, part.links.match, (*at, "links", "match"))
                            column(rec, part.links.value, (*at, "links", "value"))
                    if part.checklist:
                        step = by_id.get(part.checklist)
                        pcc = step.per_choice_checklist if step else None
                        if pcc is None or pcc.field != part.source:
                            out.append(
                                (
                                    (*at, "checklist"),
                                    f"step {part.checklist!r} has no per_choice_checklist "
                                    f"over {part.source!r}",
                                )
                            )
                elif isinstance(part, RecordsPart):
                    rec = field(part.source, (*at, "source"), (RecordsField,), "a records field")
                    if rec is None:
                        continue
                    for k, name in enumerate(part.columns):
                        column(rec, name, (*at, "columns", k))
                    if part.group_by:
                        column(rec, part.group_by, (*at, "group_by"), (ChoiceField,), "a choice")
                    if part.sort_by:
                        column(rec, part.sort_by, (*at, "sort_by"))
                    if part.upcoming:
                        column(rec, part.upcoming, (*at, "upcoming"), (DateField,), "a date")
                    if part.overdue:
                        column(rec, part.overdue, (*at, "overdue"), (DateField,), "a date")
        return out

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
  only rows with one of some columns filled in (``only_with``), the others counted; one
  more column shown under each row's first cell (``under_first``);
- ``week``: this week's small contacts against the user's weekly target (``agenda.week``);
- ``progress``: checklist progress per step and overall.

The parts are the ``coach.content.content_types`` classes (``TextPart``, ``ChoicesPart``,
...), whose fields are the schema (``coach.content.model`` derives the validator); here are
the checks a schema cannot make: that every reference names a step or field of the right kind.
"""

from __future__ import annotations

from typing import TypeVar

from coach.content.content_types import (
    ChoiceField,
    ChoicesPart,
    DateField,
    NumberField,
    RecordsField,
    RecordsPart,
    SheetLayout,
    Step,
    TextField,
    TextPart,
)

Path = tuple[str | int, ...]
_F = TypeVar("_F")  # the field class a reference must resolve to
_SIMPLE = (TextField, NumberField, DateField, ChoiceField)


def reference_problems(sheet: SheetLayout, steps: list[Step]) -> list[tuple[Path, str]]:
    """Every reference of ``sheet`` to a step or field that ``steps`` lack."""
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

    if sheet.name:
        found = field(sheet.name, ("name",), (TextField,), "a short_text field")
        if isinstance(found, TextField) and found.kind != "short_text":
            out.append((("name",), f"{sheet.name!r} is not a short_text field"))
    seen: set[str] = set()
    for i, section in enumerate(sheet.sections):
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
                for k, name in enumerate(part.only_with):
                    column(rec, name, (*at, "only_with", k))
                if part.under_first:
                    column(rec, part.under_first, (*at, "under_first"))
    return out

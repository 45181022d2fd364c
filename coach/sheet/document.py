"""The sheet as a small document model, built once and rendered by every format.

:func:`build` reads the layout (``content/sheet.yaml``) and the user's progress and returns
plain data: sections made of blocks. Renderers only lay the blocks out, so the text,
Markdown and HTML sheets always say the same thing.

Every text a document holds is cleaned of terminal control sequences when its block is
made (:class:`_Clean`), whatever built it: no renderer, and no new part of the sheet, can
forget to, so an imported file can never drive the terminal through the sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from coach import i18n
from coach.course import Course, is_choice, tr
from coach.safetext import clean
from coach.status import chosen, item_key, step_status

if TYPE_CHECKING:  # the layout may also be the compiled snapshot's light objects
    from coach.model import RecordsField
    from coach.sheet_layout import ChoicesPart, RecordsPart, Section, TextPart


def _scrub(value: Any) -> Any:
    """``value`` with every text in it (also inside lists and tuples) cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_scrub(v) for v in value)
    return value


class _Clean:
    """A block that holds only cleaned text: its values are cleaned as it is made."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]  # every subclass is a dataclass
            object.__setattr__(self, f.name, _scrub(getattr(self, f.name)))


@dataclass(frozen=True)
class Heading(_Clean):
    text: str


@dataclass(frozen=True)
class Hint(_Clean):
    """What to do to fill an empty section (or part)."""

    text: str


@dataclass(frozen=True)
class Fields(_Clean):
    """Labelled values; a value may span several lines."""

    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Bullets(_Clean):
    items: list[str]


@dataclass(frozen=True)
class Table(_Clean):
    """Rows of cells; the first column names the row, empty cells are ``""``."""

    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ProgressRow(_Clean):
    title: str
    done: int
    total: int


@dataclass(frozen=True)
class ProgressTable(_Clean):
    headers: tuple[str, str]
    rows: list[ProgressRow]
    overall: ProgressRow


Block = Heading | Hint | Fields | Bullets | Table | ProgressTable


@dataclass(frozen=True)
class DocSection(_Clean):
    id: str
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class Document(_Clean):
    lang: str
    title: str
    name: str
    made_on: str
    sections: list[DocSection] = field(default_factory=list)


def message(lang: str, key: str, /, **values: object) -> str:
    """A UI message in ``lang`` (not the process-wide language), English as fallback."""
    text = i18n.catalog(lang).get(key) or i18n.catalog(i18n.DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def build(course: Course, progress: Any, lang: str, today: dt.date | None = None) -> Document:
    """The sheet for ``progress`` in ``lang``, as of ``today`` (default: the real today)."""
    layout = course.sheet
    if getattr(layout, "sections", None) is None:
        raise ValueError("this content folder has no sheet.yaml")
    today = today or dt.date.today()
    reader = _Reader(course, progress, lang, today)
    name = reader.text(layout.name) if layout.name else ""
    return Document(
        lang=lang,
        title=reader.tr(layout.title),
        name=" ".join(name.split()),
        made_on=message(lang, "sheet.made_on", date=i18n.format_date(today, lang)),
        sections=[reader.section(s) for s in layout.sections],
    )


class _Reader:
    def __init__(self, course: Course, progress: Any, lang: str, today: dt.date) -> None:
        self.course = course
        self.progress = progress
        self.lang = lang
        self.today = today

    def tr(self, text: dict[str, str] | None) -> str:
        return tr(text, self.lang, self.course.languages[0])

    def field(self, ref: str) -> Any:
        step_id, _, field_id = ref.partition("/")
        step = self.course.step(step_id)
        return next((f for f in step.fields if f.id == field_id), None) if step else None

    def text(self, ref: str) -> str:
        value = self.progress.answer(ref)
        return self.show(self.field(ref), value) if value not in (None, "", []) else ""

    def show(self, fld: Any, value: Any, *, single_line: bool = False) -> str:
        """A saved value as the user reads it: option labels, dates in local style."""
        if value in (None, "", []):
            return ""
        if is_choice(fld):
            labels = {o.id: self.tr(o.label) for o in self.course.options_for(fld)}
            values = value if isinstance(value, list) else [value]
            return ", ".join(clean(labels.get(str(v), str(v)), single_line=True) for v in values)
        if getattr(fld, "kind", None) == "date":
            return i18n.show_date(value, self.lang)
        text = clean(str(value), single_line=single_line).strip()
        return text

    # -- sections --------------------------------------------------------------------
    def section(self, section: Section) -> DocSection:
        blocks: list[Block] = []
        filled = False
        for part in section.parts:
            produced = self.part(part)
            if produced:
                filled = True
                if part.title:
                    blocks.append(Heading(self.tr(part.title)))
                blocks.extend(produced)
            elif part.empty_hint:
                if part.title:
                    blocks.append(Heading(self.tr(part.title)))
                blocks.append(Hint(self.tr(part.empty_hint)))
        if not filled:
            blocks = [Hint(self.tr(section.empty_hint))]
        return DocSection(section.id, self.tr(section.title), blocks)

    def part(self, part: Any) -> list[Block]:
        if part.kind == "text":
            return self.text_part(part)
        if part.kind == "choices":
            return self.choices_part(part)
        if part.kind == "records":
            return self.records_part(part)
        return self.progress_part()

    def text_part(self, part: TextPart) -> list[Block]:
        items = []
        for ref in part.fields:
            value = self.text(ref)
            if value:
                items.append((self.tr(self.field(ref).label), value))
        return [Fields(items)] if items else []

    def choices_part(self, part: ChoicesPart) -> list[Block]:
        picked = chosen(self.course, self.progress, part.source)
        if not picked:
            return []
        fld = self.field(part.source)
        labels = {o.id: self.tr(o.label) for o in self.course.options_for(fld)}
        if not part.links and not part.checklist:
            return [Bullets([labels[p] for p in picked])]
        headers = [self.tr(fld.label)]
        links: dict[str, list[str]] = {}
        if part.links:
            rec_field = self.field(part.links.source)
            match = _sub(rec_field, part.links.match)
            value = _sub(rec_field, part.links.value)
            headers[0] = self.tr(match.label)
            headers.append(self.tr(value.label))
            for rec in _records(self.progress.answer(part.links.source)):
                shown = self.show(value, rec.get(part.links.value), single_line=True)
                if shown:
                    links.setdefault(str(rec.get(part.links.match)), []).append(shown)
        step = self.course.step(part.checklist) if part.checklist else None
        pcc = step.per_choice_checklist if step else None
        if pcc:
            headers.append(message(self.lang, "sheet.setup"))
        rows = []
        for entry in picked:
            row = [labels[entry]]
            if part.links:
                row.append(", ".join(links.get(entry, [])))
            if step and pcc:
                done = sum(self.progress.is_ticked(item_key(step, i, entry)) for i in pcc.items)
                row.append(f"{done}/{len(pcc.items)}")
            rows.append(row)
        return [Table(headers, rows)]

    def records_part(self, part: RecordsPart) -> list[Block]:
        fld = self.field(part.source)
        if getattr(fld, "kind", None) != "records":
            return []
        records = _records(self.progress.answer(part.source))
        if part.upcoming:
            records = [r for r in records if self._not_past(r.get(part.upcoming))]
        if part.sort_by:
            records.sort(key=lambda r: _sort_key(r.get(part.sort_by)))
        columns = [_sub(fld, c) for c in part.columns]
        headers = [self.tr(c.label) for c in columns]

        def table(rows: list[dict[str, Any]]) -> Table:
            cells = [[self.show(c, r.get(c.id), single_line=True) for c in columns] for r in rows]
            return Table(headers, cells)

        if not records:
            return []
        if not part.group_by:
            return [table(records)]
        group = _sub(fld, part.group_by)
        blocks: list[Block] = []
        options = self.course.options_for(group) if is_choice(group) else []
        known = {o.id for o in options}
        for option in options:
            rows = [r for r in records if r.get(group.id) == option.id]
            if rows:
                blocks += [Heading(self.tr(option.label)), table(rows)]
        rest = [r for r in records if not _in(r.get(group.id), known)]
        if rest:
            blocks += [Heading(message(self.lang, "sheet.no_group")), table(rest)]
        return blocks

    def progress_part(self) -> list[Block]:
        rows = []
        for step in self.course.steps:
            status = step_status(self.course, step, self.progress, self.lang)
            rows.append(ProgressRow(status.title, status.done, status.total))
        overall = ProgressRow(
            message(self.lang, "sheet.overall"),
            sum(r.done for r in rows),
            sum(r.total for r in rows),
        )
        headers = (message(self.lang, "sheet.step"), message(self.lang, "sheet.done"))
        return [ProgressTable(headers, rows, overall)]

    def _not_past(self, value: Any) -> bool:
        """Today or later; undated rows stay (they are planned, just not fixed yet)."""
        try:
            return dt.date.fromisoformat(str(value)[:10]) >= self.today
        except ValueError:
            return True


def _sub(records: RecordsField, field_id: str) -> Any:
    return next(f for f in records.fields if f.id == field_id)


def _records(value: Any) -> list[dict[str, Any]]:
    """The saved records, skipping anything that is not one (a hand-edited file)."""
    if not isinstance(value, list):
        return []
    return [r for r in value if isinstance(r, dict)]


def _sort_key(value: Any) -> tuple[int, str]:
    """Empty values last; dates (ISO strings) and text in natural order."""
    if value in (None, "", []):
        return (1, "")
    if isinstance(value, int | float):
        return (0, f"{value:030.6f}")
    return (0, str(value).casefold())


def _in(value: Any, known: set[str]) -> bool:
    """``value in known`` for any saved value (an odd imported one can't be hashed)."""
    return isinstance(value, str) and value in known

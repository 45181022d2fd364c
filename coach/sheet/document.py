"""The sheet as a small document model, built once and rendered by every format.

:func:`build` reads the layout (``content/sheet.yaml``) and the user's progress and returns
plain data: sections made of blocks. Renderers only lay the blocks out, so the text,
Markdown and HTML sheets always say the same thing.

Every text a document holds has its control and invisible characters made visible marks
when its block is made (:class:`_Clean`, :func:`coach.safetext.shown`), whatever built it:
no renderer, and no new part of the sheet, can forget to, so an imported file can never
drive the terminal (or turn a printed line around) through the sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from coach import dates, i18n
from coach.content.course import Course, is_choice, tr
from coach.domain.answers import display
from coach.domain.people import paused_until
from coach.domain.status import chosen, entry_items, is_done, item_key, step_status
from coach.domain.status import overall as overall_count
from coach.safetext import shown

if TYPE_CHECKING:  # the layout may also be the compiled snapshot's light objects
    from coach.content.content_types import ChoicesPart, RecordsPart, Section, TextPart


def _scrub(value: Any) -> Any:
    """``value`` with every text in it (also inside lists and tuples) as it is shown."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_scrub(v) for v in value)
    return value


class _Clean:
    """A block that holds only text as shown: its values are made so as it is made."""

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
    """Rows of cells; the first column names the row, empty cells are ``""``.

    Optional, for a records table: ``kinds`` (each column's field kind: a renderer may keep
    dates on one line), ``groups`` (each row's group, rows in group order; ``group_header``
    names it), ``overdue`` (rows whose ``overdue_column`` date is before today, said in
    words as ``overdue_label``), ``boxes`` (a box per row to tick by hand on paper) and
    ``under_first`` (each row's text to show under its first cell, a column headed
    ``under_first_header``). Text and Markdown take it through :func:`plain_blocks`.
    """

    headers: list[str]
    rows: list[list[str]]
    kinds: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    group_header: str = ""
    overdue: list[bool] = field(default_factory=list)
    overdue_column: int = -1
    overdue_label: str = ""
    boxes: bool = False
    under_first: list[str] = field(default_factory=list)
    under_first_header: str = ""

    def is_overdue(self, row: int) -> bool:
        return row < len(self.overdue) and self.overdue[row]


def plain_blocks(table: Table) -> list[Block]:
    """``table`` for a format without a group column: a heading and a table per group,
    an overdue date followed by the word (``2026-05-12 (overdue)``), the text under the
    first cell as the column after it."""
    rows = [list(r) for r in table.rows]
    headers, kinds = list(table.headers), list(table.kinds)
    for n, row in enumerate(rows):
        if table.is_overdue(n) and 0 <= table.overdue_column < len(row):
            row[table.overdue_column] += f" ({table.overdue_label})"
    if table.under_first:
        headers.insert(1, table.under_first_header)
        kinds[1:1] = [""] if kinds else []
        for row, text in zip(rows, table.under_first, strict=True):
            row.insert(1, text)
    if not table.groups:
        return [Table(headers, rows, kinds)]
    blocks: list[Block] = []
    start = 0
    for n in range(1, len(rows) + 1):
        if n == len(rows) or table.groups[n] != table.groups[start]:
            blocks += [Heading(table.groups[start]), Table(headers, rows[start:n])]
            start = n
    return blocks


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


@dataclass(frozen=True)
class Chart(_Clean):
    """Values per week, oldest first, one list per series (None: nothing that week) on a
    scale from 0 to ``top``: text and Markdown draw a sparkline, HTML an inline SVG bar
    chart; ``target``: a line at that height (0: none); ``caption`` says it in words."""

    title: str
    labels: list[str]
    series: list[list[int | None]]
    top: int
    target: int = 0
    caption: str = ""


Block = Heading | Hint | Fields | Bullets | Table | ProgressTable | Chart


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
    if layout is None:
        raise ValueError("this content folder has no sheet.yaml")
    today = today or dates.local_today()
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
        return self.course.field(ref)

    def text(self, ref: str) -> str:
        value = self.progress.answer(ref)
        return self.show(self.field(ref), value) if value not in (None, "", []) else ""

    def show(self, fld: Any, value: Any, *, single_line: bool = False) -> str:
        """A saved value as the user reads it (:func:`coach.domain.answers.display`, as the app
        shows it), made safe for the page; chosen options always on one line."""
        text = display(self.course, fld, value, self.lang)
        return shown(text, single_line=single_line or is_choice(fld)).strip()

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
        if part.kind == "week":
            return self.week_part()
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
            match = self.course.subfield(part.links.source, part.links.match)
            value = self.course.subfield(part.links.source, part.links.value)
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
                items = entry_items(self.course, pcc, entry)
                done = sum(
                    is_done(self.progress, item_key(step, i, entry), i, entry) for i in items
                )
                row.append(f"{done}/{len(items)}")
            rows.append(row)
        return [Table(headers, rows)]

    def records_part(self, part: RecordsPart) -> list[Block]:
        fld = self.field(part.source)
        if getattr(fld, "kind", None) != "records":
            return []
        records = _records(self.progress.answer(part.source))
        if part.upcoming:
            records = [r for r in records if self._not_past(r.get(part.upcoming))]
        wanted = getattr(part, "only_with", [])
        listed = [r for r in records if any(r.get(c) not in (None, "", []) for c in wanted)]
        left_out = len(records) - len(listed) if wanted else 0
        records = listed if wanted else records
        if part.sort_by:
            by = part.sort_by
            records.sort(key=lambda r: _sort_key(r.get(by)))
        columns = [self.course.subfield(part.source, c) for c in part.columns]
        headers = [self.tr(c.label) for c in columns]
        more: list[Block] = []
        if left_out:  # (counted, not listed: the whole list is in the coach)
            named = [self.course.subfield(part.source, c) for c in wanted]
            fields = " / ".join(self.tr(c.label) for c in named if c is not None)
            more = [Hint(i18n.tn("sheet.left_out", left_out, in_lang=self.lang, fields=fields))]
        if not records:
            return more
        groups: list[str] = []
        group_header = ""
        if part.group_by:
            # Rows in the group's option order (then as sorted), unsorted ones last.
            group = self.course.subfield(part.source, part.group_by)
            group_header = self.tr(group.label)
            options = self.course.options_for(group) if is_choice(group) else []
            order = {o.id: n for n, o in enumerate(options)}
            labels = {o.id: self.tr(o.label) for o in options}
            records.sort(key=lambda r: _group_order(r.get(group.id), order))
            rest = message(self.lang, "sheet.no_group")
            # An odd imported value (a list, a number) is no option: "not sorted yet".
            groups = [_label(r.get(group.id), labels, rest) for r in records]
        overdue: list[bool] = []
        overdue_column = -1
        if part.overdue:
            overdue = [self._before_today(r.get(part.overdue)) for r in records]
            overdue_column = next((n for n, c in enumerate(columns) if c.id == part.overdue), -1)
        cells = [[self.show(c, r.get(c.id), single_line=True) for c in columns] for r in records]
        under: list[str] = []
        under_header = ""
        if getattr(part, "under_first", None):
            sub = self.course.subfield(part.source, part.under_first)
            under_header = self.tr(sub.label)
            under = [self.show(sub, r.get(sub.id), single_line=True) for r in records]
        kinds = [c.kind for c in columns]
        if getattr(part, "last_contact", False):
            from coach.domain.people import last_contacts

            last, _ = last_contacts(self.progress)
            headers.append(message(self.lang, "sheet.last_contact"))
            kinds.append("date")
            for row, record in zip(cells, records, strict=True):
                rid = record.get("id")
                when = last.get(rid) if isinstance(rid, str) else None
                row.append(i18n.format_date(when, self.lang) if when else "")
        return [
            Table(
                headers,
                cells,
                kinds=kinds,
                groups=groups,
                group_header=group_header,
                overdue=overdue,
                overdue_column=overdue_column,
                overdue_label=message(self.lang, "sheet.overdue"),
                boxes=bool(getattr(part, "boxes", False)),
                under_first=under,
                under_first_header=under_header,
            ),
            *more,
        ]

    def progress_part(self) -> list[Block]:
        rows = []
        for step in self.course.steps:
            status = step_status(self.course, step, self.progress, self.lang)
            rows.append(ProgressRow(status.title, status.done, status.total))
        overall = ProgressRow(
            message(self.lang, "sheet.overall"), *overall_count(self.course, self.progress)
        )
        headers = (message(self.lang, "sheet.step"), message(self.lang, "sheet.done"))
        return [ProgressTable(headers, rows, overall)]

    def week_part(self) -> list[Block]:
        """This week's small contacts against the target, and a break if there is one."""
        from coach.domain import agenda

        spec = getattr(self.course.meta, "agenda", None)
        if spec is None:
            return []
        today = agenda.today(self.course, self.progress, self.today, self.lang, None)  # the week
        week = today.week
        target_key = spec.week.target
        chosen = target_key is not None and self.progress.answer(target_key) is not None
        if week is None or not (week.done or chosen or getattr(self.progress, "contacts", [])):
            return []  # nothing to say yet: the section keeps its hint
        # The plan (the target and the weeks against it), not a count to live up to.
        items = [(message(self.lang, "sheet.plan"), message(self.lang, "sheet.plan_value",
                                                             target=week.target))]  # fmt: skip
        if today.paused_until is not None:
            until = i18n.format_date(today.paused_until, self.lang)
            items.append((message(self.lang, "sheet.paused"), until))
        from coach.domain import habit

        before = habit.unbegun(today.weeks, today.begun)  # (weeks before the user began)
        weeks: list[int | None] = [None] * before + list(today.weeks[before:])
        blocks: list[Block] = [Fields(items)]
        blocks.append(
            Chart(
                message(self.lang, "sheet.weeks_title"),
                [message(self.lang, "sheet.weeks_label")],
                [weeks],
                max([*today.weeks, week.target]) + 1,  # the plan's line below the top
                week.target,
                i18n.tn(
                    "sheet.weeks_caption",
                    sum(today.weeks),
                    in_lang=self.lang,
                    target=week.target,
                    span=i18n.tn("weeks.span", len(today.weeks) - before, in_lang=self.lang),
                ),
            )
        )
        found = habit.courage(self.progress, self.today)
        if found is not None:
            expected = [round(w[0]) if w else None for w in found.weeks]
            felt = [round(w[1]) if w else None for w in found.weeks]
            blocks.append(
                Chart(
                    message(self.lang, "sheet.courage_title"),
                    [message(self.lang, "tui.today.expected").strip(),
                     message(self.lang, "tui.today.felt").strip()],
                    [expected, felt],
                    10,
                    0,
                    message(self.lang, "today.courage", expected=round(found.expected),
                            felt=round(found.felt)),
                )
            )  # fmt: skip
        return blocks

    def _before_today(self, value: Any) -> bool:
        """A date before today (undated rows are not overdue), not during a break."""
        when = dates.day(value)
        on_break = paused_until(self.progress, self.today) is not None
        return when is not None and when < self.today and not on_break

    def _not_past(self, value: Any) -> bool:
        """Today or later; undated rows stay (they are planned, just not fixed yet)."""
        when = dates.day(value)
        return when is None or when >= self.today


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


def _label(value: Any, labels: dict[str, str], rest: str) -> str:
    return labels.get(value, rest) if isinstance(value, str) else rest


def _group_order(value: Any, order: dict[str, int]) -> int:
    """A row's place by its group option; an unknown or odd value sorts last."""
    return order.get(value, len(order)) if isinstance(value, str) else len(order)

"""Load and check a content folder; every problem becomes ``file:line: field.path: message``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from coach.content.content_types import (
    KINDS,
    AgendaSpec,
    Catalog,
    ChoiceField,
    Content,
    CourseMeta,
    DatedSpec,
    DoneWhen,
    PerChoiceChecklist,
    RecordsField,
    SheetLayout,
    Step,
    TemplateStart,
    fields_of,
)
from coach.content.course import PLAIN, Course
from coach.content.markdown_check import unrendered
from coach.content.model import PLACEHOLDER, validator
from coach.content.sheet_layout import reference_problems
from coach.content.yamlsafe import LineMap, Problem, YamlError, load_file

C = TypeVar("C", bound=Content)
Path_ = tuple[str | int, ...]

COURSE_FILE = "coach.yaml"
STEPS_DIR = "steps"
SHEET_FILE = "sheet.yaml"


class ContentError(Exception):
    """The content folder has problems; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_course(root: Path) -> Course:
    """The course in ``root``, or :class:`ContentError` listing every error."""
    course, problems = check_course(root)
    errors = [p for p in problems if not p.warning]
    if errors or course is None:
        raise ContentError(errors)
    return course


def check_course(root: Path) -> tuple[Course | None, list[Problem]]:
    """Everything wrong (and every warning) in ``root``, and the course if it loads."""
    problems: list[Problem] = []
    root = Path(root)
    if not root.is_dir():
        return None, [Problem(root, 1, (), "no such content folder")]

    texts: list[tuple[Content, LineMap]] = []  # everything whose languages are checked
    loaded_meta = _load_with_lines(root / COURSE_FILE, CourseMeta, problems)
    meta = loaded_meta[0] if loaded_meta else None
    if loaded_meta:
        texts.append(loaded_meta)

    catalogs: dict[str, Catalog] = {}
    if meta:
        for name, rel in meta.catalogs.items():
            loaded_catalog = _load_with_lines(root / rel, Catalog, problems)
            if loaded_catalog:
                catalogs[name] = loaded_catalog[0]
                texts.append(loaded_catalog)

    step_dir = root / STEPS_DIR
    # One file-name order across both suffixes; dot files are editor/OS litter (._x.yaml).
    files = sorted(
        f for f in [*step_dir.glob("*.yaml"), *step_dir.glob("*.yml")] if not f.name.startswith(".")
    )
    if not files:
        problems.append(Problem(step_dir, 1, (), "no step files (*.yaml) found"))
    steps: list[Step] = []
    step_maps: list[tuple[Step, LineMap]] = []
    for file in files:
        loaded = _load_with_lines(file, Step, problems)
        if loaded:
            steps.append(loaded[0])
            step_maps.append(loaded)
            texts.append(loaded)

    sheet = None
    sheet_file = root / SHEET_FILE
    if os.path.lexists(sheet_file):  # a link loop or FIFO is reported, not taken as no sheet
        sheet, sheet_lines = _load_sheet(sheet_file, problems)
        if sheet is not None and sheet_lines is not None:
            texts.append((sheet, sheet_lines))
            # A step that failed to load has its own error; don't repeat it for the sheet.
            references = reference_problems(sheet, steps) if len(steps) == len(files) else []
            for path, message in references:
                problems.append(Problem(sheet_file, sheet_lines.line_of(path), path, message))

    fields_by_key = _check_references(step_maps, catalogs, problems)
    if meta and meta.agenda is not None and loaded_meta and len(steps) == len(files):
        for path, message in _agenda_problems(meta.agenda, fields_by_key):
            problems.append(
                Problem(root / COURSE_FILE, loaded_meta[1].line_of(path), path, message)
            )
    _check_markdown(step_maps, problems)
    if meta:
        for model, lines in texts:
            for path, text in _texts(model, ()):
                _check_text(path, text, meta.languages, lines, problems)

    if meta is None or any(not p.warning for p in problems):
        return None, problems
    course = Course(meta=meta, steps=steps, catalogs=catalogs, root=root, sheet=sheet)
    return course, problems


def _content(value: Any) -> Any:
    """The content objects (``coach.content.content_types``) for a model its :func:`validator`
    validated: the class of the same name, field by field; lists and dicts copied."""
    if isinstance(value, BaseModel):
        cls = KINDS[type(value).__name__]
        return cls(**{name: _content(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [_content(v) for v in value]
    if isinstance(value, dict):
        return {k: _content(v) for k, v in value.items()}
    return value


def _load_with_lines(file: Path, cls: type[C], problems: list[Problem]) -> tuple[C, LineMap] | None:
    """The content object ``cls`` that ``file`` holds, checked by its validator, and where
    each of its keys is; None (the problems added) if it is not one."""
    if not file.is_file():
        # A folder, FIFO, device or link loop by that name is there, but is not a file.
        there = os.path.lexists(file)
        problems.append(Problem(file, 1, (), "not a regular file" if there else "file is missing"))
        return None
    try:
        data, lines = load_file(file)
    except YamlError as exc:
        problems.append(exc.problem)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(file, 1, (), "expected a mapping of keys to values"))
        return None
    try:
        return _content(validator(cls).model_validate(data)), lines
    except ValidationError as exc:
        problems.extend(_problems_from(exc, data, lines))
        return None


def _load_sheet(file: Path, problems: list[Problem]) -> tuple[SheetLayout | None, LineMap | None]:
    """The sheet layout, checked by its schema, and where its keys are; (None, None) if it
    is not one (the problems added)."""
    try:
        data, lines = load_file(file)
    except YamlError as exc:
        problems.append(exc.problem)
        return None, None
    try:
        return _content(validator(SheetLayout).model_validate(data)), lines
    except ValidationError as exc:
        problems.extend(_problems_from(exc, data, lines))
        return None, None


def _problems_from(exc: ValidationError, data: Any, lines: LineMap) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors():
        path = _data_path(err["loc"], data)
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            path = (*path, "kind")  # point at the `kind:` line, not the item's first line
        message = _message(err, path, lines)
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        out.append(Problem(lines.file, lines.line_of(path), path, message))
    return out


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """pydantic's error location with union/discriminator tags left out."""
    out: list[str | int] = []
    cur = data
    for i, part in enumerate(loc):
        if (isinstance(cur, dict) and part in cur) or (
            isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        ):
            out.append(part)
            cur = cur[part]
        elif i == len(loc) - 1 and isinstance(cur, dict) and isinstance(part, str):
            out.append(part)  # a missing key
    return tuple(out)


def _message(err: ErrorDetails, path: tuple[str | int, ...], lines: LineMap) -> str:
    kind = err["type"]
    if kind in ("missing", "union_tag_not_found"):
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown key"
    raw = lines.converted.get(path)
    if raw is not None and kind in ("string_type", "dict_type"):
        if not raw:
            return "has no value; write the text after the colon"
        name = type(err.get("input")).__name__
        name = {"NoneType": "nothing (null)", "bool": "true/false"}.get(name, name)
        return f'YAML reads {raw} as {name}, not text; put it in quotes: "{raw}"'

    if kind == "string_pattern_mismatch" and path and path[-1] == "id":
        return "ids use lowercase letters, digits, '-' and '_' only"
    if kind == "union_tag_invalid":
        expected = err.get("ctx", {}).get("expected_tags")
        return f"unknown kind {err.get('input', {}).get('kind')!r}; {expected}"
    return err["msg"]


def _check_references(
    step_maps: list[tuple[Step, LineMap]], catalogs: dict[str, Catalog], problems: list[Problem]
) -> dict[str, Any]:
    """Cross-checks between steps; returns every field by its ``step/field`` key."""
    step_first: dict[str, Path] = {}
    fields_by_key: dict[str, Any] = {}
    for step, lines in step_maps:
        if step.id in step_first:
            problems.append(
                Problem(
                    lines.file,
                    lines.line_of(("id",)),
                    ("id",),
                    f"duplicate step id {step.id!r} (also in {step_first[step.id].name})",
                )
            )
        step_first[step.id] = lines.file
        _unique(step.checklist, ("checklist",), lines, problems)
        _unique(step.fields, ("fields",), lines, problems)
        _unique(step.templates, ("templates",), lines, problems)
        _check_template_lengths(step, lines, problems)
        for i, field in enumerate(step.fields):
            fields_by_key[f"{step.id}/{field.id}"] = field
            subfields = field.fields if isinstance(field, RecordsField) else []
            if subfields:
                _unique(subfields, ("fields", i, "fields"), lines, problems)
            if isinstance(field, RecordsField) and field.columns:
                known = {sub.id for sub in subfields}
                for j, column in enumerate(field.columns):
                    if column not in known:
                        at: tuple[str | int, ...] = ("fields", i, "columns", j)
                        problems.append(
                            Problem(
                                lines.file,
                                lines.line_of(at),
                                at,
                                f"{column!r} is not one of this list's fields",
                            )
                        )
            for n, sub in [(None, field), *enumerate(subfields)]:
                if isinstance(sub, ChoiceField):
                    at = ("fields", i) if n is None else ("fields", i, "fields", n)
                    _check_choice(sub, at, catalogs, lines, problems)
    for step, lines in step_maps:
        for i, template in enumerate(step.templates):
            if template.starts is not None:
                _check_start(
                    template.starts, ("templates", i, "starts"), fields_by_key, lines, problems
                )
    for step, lines in step_maps:
        pcc = step.per_choice_checklist
        rules: list[tuple[tuple[str | int, ...], Any, PerChoiceChecklist | None]] = [
            (("checklist", i, "done_when"), item.done_when, None)
            for i, item in enumerate(step.checklist)
        ]
        if pcc is not None:
            rules += [
                (("per_choice_checklist", "items", i, "done_when"), item.done_when, pcc)
                for i, item in enumerate(pcc.items)
            ]
        for where, rule, source in rules:
            if rule is not None:
                _check_done_when(rule, where, source, fields_by_key, catalogs, lines, problems)
        if pcc is None:
            continue
        _unique(pcc.items, ("per_choice_checklist", "items"), lines, problems)
        target = fields_by_key.get(pcc.field)
        if not isinstance(target, ChoiceField):
            at = ("per_choice_checklist", "field")
            problems.append(
                Problem(
                    lines.file,
                    lines.line_of(at),
                    at,
                    f"{pcc.field!r} is not a choice field of any step",
                )
            )
    return fields_by_key


_PEOPLE_KINDS = {
    "name": ("short_text",),
    "circle": ("choice",),
    "follow_up": ("date",),
    "next_step": ("short_text", "long_text"),
    "status": ("choice",),
    "network": ("choice",),
    "profile": ("short_text",),
    "email": ("short_text",),
    "company": ("short_text",),
    "position": ("short_text",),
    "note": ("short_text", "long_text"),
    "phone": ("short_text",),
    "birthday": ("short_text",),
}


def _agenda_problems(agenda: AgendaSpec, fields: dict[str, Any]) -> list[tuple[Path_, str]]:
    """Every reference of coach.yaml's ``agenda`` that names no field of the right kind."""
    found: list[tuple[Path_, str]] = []

    def records(at: Path_, key: str) -> dict[str, Any] | None:
        field = fields.get(key)
        if not isinstance(field, RecordsField):
            found.append((at, f"{key!r} is not a list (records) field of any step"))
            return None
        return {sub.id: sub for sub in field.fields}

    def sub(at: Path_, subs: dict[str, Any], fid: str | None, kinds: tuple[str, ...]) -> Any:
        if fid is None:
            return None
        if fid not in subs or subs[fid].kind not in kinds:
            found.append((at, f"{fid!r} is not a {' or '.join(kinds)} field of that list"))
            return None
        return subs[fid]

    people = agenda.people
    if people is not None:
        subs = records(("agenda", "people", "records"), people.records)
        if subs is not None:
            for role, kinds in _PEOPLE_KINDS.items():
                sub(("agenda", "people", role), subs, getattr(people, role), kinds)
            circle = subs.get(people.circle or "")
            circle_ids = {o.id for o in (getattr(circle, "options", None) or [])}
            status = subs.get(people.status or "")
            status_ids = {o.id for o in (getattr(status, "options", None) or [])}
            if people.after_contact and people.after_contact not in status_ids:
                at: Path_ = ("agenda", "people", "after_contact")
                found.append((at, f"{people.after_contact!r} is not an option of the status field"))
            if people.unsorted_circle and people.unsorted_circle not in circle_ids:
                at = ("agenda", "people", "unsorted_circle")
                found.append((at, f"{people.unsorted_circle!r} is not an option of the circle"))
            for circle_id in agenda.rhythm.circles:
                if circle_id not in circle_ids:
                    at = ("agenda", "rhythm", "circles", circle_id)
                    found.append((at, f"{circle_id!r} is not an option of the circle field"))
    for name in ("events", "posts"):
        spec: DatedSpec | None = getattr(agenda, name)
        if spec is None:
            continue
        subs = records(("agenda", name, "records"), spec.records)
        if subs is not None:
            sub(("agenda", name, "title"), subs, spec.title, ("short_text", "long_text"))
            sub(("agenda", name, "date"), subs, spec.date, ("date",))
            sub(("agenda", name, "done"), subs, spec.done, ("date",))
            sub(("agenda", name, "note"), subs, spec.note, ("short_text", "long_text"))
            status = sub(("agenda", name, "status"), subs, spec.status, ("choice",))
            options = {o.id for o in (getattr(status, "options", None) or [])}
            if spec.done_status and status is not None and spec.done_status not in options:
                at = ("agenda", name, "done_status")
                found.append((at, f"{spec.done_status!r} is not an option of the status field"))
    target = agenda.week.target
    if target is not None and getattr(fields.get(target), "kind", None) != "number":
        found.append((("agenda", "week", "target"), f"{target!r} is not a number field"))
    ids = [k.id for k in agenda.contact_kinds]
    if len(set(ids)) != len(ids):
        found.append((("agenda", "contact_kinds"), "contact kind ids must be unique"))
    kind = getattr(people, "connected_kind", None) if people is not None else None
    if kind and kind not in ids:
        found.append((("agenda", "people", "connected_kind"), f"{kind!r} is not a contact kind"))
    return found


def _check_template_lengths(step: Step, lines: LineMap, problems: list[Problem]) -> None:
    """A template with ``max_length`` must fit it in every language, exactly as written."""
    for i, template in enumerate(step.templates):
        limit = template.max_length
        if limit is None:
            continue
        for lang, text in template.text.items():
            if len(text) <= limit:
                continue
            at: tuple[str | int, ...] = ("templates", i, "text")
            if lang != PLAIN:
                at = (*at, lang)
            name = "the" if lang == PLAIN else f"the {lang}"
            problems.append(
                Problem(
                    lines.file,
                    lines.line_of(at),
                    at,
                    f"{name} text is {len(text)} characters, longer than max_length {limit}",
                )
            )


def _check_done_when(
    rule: DoneWhen,
    at: tuple[str | int, ...],
    pcc: PerChoiceChecklist | None,
    fields_by_key: dict[str, Any],
    catalogs: dict[str, Catalog],
    lines: LineMap,
    problems: list[Problem],
) -> None:
    """A ``done_when`` names a field that exists, and record fields and options it has."""

    def problem(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(lines.file, lines.line_of(path), path, message))

    if (rule.records is None) == (rule.answer is None):
        problem(at, "done_when needs either 'records' or 'answer'")
        return
    if rule.answer is not None:
        target = fields_by_key.get(rule.answer)
        if target is None or target.kind == "summary":
            problem((*at, "answer"), f"{rule.answer!r} is not a field of any step")
        elif rule.where or rule.entry_field:
            problem(at, "'where' and 'entry_field' go with 'records', not 'answer'")
        return
    target = fields_by_key.get(rule.records or "")
    if not isinstance(target, RecordsField):
        problem((*at, "records"), f"{rule.records!r} is not a records field of any step")
        return
    subfields = {sub.id: sub for sub in target.fields}
    for name, value in rule.where.items():
        sub = subfields.get(name)
        if sub is None:
            problem((*at, "where", name), f"{name!r} is not one of this list's fields")
        elif isinstance(sub, ChoiceField):
            if sub.options is not None:
                ids = {o.id for o in sub.options}
            else:
                catalog = catalogs.get(sub.catalog or "")
                ids = {e.id for e in catalog.entries} if catalog else {value}
            if value not in ids:
                problem((*at, "where", name), f"{value!r} is not an option of {name!r}")
    if rule.entry_field is not None:
        sub = subfields.get(rule.entry_field)
        if pcc is None:
            problem((*at, "entry_field"), "entry_field is only for per_choice_checklist items")
        elif not isinstance(sub, ChoiceField):
            problem(
                (*at, "entry_field"), f"{rule.entry_field!r} is not a choice field of this list"
            )


def _check_start(
    start: TemplateStart,
    at: tuple[str | int, ...],
    fields_by_key: dict[str, Any],
    lines: LineMap,
    problems: list[Problem],
) -> None:
    """A template's ``starts`` names a records field and two of its text sub-fields."""
    target = fields_by_key.get(start.field)
    if not isinstance(target, RecordsField):
        where = (*at, "field")
        message = f"{start.field!r} is not a list (records field) of any step"
        problems.append(Problem(lines.file, lines.line_of(where), where, message))
        return
    texts = {sub.id for sub in target.fields if sub.kind in ("short_text", "long_text")}
    for key in ("text", "title"):
        sub_id = getattr(start, key)
        if sub_id is not None and sub_id not in texts:
            where = (*at, key)
            message = f"{sub_id!r} is not a text field of {start.field!r}"
            problems.append(Problem(lines.file, lines.line_of(where), where, message))


def _check_choice(
    field: ChoiceField,
    at: tuple[str | int, ...],
    catalogs: dict[str, Catalog],
    lines: LineMap,
    problems: list[Problem],
) -> None:
    if (field.options is None) == (field.catalog is None):
        problems.append(
            Problem(
                lines.file,
                lines.line_of(at),
                at,
                "a choice field needs either 'options' or 'catalog'",
            )
        )
    elif field.catalog is not None and field.catalog not in catalogs:
        problems.append(
            Problem(
                lines.file,
                lines.line_of((*at, "catalog")),
                (*at, "catalog"),
                f"no catalog named {field.catalog!r} in coach.yaml",
            )
        )
    elif field.options is not None:
        _unique(field.options, (*at, "options"), lines, problems)


def _unique(
    items: list[Any], at: tuple[str | int, ...], lines: LineMap, problems: list[Problem]
) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            path = (*at, i, "id")
            problems.append(
                Problem(lines.file, lines.line_of(path), path, f"duplicate id {item.id!r}")
            )
        seen.add(item.id)


def _texts(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], dict[str, str]]]:
    """Yield (path, mapping) for every localised text inside a content object."""
    if isinstance(value, Content):
        value = {name: getattr(value, name) for name in fields_of(value)}
    if isinstance(value, dict):
        if value and all(isinstance(v, str) for v in value.values()) and _looks_localised(value):
            yield path, value
            return
        for k, v in value.items():
            if k != "done_when":  # its ``where`` maps field ids to values, not languages
                yield from _texts(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, (*path, i))


def _looks_localised(value: dict[str, str]) -> bool:
    return all(k == PLAIN or (len(k) == 2 and k.isalpha() and k.islower()) for k in value)


def _check_text(
    path: tuple[str | int, ...],
    text: dict[str, str],
    languages: list[str],
    lines: LineMap,
    problems: list[Problem],
) -> None:
    line = lines.line_of(path)
    present = [lang for lang in languages if text.get(lang)]
    if PLAIN in text:
        present.append(languages[0])
    for lang in text:
        if lang != PLAIN and lang not in languages:
            problems.append(
                Problem(
                    lines.file,
                    line,
                    (*path, lang),
                    f"language {lang!r} is not in coach.yaml's languages",
                )
            )
    for lang in languages:
        if lang not in present:
            problems.append(Problem(lines.file, line, path, f"missing {lang}", warning=True))
    # Translations may rename a placeholder ([Company] / [Firma]) but never drop one.
    marks = {lang: PLACEHOLDER.findall(text[lang]) for lang in text}
    if len({len(m) for m in marks.values()}) > 1:
        detail = "; ".join(f"{lang}: {' '.join(m) or '(none)'}" for lang, m in marks.items())
        problems.append(
            Problem(lines.file, line, path, f"placeholders differ between languages ({detail})")
        )


def _check_markdown(step_maps: list[tuple[Step, LineMap]], problems: list[Problem]) -> None:
    """Warn about Markdown in a step's text that the step view would show as written."""
    for step, lines in step_maps:
        for lang, text in step.body.items():
            path: tuple[str | int, ...] = ("body", lang) if lang != PLAIN else ("body",)
            start = lines.text_start.get(path)
            for offset, message in unrendered(text):
                line = start + offset if start is not None else lines.line_of(path)
                problems.append(Problem(lines.file, line, path, message, warning=True))

"""Load and check a content folder; every problem becomes ``file:line: field.path: message``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from coach.content.content_types import (
    KINDS,
    Catalog,
    Content,
    CourseMeta,
    SheetLayout,
    Step,
)
from coach.content.course import Course
from coach.content.cross_checks import (
    agenda_problems,
    check_markdown,
    check_references,
    check_text,
    texts_of,
)
from coach.content.model import validator
from coach.content.sheet_layout import reference_problems
from coach.content.yamlsafe import LineMap, Problem, YamlError, load_file

C = TypeVar("C", bound=Content)

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

    declared = set(meta.catalogs) if meta else None  # (unread coach.yaml: unknown)
    fields_by_key = check_references(step_maps, catalogs, problems, declared)
    if meta and meta.agenda is not None and loaded_meta and len(steps) == len(files):
        for path, message in agenda_problems(meta.agenda, fields_by_key, catalogs):
            problems.append(
                Problem(root / COURSE_FILE, loaded_meta[1].line_of(path), path, message)
            )
    check_markdown(step_maps, problems)
    if meta:
        for model, lines in texts:
            for path, text in texts_of(model, ()):
                check_text(path, text, meta.languages, lines, problems)

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

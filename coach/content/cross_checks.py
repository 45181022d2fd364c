"""The content's cross-reference checks: what one file cannot know alone (ids unique across
steps, references between steps, catalogs and the agenda, template lengths, languages and
Markdown). :mod:`coach.content.loader` loads the files and runs these on what loaded."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from coach.content.content_types import (
    AgendaSpec,
    Catalog,
    ChoiceField,
    Content,
    DatedSpec,
    DoneWhen,
    PerChoiceChecklist,
    RecordsField,
    Step,
    TemplateStart,
    fields_of,
)
from coach.content.course import PLAIN
from coach.content.markdown_check import unrendered
from coach.content.model import PLACEHOLDER
from coach.content.template_check import template_problems
from coach.content.yamlsafe import LineMap, Problem

Path_ = tuple[str | int, ...]


def check_references(
    step_maps: list[tuple[Step, LineMap]],
    catalogs: dict[str, Catalog],
    problems: list[Problem],
    declared: Collection[str] | None,
) -> dict[str, Any]:
    """Cross-checks between steps; returns every field by its ``step/field`` key.
    ``declared``: the catalogs coach.yaml names (loaded or not), None when coach.yaml could
    not be read: a field's catalog is then not said to be missing (one broken coach.yaml
    made a false "no catalog named" for every field that uses one)."""
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
        for where, message in template_problems(step):
            problems.append(Problem(lines.file, lines.line_of(where), where, message))
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
                    _check_choice(sub, at, declared, lines, problems)
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
        for i, item in enumerate(step.checklist):
            if item.for_tags:
                at = ("checklist", i, "for_tags")
                message = "for_tags is only for per_choice_checklist items"
                problems.append(Problem(lines.file, lines.line_of(at), at, message))
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
        else:
            _check_for_tags(pcc, _tags_of(target, catalogs), lines, problems)
    return fields_by_key


def _tags_of(field: ChoiceField, catalogs: dict[str, Catalog]) -> set[str] | None:
    """The tags a choice field's options have; None when its catalog is missing (said
    elsewhere)."""
    if field.options is not None:
        return {tag for option in field.options for tag in option.tags}
    catalog = catalogs.get(field.catalog or "")
    return {tag for e in catalog.entries for tag in e.tags} if catalog is not None else None


def _check_for_tags(
    pcc: PerChoiceChecklist, tags: set[str] | None, lines: LineMap, problems: list[Problem]
) -> None:
    """Each tag a per-choice item is listed for is a tag of at least one option (a typo
    would hide the item under every entry)."""
    if tags is None:
        return
    for i, item in enumerate(pcc.items):
        for j, tag in enumerate(item.for_tags):
            if tag not in tags:
                at = ("per_choice_checklist", "items", i, "for_tags", j)
                message = f"{tag!r} is not a tag of any option of {pcc.field!r}"
                problems.append(Problem(lines.file, lines.line_of(at), at, message))


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
    "salutation": ("choice",),
    "phone": ("short_text",),
    "birthday": ("short_text",),
}


def agenda_problems(
    agenda: AgendaSpec, fields: dict[str, Any], catalogs: dict[str, Catalog] | None = None
) -> list[tuple[Path_, str]]:
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
            if people.let_go_on and (people.let_go_on in subs or people.let_go_on == "id"):
                at_let_go: Path_ = ("agenda", "people", "let_go_on")
                said = "must be a key of its own, not a field of the list (letting go writes it)"
                found.append((at_let_go, f"{people.let_go_on!r} {said}"))
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
            network = subs.get(people.network or "")
            options = getattr(network, "options", None)
            if options is None and catalogs is not None:
                catalog = catalogs.get(getattr(network, "catalog", None) or "")
                options = catalog.entries if catalog is not None else None
            network_ids = {o.id for o in options or []}
            # (no options known: a catalog that did not load, said where it failed)
            if (
                people.import_network
                and options is not None
                and people.import_network not in network_ids
            ):
                at = ("agenda", "people", "import_network")
                found.append((at, f"{people.import_network!r} is not an option of the network"))
            keyed = circle_ids
            if agenda.rhythm.by is not None:
                by = sub(("agenda", "rhythm", "by"), subs, agenda.rhythm.by, ("choice",))
                keyed = {o.id for o in (getattr(by, "options", None) or [])}
            for circle_id in agenda.rhythm.circles:
                if circle_id not in keyed:
                    at = ("agenda", "rhythm", "circles", circle_id)
                    what = f"the {agenda.rhythm.by!r}" if agenda.rhythm.by else "the circle"
                    found.append((at, f"{circle_id!r} is not an option of {what} field"))
            if agenda.rhythm.fallback_by is not None:
                then = sub(
                    ("agenda", "rhythm", "fallback_by"),
                    subs,
                    agenda.rhythm.fallback_by,
                    ("choice",),
                )
                earlier = {o.id for o in (getattr(then, "options", None) or [])}
                for option in agenda.rhythm.fallback:
                    if option not in earlier:
                        at = ("agenda", "rhythm", "fallback", option)
                        what = f"the {agenda.rhythm.fallback_by!r} field"
                        found.append((at, f"{option!r} is not an option of {what}"))
            elif agenda.rhythm.fallback:
                at = ("agenda", "rhythm", "fallback")
                found.append(
                    (at, "a fallback needs fallback_by: the field whose options it keys on")
                )
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
        elif rule.where or rule.entry_field or rule.filled or rule.every:
            problem(
                at, "'where', 'entry_field', 'filled' and 'every' go with 'records', not 'answer'"
            )
        return
    target = fields_by_key.get(rule.records or "")
    if not isinstance(target, RecordsField):
        problem((*at, "records"), f"{rule.records!r} is not a records field of any step")
        return
    subfields = {sub.id: sub for sub in target.fields}
    for name, wanted in rule.where.items():
        sub = subfields.get(name)
        if sub is None:
            problem((*at, "where", name), f"{name!r} is not one of this list's fields")
        elif isinstance(sub, ChoiceField):
            for value in wanted if isinstance(wanted, list) else [wanted]:
                if sub.options is not None:
                    ids = {o.id for o in sub.options}
                else:
                    catalog = catalogs.get(sub.catalog or "")
                    ids = {e.id for e in catalog.entries} if catalog else {value}
                if value not in ids:
                    problem((*at, "where", name), f"{value!r} is not an option of {name!r}")
    for i, name in enumerate(rule.filled):
        if name not in subfields:
            problem((*at, "filled", i), f"{name!r} is not one of this list's fields")
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
    declared: Collection[str] | None,
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
    elif field.catalog is not None and declared is not None and field.catalog not in declared:
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


def texts_of(
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
                yield from texts_of(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from texts_of(v, (*path, i))


def _looks_localised(value: dict[str, str]) -> bool:
    return all(k == PLAIN or (len(k) == 2 and k.isalpha() and k.islower()) for k in value)


def check_text(
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


def check_markdown(step_maps: list[tuple[Step, LineMap]], problems: list[Problem]) -> None:
    """Warn about Markdown in a step's text that the step view would show as written."""
    for step, lines in step_maps:
        for lang, text in step.body.items():
            path: tuple[str | int, ...] = ("body", lang) if lang != PLAIN else ("body",)
            start = lines.text_start.get(path)
            for offset, message in unrendered(text):
                line = start + offset if start is not None else lines.line_of(path)
                problems.append(Problem(lines.file, line, path, message, warning=True))

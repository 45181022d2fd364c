"""Where the user stands: checklist groups, ticks per step, the ``coach status`` report.

Pure and pydantic-free: ``course`` is a :class:`coach.content.course.Course` (of pydantic models or
of the compiled snapshot's light objects) and ``progress`` anything with ``ticks``,
``answers``, ``current_step``, ``is_ticked(key)``, ``is_unticked(key)`` and ``answer(key)``
(a :class:`coach.data.progress.Progress`).

An item is *done* when the user ticked it, or when the content's ``done_when`` finds it
done in the user's own data and the user has not unticked it since (an untick of such an
item is saved, so the data does not tick it again).

Keys are ``<step id>/<item id>`` for checklist ticks, ``<step id>/<entry id>/<item id>`` for
items generated per chosen catalog entry, and ``<step id>/<field id>`` for answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.content.course import Course, is_choice, tr
from coach.records import Record

if TYPE_CHECKING:
    from coach.content.content_types import ChecklistItem, PerChoiceChecklist, Step


def item_key(step: Step, item: ChecklistItem, entry: str | None = None) -> str:
    return f"{step.id}/{entry}/{item.id}" if entry else f"{step.id}/{item.id}"


def answer_key(step_id: str, field_id: str) -> str:
    return f"{step_id}/{field_id}"


class Group(Record):
    """Checklist items shown together: the step's own, or those of one chosen entry."""

    entry: str | None  # catalog/option id, None for the step's own checklist
    items: list[tuple[str, ChecklistItem]]  # (progress key, item)


def checklist_groups(course: Course, step: Step, progress: Any) -> list[Group]:
    """The step's checklist, then one group per entry chosen in ``per_choice_checklist``."""
    groups = (
        [Group(None, [(item_key(step, i), i) for i in step.checklist])] if step.checklist else []
    )
    pcc = step.per_choice_checklist
    if pcc is not None:
        for entry in chosen(course, progress, pcc.field):
            items = entry_items(course, pcc, entry)
            groups.append(Group(entry, [(item_key(step, i, entry), i) for i in items]))
    return groups


def entry_items(course: Course, pcc: PerChoiceChecklist, entry: str) -> list[ChecklistItem]:
    """The per-choice items listed under ``entry``: each without ``for_tags``, and each
    with a tag the entry (its option or catalog entry) has."""
    if not any(item.for_tags for item in pcc.items):
        return list(pcc.items)
    field = course.field(pcc.field)
    options = course.options_for(field) if is_choice(field) else []
    tags = next((set(o.tags) for o in options if o.id == entry), set())
    return [item for item in pcc.items if not item.for_tags or tags.intersection(item.for_tags)]


def chosen(course: Course, progress: Any, field_key: str) -> list[str]:
    """The option ids chosen in a choice field, in option order, known options only."""
    field = course.field(field_key)
    if not is_choice(field):
        return []
    value = progress.answer(field_key)
    values = value if isinstance(value, list) else [value]
    picked = {v for v in values if isinstance(v, str)}  # an imported odd value is ignored
    return [o.id for o in course.options_for(field) if o.id in picked]


class StepStatus(Record):
    id: str
    title: str
    done: int
    total: int


def done_by_data(item: ChecklistItem, entry: str | None, progress: Any) -> bool:
    """Whether the user's data shows ``item`` (listed under ``entry``, if generated) done."""
    rule = getattr(item, "done_when", None)
    if rule is None:
        return False
    if rule.answer:
        value = progress.answer(rule.answer)
        if not _filled(value):
            return False
        return len(value) >= rule.count if isinstance(value, list) else True
    value = progress.answer(rule.records)
    records = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
    wanted: dict[str, str | list[str]] = dict(rule.where)
    if rule.entry_field:
        if entry is None:
            return False
        wanted[rule.entry_field] = entry
    found, count, every = 0, int(rule.count), bool(rule.every)
    for record in records:
        if not all(_matches(record.get(k), v) for k, v in wanted.items()):
            continue
        if all(_filled(record.get(k)) for k in rule.filled):
            found += 1
            if found >= count and not every:
                return True
        elif every:
            return False  # one selected record without what every one needs
    return found >= count


def _matches(value: Any, wanted: str | list[str]) -> bool:
    """A record's value matches ``where``: equal (to one of a list), or for a list
    (multi_choice) holding it."""
    if isinstance(wanted, list):
        return any(_matches(value, one) for one in wanted)
    if isinstance(value, list):
        return wanted in value
    return value is not None and not isinstance(value, dict) and str(value) == wanted


def _filled(value: Any) -> bool:
    """A record's field has a value: not missing, not blank, not an empty list."""
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})


def is_done(progress: Any, key: str, item: ChecklistItem, entry: str | None = None) -> bool:
    """Ticked by the user, or done by their data and not unticked by them."""
    if progress.is_ticked(key):
        return True
    return not progress.is_unticked(key) and done_by_data(item, entry, progress)


def done_keys(course: Course, step: Step, progress: Any) -> set[str]:
    """The keys of the step's checklist items that count as done (ticked or by data)."""
    return {
        key
        for group in checklist_groups(course, step, progress)
        for key, item in group.items
        if is_done(progress, key, item, group.entry)
    }


def find_item(course: Course, key: str) -> tuple[ChecklistItem, str | None] | None:
    """The checklist item a progress key names, and its entry (None for a step's own)."""
    parts = key.split("/")
    step = course.step(parts[0])
    if step is None or len(parts) not in (2, 3):
        return None
    if len(parts) == 2:
        items, entry = step.checklist, None
    elif step.per_choice_checklist is not None:
        items, entry = entry_items(course, step.per_choice_checklist, parts[1]), parts[1]
    else:
        return None
    item = next((i for i in items if i.id == parts[-1]), None)
    return (item, entry) if item is not None else None


def done_values(
    course: Course, progress: Any, key: str, done: bool
) -> tuple[str | None, str | None]:
    """The user ticks or unticks ``key``: what its tick and untick become (an untick of an
    item the data shows done is remembered, else the data would tick it again at once)."""
    found = find_item(course, key)
    by_data = found is not None and done_by_data(found[0], found[1], progress)
    values: tuple[str | None, str | None] = progress.tick_values(key, done, remember_untick=by_data)
    return values


def set_done(course: Course, progress: Any, key: str, done: bool) -> None:
    """Tick or untick ``key`` in ``progress`` itself (:func:`done_values`)."""
    tick, untick = done_values(course, progress, key, done)
    for table, value in ((progress.ticks, tick), (progress.unticks, untick)):
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value


def counts(item: ChecklistItem, done: bool) -> bool:
    """Whether ``item`` is in a total: always, unless it is optional and not done."""
    return done or not getattr(item, "optional", False)


def step_status(course: Course, step: Step, progress: Any, lang: str) -> StepStatus:
    done = total = 0
    for group in checklist_groups(course, step, progress):
        for key, item in group.items:
            ok = is_done(progress, key, item, group.entry)
            total += counts(item, ok)
            done += ok
    return StepStatus(step.id, tr(step.title, lang, course.languages[0]), done, total)


def overall(course: Course, progress: Any) -> tuple[int, int]:
    """Done and total over the course, so that no action of the user lowers the share.

    Every step's own items count (an optional one once it is done); an item generated per
    chosen entry (an account item per picked network) counts once it is done. Picking an
    entry so adds work to its step but not to the overall total, and ticking any item
    raises done and the share.
    """
    done = total = 0
    for step in course.steps:
        for group in checklist_groups(course, step, progress):
            for key, item in group.items:
                ok = is_done(progress, key, item, group.entry)
                done += ok
                total += 1 if (group.entry is None and counts(item, ok)) or ok else 0
    return done, total


def current_step_id(course: Course, progress: Any) -> str:
    """The step the user is on: the saved one if the course has it, else the first."""
    current: str | None = progress.current_step
    if current and course.step(current):
        return current
    return course.steps[0].id


def status_report(course: Course, progress: Any, lang: str) -> dict[str, Any]:
    """The shape of ``coach status --json`` (see CONTRACT.md)."""
    steps = [step_status(course, s, progress, lang) for s in course.steps]
    return {
        "current_step": current_step_id(course, progress),
        "steps": [{"id": s.id, "title": s.title, "done": s.done, "total": s.total} for s in steps],
        "overall": dict(zip(("done", "total"), overall(course, progress), strict=True)),
    }


BAR_WIDTH = 10


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A progress bar of block characters: ``████░░░░░░`` for 4 of 10."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)

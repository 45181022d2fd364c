"""The assignments of a change, worked out from the state before and after it (an import, a
reset, a restore, an answer typed), and what they take back (an undo's "before"). The rules
that apply them are :mod:`coach.data.merge`'s.

Pure: no files, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coach.data.merge import (
    CONTACTS,
    SETTINGS,
    Change,
    Meta,
    contact_ids,
    contacts_by_id,
    key,
    read,
)
from coach.data.progress import Progress, stamp, with_ids


def record_changes(name: str, old: list[Any], new: list[Any]) -> list[Change]:
    """The assignments that turn records list ``old`` into ``new`` (matched by id): new
    records put whole, changed fields one by one, missing records removed."""
    before = {r["id"]: r for r in old if isinstance(r, dict) and isinstance(r.get("id"), str)}
    after = {r["id"]: r for r in new if isinstance(r, dict) and isinstance(r.get("id"), str)}
    changes: list[Change] = []
    for rid, record in after.items():
        was = before.get(rid)
        if was is None:
            changes.append((["r", name, rid], record))
            continue
        for field in sorted(set(was) | set(record)):
            if field != "id" and was.get(field) != record.get(field):
                changes.append((["f", name, rid, field], record.get(field)))
    changes.extend((["r", name, rid], None) for rid in before if rid not in after)
    return changes


def is_records(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in value)
    )


def answer_changes(key_: str, old: Any, new: Any) -> list[Change]:
    """The assignments for one answer: record by record for a list of records, else whole."""
    new = with_ids(new) if new not in (None, "", []) else None
    both = (is_records(old) or old is None) and (is_records(new) or new is None)
    if both and old != new:
        return record_changes(key_, old or [], new or [])
    if old == new:
        return []
    return [(["a", key_], new)]


def state_changes(old: Progress, new: Progress) -> list[Change]:
    """The assignments that turn ``old`` into ``new`` (an import, a reset, a restore)."""
    changes: list[Change] = []
    if new.started_at < old.started_at:  # (only ever earlier: the earliest of all wins)
        changes.append((["p", "started_at"], stamp(new.started_at)))
    for name in SETTINGS:
        if getattr(old, name) != getattr(new, name):
            changes.append((["p", name], getattr(new, name)))
    for k in sorted(set(old.extra) | set(new.extra)):  # (keys a newer version wrote: kept)
        if old.extra.get(k) != new.extra.get(k):
            changes.append((["x", k], new.extra.get(k)))
    for kind, a, b in (("t", old.ticks, new.ticks), ("u", old.unticks, new.unticks)):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                changes.append(([kind, k], b.get(k)))
    for k in sorted(set(old.answers) | set(new.answers)):
        changes.extend(answer_changes(k, old.answers.get(k), new.answers.get(k)))
    changes.extend(record_changes(CONTACTS, old.contacts.entries(), new.contacts.entries()))
    return changes


def inverse(progress: Progress, meta: Meta, changes: Iterable[Change]) -> list[Change]:
    """What each path of ``changes`` holds now: applied later, it takes them back."""
    changes = list(changes)
    seen: set[str] = set()
    out: list[Change] = []
    ids = contact_ids(changes)
    contacts = contacts_by_id(progress, ids) if len(ids) > 1 else None
    for path, _ in changes:
        k = key(path)
        if k in seen or list(path) == ["p", "started_at"]:
            continue  # (nor is a start taken back: the earliest of all stays)
        seen.add(k)
        try:
            before = read(progress, meta, list(path), contacts)
        except (IndexError, KeyError, TypeError, ValueError):
            continue  # no path the coach writes (a line from another tool): nothing to take back
        out.append((list(path), before))
    return out

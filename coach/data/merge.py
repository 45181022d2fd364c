"""The merge rules: how an operation changes the state, the same on every device.

Every change the user makes is an operation: a list of *assignments* (a path in the state
and its new value), stamped with a hybrid logical clock (:func:`next_stamp`) that orders
all operations of all devices. The rules, all in this module:

* **Per path, the later stamp wins** (last writer wins; equal wall times are ordered by the
  counter, then by the device id inside the stamp). Only stamps as
  :func:`coach.data.merge_meta.next_stamp` makes them count (13 and 6 digits, before 2100):
  a line with any other is skipped as it is read. An assignment older than what the path
  holds is ignored, so applying operations in any order, any number of times, gives the same
  state: merging is commutative and idempotent.
* **Paths:** ``["p", name]`` a top-level setting (current step, language, pause, ...);
  ``["a", key]`` a plain answer; ``["t", key]`` / ``["u", key]`` a tick / a remembered
  untick (value: when, or None); ``["r", list, id]`` a whole record (a dict puts it, None
  removes it); ``["f", list, id, field]`` one field of a record (None drops the field);
  ``["x", key]`` a top-level key this version does not know (an export from a newer one,
  imported: kept, as the snapshot keeps it).
  ``list`` is an answers key, or :data:`CONTACTS` for the contact log.
* **A removal loses against a later edit:** removing a record keeps its fields aside (a
  tombstone); an edit stamped after the removal brings the record back with them.
* **No record without its making:** an edit or a removal of a record no operation has made
  yet (its making still on its way from another device, or never made) is kept aside, not
  shown; once the operation that makes it arrives, the record is what it would be had they
  come in the order of their stamps.
* **Logged contacts are never dropped** by a merge: they are records with unique ids, and only
  an explicit removal (``coach log --delete``, undo) takes one away.
* **Only what a snapshot can hold:** an assignment whose value would leave the state one
  that no load reads back (a tick that is no time stamp, a contact whose date is no
  YYYY-MM-DD text, or whose id, person or kind is not text or is taken away, a value nested
  deeper than :data:`MAX_DEPTH`) is skipped, as a malformed one is: a bad line from another
  device must never turn the next snapshot into a file the coach sets aside as broken, nor
  make an export fail.
* **Order of records** is the order they were made in: records from before operations (a
  version-2 file) first, as they were, then by the stamp of their first operation, ids
  breaking ties; so every device lists them the same way.

Pure: no files, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from coach.data.merge_meta import CONTACTS as CONTACTS
from coach.data.merge_meta import SETTINGS as SETTINGS
from coach.data.merge_meta import Change as Change
from coach.data.merge_meta import Meta as Meta
from coach.data.merge_meta import Path as Path
from coach.data.merge_meta import far_ahead as far_ahead
from coach.data.merge_meta import horizon as horizon
from coach.data.merge_meta import is_stamp as is_stamp
from coach.data.merge_meta import key as key
from coach.data.merge_meta import new_device_id as new_device_id
from coach.data.merge_meta import next_stamp as next_stamp
from coach.data.merge_meta import stamp_time as stamp_time
from coach.data.merge_meta import wall_ms_now as wall_ms_now
from coach.data.progress import FIELDS, Progress, plain_contact, shallow, with_ids
from coach.data.progress import MAX_DEPTH as MAX_DEPTH
from coach.data.record_lists import find as find
from coach.data.record_lists import many as many
from coach.data.record_lists import put
from coach.data.record_lists import records as records

BATCH = 200  # assignments from which an operation is applied as one batch (record_lists.many)


def read(progress: Progress, meta: Meta, path: Path, contacts: dict[str, Any] | None = None) -> Any:
    """What ``path`` holds now (None: nothing), for an undo's "before". ``contacts``: the
    logged contacts by id, read once for many paths (:func:`contacts_by_id`)."""
    kind = path[0]
    if kind == "p":
        return getattr(progress, path[1], None)
    if kind == "a":
        return progress.answers.get(path[1])
    if kind == "t":
        return progress.ticks.get(path[1])
    if kind == "u":
        return progress.unticks.get(path[1])
    if kind == "x":
        return progress.extra.get(path[1])
    if contacts is not None and path[1] == CONTACTS:
        record = contacts.get(path[2])
        found = (0, record) if record is not None else None
    else:
        found = find(progress, path[1], path[2])
    if kind == "r":
        return dict(found[1]) if found else None
    if kind == "f":
        return found[1].get(path[3]) if found else None
    raise ValueError(f"unknown path kind {kind!r}")


# -- applying ----------------------------------------------------------------------------
def apply(progress: Progress, meta: Meta, at: str, changes: Iterable[Sequence[Any]]) -> bool:
    """Apply one operation's assignments stamped ``at``; True if anything changed."""
    changed, latest = apply_held(progress, meta, at, changes)
    if changed:
        touch(progress, latest)
    return changed


def apply_held(
    progress: Progress, meta: Meta, at: str, changes: Iterable[Sequence[Any]]
) -> tuple[bool, str]:
    """:func:`apply` but for the state's time of change: whether anything changed, and the
    latest stamp applied, for one :func:`touch` after many operations (a fold)."""
    changes = changes if isinstance(changes, list) else list(changes)
    if len(changes) >= BATCH:
        with many(progress, meta, contact_ids(changes)):
            changed, latest = _apply_each(progress, meta, at, changes)
    else:
        changed, latest = _apply_each(progress, meta, at, changes)
    meta.seen(latest)
    return changed, latest


def touch(progress: Progress, stamp: str) -> None:
    """The state changed at ``stamp`` (its whole second): its time of change, if later."""
    when = datetime.fromtimestamp(int(stamp_time(stamp)), UTC)
    if when > progress.updated_at:
        progress.updated_at = when


def _apply_each(
    progress: Progress, meta: Meta, at: str, changes: list[Sequence[Any]]
) -> tuple[bool, str]:
    """(Written for speed: a fold of another device's 20,000 operations comes through here.)"""
    changed = False
    latest = at
    for index, item in enumerate(changes):
        # An assignment may carry its own stamp (a device's state published as a base).
        own = item[2] if len(item) > 2 and is_stamp(item[2]) and not far_ahead(item[2]) else at
        if own > latest:
            latest = own
        path = item[0]
        try:
            changed |= _assign(
                progress, meta, own, path if type(path) is list else list(path), item[1], index
            )
        except (IndexError, TypeError, ValueError, AttributeError, KeyError):
            continue  # a malformed assignment (a hand-edited journal): skipped, not fatal
    return changed, latest


def contacts_by_id(progress: Progress, ids: set[str]) -> dict[str, Any]:
    """The logged contacts of ``ids`` (those there), the log read once: a packed log is
    unpacked for each lookup one by one (removing 2,000 contacts read it 2,000 times)."""
    return {
        str(entry["id"]): entry
        for entry in progress.contacts.entries()
        if isinstance(entry, dict) and entry.get("id") in ids
    }


def contact_ids(changes: Iterable[Sequence[Any]]) -> set[str]:
    """The ids of the contacts ``changes`` (assignments) name."""
    ids: set[str] = set()
    for item in changes:
        path = item[0] if item else None
        if isinstance(path, (list, tuple)) and len(path) > 2 and path[1] == CONTACTS:
            ids.add(str(path[2]))
    return ids


def _newer(meta: Meta, path_key: str, at: str) -> bool:
    if at <= meta.clock.get(path_key, ""):
        return False
    meta.clock[path_key] = at
    return True


def later_elsewhere(meta: Meta, path: Sequence[str], at: str, device: str) -> bool:
    """Whether ``path`` now holds a change another device made after ``at``: undoing this
    device's change stamped ``at`` leaves that path as it is (the later change wins, as in
    any merge; this device's own later changes are taken back before, newest first)."""
    held = meta.clock.get(key(path), "")
    return held > at and held.split(".", 2)[-1] != device


class Touched:
    """What other devices changed after a stamp (read from their journals when an undo is
    asked for): an undo leaves each such path, whatever this device did to it since, and
    a record any of them changed stays, with what was changed with it (:meth:`leaves`)."""

    def __init__(self, ops: Iterable[Any], at: str, device: str) -> None:
        self.paths: set[str] = set()  # every path assigned
        self.records: set[str] = set()  # every record changed, by a field or whole
        for op in ops:
            if op.dev == device or op.at <= at:
                continue
            for item in op.set:
                path = item[0]
                self.paths.add(key(path))
                if path[0] in ("r", "f") and len(path) > 2:
                    self.records.add(key(("r", path[1], path[2])))

    def leaves(self, path: Sequence[str]) -> bool:
        """Whether an undo leaves ``path`` (a record changed elsewhere: its put, removal or
        any field; a field: it, or its record put or removed elsewhere)."""
        if path[0] == "r":
            return key(path) in self.records
        return key(path) in self.paths or (
            path[0] == "f" and key(("r", path[1], path[2])) in self.paths
        )


def undo_changes(
    was: list[tuple[list[str], Any]], made: Iterable[Sequence[Any]], left: Any
) -> list[tuple[list[str], Any]]:
    """The undo of an operation: its ``was`` values, but none of a path ``left(path)``
    leaves; and when the one record an operation made is left (changed elsewhere since: a
    contact logged), nothing of it (what it changed along with it stays too). An operation
    that made many (an import) takes back the others."""
    records = [p for p, v, *_ in made if p[0] == "r" and isinstance(v, dict)]
    if len(records) == 1 and left(records[0]):
        return []
    return [(p, v) for p, v in was if not left(p)]


_PLACES = tuple(f"#{i:06d}" for i in range(64))  # an assignment's place in its operation


def _assign(
    progress: Progress, meta: Meta, at: str, path: Path, value: Any, index: int = 0
) -> bool:
    kind = path[0]
    if kind in ("r", "f"):
        place = _PLACES[index] if index < len(_PLACES) else f"#{index:06d}"
        return _assign_record(progress, meta, at, path, value, at + place)
    if path == ["p", "started_at"]:  # when the user began: the earliest of all devices
        return _earlier_start(progress, value)
    name = path[1]
    if kind == "p" and (name not in SETTINGS or not FIELDS[name].plain(value)):
        return False  # not a setting, or a value of the wrong shape (a hand-edited line)
    if kind == "x" and name in FIELDS:
        return False  # (a known key is never set as an unknown one)
    if not _holdable(path, value):
        return False
    if not _newer(meta, key(path), at):
        return False
    if kind == "p":
        setattr(progress, name, value)
    elif kind == "a":
        if value in (None, "", []):
            progress.answers.pop(name, None)
        else:
            progress.answers[name] = with_ids(value)
    elif kind in ("t", "u"):
        table = progress.ticks if kind == "t" else progress.unticks
        if value is None:
            table.pop(name, None)
        else:
            table[name] = value
    elif kind == "x":
        if value is None:
            progress.extra.pop(name, None)
        else:
            progress.extra[name] = value
    else:
        return False
    return True


def _holdable(path: Path, value: Any) -> bool:
    """Whether a snapshot can hold ``value`` at ``path`` (see the rules above): nested no
    deeper than :data:`MAX_DEPTH`; a tick's time a stamp; a logged contact's fields as
    every load reads them (:func:`coach.data.progress.plain_contact`) and as an export's
    import takes them back (:func:`_exportable`), a whole one put with all of them."""
    kind = path[0]
    if not shallow(value):
        return False
    if kind in ("t", "u"):
        return value is None or FIELDS["ticks"].plain({"": value})
    if kind not in ("r", "f") or path[1] != CONTACTS or (value is None and kind == "r"):
        return True  # settings are checked as such; answers hold any JSON (the schema's Any)
    if kind == "r":
        if not isinstance(value, dict):
            return False
        record = value if value.get("id") == path[2] else {**value, "id": path[2]}
        return plain_contact(record) and _exportable(record)
    field = path[3]
    if value is None:
        return field not in _CONTACT_KEYS  # a note or an extra may go, these may not
    record = {**_A_CONTACT, field: value}
    return field != "id" and plain_contact(record) and _exportable(record)


def _exportable(contact: dict[str, Any]) -> bool:
    """What an export's import takes back too (``coach.data.progress_schema.Contact``, not
    imported here: it brings pydantic): an id, person and kind of at most 64 characters. A
    hand-edited file may hold more (it is kept as it is); a line from another device may
    not bring it in. A date of a day's shape that is no day ("2026-02-30") comes in: every
    load keeps it and an import takes it back, so every device holds the same contacts."""
    return len(contact["id"]) <= 64 and len(contact["person"]) <= 64 and len(contact["kind"]) <= 64


_A_CONTACT = {"id": "-", "person": "-", "date": "2000-01-01", "kind": "-"}
_CONTACT_KEYS = frozenset(_A_CONTACT)


def _earlier_start(progress: Progress, value: Any) -> bool:
    from coach.data.progress import parse_stamp

    when = parse_stamp(value)
    if when is None or when >= progress.started_at:
        return False
    progress.started_at = when
    return True


def _assign_record(
    progress: Progress, meta: Meta, at: str, path: Path, value: Any, made: str
) -> bool:
    """``made``: the record's place if this makes it (the stamp, then the assignment's
    place in its operation: people added together stay in the order given)."""
    kind, name, rid = path[0], path[1], path[2]
    if not isinstance(rid, str) or not rid:
        return False
    if not _holdable(path, value):
        return False
    rkey = key(("r", name, rid))
    if _quiet(meta, at, path, value, rkey, made):
        return False  # seen already (a journal read again): the record is not even looked up
    found = find(progress, name, rid)
    waiting = meta.pending.get(rkey) if found is None else None
    had: dict[str, Any] | None = (
        found[1] if found else waiting["fields"] if waiting is not None else meta.tomb.get(rkey)
    )
    fields = {"id": rid, **had} if had else {"id": rid}  # this record's own copy, id first
    fields["id"] = rid  # (a field "id" set along is not it)
    alive = found is not None or (waiting is not None and waiting["alive"])
    removed = meta.clock.get(rkey, "") if found is None and rkey in meta.tomb else ""
    # Made: in the list, removed after it was there, or made now (a whole record put).
    whole = kind == "r" and isinstance(value, dict)
    made_now = found is not None or rkey in meta.tomb or whole
    moved = False
    created = meta.created
    if made < created.get(rkey, made) or (rkey not in created and (had is None or whole)):
        # Made by its earliest operation, whichever came first (a record from before
        # operations gets its place from the first put of it: a published base).
        created[rkey] = made
        moved = found is not None
    changed = False
    if whole:
        clock, prefix = meta.clock, f"f\x1f{name}\x1f{rid}\x1f"  # key(("f", name, rid, ...))
        for field, item in value.items():
            if field != "id" and at > clock.get(prefix + field, ""):  # _newer, inline
                clock[prefix + field] = at
                _set_field(fields, field, item)
                changed = True
        if _newer(meta, rkey, at):
            alive, changed = True, True
    elif kind == "r":
        if value is None and _newer(meta, rkey, at):
            alive, changed = False, alive or changed
    elif _newer(meta, key(path), at):  # one field; an edit after a removal brings it back
        _set_field(fields, path[3], value)
        fields["id"] = rid
        changed = True
        if _newer(meta, rkey, at):
            alive = True
    if not changed and not moved:
        return False
    if not made_now:  # kept aside, not shown (a change all the same: the same in any order)
        del fields["id"]
        meta.pending[rkey] = {"alive": alive, "fields": fields}
        return True
    meta.pending.pop(rkey, None)
    if moved and found is not None and alive:  # its place changed: out, then in again
        put(progress, meta, name, rid, rkey, None, found)
        found = None
    put(progress, meta, name, rid, rkey, fields if alive else None, found)
    if alive:
        meta.tomb.pop(rkey, None)
        if removed:  # (with the removal's stamp: who removed it)
            meta.revived.append((rkey, at, removed))
    else:
        meta.tomb[rkey] = fields
    return True


def _quiet(meta: Meta, at: str, path: Path, value: Any, rkey: str, made: str) -> bool:
    """True when the assignment can change nothing: every stamp it would set is not newer
    than the one held, and its record's place is known and not earlier."""
    if rkey not in meta.created or made < meta.created[rkey]:
        return False
    clock = meta.clock
    if at > clock.get(rkey, ""):
        return False
    if path[0] == "f":
        return at <= clock.get(key(path), "")
    if isinstance(value, dict):
        name, rid = path[1], path[2]
        return all(at <= clock.get(key(("f", name, rid, f)), "") for f in value if f != "id")
    return True


def _set_field(fields: dict[str, Any], field: str, value: Any) -> None:
    if value is None:
        fields.pop(field, None)
    else:
        fields[field] = value

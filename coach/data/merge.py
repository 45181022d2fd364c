"""The merge rules: how an operation changes the state, the same on every device.

Every change the user makes is an operation: a list of *assignments* (a path in the state
and its new value), stamped with a hybrid logical clock (:func:`next_stamp`) that orders
all operations of all devices. The rules, all in this module:

* **Per path, the later stamp wins** (last writer wins; equal wall times are ordered by the
  counter, then by the device id inside the stamp). An assignment older than what the path
  holds is ignored, so applying operations in any order, any number of times, gives the same
  state: merging is commutative and idempotent.
* **Paths:** ``["p", name]`` a top-level setting (current step, language, pause, ...);
  ``["a", key]`` a plain answer; ``["t", key]`` / ``["u", key]`` a tick / a remembered
  untick (value: when, or None); ``["r", list, id]`` a whole record (a dict puts it, None
  removes it); ``["f", list, id, field]`` one field of a record (None drops the field).
  ``list`` is an answers key, or :data:`CONTACTS` for the contact log.
* **A removal loses against a later edit:** removing a record keeps its fields aside (a
  tombstone); an edit stamped after the removal brings the record back with them.
* **Logged contacts are never dropped** by a merge: they are records with unique ids, and only
  an explicit removal (``coach log --delete``, undo) takes one away.
* **Order of records** is the order they were made in: records from before operations (a
  version-2 file) first, as they were, then by the stamp of their first operation, ids
  breaking ties; so every device lists them the same way.

Pure: no files, no Textual.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from coach.data.progress import Progress, with_ids
from coach.domain.contact_log import ContactLog

CONTACTS = "#contacts"  # the contact log's list name (no content key starts with "#")
SETTINGS = ("current_step", "welcome_seen", "language", "pause_until")
Path = list[str]
Change = tuple[Path, Any]


# -- the clock ---------------------------------------------------------------------------
def next_stamp(last: str, device: str, wall_ms: int | None = None) -> str:
    """A stamp later than ``last`` and than the wall clock: ``<ms>.<counter>.<device>``,
    ordered as text. A device whose clock runs behind still stamps after what it has seen."""
    wall = int(time.time() * 1000) if wall_ms is None else wall_ms
    ms, counter = _parts(last)
    if wall > ms:
        ms, counter = wall, 0
    else:
        counter += 1
    return f"{ms:013d}.{counter:06d}.{device}"


def _parts(value: str) -> tuple[int, int]:
    try:
        ms, counter, _ = value.split(".", 2)
        return int(ms), int(counter)
    except ValueError:
        return 0, 0


def stamp_time(value: str) -> float:
    """The wall time (seconds) a stamp carries."""
    return _parts(value)[0] / 1000


def new_device_id() -> str:
    return os.urandom(5).hex()


# -- what the state remembers for merging --------------------------------------------------
class Meta:
    """Per path, the stamp of the value it holds; the tombstones of removed records; when
    each record made by an operation was made (its place in the list). Saved with the
    snapshot (``progress.json``'s ``merge`` key), never in an export."""

    __slots__ = ("clock", "created", "last", "tomb")

    def __init__(self, doc: dict[str, Any] | None = None) -> None:
        doc = doc if isinstance(doc, dict) else {}
        self.clock: dict[str, str] = _str_map(doc.get("clock"))
        self.created: dict[str, str] = _str_map(doc.get("created"))
        tomb = doc.get("tomb")
        self.tomb: dict[str, dict[str, Any]] = (
            {k: v for k, v in tomb.items() if isinstance(v, dict)} if isinstance(tomb, dict) else {}
        )
        last = doc.get("last")
        self.last: str = last if isinstance(last, str) else ""

    def to_doc(self) -> dict[str, Any]:
        if not (self.clock or self.created or self.tomb or self.last):
            return {}
        return {"clock": self.clock, "created": self.created, "tomb": self.tomb, "last": self.last}

    def seen(self, at: str) -> None:
        if at > self.last:
            self.last = at


def _str_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def key(path: Iterable[str]) -> str:
    return "\x1f".join(path)


# -- reading a path ----------------------------------------------------------------------
def records(progress: Progress, name: str) -> list[dict[str, Any]]:
    if name == CONTACTS:
        return progress.contacts.entries()
    value = progress.answers.get(name)
    return value if isinstance(value, list) else []


# One operation of many records at once (a published base, an import, a reset): each
# list's records by id while it is applied, put in their order once at its end; record by
# record, each one taken out and put back would copy the list each time (quadratic).
BATCH = 200  # assignments from which an operation is applied this way
_batch: dict[str, dict[str, dict[str, Any]]] | None = None
# A packed contact log stays packed through a batch that only adds contacts after its
# newest (the journals since the last compaction): the added ones by id, and the log's ids
# (made for the batch). An existing contact changed, or one put among the older ones:
# unpacked, as any list (None from then on).
_added: tuple[set[str], dict[str, dict[str, Any]]] | None = None


def _working(progress: Progress, name: str) -> dict[str, dict[str, Any]]:
    global _added
    assert _batch is not None
    work = _batch.get(name)
    if work is None:
        work = {}
        for record in records(progress, name):
            if isinstance(record, dict):
                work.setdefault(str(record.get("id")), record)
        if name == CONTACTS and _added is not None:
            work.update(_added[1])
            _added = None
        _batch[name] = work
    return work


def _packed_batch(progress: Progress) -> tuple[set[str], dict[str, dict[str, Any]]] | None:
    """The contact log's batch while the log stays packed (see :data:`_added`)."""
    global _added
    assert _batch is not None
    if _added is None and CONTACTS not in _batch and progress.contacts.is_packed:
        _added = (progress.contacts.ids(), {})
    return _added


@contextlib.contextmanager
def many(progress: Progress, meta: Meta) -> Iterator[None]:
    """Apply the operations of a ``with`` block as one batch: each list is put in order
    once at its end (folding a journal of many operations, a base, an import). Nested, the
    outer block's end counts."""
    global _batch, _added
    if _batch is not None:
        yield
        return
    _batch, _added = {}, None
    try:
        yield
    finally:
        _finish_batch(progress, meta)


def _finish_batch(progress: Progress, meta: Meta) -> None:
    """Each list the operation touched, in its order (made by, then id; records from
    before operations first, as they were)."""
    global _batch, _added
    work_lists, _batch = _batch or {}, None
    added, _added = _added, None
    if added is not None and added[1] and not _settle_newest(progress.contacts, meta, added[1]):
        _batch = {}  # among the packed ones: the whole log in order, as any list
        work_lists[CONTACTS] = _working(progress, CONTACTS)
        work_lists[CONTACTS].update(added[1])
        _batch = None
    for name, work in work_lists.items():
        keyed = []
        for place, (rid, record) in enumerate(work.items()):
            rkey = key(("r", name, rid))
            made = meta.created.get(rkey, "")
            keyed.append(((made, rkey if made else f"{place:09d}"), record))
        keyed.sort(key=lambda pair: pair[0])
        items = [record for _, record in keyed]
        _where.pop(name, None)
        if name == CONTACTS:
            progress.contacts = ContactLog(items)
            last = items[-1].get("id") if items else None
            ids = {str(r.get("id")) for r in items}
            _ids[:] = [progress.contacts, len(items), ids, None if last is None else str(last)]
        elif items:
            progress.answers[name] = items
        else:
            progress.answers.pop(name, None)


def _settle_newest(log: ContactLog, meta: Meta, added: dict[str, dict[str, Any]]) -> bool:
    """Put ``added`` (contacts new to the packed ``log``) in order among the entries logged
    since it was packed, if they all go after its packed ones (False: they do not)."""
    newest = [*log.newest(), *added.values()]
    keys = [_rkey(str(r.get("id"))) if isinstance(r, dict) else "" for r in newest]
    if not all(k in meta.created for k in keys):
        return False  # one without a known place: the whole log in order, as any list
    order = sorted(range(len(newest)), key=lambda i: (meta.created[keys[i]], keys[i]))
    boundary = log.packed_last_id()
    first = (meta.created[keys[order[0]]], keys[order[0]])
    if boundary is not None and _order_key(meta, _rkey(boundary)) > first:
        return False
    log.put_newest([newest[i] for i in order], added.values())
    return True


def _rkey(contact_id: str) -> str:
    return key(("r", CONTACTS, contact_id))


def find(progress: Progress, name: str, rid: str) -> tuple[int, dict[str, Any]] | None:
    if _batch is not None:
        packed = _packed_batch(progress) if name == CONTACTS else None
        if packed is not None:
            found = packed[1].get(rid)
            if found is not None or rid not in packed[0]:
                return (0, found) if found is not None else None
        found = _working(progress, name).get(rid)  # (an existing contact: unpacked now)
        return (0, found) if found is not None else None
    if name == CONTACTS and not _has_contact(progress.contacts, rid):
        return None  # a new contact (every one logged or folded in): the log stays packed
    items = records(progress, name)
    index = _position(name, items, rid)
    if index is not None:
        return index, items[index]
    for index, record in enumerate(items):  # not in the index (a list changed in place)
        if isinstance(record, dict) and record.get("id") == rid:
            return index, record
    return None


# Per list name: the list last looked in, its length then, and each id's place in it (a
# fold of 20,000 operations on 2,000 people looked through the list for each one).
_where: dict[str, tuple[list[Any], int, dict[str, int]]] = {}


def _position(name: str, items: list[Any], rid: str) -> int | None:
    cached = _where.get(name)
    if cached is None or cached[0] is not items or cached[1] > len(items):
        cached = (items, 0, {})
    if cached[1] < len(items):  # new, or appended to since
        spots = cached[2]
        for index in range(cached[1], len(items)):
            record = items[index]
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                spots.setdefault(record["id"], index)
        cached = (items, len(items), spots)
        _where[name] = cached
    spot = cached[2].get(rid)
    if spot is None or not isinstance(items[spot], dict) or items[spot].get("id") != rid:
        return None
    return spot


# The contact log's ids (and its last one), kept beside the one log looked at last: a
# packed log of 20,000 contacts costs ~80 ms to unpack, and every contact logged or folded
# in would otherwise unpack it a few times just to find that its id is new.
_ids: list[Any] = [None, 0, set(), None]  # the log, its length then, its ids, its last id


def _has_contact(log: ContactLog, rid: str) -> bool:
    return log.has(rid) if log.is_packed else rid in _contact_ids(log)[0]


def _contact_ids(log: ContactLog) -> tuple[set[str], str | None]:
    cached, length, ids, last = _ids
    size = len(log)
    if cached is not log or size < length:
        entries = log.entries()
        ids = {str(e.get("id")) for e in entries if isinstance(e, dict)}
        last = str(entries[-1].get("id")) if entries and isinstance(entries[-1], dict) else None
        _ids[:] = [log, size, ids, last]
    elif size > length:  # appended since (the newest entries are read without unpacking)
        for index in range(length - size, 0):
            entry = log[index]
            last = str(entry.get("id")) if isinstance(entry, dict) else None
            if last is not None:
                ids.add(last)
        _ids[1:] = [size, ids, last]
    return ids, last


def read(progress: Progress, meta: Meta, path: Path) -> Any:
    """What ``path`` holds now (None: nothing), for an undo's "before"."""
    kind = path[0]
    if kind == "p":
        return getattr(progress, path[1], None)
    if kind == "a":
        return progress.answers.get(path[1])
    if kind == "t":
        return progress.ticks.get(path[1])
    if kind == "u":
        return progress.unticks.get(path[1])
    found = find(progress, path[1], path[2])
    if kind == "r":
        return dict(found[1]) if found else None
    if kind == "f":
        return found[1].get(path[3]) if found else None
    raise ValueError(f"unknown path kind {kind!r}")


# -- applying ----------------------------------------------------------------------------
def apply(progress: Progress, meta: Meta, at: str, changes: Iterable[Sequence[Any]]) -> bool:
    """Apply one operation's assignments stamped ``at``; True if anything changed."""
    changed = False
    latest = at
    changes = list(changes)
    together = many(progress, meta) if len(changes) >= BATCH else contextlib.nullcontext()
    with together:
        for index, item in enumerate(changes):
            # An assignment may carry its own stamp (a device's state published as a base).
            own = item[2] if len(item) > 2 and isinstance(item[2], str) else at
            latest = max(latest, own)
            try:
                changed |= _assign(progress, meta, own, list(item[0]), item[1], index)
            except (IndexError, TypeError, ValueError, AttributeError, KeyError):
                continue  # a malformed assignment (a hand-edited journal): skipped, not fatal
    meta.seen(latest)
    if changed:
        when = datetime.fromtimestamp(int(stamp_time(latest)), UTC)
        if when > progress.updated_at:
            progress.updated_at = when
    return changed


def _newer(meta: Meta, path_key: str, at: str) -> bool:
    if at <= meta.clock.get(path_key, ""):
        return False
    meta.clock[path_key] = at
    return True


def _assign(
    progress: Progress, meta: Meta, at: str, path: Path, value: Any, index: int = 0
) -> bool:
    kind = path[0]
    if kind in ("r", "f"):
        return _assign_record(progress, meta, at, path, value, f"{at}#{index:06d}")
    if path == ["p", "started_at"]:  # when the user began: the earliest of all devices
        return _earlier_start(progress, value)
    if not _newer(meta, key(path), at):
        return False
    name = path[1]
    if kind == "p":
        if name not in SETTINGS:
            return False
        setattr(progress, name, value if name != "welcome_seen" else bool(value))
    elif kind == "a":
        if value in (None, "", []):
            progress.answers.pop(name, None)
        else:
            progress.answers[name] = with_ids(value)
    elif kind in ("t", "u"):
        table = progress.ticks if kind == "t" else progress.unticks
        if value is None:
            table.pop(name, None)
        elif isinstance(value, str):
            table[name] = value
    else:
        return False
    return True


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
    rkey = key(("r", name, rid))
    if _quiet(meta, at, path, value, rkey, made):
        return False  # seen already (a journal read again): the record is not even looked up
    found = find(progress, name, rid)
    fields: dict[str, Any] | None = dict(found[1]) if found else meta.tomb.get(rkey)
    alive = found is not None
    moved = False
    if made < meta.created.get(rkey, made) or (
        rkey not in meta.created and (fields is None or (kind == "r" and isinstance(value, dict)))
    ):
        # Made by its earliest operation, whichever came first (a record from before
        # operations gets its place from the first put of it: a published base).
        meta.created[rkey] = made
        moved = found is not None
    changed = False
    if kind == "r":
        if isinstance(value, dict):
            fields = dict(fields or {})
            for field, item in value.items():
                if field != "id" and _newer(meta, key(("f", name, rid, field)), at):
                    _set_field(fields, field, item)
                    changed = True
            if _newer(meta, rkey, at):
                alive, changed = True, True
        elif value is None and _newer(meta, rkey, at):
            alive, changed = False, alive or changed
    else:  # one field; an edit after a removal brings the record back
        fields = dict(fields or {})
        if _newer(meta, key(path), at):
            _set_field(fields, path[3], value)
            changed = True
            if _newer(meta, rkey, at):
                alive = True
    if not changed and not moved:
        return False
    fields = {"id": rid, **{k: v for k, v in (fields or {}).items() if k != "id"}}
    if moved and found is not None and alive:  # its place changed: out, then in again
        _store(progress, meta, name, rid, rkey, None, found)
        found = None
    _store(progress, meta, name, rid, rkey, fields if alive else None, found)
    if alive:
        meta.tomb.pop(rkey, None)
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


def _store(
    progress: Progress,
    meta: Meta,
    name: str,
    rid: str,
    rkey: str,
    record: dict[str, Any] | None,
    found: tuple[int, dict[str, Any]] | None,
) -> None:
    """Put ``record`` in its place in the list (None: take it out)."""
    if _batch is not None:  # in order at the operation's end
        packed = _packed_batch(progress) if name == CONTACTS else None
        if packed is not None:  # new to the log (an existing one unpacked it in find)
            if record is None:
                packed[1].pop(rid, None)
            else:
                packed[1][rid] = record
            return
        work = _working(progress, name)
        if record is None:
            work.pop(rid, None)
        else:
            work[rid] = record
        return
    if name == CONTACTS and found is None and record is not None:
        order = _order_key(meta, rkey)
        log = progress.contacts
        last = (log.last_id() if log.is_packed else _contact_ids(log)[1]) if log else None
        if last is None or _order_key(meta, key(("r", name, last))) <= order:
            progress.contacts.append(record)  # the usual case: no unpacking
            return
    before = records(progress, name)
    items = list(before)
    cached = _where.pop(name, None)
    if cached is not None and cached[0] is before and found is not None and record is not None:
        _where[name] = (items, cached[1], cached[2])  # the same places: still right
    if found is not None:
        index = found[0]
        if record is None:
            del items[index]
        else:
            items[index] = record
    elif record is not None:
        items.insert(_place(meta, name, items, rkey), record)
    if name == CONTACTS:
        if progress.contacts.is_packed:  # unpacked now: its ids from the entries at hand
            ids = {str(r.get("id")) for r in items if isinstance(r, dict)}
        else:
            ids = _contact_ids(progress.contacts)[0]  # kept for the new log, not learnt again
        if record is None:
            ids.discard(rid)
        else:
            ids.add(rid)
        progress.contacts = ContactLog(items)
        last = items[-1].get("id") if items and isinstance(items[-1], dict) else None
        _ids[:] = [progress.contacts, len(items), ids, None if last is None else str(last)]
    elif items:
        progress.answers[name] = items
    else:
        progress.answers.pop(name, None)


def _order_key(meta: Meta, rkey: str) -> tuple[str, str]:
    return meta.created.get(rkey, ""), rkey


def _place(meta: Meta, name: str, items: list[Any], rkey: str) -> int:
    """Where a record made at ``meta.created[rkey]`` goes: after the older ones (most often
    at the end, so the walk starts there)."""
    mine = _order_key(meta, rkey)
    index = len(items)
    while index > 0:
        other = items[index - 1]
        rid = other.get("id") if isinstance(other, dict) else None
        if _order_key(meta, key(("r", name, str(rid)))) <= mine:
            break
        index -= 1
    return index

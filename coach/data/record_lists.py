"""Where records sit in their lists (the people, post ideas, ... in ``answers``, and the
contact log): finding one by id, putting one in its place or taking it out, and a batch of
many at once. Used by the merge rules (:mod:`coach.data.merge`), which decide what goes
where.

Pure: no files, no Textual.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from coach.data.merge_meta import CONTACTS, Meta, key
from coach.data.progress import Progress
from coach.domain.contact_log import ContactLog


def records(progress: Progress, name: str) -> list[dict[str, Any]]:
    if name == CONTACTS:
        return progress.contacts.entries()
    value = progress.answers.get(name)
    return value if isinstance(value, list) else []


# One operation of many records at once (a published base, an import, a reset): each
# list's records by id while it is applied, put in their order once at its end; record by
# record, each one taken out and put back would copy the list each time (quadratic).
_batch: dict[str, dict[str, dict[str, Any]]] | None = None
# A packed contact log stays packed through a batch that only adds contacts after its
# newest (the journals since the last compaction): which ids it holds, and the added ones
# by id. An existing contact changed, or one put among the older ones: unpacked, as any
# list (None from then on).
_added: tuple[_Members, dict[str, dict[str, Any]]] | None = None
_asked: set[str] = set()  # the contact ids the batch's operations name (many's contacts)


class _Members:
    """Which ids the packed log holds: those the batch's operations name, looked up once
    together (its 20,000 ids are never all held at once); any other one alone."""

    __slots__ = ("asked", "log", "there")

    def __init__(self, log: ContactLog, asked: set[str]) -> None:
        self.log, self.asked = log, asked
        self.there = log.which(asked)

    def __contains__(self, rid: object) -> bool:
        if rid in self.asked:
            return rid in self.there
        return isinstance(rid, str) and self.log.has(rid)


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


def _packed_batch(progress: Progress) -> tuple[_Members, dict[str, dict[str, Any]]] | None:
    """The contact log's batch while the log stays packed (see :data:`_added`)."""
    global _added
    assert _batch is not None
    if _added is None and CONTACTS not in _batch and progress.contacts.is_packed:
        _added = (_Members(progress.contacts, _asked), {})
    return _added


@contextlib.contextmanager
def many(progress: Progress, meta: Meta, contacts: Iterable[str] = ()) -> Iterator[None]:
    """Apply the operations of a ``with`` block as one batch: each list is put in order
    once at its end (folding a journal of many operations, a base, an import). Nested, the
    outer block's end counts. ``contacts``: the ids of the contacts its operations name
    (looked up in a packed log together)."""
    global _batch, _added, _asked
    if _batch is not None:
        yield
        return
    _batch, _added, _asked = {}, None, set(contacts)
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


def put(
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

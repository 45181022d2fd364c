"""The user's progress: ticks, answers and where they are, keyed only by content ids.

A plain class, so that opening the coach and every command that only reads need no pydantic:
a file that is plainly valid for the current schema is taken as it is (:meth:`from_doc`),
anything else goes through the pydantic schema in ``coach.data.progress_schema`` (which the store
uses for odd, older or broken files, and ``coach import`` for every file).

Keys (see ``coach.domain.status``) that a content folder no longer has are kept untouched, so
switching or editing content never loses anything; top-level fields this version does not
know are kept too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import chain
from typing import Any, TypeGuard

from coach.data import migrations
from coach.data.migrations import SCHEMA_VERSION  # noqa: F401 - re-exported
from coach.dates import DAY_SHAPE
from coach.domain.contact_log import ContactLog
from coach.records import Record

# ISO 8601 with a "T", seconds and an optional zone: what the schema writes, and a subset of
# what it reads (anything else, e.g. a date alone or a Unix time, takes the schema's way).
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def stamp(when: datetime) -> str:
    """``when`` as saved: ISO 8601, UTC written as ``Z`` (as the pydantic schema writes it)."""
    text = when.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def parse_stamp(value: Any) -> datetime | None:
    """A saved time stamp, or None if it is not one in the plain form."""
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        return None
    try:
        return aware(datetime.fromisoformat(value))
    except ValueError:
        return None


def new_id() -> str:
    """A fresh id for a record or a contact: 12 hex digits, unique in any real file."""
    return os.urandom(6).hex()


ID_MAX = 64  # what a contact's ``person`` may hold (coach.data.progress_schema.Contact)


def _id_ok(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and 0 < len(value) <= ID_MAX


def _ids_fine(value: list[Any]) -> bool:
    seen: set[str] = set()
    for record in value:
        if isinstance(record, dict):
            rid = record.get("id")
            if not _id_ok(rid) or rid in seen:
                return False
            seen.add(rid)
    return True


def _derived_id(index: int, old: Any, taken: set[str]) -> str:
    """An id for a record whose own is odd or another record's: made from its place and
    old id, so loading the same file twice gives the same id (the calendar's UIDs and a
    contact logged meanwhile stay with it)."""
    import hashlib
    import json

    salt = 0
    while True:
        seed = json.dumps([index, old, salt], default=str)[:10_000]
        candidate = hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:12]
        if candidate not in taken:
            return candidate
        salt += 1


def with_ids(value: Any) -> Any:
    """``value`` with an ``id`` on every record, if it is a list of records (new records get
    one; existing ids are kept, so a rename or an edit never loses a history). An id that is
    not text, empty, over :data:`ID_MAX` or another record's (a hand-edited or hostile file)
    is replaced, the first holder keeping it: a person's id must name one person, or logging
    a contact with one would change another."""
    if not isinstance(value, list) or _ids_fine(value):
        return value
    taken = {r["id"] for r in value if isinstance(r, dict) and _id_ok(r.get("id"))}
    seen: set[str] = set()
    out: list[Any] = []
    for index, record in enumerate(value):
        if isinstance(record, dict):
            old = record.get("id")
            rid: str
            if "id" not in record:
                rid = new_id()
            elif _id_ok(old) and old not in seen:
                rid = old
            else:
                rid = _derived_id(index, old, taken)
            taken.add(rid)
            seen.add(rid)
            record = record if rid == old else {**record, "id": rid}
        out.append(record)
    return out


MAX_DEPTH = 32  # lists and objects inside one another in one value (the coach's own: 3)
_NESTING = frozenset((dict, list))


def shallow(value: Any, depth: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests no deeper than ``depth`` lists and objects (looked at without
    recursion: a hand-edited file or a line from another tool may nest thousands deep, and
    the export, the copies and the screens walk values recursively)."""
    if type(value) not in _NESTING:
        return True
    inner = value.values() if isinstance(value, dict) else value
    if _NESTING.isdisjoint(map(type, inner)):
        return True  # flat, as nearly every value is (a record: its fields are text)
    level: list[Any] = [value]
    for _ in range(depth):
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, (dict, list))
        ]
        if not level:
            return True
    return False


def too_deep(progress: Progress) -> bool:
    """Whether a loaded state holds a value nested deeper than :data:`MAX_DEPTH`, counted
    as :mod:`coach.data.merge` counts what it lets in: an answer's records and a logged
    contact one by one (so their list adds a level)."""
    for value in progress.answers.values():
        records = isinstance(value, list) and set(map(type, value)) == {dict}
        values = chain.from_iterable(map(dict.values, value)) if records else ()
        if records and _NESTING.isdisjoint(map(type, values)):
            continue  # records of text and numbers, as most lists are: one pass in C
        if not shallow(value, MAX_DEPTH + records):
            return True
    if not all(map(shallow, progress.extra.values())):
        return True
    log = progress.contacts
    return not log.is_packed and not shallow(log.entries(), MAX_DEPTH + 1)


def plain_contacts(value: Any) -> bool:
    """Whether ``value`` is a contact log as saved: a list of :func:`plain_contact` (or a log
    packed by :func:`coach.domain.contact_log.split`, which checked all that and more)."""
    if isinstance(value, ContactLog):
        return value.is_packed
    return isinstance(value, list) and all(map(plain_contact, value))


def plain_contact(c: Any) -> bool:
    """Whether ``c`` is a logged contact as saved: a dict with an ``id``, a ``person`` id, a
    ``date`` (YYYY-MM-DD) and a ``kind``, all text, and a ``note`` only as text."""
    return (
        isinstance(c, dict)
        and isinstance(c.get("id"), str)
        and isinstance(c.get("person"), str)
        and isinstance(c.get("kind"), str)
        and isinstance(c.get("date"), str)
        and DAY_SHAPE.fullmatch(c["date"]) is not None
        and isinstance(c.get("note", ""), str)
    )


def records_have_ids(answers: dict[str, Any]) -> bool:
    """Whether every record has a text id no other record of its list has (else the file
    takes the schema's way, where :func:`with_ids` repairs it)."""
    for value in answers.values():
        if not isinstance(value, list):
            continue
        ids = [r.get("id") for r in value if isinstance(r, dict)]
        if not all(isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
            return False
    return True


def aware(when: datetime) -> datetime:
    """``when`` with a zone: a stamp without one (a hand-edited file) is taken as UTC, so
    that any two stamps can be compared and subtracted."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _stamp(value: Any) -> bool:
    return parse_stamp(value) is not None


def _stamps(value: Any) -> bool:
    return isinstance(value, dict) and all(parse_stamp(v) is not None for v in value.values())


def _text_or_none(value: Any) -> bool:
    return isinstance(value, str | None)


def _day_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, str) and DAY_SHAPE.fullmatch(value) is not None)


def _breaks(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(b, dict)
        and set(b) == {"from", "until"}
        and all(isinstance(v, str) and DAY_SHAPE.fullmatch(v) is not None for v in b.values())
        for b in value
    )


def _answers(value: Any) -> bool:
    return isinstance(value, dict) and records_have_ids(value)


def _load_stamp(value: str) -> datetime:
    return aware(datetime.fromisoformat(value))


def _load_answers(value: dict[str, Any]) -> dict[str, Any]:
    canon: dict[str, str] = {}
    return {k: _shared(with_ids(v), canon) for k, v in value.items()}


def _shared(value: Any, canon: dict[str, str]) -> Any:
    """``value`` with each short text in its records one object however often it recurs (a
    circle, a status, a network, a date: 2,000 people and 1,000 post ideas repeat a few dozen
    texts some 12,000 times, ~0.7 MiB as separate objects). Text is immutable: only memory
    changes."""
    if isinstance(value, list):
        for record in value:
            if isinstance(record, dict):
                for key, text in record.items():  # values replaced in place: same keys
                    if type(text) is str and len(text) <= _SHARED_MAX:
                        record[key] = canon.setdefault(text, text)
    return value


_SHARED_MAX = 40  # longer texts (names, notes) rarely recur


def _load_contacts(value: list[dict[str, Any]] | ContactLog) -> list[dict[str, Any]] | ContactLog:
    if isinstance(value, ContactLog):
        return value  # packed from text values only: nothing to drop
    return [{k: v for k, v in c.items() if v is not None} for c in value]


def _same(value: Any) -> Any:
    return value


class Key(Record):
    """One top-level key of ``progress.json``: the only description of its shape, which both
    :meth:`Progress.from_doc` (plain files, no pydantic) and ``coach.data.progress_schema`` (the
    pydantic model, built from this table) follow; a new key is one row in :data:`FIELDS`.
    """

    plain: Callable[[Any], bool]
    """Whether a value is exactly as saved (checked on the default when the key is missing)."""
    schema: str
    """The pydantic type, as annotation text resolved in ``coach.data.progress_schema``."""
    default: Callable[[], Any]
    """The value when the key is missing (pydantic's ``default_factory``)."""
    load: Callable[[Any], Any] = _same
    """The value as saved (or as the schema writes it) -> the :class:`Progress` argument."""
    dump: Callable[[Any], Any] = _same
    """The :class:`Progress` attribute -> the value saved."""
    omit_empty: bool = False
    """Left out of the file when empty (a key older coaches never wrote)."""
    required: bool = False
    """A file without it is not plain (the schema then fills the default in)."""


def _version() -> int:
    return migrations.SCHEMA_VERSION  # looked up now: tests pretend newer


def _current(value: Any) -> bool:
    return type(value) is int and value == _version()


FIELDS: dict[str, Key] = {
    "schema_version": Key(_current, "int", _version, required=True),
    "started_at": Key(_stamp, "datetime", now, _load_stamp, stamp, required=True),
    "updated_at": Key(_stamp, "datetime", now, _load_stamp, stamp, required=True),
    "current_step": Key(_text_or_none, "str | None", lambda: None),
    "welcome_seen": Key(lambda v: isinstance(v, bool), "bool", lambda: False),
    "language": Key(_text_or_none, "str | None", lambda: None),
    "ticks": Key(_stamps, "dict[str, datetime]", dict),
    "unticks": Key(_stamps, "dict[str, datetime]", dict, omit_empty=True),
    "answers": Key(_answers, "dict[str, Any]", dict, _load_answers),
    "contacts": Key(plain_contacts, "list[Contact]", list, _load_contacts, ContactLog.to_list),
    "pause_until": Key(_day_or_none, "Day | None", lambda: None),
    # Breaks taken, ended ones too ({"from", "until"}: first and last day), so history keeps them.
    "breaks": Key(_breaks, "list[dict[str, str]]", list, omit_empty=True),
    # What merging needs (coach.data.merge): never in an export.
    "merge": Key(lambda v: isinstance(v, dict), "dict[str, Any]", dict, omit_empty=True),
}
INTERNAL = ("merge",)  # keys of the snapshot that an export leaves out
KNOWN = tuple(FIELDS)


def in_order(value: Any) -> Any:
    """An export's order, the same on every device whatever order their changes arrived in
    (a field added on one device lands last in the other's record): keys sorted, a record's
    ``id`` first; lists keep their order."""
    if isinstance(value, dict):
        return {k: in_order(value[k]) for k in sorted(value, key=lambda k: (k != "id", k))}
    if isinstance(value, list):
        return [in_order(v) for v in value]
    return value


class Progress:
    """Everything the coach saves about one user (``progress.json``).

    ``ticks`` maps a checklist key to the time stamp (text, as saved) it was ticked;
    ``unticks`` the keys of items the user's data shows done (``done_when``) but the user
    unticked, to when (a key of its own: a coach that does not know it keeps it as it is);
    ``answers`` maps a field key to its JSON value (a records field: a list of dicts, each
    with a stable ``id``); ``contacts`` is the contact log (dicts with ``id``, ``person``,
    ``date``, ``kind``, optional ``note`` and ``at``); ``pause_until`` an ISO date or None;
    ``breaks`` the breaks taken (``from`` and ``until``, ISO dates); ``extra`` holds unknown
    top-level keys.
    """

    def __init__(
        self,
        *,
        started_at: datetime | None = None,
        updated_at: datetime | None = None,
        current_step: str | None = None,
        welcome_seen: bool = False,
        language: str | None = None,
        ticks: dict[str, str] | None = None,
        unticks: dict[str, str] | None = None,
        answers: dict[str, Any] | None = None,
        contacts: list[dict[str, Any]] | ContactLog | None = None,
        pause_until: str | None = None,
        breaks: list[dict[str, str]] | None = None,
        merge: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.schema_version = migrations.SCHEMA_VERSION  # looked up now: tests pretend newer
        self.started_at = started_at or now()
        self.updated_at = updated_at or self.started_at
        self.current_step = current_step
        self.welcome_seen = welcome_seen
        self.language = language
        self.ticks: dict[str, str] = ticks if ticks is not None else {}
        self.unticks: dict[str, str] = unticks if unticks is not None else {}
        self.answers: dict[str, Any] = answers if answers is not None else {}
        self.contacts = contacts if contacts is not None else []
        self.pause_until = pause_until
        self.breaks: list[dict[str, str]] = breaks if breaks is not None else []
        self.merge: dict[str, Any] = merge if merge is not None else {}
        self.extra: dict[str, Any] = extra if extra is not None else {}

    # -- reading and writing documents -----------------------------------------------
    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Progress | None:
        """``doc`` if the schema would take it unchanged (current version, every known key
        of exactly its type), else None: the caller then validates it the full way."""
        values: dict[str, Any] = {}
        for name, key in FIELDS.items():
            if name in doc:
                value = doc[name]
            elif key.required:
                return None
            else:
                value = key.default()
            if not key.plain(value):
                return None
            values[name] = value
        return cls.from_values(values, doc)

    @classmethod
    def from_values(cls, values: dict[str, Any], doc: dict[str, Any]) -> Progress:
        """A progress of checked ``values`` (one per key of :data:`FIELDS`, as saved); the
        keys of ``doc`` that this version does not know are kept."""
        del values["schema_version"]  # always the current one
        loaded = {name: FIELDS[name].load(value) for name, value in values.items()}
        return cls(**loaded, extra={k: v for k, v in doc.items() if k not in FIELDS})

    @property
    def contacts(self) -> ContactLog:
        """The contact log; a list given is taken as the log's list."""
        return self._contacts

    @contacts.setter
    def contacts(self, value: list[dict[str, Any]] | ContactLog) -> None:
        self._contacts = value if isinstance(value, ContactLog) else ContactLog(value)

    def to_doc(self, *, packed: bool = False, export: bool = False) -> dict[str, Any]:
        """The ``progress.json`` document (known keys first, then the unknown ones);
        ``packed``: the contact log as :meth:`ContactLog.for_dump` gives it (for orjson);
        ``export``: without what only this data folder needs (:data:`INTERNAL`)."""
        doc: dict[str, Any] = {}
        for name, key in FIELDS.items():
            if export and name in INTERNAL:
                continue
            if packed and name == "contacts":
                doc[name] = self.contacts.for_dump()
                continue
            value = key.dump(getattr(self, name))
            if value or not key.omit_empty:
                doc[name] = value
        # (by name: the keys another device's operations set arrive in any order)
        doc.update({k: v for k, v in sorted(self.extra.items()) if k not in FIELDS})
        if export:
            for name in ("ticks", "unticks", "answers", "contacts"):
                if name in doc:
                    doc[name] = in_order(doc[name])
        return doc

    def copy(self) -> Progress:
        """A copy whose tables can be changed without changing this one."""
        return Progress(
            started_at=self.started_at,
            updated_at=self.updated_at,
            current_step=self.current_step,
            welcome_seen=self.welcome_seen,
            language=self.language,
            ticks=dict(self.ticks),
            unticks=dict(self.unticks),
            answers=dict(self.answers),
            contacts=self.contacts.to_list(),
            pause_until=self.pause_until,
            breaks=[dict(b) for b in self.breaks],
            extra=dict(self.extra),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Progress) and self.to_doc(export=True) == other.to_doc(export=True)

    __hash__ = None  # type: ignore[assignment]  # mutable, so unhashable

    def __repr__(self) -> str:
        return (
            f"Progress(current_step={self.current_step!r}, ticks={len(self.ticks)}, "
            f"answers={len(self.answers)}, contacts={len(self.contacts)})"
        )

    # -- changes (each caller saves right after) ---------------------------------------
    def tick_values(
        self, key: str, ticked: bool, *, remember_untick: bool = False
    ) -> tuple[str | None, str | None]:
        """What ``ticks[key]`` and ``unticks[key]`` become when the user ticks or unticks
        ``key`` (None: absent); ``remember_untick`` keeps the untick (for an item the user's
        data shows done: see ``coach.domain.status.set_done``)."""
        if ticked:
            return self.ticks.get(key) or stamp(now()), None
        return None, stamp(now()) if remember_untick else None

    def set_tick(self, key: str, ticked: bool, *, remember_untick: bool = False) -> None:
        """Tick or untick ``key`` (:meth:`tick_values`)."""
        values = self.tick_values(key, ticked, remember_untick=remember_untick)
        for table, value in zip((self.ticks, self.unticks), values, strict=True):
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
        self.touch()

    def set_answer(self, key: str, value: Any) -> None:
        if value in (None, "", []):
            self.answers.pop(key, None)
        else:
            self.answers[key] = with_ids(value)
        self.touch()

    def touch(self) -> None:
        self.updated_at = now()

    def is_ticked(self, key: str) -> bool:
        return key in self.ticks

    def is_unticked(self, key: str) -> bool:
        return key in self.unticks

    def answer(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)

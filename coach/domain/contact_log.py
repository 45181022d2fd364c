"""The contact log (``progress.contacts``), kept small while nobody reads it entry by entry.

Three years of use leave 20,000 logged contacts: as Python dicts they cost ~18 MiB, and
opening the coach needs only a little of them (each person's last contact and count, this
week's number). A plainly valid file's log is therefore read in chunks (:func:`split`),
checked and summed up chunk by chunk, and held as the file's own bytes of the array, which
the next save writes back, plus a :class:`Summary`. A command that runs and ends holds them
as read; the UI has them zlib-compressed (a few hundred KiB) as soon as they are read, so
the file's bytes are gone before its screens are built (:meth:`ContactLog.pack`: ~20 ms for
three years, which no command needs to spend). The entries are made again only for
whoever asks for them (a person's history, an export), and not kept. Contacts logged since
are held as they are until the next open. Anything unusual in a file (odd entries, values
that are not text, a chunk that will not parse) takes the full parse, as before.

Pure: no Textual, no Rich, no pydantic.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain, islice, repeat
from operator import itemgetter
from typing import Any, overload

from coach.dates import DAY_SHAPE

Entry = dict[str, Any]

_WS = rb"[ \t\r\n]*"
# The top-level key; a nested "contacts" key, or text inside a string, fails the head check.
_KEY = re.compile(rb'"contacts"' + _WS + rb":" + _WS + rb"\[")
# Where one entry of the array may end and the next begin (a cut inside a string or a nested
# value leaves a chunk that is not valid JSON, so every cut used is checked by parsing).
_CUT = re.compile(rb"\}" + _WS + rb"," + _WS + rb"\{")

# The key this coach writes right after the log (coach.data.progress.FIELDS); no text can
# hold it (a quote inside a string is escaped), so its first match ends the log or a chunk
# fails to parse.
_NEXT_KEY = re.compile(rb"\]" + _WS + rb"," + _WS + rb'"pause_until"' + _WS + rb":")

_SLICE = 64 * 1024  # characters of the packed ids looked through at once (ContactLog.which)
CHUNK = 1000  # entries parsed at once: bounds the memory a load needs on top of the file
MIN_BYTES = 64 * 1024  # a smaller log is loaded as a plain list (nothing to gain)
_TRIES = 8  # cuts inside strings tolerated per chunk before the file takes the full parse
_LEVEL = 1  # zlib: fast; a three-year log packs ~4 MB into ~0.6 MB
_WBITS = -15  # raw deflate: no checksum to compute on every save (the length is checked)


class Summary:
    """What the coach needs of the log on every open: each person's newest contact date (as
    saved text) and number of contacts, and the number of contacts per saved date."""

    __slots__ = ("count", "newest", "pairs", "per_day")

    def __init__(self) -> None:
        self.newest: dict[str, str] = {}
        self.count: Counter[str] = Counter()
        self.per_day: Counter[str] = Counter()
        # (date, expected, felt) of contacts that say both: the courage record (issue 22)
        self.pairs: list[tuple[str, Any, Any]] = []

    @classmethod
    def of(cls, entries: Iterable[Any]) -> Summary:
        summary = cls()
        for entry in entries:
            summary.add(entry)
        return summary

    def add(self, entry: Any) -> None:
        """Count ``entry``; an odd one (a hand-edited file) is skipped, as by every reader."""
        when = entry.get("date") if isinstance(entry, dict) else None
        if isinstance(when, str):
            self.per_day[when] = self.per_day.get(when, 0) + 1
            if "felt" in entry and "expected" in entry:
                self.pairs.append((when, entry["expected"], entry["felt"]))
        try:
            person, when = entry["person"], entry["date"]
            if when > self.newest.get(person, "") and len(when) == 10:
                self.newest[person] = when
            self.count[person] = self.count.get(person, 0) + 1
        except (TypeError, KeyError, AttributeError):
            return


def _take(chunk: Any, summary: Summary, canon: dict[str, str], ids: list[str]) -> bool:
    """Count parsed entries if they are contacts exactly as this coach saves them: dicts of
    text only (so nothing is dropped or changed on load), with ``id``, ``person``, ``kind``
    and a ``YYYY-MM-DD`` ``date``; else False. Their ids, one a line, go to ``ids``.
    Written as C-level passes over the chunk (per-entry Python would cost more than
    parsing the entries)."""
    if not isinstance(chunk, list) or not all(map(isinstance, chunk, repeat(dict))):
        return False
    types = set(map(type, chain.from_iterable(map(dict.values, chunk))))
    if types - {str, int}:
        return False
    try:
        persons = list(map(itemgetter("person"), chunk))
        dates = list(map(itemgetter("date"), chunk))
        kept = list(map(itemgetter("id"), chunk))
        kinds = list(map(itemgetter("kind"), chunk))
    except KeyError:
        return False
    # Text, and small whole numbers (how a contact felt, 0-10) where the plain load takes
    # them (coach.data.progress.plain_contacts): never as an id, person, date, kind or note.
    # Anything else: the full way.
    if int in types and not _small_numbers_in_place(chunk, (persons, dates, kept, kinds)):
        return False
    # Dates recur (three years of contacts fall on about a thousand days): each checked once.
    if not all(map(DAY_SHAPE.fullmatch, set(dates))):
        return False
    lines = "\n".join(kept)
    if lines.count("\n") != len(kept) - 1:  # an id with a line break: the full way
        return False
    ids.append(lines)
    # The summary keeps one object per person and per date (``canon``), not one per entry.
    persons = list(map(canon.setdefault, persons, persons))
    dates = list(map(canon.setdefault, dates, dates))
    newest = summary.newest
    for person, when in zip(persons, dates, strict=True):
        if when > newest.get(person, ""):
            newest[person] = when
    summary.count.update(persons)  # Counter: counted in C
    summary.per_day.update(dates)
    summary.pairs += [
        (e["date"], e["expected"], e["felt"]) for e in chunk if "felt" in e and "expected" in e
    ]
    return True


def _small_numbers_in_place(chunk: list[Entry], columns: tuple[list[Any], ...]) -> bool:
    """Whether the whole numbers in ``chunk`` are 0-10 and none is one of ``columns`` (the
    ids, persons, dates and kinds) or a note."""
    values = chain.from_iterable(map(dict.values, chunk))
    if not all(0 <= v <= 10 for v in values if type(v) is int):
        return False
    if set(map(type, chain.from_iterable(columns))) != {str}:
        return False
    return all(type(entry.get("note", "")) is str for entry in chunk)


def _indented(entries: list[Entry]) -> bytes:
    """``entries`` as :func:`coach.data.store_codec.dump` writes the array (orjson, indented by 2,
    one level deep in the document)."""
    import orjson

    return orjson.dumps(entries, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")


class ContactLog:
    """The logged contacts, in order: a plain list, or packed (see the module's text).

    Reads like a list (``len``, iteration, indexing, ``==`` with a list); ``append`` is the
    one change. The entries a packed log gives are made afresh on each read: change the log
    through :meth:`append` only.
    """

    __slots__ = ("_blob", "_ids", "_items", "_packed", "_raw", "_size", "_summary")

    def __init__(self, entries: Iterable[Entry] | None = None) -> None:
        items = entries if isinstance(entries, list) else list(entries or ())
        self._items: list[Entry] = items  # the list itself, or the entries logged since packing
        self._blob: bytes | None = None  # the packed entries' array as saved, compressed
        # ... or, until :meth:`pack`, as read (a view of the file's immutable bytes; the
        # blob is b"" meanwhile, so "packed" still means ``_blob is not None``)
        self._raw: memoryview | None = None
        self._packed = 0  # how many entries the blob holds
        self._size = 0  # the length of the bytes it holds
        self._summary: Summary | None = None  # kept only while packed (a list may be changed)
        self._ids = ""  # the packed entries' ids, each between line breaks (no id holds one)

    @classmethod
    def _of_bytes(cls, data: memoryview, packed: int, summary: Summary, ids: str) -> ContactLog:
        """``data``: the array as saved, held as read until :meth:`pack`."""
        log = cls()
        log._blob, log._raw = b"", data
        log._packed, log._size, log._summary, log._ids = packed, len(data), summary, ids
        return log

    def pack(self) -> None:
        """Hold a packed log's bytes deflated (raw deflate, level 1) and let the file's go."""
        if self._raw is None:
            return
        packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS)
        self._blob = packer.compress(self._raw) + packer.flush()
        self._raw = None

    def _unpacked(self) -> bytes:
        assert self._blob is not None
        if self._raw is not None:
            return bytes(self._raw)
        data = zlib.decompress(self._blob, _WBITS, self._size)  # one buffer, no regrowing
        if len(data) != self._size:  # never: but a save must not write a cut log
            raise ValueError("the packed contact log did not unpack whole")
        return data

    @property
    def is_packed(self) -> bool:
        return self._blob is not None

    @property
    def held_deflated(self) -> bool:
        """Packed and deflated (:meth:`pack`), no longer holding the file's bytes."""
        return self._blob is not None and self._raw is None

    # -- reading -----------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """Every entry, in order (a packed log's are made for this call)."""
        if self._blob is None:
            return self._items
        return [*json.loads(self._unpacked().decode("utf-8")), *self._items]

    def summary(self) -> Summary:
        """Last contacts, counts and contacts per day, without making the entries."""
        if self._summary is not None:
            return self._summary
        return Summary.of(self._items)

    def has(self, rid: str) -> bool:
        """Whether an entry has the id ``rid`` (a packed log's: without unpacking)."""
        if self._blob is not None and "\n" not in rid and f"\n{rid}\n" in self._ids:
            return True
        return any(isinstance(e, dict) and e.get("id") == rid for e in self._items)

    def which(self, ids: set[str]) -> set[str]:
        """Those of ``ids`` an entry has (a packed log's: without unpacking, and without
        holding all its ids at once: they are read a slice at a time)."""
        found = {str(e.get("id")) for e in self._items if isinstance(e, dict)} & ids
        text, start = self._ids if self._blob is not None else "", 0
        while ids and start < len(text):
            end = text.find("\n", min(start + _SLICE, len(text) - 1)) + 1 or len(text)
            found |= ids.intersection(text[start:end].split("\n"))
            start = end
        found.discard("")
        return found

    def last_id(self) -> str | None:
        """The newest entry's id (None: an empty log, or an entry that is no record)."""
        if self._items:
            last = self._items[-1]
            return str(last.get("id")) if isinstance(last, dict) else None
        return self.packed_last_id()

    def __len__(self) -> int:
        return self._packed + len(self._items)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        if isinstance(index, int) and self._blob is not None and -len(self._items) <= index < 0:
            return self._items[index]  # one of the newest: no unpacking
        return self.entries()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ContactLog):
            return self.entries() == other.entries()
        if isinstance(other, list):
            return self.entries() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, so unhashable

    def __repr__(self) -> str:
        return f"ContactLog({len(self)} entries{', packed' if self._blob is not None else ''})"

    # -- changing and saving ---------------------------------------------------------
    def append(self, entry: Entry) -> None:
        self._items.append(entry)
        if self._summary is not None:
            self._summary.add(entry)

    def newest(self) -> list[Entry]:
        """A packed log's entries logged since it was packed (a copy, in order)."""
        return list(self._items) if self._blob is not None else []

    def packed_last_id(self) -> str | None:
        """The id of the newest entry the blob holds (None: not packed)."""
        if self._blob is None or not self._packed:
            return None
        return self._ids[self._ids.rindex("\n", 0, len(self._ids) - 1) + 1 : -1]

    def put_newest(self, entries: list[Entry], added: Iterable[Entry]) -> None:
        """A packed log's newest entries (see :meth:`newest`) in their order, ``added``
        among them (counted in the summary; the others were already)."""
        assert self._blob is not None
        self._items = entries
        if self._summary is not None:
            for entry in added:
                self._summary.add(entry)

    def to_list(self) -> list[Entry]:
        """The entries as a new list (what ``to_doc`` gives: export, comparisons)."""
        return list(self.entries())

    def for_dump(self) -> Any:
        """What :func:`coach.data.store_codec.dump` serialises: the list, or for a packed log an
        ``orjson.Fragment`` of the array's bytes as read (and the entries logged since)."""
        if self._blob is None:
            return self._items
        import orjson

        body = self._unpacked()
        if self._items:  # one copy of the megabytes, not two (each costs its page faults)
            end = body.rindex(b"}") + 1
            body = b"".join((memoryview(body)[:end], b",", _indented(self._items)[1:]))
        return orjson.Fragment(body)


def split(raw: bytes) -> tuple[dict[str, Any], ContactLog] | None:
    """``raw`` (a whole ``progress.json``) as its top-level object without ``contacts``, and
    the packed log; None when the file is not plainly valid or its log is small, and the
    caller then parses it the full way.

    The head (up to the key, closed with ``}``) and the tail (after the array, opened with
    ``{``) are parsed by the same parser as the full path; the array is cut into chunks of
    :data:`CHUNK` entries parsed one by one. Each piece parsing in its place
    means the whole file parses, to the same value, as the full parse would give."""
    try:
        return _split(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _split(raw: bytes) -> tuple[dict[str, Any], ContactLog] | None:
    for key in islice(_KEY.finditer(raw), 3):
        span = _span(raw, key.end() - 1)
        if span is None:
            return None
        # What the full path looks at closer, in the head and the tail: NUL bytes, "\ud800"
        # escapes (lone surrogates), not-a-number values (JSON has none). The array is
        # parsed by orjson, which refuses each of them itself (a three-year log: 9 ms less).
        if _odd(raw, 0, key.start()) or _odd(raw, span[2] + 1, len(raw)):
            return None
        head = _object(raw[: key.start()].rstrip(), closing=True)
        if head is None:
            continue  # a nested "contacts" key: the head is not the whole object so far
        first, last, close = span
        log = _array(raw, first, last, close, _record_ids(head))
        if log is None:
            return None
        tail = _object(raw[close + 1 :].lstrip(), closing=False)
        if tail is None or "contacts" in head or "contacts" in tail or head.keys() & tail.keys():
            return None
        return {**head, "contacts": log, **tail}, log
    return None


def _odd(raw: bytes, start: int, end: int) -> bool:
    """Whether ``raw[start:end]`` holds what the full path looks at closer (no copy made)."""
    return any(
        raw.find(bad, start, end) != -1 for bad in (b"\x00", b"\\ud", b"\\uD", b"NaN", b"Infinity")
    )


def _object(text: bytes, *, closing: bool) -> dict[str, Any] | None:
    """The head (``{ ... ,``: everything before the key) or the tail (``, ... }`` or ``}``:
    everything after the array) as an object of its own, or None."""
    if closing:
        if text.endswith(b","):
            text = text[:-1] + b"}"
        elif text.endswith(b"{"):
            text += b"}"
        else:
            return None
    elif text.startswith(b","):
        text = b"{" + text[1:]
    elif text.rstrip() == b"}":
        return {}
    else:
        return None
    try:
        value = json.loads(text.decode("utf-8"))
    except json.JSONDecodeError:
        return None  # e.g. the head of a "contacts" key inside a record: not the whole object
    return value if isinstance(value, dict) else None


def _span(raw: bytes, start: int) -> tuple[int, int, int] | None:
    """The first and last byte of the entries of the array opening at ``raw[start]`` (an
    object's ``{`` and ``}``) and its closing ``]``, or None if it is short or its end
    cannot be told."""
    # Its end: a "]" after which the rest of the file is the rest of the object: the one
    # before the key this coach writes next (the snapshot's merge key, later, holds arrays
    # of its own), else tried from the end of the file (the log last or next-to-last). The
    # tail and every chunk parsing then shows it was the right one.
    after = _NEXT_KEY.search(raw, start)
    close = after.start() if after is not None else _end_from_the_back(raw, start)
    if close is None:
        return None
    first = start + 1
    while raw[first : first + 1] in (b" ", b"\t", b"\r", b"\n"):
        first += 1
    last = close - 1
    while raw[last : last + 1] in (b" ", b"\t", b"\r", b"\n"):
        last -= 1
    if last - first < MIN_BYTES or raw[first : first + 1] != b"{" or raw[last : last + 1] != b"}":
        return None
    return first, last, close


def _end_from_the_back(raw: bytes, start: int) -> int | None:
    close = len(raw)
    for _ in range(3):
        close = raw.rfind(b"]", start, close)
        if close < 0:
            return None
        rest = raw[close + 1 : close + 4096].lstrip()
        if rest.startswith(b",") or rest.rstrip() == b"}":
            return close
    return None


def _record_ids(head: dict[str, Any]) -> dict[str, str]:
    """The ids of the records in the head's answers, each as its own key and value: the
    summary then names a person by the same text object as their record."""
    ids: dict[str, str] = {}
    answers = head.get("answers")
    for value in answers.values() if isinstance(answers, dict) else ():
        for record in value if isinstance(value, list) else ():
            rid = record.get("id") if isinstance(record, dict) else None
            if type(rid) is str:
                ids.setdefault(rid, rid)
    return ids


def _array(
    raw: bytes, first: int, last: int, close: int, canon: dict[str, str]
) -> ContactLog | None:
    """The entries from ``raw[first]`` to ``raw[last]`` as a packed log, or None. The bytes
    kept are the file's own, ``[`` to ``]`` (the same JSON, so a save writes the same
    contacts; a file this coach wrote is written byte for byte as the full parse would)."""
    import orjson  # (imported already on the way here: the journals are read with it)

    summary = Summary()
    count = 0
    ids: list[str] = []
    start = raw.rfind(b"[", 0, first)

    def take(begin: int, end: int) -> bool:
        nonlocal count
        # orjson: what _take accepts (objects of text and small whole numbers; none of what
        # orjson and json read differently: big numbers, NaN, lone surrogates) it reads as
        # json does, which makes the entries whenever they are asked for.
        try:
            chunk = orjson.loads(b"[" + raw[begin:end] + b"]")
        except json.JSONDecodeError:  # (orjson's error is one)
            return False
        if not _take(chunk, summary, canon, ids):
            raise ValueError("not a plain contact log")
        count += len(chunk)
        return True

    begin, seen, failed = first, 0, 0
    for cut in _CUT.finditer(raw, first, last + 1):
        seen += 1
        if seen < CHUNK:
            continue
        if take(begin, cut.start() + 1):
            begin, seen, failed = cut.end() - 1, 0, 0
        else:
            failed += 1
            if failed > _TRIES:
                return None
    if not take(begin, last + 1):
        return None
    lines = "\n".join(["", *ids, ""])
    return ContactLog._of_bytes(memoryview(raw)[start : close + 1], count, summary, lines)

"""The contact log (``progress.contacts``), kept small while nobody reads it entry by entry.

Three years of use leave 20,000 logged contacts: as Python dicts they cost ~18 MiB, and
opening the coach needs only a little of them (each person's last contact and count, this
week's number). A plainly valid file's log is therefore read in chunks
(:mod:`coach.data.log_split`), checked and summed up chunk by chunk (or not at all, when
the save that wrote it left a note: :mod:`coach.data.log_index`), and held as the file's
own bytes of the array, which the next save writes back, plus a :class:`Summary`. A
command that runs and ends holds them as read; the UI has them zlib-compressed (a few
hundred KiB) as soon as they are read, so the file's bytes are gone before its screens
are built (:meth:`ContactLog.pack`: ~15 ms for three years, which no command needs to
spend, and none when the note brought them deflated). The entries are made again only for
whoever asks for them (a person's history, an export), and not kept. Contacts logged since
are held as they are until the next open. Anything unusual in a file (odd entries, values
that are not text, a chunk that will not parse) takes the full parse, as before.

Pure: no Textual, no Rich, no pydantic.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, overload

Entry = dict[str, Any]

_SLICE = 64 * 1024  # characters of the packed ids looked through at once (ContactLog.which)
_LEVEL = 1  # zlib: fast; a three-year log packs ~4 MB into ~0.6 MB
WBITS = -15  # raw deflate: no checksum to compute on every save (the length is checked)
# A log in a file this size or smaller is read as a plain list (packing it gains nothing);
# the readers of a long one (coach.data.log_split, log_index) load only past it.
PACKED_FROM = 64 * 1024


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


def deflate(data: memoryview | bytes, level: int = _LEVEL) -> bytes:
    """``data`` as a packed log holds it (raw deflate, level 1 unless told)."""
    packer = zlib.compressobj(level, zlib.DEFLATED, WBITS)
    return packer.compress(data) + packer.flush()


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
    def of_bytes(cls, data: memoryview, packed: int, summary: Summary, ids: str) -> ContactLog:
        """``data``: the array as saved, held as read until :meth:`pack`."""
        log = cls()
        log._blob, log._raw = b"", data
        log._packed, log._size, log._summary, log._ids = packed, len(data), summary, ids
        return log

    @classmethod
    def of_deflated(
        cls, blob: bytes, size: int, packed: int, summary: Summary, ids: str
    ) -> ContactLog:
        """A log held deflated from the start: ``blob`` is ``size`` bytes of the array as
        saved, deflated (a save's note of it: :mod:`coach.data.log_index`)."""
        log = cls()
        log._blob, log._packed, log._size, log._summary, log._ids = blob, packed, size, summary, ids
        return log

    def pack(self) -> None:
        """Hold a packed log's bytes deflated (raw deflate, level 1) and let the file's go."""
        if self._raw is None:
            return
        self._blob = deflate(self._raw)
        self._raw = None

    def _unpacked(self) -> bytes:
        assert self._blob is not None
        if self._raw is not None:
            return bytes(self._raw)
        data = zlib.decompress(self._blob, WBITS, self._size)  # one buffer, no regrowing
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

    def packed_ids(self) -> str:
        """The packed entries' ids, each between line breaks, as :meth:`of_bytes` takes
        them ("" when not packed)."""
        return self._ids if self._blob is not None else ""

    def blob_of(self, array: memoryview) -> bytes | None:
        """The deflated blob, if it holds exactly ``array`` (a save writing the log as it
        was packed: nothing logged since)."""
        if self._blob and self._raw is None and not self._items and len(array) == self._size:
            return self._blob
        return None

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

"""Finding the contact log in the bytes of a ``progress.json`` and reading it in chunks (see
:mod:`coach.domain.contact_log` for why it is kept packed): the head and tail of the file
parsed as objects of their own, the array cut into chunks that are parsed and summed up
one by one, and anything unusual sent back to the full parse.

Pure: no files, no Textual, no pydantic.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import chain, islice, repeat
from operator import itemgetter
from typing import Any

from coach.dates import DAY_SHAPE
from coach.domain import contact_log
from coach.domain.contact_log import ContactLog, Entry, Summary, deflate
from coach.records import Record

_WS = rb"[ \t\r\n]*"
# The top-level key; a nested "contacts" key, or text inside a string, fails the head check.
_KEY = re.compile(rb'"contacts"' + _WS + rb":" + _WS + rb"\[")
# Where one entry of the array may end and the next begin (a cut inside a string or a nested
# value leaves a chunk that is not valid JSON, so every cut used is checked by parsing).
_CUT = re.compile(rb"\}" + _WS + rb"," + _WS + rb"\{")

# The same key at the end of a head read on its own (up to the log's "[").
_KEY_AT_END = re.compile(rb'"contacts"' + _WS + rb":" + _WS + rb"\Z")
# Nineteen digits in a row (each digit made a 0 first: a regular expression took 20 ms
# for a three-year head): a number orjson may not read exactly, or digits in a text.
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_NINETEEN = b"0" * 19

# The key this coach writes right after the log (coach.data.progress.FIELDS); no text can
# hold it (a quote inside a string is escaped), so its first match ends the log or a chunk
# fails to parse.
_NEXT_KEY = re.compile(rb"\]" + _WS + rb"," + _WS + rb'"pause_until"' + _WS + rb":")

CHUNK = 1000  # entries parsed at once: bounds the memory a load needs on top of the file
_TRIES = 8  # cuts inside strings tolerated per chunk before the file takes the full parse
# zlib level of the deflated log a save notes: as quick as the UI's own (level 1) and an
# eighth smaller (~520 KiB for three years, held all the UI's run).
NOTE_LEVEL = 2


class Known(Record):
    """What the save that wrote a ``progress.json`` noted about its contact log (kept by
    :mod:`coach.data.log_index`): the array's place (its ``[`` and ``]``), and what
    :func:`split` would otherwise learn by parsing it."""

    start: int
    close: int
    size: int  # entries
    summary: Summary
    ids: str  # one a line, between line breaks (as ContactLog keeps them)
    deflated: bytes  # the array deflated as ContactLog.pack holds it


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
    found = _locate(raw)
    if found is None:
        return None
    _, (first, last, close), head = found
    log = _array(raw, first, last, close, _record_ids(head))
    if log is None:
        return None
    return _whole(head, raw[close + 1 :], log)


def joined(head: bytearray, tail: bytes, known: Known) -> tuple[dict[str, Any], ContactLog] | None:
    """As :func:`split`, for a file read as its ``head`` (up to the log's ``[``; closed and
    parsed in place, so its megabyte is not copied three times) and ``tail`` (from its
    ``]``) around the array its save noted (``known``), which the caller found there byte
    for byte. The head and tail are checked as :func:`split` checks them; the array, which
    that save checked, is taken as noted."""
    import orjson

    try:
        key = _KEY_AT_END.search(head, max(0, len(head) - 4096))
        if key is None or tail[:1] != b"]":
            return None
        # orjson refuses what the full path looks at closer (NUL, lone surrogates, NaN) on
        # its own; json (a number beyond 64 bits, see below) is not asked to.
        long = head.translate(_DIGITS_AS_ZERO).find(_NINETEEN, 0, key.start()) != -1
        if (long and _odd(head, 0, key.start())) or _odd(tail, 1, len(tail)):
            return None
        end = key.start()
        while end and head[end - 1] in b" \t\r\n":
            end -= 1
        if not end or head[end - 1] not in b",{":
            return None
        del head[end:]
        if head[-1:] == b",":
            head[-1:] = b"}"
        else:
            head += b"}"
        # orjson, in place; json where a number may be beyond 64 bits (orjson reads it as
        # a float: 123456789012345678901234567890 came back 1.2345678901234568e+29).
        parsed = json.loads(head.decode("utf-8")) if long else orjson.loads(head)
        if not isinstance(parsed, dict):
            return None
        size = known.close + 1 - known.start
        summary = _shared(known.summary, _record_ids(parsed))
        log = ContactLog.of_deflated(known.deflated, size, known.size, summary, known.ids)
        return _whole(parsed, tail[1:], log)
    except (ValueError, UnicodeDecodeError, RecursionError):  # (orjson's error is a ValueError)
        return None


def _shared(summary: Summary, canon: dict[str, str]) -> Summary:
    """``summary`` naming each person by the text object of their record and each day by
    one object (as :func:`_take` makes it: two thousand people's texts are not held twice)."""
    days = {day: day for day in summary.per_day}
    shared = Summary()
    shared.newest = {canon.get(p, p): days.get(d, d) for p, d in summary.newest.items()}
    shared.count = Counter({canon.get(p, p): n for p, n in summary.count.items()})
    shared.per_day, shared.pairs = summary.per_day, summary.pairs
    return shared


def _whole(
    head: dict[str, Any], after: bytes, log: ContactLog
) -> tuple[dict[str, Any], ContactLog] | None:
    """The document of ``head``, the log and the tail (``after``: what follows the ``]``)."""
    tail = _object(after.lstrip(), closing=False)
    if tail is None or "contacts" in head or "contacts" in tail or head.keys() & tail.keys():
        return None
    return {**head, "contacts": log, **tail}, log


def _locate(raw: bytes) -> tuple[int, tuple[int, int, int], dict[str, Any]] | None:
    """The top-level log's ``[``, its span (see :func:`_span`) and the parsed head."""
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
        if head is not None:  # (else a nested "contacts" key: not the whole object so far)
            return key.end() - 1, span, head
    return None


def noted(data: bytes, log: ContactLog) -> Known | None:
    """What a later :func:`split` of ``data`` (the bytes a save just wrote, holding ``log``)
    may take without parsing; None for a short log, or one the chunked way would not take
    (parsed on every load, as before). ``deflated``: the log's own blob if it holds just
    that array, else made here (:data:`NOTE_LEVEL`, ~14 ms for three years' log)."""
    span = _written_span(data)
    if span is None:
        return None
    start, close = span
    array = memoryview(data)[start : close + 1]
    summary, lines = Summary(), list[str]()
    fresh = log.newest() if log.is_packed else log.entries()
    if fresh and not _take(fresh, summary, {}, lines):
        return None  # something the chunked way refuses: the next load takes the full way
    if log.is_packed:
        summary, ids = log.summary(), log.packed_ids() + "".join(f"{i}\n" for i in lines)
    else:
        ids = "\n".join(["", *lines, ""])
    deflated = log.blob_of(array) or deflate(array, NOTE_LEVEL)
    return Known(start, close, len(log), summary, ids, deflated)


def _written_span(data: bytes) -> tuple[int, int] | None:
    """The log's ``[`` and ``]`` in what this coach's save just wrote: the log's end is
    right before the key written after it, its start the last ``"contacts": [`` before
    that (its entries, text and small numbers only, can hold none: a quote in a text is
    escaped). Not parsed here: a load checks all of it, and takes the note only where it
    finds the log in the same place."""
    after = _NEXT_KEY.search(data)
    if after is None:
        return None
    close = after.start()
    key = data.rfind(b'"contacts"', 0, close)
    found = _KEY.match(data, key) if key >= 0 else None
    span = _span(data, found.end() - 1) if found is not None else None
    return (found.end() - 1, close) if found is not None and span and span[2] == close else None


def _odd(raw: bytes | bytearray, start: int, end: int) -> bool:
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
    if (
        last - first < contact_log.PACKED_FROM
        or raw[first : first + 1] != b"{"
        or raw[last : last + 1] != b"}"
    ):
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
    return ContactLog.of_bytes(memoryview(raw)[start : close + 1], count, summary, lines)


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

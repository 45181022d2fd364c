"""A note, beside the snapshot, on its contact log: so an open need not parse three years of
contacts again to learn what the save that wrote them already knew.

Each save of a long log (:meth:`coach.data.store.Store.save`) writes
``<data folder>/cache/contact-log``: a first line with the identity of the
``progress.json`` it was written with (inode, size, time of change), the lengths of what
follows and the CRC-32 of its JSON (the array's place, its count, summary and ids), then
the array deflated as the UI holds it (~520 KiB for three years, held all run). A load
takes it only for that very file, its JSON whole, and only if the deflated log inflates
byte for byte to the array there (~3 ms for three years): the snapshot is then read
around its log, which is neither parsed (~30 ms), nor held as read (its megabytes), nor
deflated (~15 ms). Anything else (no note, another file, a torn or odd note) and the file
is read whole, as always. Only a cache: never written on opening, losing it costs one
slower open, a failure to write it is no failed save.
"""

from __future__ import annotations

import contextlib
import os
import stat
import zlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.data import paths
from coach.data.fileio import atomic_write, file_identity, remove_quietly
from coach.domain import contact_log
from coach.domain.contact_log import WBITS, ContactLog, Summary

if TYPE_CHECKING:  # (coach.data.log_split loads only for a long log: not on most starts)
    from coach.data.log_split import Known

NAME = "contact-log"
VERSION = 1
_LIMIT = 64 * 1024 * 1024  # far beyond any note this coach writes
_STRIDE = 256 * 1024  # bytes of the log read at once to check it (one buffer, reused)


def path_in(folder: Path) -> Path:
    return folder / paths.CACHE_DIR / NAME


def read_around(
    path: Path, folder: Path, limit: int
) -> tuple[tuple[int, int, int], bytearray, bytes, Known] | None:
    """The snapshot at ``path`` as its identity, its head (up to the log's ``[``), its tail
    (from the ``]``) and the note on the log between them, if the note is of this very file
    and its deflated log inflates, byte for byte, to the array there (compared a buffer at
    a time: the megabytes of contacts are never held). None: read the file whole."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) or not contact_log.PACKED_FROM < size <= limit:
            return None
        identity = file_identity(info)
        known = read(folder, identity)
        if known is None or not known.start < known.close < size:
            return None
        os.set_blocking(fd, True)
        head = bytearray(known.start)  # (parsed in place: coach.data.log_split.joined)
        if os.preadv(fd, [head], 0) != known.start:
            return None
        if not _same_log(fd, known.start, known.close + 1, known.deflated):
            return None
        tail = os.pread(fd, size - known.close, known.close)
    except (OSError, zlib.error):
        return None
    finally:
        os.close(fd)
    return (identity, head, tail, known) if len(tail) == size - known.close else None


def _same_log(fd: int, start: int, end: int, deflated: bytes) -> bool:
    """Whether ``deflated`` inflates to exactly the file's bytes from ``start`` to ``end``."""
    inflater = zlib.decompressobj(WBITS)  # (as coach.domain.contact_log.deflate made it)
    feed, buffer, at = deflated, bytearray(_STRIDE), start
    view = memoryview(buffer)
    while at < end:
        got = os.preadv(fd, [view[: min(_STRIDE, end - at)]], at)
        if got <= 0:
            return False
        done = 0
        while done < got:
            part = inflater.decompress(feed, got - done)
            feed = inflater.unconsumed_tail
            # (bytes to bytes: a memoryview compared item by item, five times as slow)
            if not part or buffer[done : done + len(part)] != part:
                return False
            done += len(part)
        at += got
    return not feed and not inflater.decompress(b"", 1) and inflater.eof


def write(folder: Path, data: bytes, identity: tuple[int, int, int], log: ContactLog) -> None:
    """Note ``log`` as written in ``data``, the ``progress.json`` of that ``identity``."""
    from coach.data import log_split

    path = path_in(folder)
    known = log_split.noted(data, log) if len(data) > contact_log.PACKED_FROM else None
    if known is None:
        remove_quietly(path)  # (a note of an older file would never match: tidied away)
        return
    import orjson

    summary = known.summary
    body = {
        "start": known.start,
        "close": known.close,
        "size": known.size,
        "newest": summary.newest,
        "per_person": summary.count,
        "per_day": summary.per_day,
        "pairs": summary.pairs,
        "ids": known.ids,
    }
    with contextlib.suppress(OSError, TypeError):  # only a cache
        text = orjson.dumps(body)
        head = orjson.dumps(
            {
                "version": VERSION,
                "file": list(identity),
                "body": len(text),
                "body_crc": zlib.crc32(text),
                "deflated": len(known.deflated),
            }
        )
        paths.ensure_private_dir(path.parent)
        # (not fsynced: a cache; one a crash tore fails its checks and is passed over)
        atomic_write(path, b"".join((head, b"\n", text, known.deflated)), sync=False)


def read(folder: Path, identity: tuple[int, int, int]) -> Known | None:
    """The note on the log of the ``progress.json`` of ``identity``, if there is one and
    it is whole. Read a part at a time, each its exact size (the deflated log, kept, is
    made once)."""
    import orjson

    try:
        fd = os.open(path_in(folder), os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _LIMIT:
            return None
        os.set_blocking(fd, True)
        first = os.pread(fd, 512, 0)
        end = first.find(b"\n")
        head = orjson.loads(first[:end]) if end > 0 else None
        if not isinstance(head, dict) or head.get("file") != list(identity):
            return None
        body, deflated = head.get("body"), head.get("deflated")
        if head.get("version") != VERSION or type(body) is not int or type(deflated) is not int:
            return None
        if end + 1 + body + deflated != info.st_size or body < 0 or deflated < 0:
            return None
        text = os.pread(fd, body, end + 1)
        if len(text) != body or zlib.crc32(text) != head.get("body_crc"):
            return None  # torn, or changed since it was written
        blob = os.pread(fd, deflated, end + 1 + body)
        return _known(orjson.loads(text), blob) if len(blob) == deflated else None
    except (OSError, ValueError, TypeError, KeyError):  # (orjson's error is a ValueError)
        return None
    finally:
        os.close(fd)


def _known(body: Any, deflated: bytes) -> Known | None:
    """``body`` as a note, if every part has its shape (the file may be anything)."""
    numbers = [body["start"], body["close"], body["size"]]
    if not all(type(n) is int and n > 0 for n in numbers):
        return None
    newest, per_person, per_day = body["newest"], body["per_person"], body["per_day"]
    pairs, ids, size = body["pairs"], body["ids"], body["size"]
    texts = isinstance(newest, dict) and all(type(v) is str for v in newest.values())
    counts = all(
        isinstance(d, dict) and all(type(v) is int for v in d.values())
        for d in (per_person, per_day)
    )
    paired = isinstance(pairs, list) and all(
        isinstance(p, list) and len(p) == 3 and type(p[0]) is str for p in pairs
    )
    # The ids: one a line between line breaks, one for each contact, none empty.
    listed = type(ids) is str and ids.count("\n") == size + 1 and ids[:1] == ids[-1:] == "\n"
    if not (texts and counts and paired and listed and "\n\n" not in ids):
        return None
    from coach.data.log_split import Known

    summary = Summary()
    summary.newest, summary.count, summary.per_day = newest, Counter(per_person), Counter(per_day)
    summary.pairs = [(p[0], p[1], p[2]) for p in pairs]
    return Known(body["start"], body["close"], size, summary, ids, deflated)

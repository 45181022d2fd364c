"""Journals: every change as one line of JSON, appended and fsynced, one file per device.

* A device is a data folder (``device.json`` names its id, the folder and the machine it
  was made for: a folder copied elsewhere gets a new id on its first change, so it is a new
  device, never a clone). Opening the coach writes nothing; the id is written with the
  first change.
* This device's journal is ``journal/<device>.jsonl`` in the data folder; with sync on, the
  same lines go to ``<sync folder>/<device>.jsonl``, and the other devices' files there are
  read. Each device writes only its own file, so a sync tool never sees two writers.
* Reading is forgiving: a torn last line (a file half carried by a sync tool, a crash in
  the middle of an append) is left until it is whole; a line that is not JSON, or not an
  operation, is skipped and counted; an operation of a newer version is kept, not applied.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import zlib
from itertools import repeat
from pathlib import Path
from typing import Any, TypeGuard

from coach.data import paths
from coach.data.fileio import atomic_write, read_limited
from coach.data.merge_meta import is_device_id, is_stamp

JOURNAL_DIR = "journal"
DEVICE_FILE = "device.json"
SUFFIX = ".jsonl"
OP_VERSION = 1
MAX_JOURNAL = 64 * 1024 * 1024  # a larger journal is not read (said once): never a hang
CONFLICT_MARKS = (".sync-conflict-", " (conflicted copy", "(Conflicted copy")


class Op:
    """One operation: what (``do``, with ``say`` for the words an undo shows), when (a
    stamp of :mod:`coach.data.merge`'s clock), on which device, which assignments (``set``)
    and what they replaced (``was``: this device's undo; ``takes_back`` says it has one).

    This device's operations are kept for its undo all run long, and read again only when
    one is taken back: :meth:`shrink` holds an operation's parts as its line meanwhile
    (300 operations: ~0.1 MiB instead of ~0.6 MiB as objects)."""

    __slots__ = (
        "_line",
        "_say",
        "_set",
        "_was",
        "at",
        "dev",
        "do",
        "id",
        "source",
        "takes_back",
        "undo",
        "v",
    )
    FIELDS = ("at", "dev", "do", "id", "say", "set", "undo", "v", "was")

    def __init__(
        self,
        id: str,
        at: str,
        dev: str,
        do: str,
        set: list[list[Any]],
        say: dict[str, Any] | None = None,
        was: list[list[Any]] | None = None,
        undo: str | None = None,
        v: int = OP_VERSION,
    ) -> None:
        self.id, self.at, self.dev, self.do = id, at, dev, do
        self._set: list[list[Any]] = set
        self._say: dict[str, Any] = {} if say is None else say
        self._was = was
        self.undo, self.v = undo, v
        self.takes_back = was is not None
        self._line: bytes | None = None  # set by shrink(): the parts above are in it
        self.source: bytes | None = None  # the journal line it was read from, with its "\n"

    @property
    def set(self) -> list[list[Any]]:
        if self._line is not None:
            self._open()
        return self._set

    @property
    def say(self) -> dict[str, Any]:
        if self._line is not None:
            self._open()
        return self._say

    @property
    def was(self) -> list[list[Any]] | None:
        if self._line is not None:
            self._open()
        return self._was

    def shrink(self, line: bytes | None = None) -> None:
        """Hold ``set``, ``say`` and ``was`` as the operation's line (``line``: made
        already) until one is read."""
        if self._line is None:
            # (the line it was read from, if any: this device's journal, read on every
            # open, was serialised again for each of its operations)
            made = line if line is not None else self.source
            self._line = made if made is not None else self.to_line()
            self._set, self._say, self._was = [], {}, None
        self.source = None

    def _open(self) -> None:
        line, self._line = self._line, None
        again = Op.from_doc(_loads(line)) if line is not None else None
        if again is not None:  # (always: the line is this operation's own)
            self._set, self._say, self._was = again._set, again._say, again._was

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Op):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass's

    def __repr__(self) -> str:
        return f"Op(id={self.id!r}, at={self.at!r}, dev={self.dev!r}, do={self.do!r})"

    def to_line(self) -> bytes:
        if self._line is not None:
            return self._line
        doc: dict[str, Any] = {"v": self.v, "id": self.id, "at": self.at, "dev": self.dev}
        doc["do"] = self.do
        if self.say:
            doc["say"] = self.say
        doc["set"] = self.set
        if self.was is not None:
            doc["was"] = self.was
        if self.undo:
            doc["undo"] = self.undo
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

    @classmethod
    def from_doc(cls, doc: Any) -> Op | None:
        """An operation, or None if ``doc`` is not one. (Written for speed: a fold of
        another device's 20,000 operations reads each through here.)"""
        if not isinstance(doc, dict):
            return None
        get = doc.get
        ident, at, dev, do = get("id"), get("at"), get("dev"), get("do")
        if not (_text(ident) and _text(at) and _text(dev) and _text(do)):
            return None
        changes, version = get("set"), get("v", OP_VERSION)
        if not isinstance(changes, list) or not isinstance(version, int):
            return None
        if version <= OP_VERSION and not is_stamp(at):
            return None  # (a newer coach's stamps are its own: such an op is kept, not applied)
        was, say, undo = get("was"), get("say"), get("undo")
        return cls(
            ident,
            at,
            dev,
            do,
            [c for c in changes if _assignment(c)],
            say if isinstance(say, dict) else {},
            [c for c in was if _assignment(c)] if isinstance(was, list) else None,
            undo if isinstance(undo, str) else None,
            version,
        )


def _text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and value != ""


def _assignment(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    size = len(value)
    if size != 2 and size != 3:
        return False
    path = value[0]
    return (
        isinstance(path, list)
        and bool(path)
        and all(map(isinstance, path, repeat(str)))  # (C-level: ~100,000 a big fold)
        and (size == 2 or is_stamp(value[2]))
    )


class Tail:
    """What reading a journal from an offset found."""

    __slots__ = ("bad", "end", "identity", "mark", "newer", "ops", "problem", "torn")

    def __init__(
        self, ops: list[Op], end: int, identity: int, *, problem: OSError | None = None
    ) -> None:
        self.ops = ops
        self.end = end  # the offset after the last whole line read
        self.identity = identity  # the file's inode: another file starts over at 0
        self.bad = 0  # lines that are not JSON or not an operation
        self.newer = 0  # operations of a newer version: kept in the file, not applied
        self.torn = False  # a last line without its end: waits until it is whole
        self.problem = problem
        self.mark: int | None = None  # the bytes before ``end`` (:func:`read_tail`'s ``mark``)


MARK = 256  # the bytes before a read offset that are checked before reading on from it


def read_tail(
    path: Path, offset: int = 0, identity: int | None = None, mark: int | None = None
) -> Tail:
    """The operations in ``path`` after ``offset`` (from 0 if the file is another one than
    ``identity``, or, with ``mark``, if the bytes before ``offset`` are no longer the ones
    read then: an older copy put back in place, keeping the file). A symlink, a FIFO, a
    device or an oversized file is not read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return Tail([], 0, 0)
        return Tail([], offset, identity or 0, problem=exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Tail(
                [], offset, identity or 0, problem=OSError(errno.EINVAL, "oserror.not_regular")
            )
        if info.st_size > MAX_JOURNAL:
            too_big = OSError(errno.EFBIG, f"larger than {MAX_JOURNAL:,} bytes")
            return Tail([], offset, info.st_ino, problem=too_big)
        os.set_blocking(fd, True)
        if identity != info.st_ino or info.st_size < offset:
            offset = 0  # another file, or cut shorter: read it all again (idempotent)
        elif offset and mark is not None and _mark(fd, offset) != mark:
            offset = 0  # rewritten in place (what was read is not there): all again
        os.lseek(fd, offset, os.SEEK_SET)
        data = b""
        while chunk := os.read(fd, 1 << 20):
            data += chunk
            if len(data) > MAX_JOURNAL:
                break
        end = offset + data.rfind(b"\n") + 1
        marked = _mark(fd, end) if end else None
    except OSError as exc:
        return Tail([], offset, identity or 0, problem=exc)
    finally:
        os.close(fd)
    tail = _parse(data, offset, info.st_ino)
    tail.mark = marked
    return tail


def _mark(fd: int, end: int) -> int:
    """A checksum of the :data:`MARK` bytes before ``end``."""
    start = max(0, end - MARK)
    return zlib.crc32(os.pread(fd, end - start, start))


def _parse(data: bytes, offset: int, ino: int) -> Tail:
    tail = Tail([], offset, ino)
    whole = data.rfind(b"\n") + 1
    tail.torn = whole < len(data)
    import orjson  # (see _loads; here once for all lines, not once a line)

    fast, from_doc = orjson.loads, Op.from_doc
    for line in data[:whole].splitlines(keepends=True):  # (kept whole: see Op.source)
        if line.isspace():
            continue
        try:
            doc = fast(line)
        except ValueError:
            try:
                doc = _loads(line)  # what orjson refuses, json may read
            except (ValueError, RecursionError):
                doc = None
        op = from_doc(doc)
        if op is not None:  # a line written back as it was read must end as a line does
            op.source = line if line.endswith(b"\n") else line.rstrip(b"\r") + b"\n"
        if op is None:
            tail.bad += 1
        elif op.v > OP_VERSION:
            tail.newer += 1
        else:
            tail.ops.append(op)
    tail.end = offset + whole
    return tail


def newer_lines(path: Path) -> list[bytes]:
    """The lines of ``path`` that hold operations of a newer version (kept by a rewrite)."""
    tail = read_tail(path)
    if not tail.newer:
        return []
    data = read_limited(path, MAX_JOURNAL)
    out = []
    for line in data[: data.rfind(b"\n") + 1].splitlines(keepends=True):
        try:
            doc = _loads(line)
        except (ValueError, RecursionError):
            continue
        version = doc.get("v") if isinstance(doc, dict) else None
        if isinstance(version, int) and version > OP_VERSION and Op.from_doc(doc) is not None:
            out.append(line)
    return out


def _loads(line: bytes) -> Any:
    """orjson (a third of json's time per line); json for what orjson refuses (integers
    beyond 64 bits, lone surrogates), as :func:`coach.data.store_codec.dump` writes them.
    orjson is imported here, when a journal is read: ``coach status`` without journals and
    the UI's first frame never load it (with the uuid and platform modules it imports)."""
    import orjson

    try:
        return orjson.loads(line)
    except ValueError:
        return json.loads(line, parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    """NaN and Infinity are no JSON: a line holding one (another tool's) is not a change;
    taken in, the export would print them and its import refuse them."""
    raise ValueError(f"{name} is not JSON")


def append(path: Path, lines: bytes, *, in_place: bool = False) -> None:
    """Add whole lines to ``path`` (made 0600 if new), fsynced; never follows a link.
    ``in_place``: the folder must be there already (a sync folder: one that is gone, a disk
    unplugged or unmounted, is not made again on the local disk in its place)."""
    if not in_place:
        paths.ensure_private_dir(path.parent)
    elif not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path.parent))
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size and not _ends_whole(fd, info.st_size):
            lines = b"\n" + lines  # after a torn line (a crash mid-append): start afresh
        view = memoryview(lines)
        try:
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            _take_back(fd, info.st_size, len(lines) - len(view))
            raise
    finally:
        os.close(fd)


def _take_back(fd: int, size: int, written: int) -> None:
    """A refused append (a full disk) may have written part of its line: cut it off again,
    unless another process appended after it (the part is then read past, as a torn line)."""
    with contextlib.suppress(OSError):
        if os.fstat(fd).st_size == size + written:
            os.ftruncate(fd, size)
            os.fsync(fd)


def near_end(path: Path, needle: bytes, window: int = 64 * 1024) -> bool:
    """Whether ``needle`` is in the last ``window`` bytes of ``path`` (True when the file
    cannot be read: nothing to repair from here)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return True
    try:
        size = os.fstat(fd).st_size
        return needle in os.pread(fd, window, max(0, size - window))
    except OSError:
        return True
    finally:
        os.close(fd)


def _ends_whole(fd: int, size: int) -> bool:
    return os.pread(fd, 1, size - 1) == b"\n"


def journal_path(folder: Path, device: str) -> Path:
    return folder / JOURNAL_DIR / f"{device}{SUFFIX}"


def journal_files(folder: Path) -> list[Path]:
    """The journals in ``folder`` (this data folder's ``journal/`` or a sync folder), in
    name order; sync tools' conflict copies included (they are read like any journal)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / n for n in names if n.endswith(SUFFIX) and not n.startswith(".")]


def device_of(path: Path) -> str:
    """The device a journal file belongs to (a conflict copy: the device of its original)."""
    name = path.name[: -len(SUFFIX)]
    for mark in CONFLICT_MARKS:
        name = name.split(mark)[0]
    return name.strip()


def is_conflict_copy(path: Path) -> bool:
    return any(mark in path.name for mark in CONFLICT_MARKS)


# -- this device ---------------------------------------------------------------------------
class Device:
    """This data folder as a device: its id, its sync folder and its kept calendar file."""

    __slots__ = ("broken", "calendar", "id", "known", "sync")

    def __init__(
        self, id: str, known: bool, sync: Path | None = None, calendar: Path | None = None
    ) -> None:
        self.id = id
        self.known = known  # device.json names this folder on this machine (else: on a change)
        self.sync = sync  # the sync folder
        self.calendar = calendar  # the calendar file kept current (coach calendar --keep)
        self.broken = False  # device.json is there but unreadable: its settings are lost

    def __repr__(self) -> str:
        return f"Device({self.id!r}, {self.known}, sync={self.sync}, calendar={self.calendar})"


def machine_id() -> str:
    for candidate in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        with contextlib.suppress(OSError):
            text = Path(candidate).read_text(encoding="ascii", errors="replace").strip()
            if text:
                return text[:64]
    import socket

    return socket.gethostname()[:64]


def read_device(folder: Path, new_id: str) -> Device:
    """This data folder's device: its id if ``device.json`` was made for this very folder
    on this machine, else ``new_id`` (a copy is a new device); nothing is written."""
    fresh = Device(new_id, False)
    try:
        doc = json.loads(read_limited(folder / DEVICE_FILE, 64 * 1024))
    except FileNotFoundError:
        return fresh
    except (OSError, ValueError):
        doc = None
    if not isinstance(doc, dict) or not is_device_id(doc.get("id")):
        fresh.broken = True  # (an id is a file name: "../x" would write elsewhere)
        return fresh
    same = doc.get("folder") == str(folder.resolve()) and doc.get("machine") == machine_id()
    sync, calendar = (
        Path(v) if isinstance(v, str) and v else None
        for v in (doc.get("sync"), doc.get("calendar"))
    )
    if not same:
        return Device(new_id, False, sync, calendar)
    return Device(doc["id"], True, sync, calendar)


def write_device(folder: Path, device: Device) -> None:
    doc = {
        "id": device.id,
        "folder": str(folder.resolve()),
        "machine": machine_id(),
        "sync": str(device.sync) if device.sync else None,
        "calendar": str(device.calendar) if device.calendar else None,
    }
    paths.ensure_private_dir(folder)
    atomic_write(folder / DEVICE_FILE, json.dumps(doc, indent=1).encode() + b"\n")
    device.known = True

"""A folder the user already syncs (Syncthing, Dropbox, iCloud Drive, Nextcloud, a git
repository) carries the journals between devices. No server, no account, no network code:
each device writes only ``<folder>/<device>.jsonl``; the sync tool carries the files; every
device folds in the others' (:mod:`coach.data.book`). Turning sync on publishes this
device's whole state once (a *base*: every value with the stamp it holds), so a device that
joins later gets everything.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.data import journal, merge, paths
from coach.data.changes import is_records, state_changes
from coach.data.fileio import atomic_write
from coach.data.progress import Progress, stamp

README = "README-coach.txt"
README_TEXT = """\
This folder carries the coach's changes between your devices.
Each device writes only its own file here (<device>.jsonl): one line per change.
These files hold what you keep in the coach, notes about other people included.
A cloud folder keeps them at its provider. Delete a device's file only when that device
is gone for good.

Dieser Ordner trägt die Änderungen des Coaches zwischen deinen Geräten.
Jedes Gerät schreibt hier nur seine eigene Datei (<Gerät>.jsonl): eine Zeile je Änderung.
Diese Dateien enthalten, was du im Coach festhältst, auch Notizen über andere Menschen.
Ein Cloud-Ordner speichert sie bei seinem Anbieter. Lösche die Datei eines Geräts nur,
wenn dieses Gerät endgültig weg ist.
"""  # both languages: the devices sharing the folder may speak different ones


class SyncFolderError(Exception):
    """A folder that cannot be the sync folder; ``key`` names why (catalog message)."""

    def __init__(self, key: str, folder: Path, error: OSError | None = None) -> None:
        super().__init__(key)
        self.key, self.folder, self.error = key, folder, error


def check_folder(folder: Path, data_dir: Path) -> Path:
    """``folder`` made absolute and ready, or :class:`SyncFolderError`: inside the data
    folder, another coach's data folder, not a folder, not writable, or a name whose
    parent folder is missing too (a typo such as ~/Sycn/coach: devices that never meet).
    A missing folder in an existing one is made (0700); an existing one is left as it is
    (the user's synced folder: its permissions are theirs)."""
    try:
        target = folder.expanduser().resolve()
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        raise SyncFolderError("sync.not_folder", folder) from None
    data = data_dir.resolve()
    if target == data or data in target.parents:
        raise SyncFolderError("sync.inside_data", target)
    if target in data.parents:
        raise SyncFolderError("sync.holds_data", target)
    if any((target / name).exists() for name in (paths.PROGRESS_FILE, journal.DEVICE_FILE)):
        raise SyncFolderError("sync.other_coach", target)
    if _inside_a_coach(target):  # e.g. another coach's journal/: its own journals, not ours
        raise SyncFolderError("sync.other_coach", target)
    if target.exists() and (target.is_symlink() or not target.is_dir()):
        raise SyncFolderError("sync.not_folder", target)
    if not target.exists() and not target.parent.is_dir():
        gone = not target.parent.exists()  # (a file where its folder would be: not a folder)
        raise SyncFolderError("sync.no_parent" if gone else "sync.not_folder", target)
    try:
        if not target.exists():
            paths.ensure_private_dir(target)
        probe = target / f".coach-probe-{os.getpid()}"
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise SyncFolderError("sync.not_writable", target, exc) from None
    readme = target / README
    if not readme.exists():
        with contextlib.suppress(OSError):
            atomic_write(readme, README_TEXT.encode("utf-8"))
    return target


def _inside_a_coach(target: Path) -> bool:
    """A folder some level above ``target`` is a coach's data folder (its snapshot or its
    device file beside its ``journal`` folder)."""
    for parent in target.parents:
        marks = (parent / paths.PROGRESS_FILE, parent / journal.DEVICE_FILE)
        if (parent / journal.JOURNAL_DIR).is_dir() and any(m.exists() for m in marks):
            return True
    return False


def base_changes(progress: Progress, meta: merge.Meta, at: str) -> list[list[Any]]:
    """Every value of the state as assignments, each with the stamp it holds (a value from
    before operations: ``at``, and records one after another in their order, so every
    device lists them as this one does)."""
    ms, _, device = at.split(".", 2)
    out: list[list[Any]] = [[["p", "started_at"], stamp(progress.started_at), at]]
    fresh = Progress()
    for path, value in state_changes(fresh, progress):
        if path[0] == "r":
            continue
        out.append([path, value, meta.clock.get(merge.key(path)) or at])
    for name in [*sorted(progress.answers), merge.CONTACTS]:
        items = merge.records(progress, name)
        if not is_records(items):
            continue
        for index, record in enumerate(items):
            rid = str(record["id"])
            rkey = merge.key(("r", name, rid))
            own = meta.created.get(rkey) or f"{int(ms):013d}.{index:06d}.{device}"
            out.append([["r", name, rid], record, meta.clock.get(rkey) or own])
    return out


@dataclass
class Seen:
    """One device's file in the sync folder, as ``coach sync --status`` tells it."""

    device: str
    path: Path
    size: int
    modified: float
    mine: bool
    conflict: bool


def devices(folder: Path, mine: str) -> list[Seen]:
    out = []
    for path in journal.journal_files(folder):
        try:
            info = os.stat(path, follow_symlinks=False)
        except OSError:
            continue
        device = journal.device_of(path)
        last = _last_stamp(path)  # (the file's own time is when a sync tool copied it)
        out.append(
            Seen(
                device,
                path,
                info.st_size,
                merge.stamp_time(last) if last else info.st_mtime,
                device == mine,
                journal.is_conflict_copy(path),
            )
        )
    return out


_AT = re.compile(rb'"at":"(\d{13}\.\d{6}\.[0-9A-Za-z_-]{1,64})"')


def _last_stamp(path: Path, chunk: int = 64 * 1024) -> str | None:
    """The stamp of the last whole line of a journal (its latest change: a device's stamps
    only grow), or None. Found from the end, however long the line (an import of many
    people is one line): the newline that ends it, the one before; its stamp is near its
    start."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        ends: list[int] = []  # the last two newlines, from the end
        pos = os.fstat(fd).st_size
        while pos > 0 and len(ends) < 2:
            start = max(0, pos - chunk)
            block = os.pread(fd, pos - start, start)
            cut = len(block)
            while len(ends) < 2 and (cut := block.rfind(b"\n", 0, cut)) >= 0:
                ends.append(start + cut)
            pos = start
        head = os.pread(fd, 256, ends[1] + 1 if len(ends) == 2 else 0) if ends else b""
    except OSError:
        return None
    finally:
        os.close(fd)
    found = _AT.search(head)
    stamp = found.group(1).decode() if found else ""
    return stamp if merge.is_stamp(stamp) else None


def published(folder: Path, device: str) -> bool:
    """Whether this device's file is in ``folder`` (its state published there)."""
    return (folder / f"{device}{journal.SUFFIX}").is_file()


def publish(folder: Path, device: str, lines: bytes) -> None:
    """Write this device's lines to its file in the sync folder (appended)."""
    path = folder / f"{device}{journal.SUFFIX}"
    if path.is_symlink():
        raise OSError(errno.ELOOP, "is a link", str(path))
    journal.append(path, lines)

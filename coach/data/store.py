"""Saving and loading progress so that nothing is ever lost.

* Saves are atomic: the new state goes to a temp file in the same folder, is flushed and
  fsynced, then ``os.replace``d over the old file, then the folder is fsynced. The version
  being replaced is kept as ``backups/previous.json`` (a hard link: no copy), and a
  timestamped backup is kept every few minutes (a bounded number of them).
* A file that cannot be read (empty, truncated, not JSON, wrong schema) is never
  overwritten: it is moved aside as ``progress.json.broken-<when>-<why>`` and the caller is
  told, with the newest good backup to offer. Until something is saved again, every load
  keeps saying so instead of starting afresh.
* A file written by a newer coach is refused and left untouched.
* One writer at a time: an exclusive ``flock`` on ``progress.lock``, freed by the OS when
  the process dies (kill -9 included). A file changed behind our back since we read it is
  kept as a backup before we replace it.
* Folder 0700, every file 0600, whatever the umask.

The errors live in ``coach.data.store_errors``, bytes <-> progress in ``coach.data.store_codec``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.data import log_index, paths
from coach.data.fileio import atomic_write, fsync_dir, read_limited, temp_path, write_temp
from coach.data.fileio import file_identity as _identity
from coach.data.fileio import remove_quietly as _unlink
from coach.data.migrations import SCHEMA_VERSION

# Re-exported ("X as X"): callers import these from here.
from coach.data.store_codec import checked as checked
from coach.data.store_codec import decode as decode
from coach.data.store_codec import decode_noted, peek
from coach.data.store_codec import dump as dump
from coach.data.store_codec import invalid as invalid
from coach.data.store_codec import not_a_number as not_a_number
from coach.data.store_codec import parse as parse
from coach.data.store_errors import APP, COMMAND
from coach.data.store_errors import BrokenEarlier as BrokenEarlier
from coach.data.store_errors import BrokenFile as BrokenFile
from coach.data.store_errors import LinkedFile as LinkedFile
from coach.data.store_errors import Locked as Locked
from coach.data.store_errors import NewerVersion as NewerVersion
from coach.data.store_errors import Reason as Reason
from coach.data.store_errors import SaveFailed as SaveFailed
from coach.data.store_errors import StoreError as StoreError
from coach.data.store_errors import Unusable as Unusable

if TYPE_CHECKING:
    from coach.data.progress import Progress

MAX_PROGRESS_BYTES = 200_000_000  # far beyond any real plan; a FIFO or a runaway file is refused
BACKUPS_KEPT = 10
BACKUP_EVERY_SECONDS = 300
PREVIOUS = "previous.json"
LOCK_WAIT = 5.0  # seconds a change waits for a lock another process holds for milliseconds
BROKEN = ".broken-"

_held: dict[Path, int] = {}  # data folder -> lock fd, for the locks this process holds


class Store:
    """The progress file in one data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # (inode, size, mtime) of the file as we last read or wrote it: anything else on
        # disk at save time was written by someone else, and is kept as a backup first.
        self._known: tuple[int, int, int] | None = None
        self._last_stamped: float | None = None
        # What peek() decoded, with the file's identity then: load() takes it while unchanged.
        self._peeked: tuple[tuple[int, int, int], Progress] | None = None

    def __repr__(self) -> str:
        return f"Store({self.folder})"

    @property
    def path(self) -> Path:
        return self.folder / paths.PROGRESS_FILE

    @property
    def backup_dir(self) -> Path:
        return self.folder / paths.BACKUP_DIR

    # -- reading ---------------------------------------------------------------------
    def peek(self) -> tuple[Progress | None, dict[str, Any] | None]:
        """The saved progress if the file is plainly valid, else None and its document (None
        when unreadable or not JSON); never an error, nothing changed on disk (a broken file
        is set aside by :meth:`load` only). A load right after takes what this decoded, while
        the file is the same, so a start that peeks (the language) parses the file once."""
        self._peeked = None
        try:
            if os.path.islink(self.path):
                return None, None
            noted = self._noted()
            if noted is not None:
                self._peeked = noted
                return noted[1], None
            seen = _identity(os.stat(self.path))
            raw = read_limited(self.path, MAX_PROGRESS_BYTES)
        except OSError:
            return None, None
        progress, doc = peek(raw)
        if progress is not None:
            self._peeked = (seen, progress)
        return progress, doc

    def load(self) -> Progress:
        """The saved progress, a fresh one if there never was any, or :class:`StoreError`."""
        peeked, self._peeked = self._peeked, None
        if os.path.islink(self.path):
            raise LinkedFile(self.path)
        try:
            seen = _identity(os.stat(self.path))
            if peeked is None or peeked[0] != seen:
                peeked = self._noted()
            if peeked is not None and peeked[0] == seen:
                self._known = seen
                return peeked[1]
            raw = read_limited(self.path, MAX_PROGRESS_BYTES)
        except FileNotFoundError:
            broken = self.broken_files()
            if broken:  # moved aside earlier and nothing saved since: never silently afresh
                raise BrokenEarlier(self.path, broken[0], self.newest_good_backup()) from None
            from coach.data.progress import Progress

            return Progress()
        except OSError as exc:
            raise StoreError("store.unreadable", path=self.path, error=exc) from None
        try:
            progress, migrated = decode(raw)
        except Unusable as exc:
            raise self._set_aside(exc.reason) from None
        except NewerVersion as exc:
            raise NewerVersion(self.path, exc.version) from None
        if migrated:
            # Backup first: the next save writes the new version over the old one.
            label = f"before-v{SCHEMA_VERSION}"
            done = any(
                p.name.endswith(f"-{label}.json") and _read(p) == raw for p in self.backups()
            )
            if not done:
                with contextlib.suppress(OSError):
                    self._backup_copy(raw, label)
        self._known = seen
        return progress

    def _noted(self) -> tuple[tuple[int, int, int], Progress] | None:
        """The file read around its contact log, as the save that wrote it noted it (see
        :mod:`coach.data.log_index`), with its identity; None: read it whole."""
        parts = log_index.read_around(self.path, self.folder, MAX_PROGRESS_BYTES)
        if parts is None:
            return None
        seen, head, tail, known = parts
        progress = decode_noted(head, tail, known)
        return None if progress is None else (seen, progress)

    def broken_files(self) -> list[Path]:
        """Files set aside as broken, newest first."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        prefix = paths.PROGRESS_FILE + BROKEN
        return [self.folder / n for n in sorted(names, reverse=True) if n.startswith(prefix)]

    def _set_aside(self, reason: Reason) -> BrokenFile:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        slug = reason.slug  # ASCII in every language: it is part of a file name
        target: Path | None = None
        for n in range(1, 100):
            name = f"{self.path.name}{BROKEN}{stamp}-{slug}" + (f"-{n}" if n > 1 else "")
            candidate = self.path.with_name(name)
            if _move_unless_exists(self.path, candidate):
                target = candidate
                with contextlib.suppress(OSError):
                    os.chmod(target, 0o600)
                fsync_dir(self.folder)
                break
            if not candidate.exists():
                break  # the move itself failed (read-only folder): left where it is
        return BrokenFile(self.path, target, reason, self.newest_good_backup())

    # -- writing ---------------------------------------------------------------------
    def save(self, progress: Progress) -> None:
        """Write ``progress`` atomically, or raise :class:`SaveFailed` with the old file
        untouched (``progress`` itself is not changed, so the caller can retry)."""
        data = dump(progress)
        self.save_bytes(data)
        if self._known is not None:  # the next load takes the log as this save knew it
            log_index.write(self.folder, data, self._known, progress.contacts)

    def save_bytes(self, data: bytes) -> None:
        """Write an already serialised progress document the same way."""
        try:
            if os.path.islink(self.path):  # made a link while open: never replace or follow it
                raise OSError(errno.ELOOP, "is a link", str(self.path))
            paths.ensure_private_dir(self.folder)
            tmp, written = write_temp(self.path, data)
            try:
                self._keep_previous()
                os.replace(tmp, self.path)
            except BaseException:
                _unlink(tmp)
                raise
            fsync_dir(self.folder)
        except OSError as exc:
            raise SaveFailed(self.path, exc) from None
        self._known = written

    def _keep_previous(self) -> None:
        """Hard-link the version about to be replaced into the backups (cheap, no copy)."""
        try:
            current = os.stat(self.path)
        except FileNotFoundError:
            return
        paths.ensure_private_dir(self.backup_dir)
        if self._known is not None and _identity(current) != self._known:
            self._link_backup(_stamped_name("changed-elsewhere"))
        if current.st_mode & 0o777 != 0o600:  # e.g. copied in by hand; the links share it
            os.chmod(self.path, 0o600)
        tmp = temp_path(self.backup_dir, "previous")
        _link_or_copy(self.path, tmp)
        try:
            os.replace(tmp, self.backup_dir / PREVIOUS)
        except BaseException:
            _unlink(tmp)
            raise
        if self._last_stamped is None:  # once per Store, not on every save
            stamped = self.backups()
            self._last_stamped = _stamp_time(stamped[0]) if stamped else 0.0
        if time.time() - self._last_stamped > BACKUP_EVERY_SECONDS:
            self._link_backup(_stamped_name())
            self._last_stamped = time.time()
            self._prune()

    def _link_backup(self, name: str) -> None:
        target = self.backup_dir / name
        tmp = temp_path(self.backup_dir, name)
        _link_or_copy(self.path, tmp)
        os.replace(tmp, target)

    def _prune(self) -> None:
        for old in self.backups()[BACKUPS_KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()

    def backup_now(self, label: str) -> Path | None:
        """Copy the current file into the backups (before an import, reset or restore)."""
        if os.path.islink(self.path):
            raise LinkedFile(self.path)
        try:
            raw = read_limited(self.path, MAX_PROGRESS_BYTES)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError("store.unreadable", path=self.path, error=exc) from None
        try:
            return self._backup_copy(raw, label)
        except OSError as exc:  # no backup, no change: the caller stops here
            raise SaveFailed(self.backup_dir, exc) from None

    def _backup_copy(self, raw: bytes, label: str) -> Path:
        paths.ensure_private_dir(self.backup_dir)
        path = self.backup_dir / _stamped_name(label)
        atomic_write(path, raw)
        self._prune()
        return path

    # -- backups ---------------------------------------------------------------------
    def backups(self) -> list[Path]:
        """Timestamped backups, newest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("progress-*.json"), reverse=True)

    def all_backups(self) -> list[Path]:
        """Every backup, the newest first (``previous.json`` by its time among the others:
        a backup made since the last save is newer)."""
        previous = self.backup_dir / PREVIOUS
        found = ([previous] if previous.exists() else []) + self.backups()
        return sorted(found, key=_mtime, reverse=True)

    def newest_good_backup(self) -> Path | None:
        for candidate in sorted(self.all_backups(), key=_mtime, reverse=True):
            try:
                decode(_read(candidate))
            except (Unusable, NewerVersion):
                continue
            return candidate
        return None

    def backup_bytes(self, data: bytes, label: str) -> Path:
        """Keep ``data`` (a serialised state) as a labelled backup."""
        try:
            return self._backup_copy(data, label)
        except OSError as exc:  # no backup, no change: the caller stops here
            raise SaveFailed(self.backup_dir, exc) from None

    def read_backup(self, backup: Path) -> Progress:
        """The state a backup holds, or :class:`StoreError` saying why not."""
        raw = _read(backup)
        try:
            progress, _ = decode(raw)
        except Unusable as exc:
            raise StoreError("store.bad_backup", path=backup, reason=exc.reason) from None
        except NewerVersion as exc:
            newer = Reason("newer", "reason.newer", {"version": exc.version})
            raise StoreError("store.bad_backup", path=backup, reason=newer) from None
        progress.merge = {}
        return progress

    # -- locking ---------------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """Whether the file is no longer the one last read or written here (another process
        rewrote the snapshot)."""
        try:
            return _identity(os.stat(self.path)) != self._known
        except OSError:
            return False

    @contextlib.contextmanager
    def locked(self, *, wait: bool = False) -> Iterator[Store]:
        """Hold the lock for a ``with`` block (a no-op if this process has it); ``wait``:
        for up to :data:`LOCK_WAIT` seconds while another process holds it (it is held for
        milliseconds: a snapshot, an append), else :class:`Locked` at once."""
        if _lock_key(self.folder) in _held:
            yield self
            return
        handle = self.acquire(wait=wait, holder=COMMAND)
        try:
            yield self
        finally:
            release(handle)

    def acquire(self, *, wait: bool = False, holder: str = APP) -> int:
        """Take the lock or raise :class:`Locked`; returns the lock's fd. The lock file says
        who holds it: ``<pid> app`` (the coach's UI) or ``<pid> command``."""
        import fcntl

        lock_path = self.folder / paths.LOCK_FILE
        try:
            paths.ensure_private_dir(self.folder)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            raise StoreError("store.lock_failed", folder=self.folder, error=exc) from None
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)
        deadline = time.monotonic() + (LOCK_WAIT if wait else 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() < deadline:
                    time.sleep(0.005)
                    continue
                pid = os.pread(fd, 32, 0).decode(errors="replace").strip()
                os.close(fd)
                raise Locked(self.folder, pid) from None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {holder}".encode(), 0)
        _held[_lock_key(self.folder)] = fd
        self._remove_stale_temps()
        return fd

    def _remove_stale_temps(self) -> None:
        """Temp files of writers that died mid-save (we hold the lock: none is running)."""
        for folder in (self.folder, self.backup_dir, self.folder / paths.CACHE_DIR):
            with contextlib.suppress(OSError):
                for name in os.listdir(folder):
                    if name.startswith(".") and name.endswith(".tmp"):
                        pid = name[:-4].rsplit(".", 1)[-1].split("-")[0]
                        if pid.isdigit() and not _alive(int(pid)):
                            _unlink(folder / name)


def release(fd: int) -> None:
    """Give the lock back (closing the fd drops the flock)."""
    for key in [k for k, v in _held.items() if v == fd]:
        del _held[key]
    with contextlib.suppress(OSError):
        os.close(fd)


# -- files -------------------------------------------------------------------------------
def _move_unless_exists(source: Path, target: Path) -> bool:
    """Move ``source`` to ``target`` unless ``target`` exists (never replaces it)."""
    try:
        os.link(source, target)  # fails if target exists, unlike rename
    except FileExistsError:
        return False
    except OSError:
        if target.exists():
            return False
        try:  # no hard links on this file system
            os.rename(source, target)
        except OSError:
            return False
        return True
    try:
        os.unlink(source)
    except OSError:
        _unlink(target)
        return False
    return True


def _link_or_copy(source: Path, target: Path) -> None:
    _unlink(target)
    try:
        os.link(source, target)
    except OSError:
        atomic_write(target, read_limited(source, MAX_PROGRESS_BYTES))


def _stamped_name(label: str = "") -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return f"progress-{stamp}{'-' + label if label else ''}.json"


def _stamp_time(path: Path) -> float:
    """When a ``progress-<stamp>...json`` backup was made (from its name)."""
    try:
        return datetime.strptime(path.name[9:31], "%Y%m%d-%H%M%S-%f").timestamp()
    except ValueError:
        return _mtime(path)


def _lock_key(folder: Path) -> Path:
    return folder.resolve()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _read(path: Path) -> bytes:
    """A backup's bytes, or nothing: only a regular file is read (a FIFO dropped into the
    backups would block forever), and at most what a progress file may hold."""
    try:
        return read_limited(path, MAX_PROGRESS_BYTES)
    except OSError:
        return b""


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0

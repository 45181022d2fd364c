"""Saving and loading progress so that nothing is ever lost.

* Saves are atomic: a temp file in the same folder, written, flushed and fsynced, then
  ``os.replace``d over the old file, then the folder fsynced. The version being replaced is
  kept as ``backups/previous.json``, and a bounded set of timestamped backups is kept too.
* A file that cannot be read (empty, truncated, not JSON, wrong schema) is never
  overwritten: it is moved aside as ``progress.json.broken-<when>-<why>`` and the caller is
  told, with the newest good backup to offer.
* A file written by a newer coach is refused and left untouched.
* One writer at a time: an exclusive ``flock`` on ``progress.lock``, freed by the OS when
  the process dies (kill -9 included).
* Folder 0700, every file 0600, whatever the umask.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coach import paths
from coach.migrations import migrate, version_of
from coach.progress import SCHEMA_VERSION, Progress

BACKUPS_KEPT = 10
BACKUP_EVERY_SECONDS = 300


class StoreError(Exception):
    """A problem with the saved data, explained for the user (``key`` + ``values``)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(key)

    def message(self) -> str:
        from coach.i18n import t

        return t(self.key, **{k: str(v) for k, v in self.values.items()})


class BrokenFile(StoreError):
    """The progress file could not be read; it was moved aside."""

    def __init__(self, path: Path, moved_to: Path | None, reason: str, backup: Path | None) -> None:
        super().__init__(
            "store.broken",
            path=path,
            moved_to=moved_to or path,
            reason=reason,
            backup=backup or "-",
        )
        self.path, self.moved_to, self.reason, self.backup = path, moved_to, reason, backup


class NewerVersion(StoreError):
    def __init__(self, path: Path, version: int) -> None:
        super().__init__("store.newer", path=path, version=version, ours=SCHEMA_VERSION)


class Locked(StoreError):
    def __init__(self, folder: Path, pid: str) -> None:
        super().__init__("store.locked", folder=folder, pid=pid or "?")


class SaveFailed(StoreError):
    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(
            "store.save_failed", path=path, error=error.strerror or error.__class__.__name__
        )
        self.error = error


@dataclass
class Store:
    """The progress file in one data folder."""

    folder: Path

    @property
    def path(self) -> Path:
        return self.folder / paths.PROGRESS_FILE

    @property
    def backup_dir(self) -> Path:
        return self.folder / paths.BACKUP_DIR

    # -- reading ---------------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> Progress:
        """The saved progress, a fresh one if there is none, or :class:`StoreError`."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Progress()
        except OSError as exc:
            raise StoreError(
                "store.unreadable", path=self.path, error=exc.strerror or exc
            ) from None
        doc, reason = parse(raw)
        if doc is None:
            raise self._set_aside(reason)
        version = version_of(doc)
        if version > SCHEMA_VERSION:
            raise NewerVersion(self.path, version)
        if version < SCHEMA_VERSION:
            try:
                migrated = migrate(doc)
            except ValueError as exc:
                raise self._set_aside(f"schema: {exc}") from None
            self._backup_copy(raw, f"before-v{SCHEMA_VERSION}")
            doc = migrated
        try:
            return Progress.model_validate(doc)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise self._set_aside(f"schema: {where}: {err['msg']}") from None

    def _set_aside(self, reason: str) -> BrokenFile:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        slug = "".join(c if c.isalnum() else "-" for c in reason.split(":")[0].lower())[:20]
        target = self.path.with_name(f"{self.path.name}.broken-{stamp}-{slug}")
        try:
            os.replace(self.path, target)
        except OSError:
            target = None  # left where it is; still never overwritten (load keeps failing)
        return BrokenFile(self.path, target, reason, self.newest_good_backup())

    # -- writing ---------------------------------------------------------------------
    def save(self, progress: Progress) -> None:
        """Write ``progress`` atomically; on failure the old file is untouched."""
        self.save_bytes(dump(progress))

    def save_bytes(self, data: bytes) -> None:
        """Write an already serialised progress document atomically."""
        try:
            paths.ensure_private_dir(self.folder)
            self._keep_previous()
            atomic_write(self.path, data)
        except OSError as exc:
            raise SaveFailed(self.path, exc) from None

    def _keep_previous(self) -> None:
        """Hard-link the version about to be replaced into the backups (cheap, no copy)."""
        if not self.path.exists():
            return
        paths.ensure_private_dir(self.backup_dir)
        tmp = self.backup_dir / f".previous.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        try:
            os.link(self.path, tmp)
        except OSError:
            atomic_write(tmp, self.path.read_bytes())
        os.replace(tmp, self.backup_dir / "previous.json")
        stamped = self.backups()
        if not stamped or time.time() - stamped[0].stat().st_mtime > BACKUP_EVERY_SECONDS:
            name = f"progress-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.json"
            try:
                os.link(self.path, self.backup_dir / name)
            except OSError:
                atomic_write(self.backup_dir / name, self.path.read_bytes())
            for old in self.backups()[BACKUPS_KEPT:]:
                with contextlib.suppress(OSError):
                    old.unlink()

    def backup_now(self, label: str) -> Path | None:
        """Copy the current file into the backups (before an import, reset or restore)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return self._backup_copy(raw, label)

    def _backup_copy(self, raw: bytes, label: str) -> Path:
        paths.ensure_private_dir(self.backup_dir)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.backup_dir / f"progress-{stamp}-{label}.json"
        atomic_write(path, raw)
        return path

    # -- backups ---------------------------------------------------------------------
    def backups(self) -> list[Path]:
        """Timestamped backups, newest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("progress-*.json"), reverse=True)

    def all_backups(self) -> list[Path]:
        previous = self.backup_dir / "previous.json"
        return ([previous] if previous.exists() else []) + self.backups()

    def newest_good_backup(self) -> Path | None:
        for candidate in sorted(self.all_backups(), key=_mtime, reverse=True):
            doc, _ = parse(_read(candidate))
            if doc is not None and version_of(doc) <= SCHEMA_VERSION:
                try:
                    Progress.model_validate(migrate(doc))
                except ValidationError:
                    continue
                return candidate
        return None

    def restore(self, backup: Path) -> Progress:
        """Make ``backup`` the current progress (the current file is backed up first)."""
        doc, reason = parse(_read(backup))
        if doc is None:
            raise StoreError("store.bad_backup", path=backup, reason=reason)
        progress = Progress.model_validate(migrate(doc))
        self.save(progress)
        return progress

    # -- locking ---------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self):
        """Hold the one-writer lock for the duration of a ``with`` block."""
        handle = self.acquire()
        try:
            yield self
        finally:
            release(handle)

    def acquire(self) -> int:
        """Take the one-writer lock or raise :class:`Locked`; returns the lock's fd."""
        import fcntl

        paths.ensure_private_dir(self.folder)
        lock_path = self.folder / paths.LOCK_FILE
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pid = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise Locked(self.folder, pid) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        return fd


def release(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)  # closing drops the flock


def parse(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """The JSON document in ``raw``, or None and why not."""
    if not raw.strip():
        return None, "empty"
    if b"\x00" in raw:
        return None, "nul bytes: the file is damaged"
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg} at line {exc.lineno}"
    if not isinstance(doc, dict):
        return None, "schema: not a JSON object"
    if version_of(doc) < 0:
        return None, "schema: schema_version is not a number"
    return doc, ""


def dump(progress: Progress) -> bytes:
    return (progress.model_dump_json(indent=1) + "\n").encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all, mode 0600."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write a user-facing file (export, sheet) atomically with mode 0600."""
    atomic_write(path, data)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0

"""The files a user asks for (the sheet, the calendar, an export): the one way the CLI and
the UI write them, so neither reaches the data layer's file helpers.

A document is written whole or not at all, mode 0600 (``coach.data.fileio.atomic_write``);
:func:`coach_own` tells the coach's own files apart, so ``-o progress.json`` in the data
folder never replaces the saved state with a sheet.
"""

from __future__ import annotations

from pathlib import Path

from coach.content import compiled
from coach.data import journal, paths, sync
from coach.data.fileio import atomic_write


def write_document(target: Path, data: bytes) -> None:
    """``data`` into ``target``, whole or not at all (an ``OSError`` says why not)."""
    atomic_write(target, data)


def coach_own(target: Path, data_dir: Path, sync_folder: Path | None = None) -> bool:
    """Whether ``target`` is one of the files the coach keeps: in ``data_dir`` the saved
    state, its lock, journal, device file, backups, cache and logs (other files there,
    ``--data-dir .``, are the user's), and the same in another data folder (a second
    device's on this machine: ``-o ../laptop/progress.json`` replaced its state); in the
    sync folder the devices' journals (and their conflict copies) and the README it
    writes there (the user's other files are theirs)."""
    resolved = target.resolve()
    if _kept_in(resolved, data_dir.resolve()):
        return True
    for folder in resolved.parents[:2]:  # (a data folder's file, or one in its journal/)
        if _is_data_folder(folder) and _kept_in(resolved, folder):
            return True
    if sync_folder is None or resolved.parent != sync_folder.resolve():
        return False
    return resolved.suffix == journal.SUFFIX or resolved.name == sync.README


def _kept_in(resolved: Path, folder: Path) -> bool:
    try:
        parts = resolved.relative_to(folder).parts
    except ValueError:
        return False
    own = (paths.BACKUP_DIR, paths.LOG_DIR, compiled.CACHE_DIR, journal.JOURNAL_DIR)
    return bool(parts) and (
        parts[0] in own
        or parts[0] == journal.DEVICE_FILE
        or parts[0].startswith(paths.PROGRESS_FILE[:9])
    )


def _is_data_folder(folder: Path) -> bool:
    """A coach data folder, by what only the coach makes there (its lock, its device file):
    a folder that merely holds an export named progress.json, or a folder of the user's
    named journal, is the user's."""
    return any((folder / name).is_file() for name in (paths.LOCK_FILE, journal.DEVICE_FILE))

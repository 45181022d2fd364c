"""The files a user asks for (the sheet, the calendar, an export): the one way the CLI and
the UI write them, so neither reaches the data layer's file helpers.

A document is written whole or not at all, mode 0600 (``coach.data.fileio.atomic_write``);
:func:`coach_own` tells the coach's own files apart, so ``-o progress.json`` in the data
folder never replaces the saved state with a sheet.
"""

from __future__ import annotations

from pathlib import Path

from coach.content import compiled
from coach.data import paths
from coach.data.fileio import atomic_write


def write_document(target: Path, data: bytes) -> None:
    """``data`` into ``target``, whole or not at all (an ``OSError`` says why not)."""
    atomic_write(target, data)


def coach_own(target: Path, data_dir: Path) -> bool:
    """Whether ``target`` is one of the files the coach keeps in ``data_dir`` (the saved
    state, its lock, backups, cache, logs); other files there (``--data-dir .``) are the
    user's."""
    try:
        parts = target.resolve().relative_to(data_dir.resolve()).parts
    except ValueError:
        return False
    own = (paths.BACKUP_DIR, paths.LOG_DIR, compiled.CACHE_DIR)
    return bool(parts) and (parts[0] in own or parts[0].startswith(paths.PROGRESS_FILE[:9]))

"""What can go wrong with the saved data, as exceptions that explain themselves in the
user's language (``coach.data.store`` raises them, the CLI and the app show ``message()``).
Re-exported by ``coach.data.store``, where callers import them from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coach.data import migrations
from coach.records import Record
from coach.safetext import shown

NO_VALUES: Mapping[str, Any] = MappingProxyType({})  # a message without values


class Reason(Record):
    """Why some bytes are not a usable progress file: a catalog message (shown in the
    user's language when it is shown) and an ASCII ``slug`` for the set-aside file name."""

    slug: str
    key: str
    values: Mapping[str, Any] = NO_VALUES

    def __str__(self) -> str:
        from coach.i18n import t

        return t(self.key, **self.values)


class StoreError(Exception):
    """A problem with the saved data, explained for the user (``key`` + ``values``)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(key)

    def message(self) -> str:
        from coach.i18n import os_error, t

        def text(value: Any) -> str:
            if value is None:
                return t("store.none")
            return os_error(value) if isinstance(value, OSError) else str(value)

        return shown(t(self.key, **{k: text(v) for k, v in self.values.items()}))


class BrokenFile(StoreError):
    """The progress file could not be read; it was moved aside (or, if that failed, left)."""

    def __init__(
        self, path: Path, moved_to: Path | None, reason: Reason | None, backup: Path | None
    ) -> None:
        super().__init__("store.broken", path=path, moved_to=moved_to, reason=reason, backup=backup)
        if moved_to is None:
            self.key = "store.broken_kept"
        self.path, self.moved_to, self.reason, self.backup = path, moved_to, reason, backup

    def message(self) -> str:
        from coach.i18n import t

        if self.backup is None:
            hint = t("store.hint_no_backup")
        else:
            hint = t("store.hint_backup", backup=self.backup, name=self.backup.name)
        moved = self.moved_to or self.path
        text = t(self.key, path=self.path, moved_to=moved, reason=str(self.reason), hint=hint)
        return shown(text)  # a path or a key from the damaged file may hold escapes


class BrokenEarlier(BrokenFile):
    """No progress file, but one was set aside as broken and nothing was saved since."""

    def __init__(self, path: Path, moved_to: Path, backup: Path | None) -> None:
        super().__init__(path, moved_to, None, backup)
        self.key = "store.broken_earlier"


class NewerVersion(StoreError):
    def __init__(self, path: Path, version: int) -> None:
        super().__init__("store.newer", path=path, version=version, ours=migrations.SCHEMA_VERSION)
        self.version = version


class LinkedFile(StoreError):
    """The progress file is a symbolic link: refused, not followed. Writing through it would
    put the user's notes (and 0600 modes) on a file outside the private data folder;
    replacing it would silently detach the file it points to."""

    def __init__(self, path: Path) -> None:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        super().__init__("store.linked", path=path, target=target)


APP, COMMAND = "app", "command"  # who holds the lock, after its pid in the lock file


class Locked(StoreError):
    """The lock is held; ``held_by`` is the lock file's text (``123 app``, ``123 command``;
    empty when the holder has not written it yet, a bare pid from an older coach)."""

    def __init__(self, folder: Path, held_by: str) -> None:
        pid, _, holder = held_by.strip().partition(" ")
        if not pid.isdigit():  # taken a moment ago, its pid not written yet
            super().__init__("store.locked_command", folder=folder)
        elif holder == APP:
            super().__init__("store.locked_app", folder=folder, pid=pid)
        elif holder == COMMAND:
            super().__init__("store.locked_command_pid", folder=folder, pid=pid)
        else:
            super().__init__("store.locked", folder=folder, pid=pid)


class SaveFailed(StoreError):
    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__("store.save_failed", path=path, error=error)
        self.error = error


class Unusable(Exception):
    """Some bytes are not a usable progress file (internal); ``reason`` says why."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.key)
        self.reason = reason

"""The one door to the user's data, for every command and the UI.

A :class:`Session` knows where the data is, which content and which language; its verbs are
the user's (tick, answer, log a contact, snooze, pause, add or remove people, undo, ...).
Each verb is one operation of :class:`coach.data.book.Book`: applied at once to what the
user sees and appended to this device's journal. Nothing else writes the user's data; the
UI reads :attr:`Session.progress` and calls verbs, and so does the CLI. The verbs live in
three layers of one class: :mod:`coach.application.core` (loading, the door, settings,
undo), :mod:`coach.application.people_verbs` (people and their contacts) and this module
(the whole state at once, sync).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.application.core import Logged as Logged
from coach.application.core import Undone as Undone
from coach.application.people_verbs import PeopleVerbs
from coach.data import merge
from coach.data.changes import state_changes
from coach.domain.limits import NOTE_MAX as NOTE_MAX

if TYPE_CHECKING:
    from coach.data.progress import Progress


class Session(PeopleVerbs):
    # -- the whole state -----------------------------------------------------------------
    def replace(self, new: Progress, do: str, say: dict[str, Any] | None = None) -> None:
        """Make ``new`` the state (an import, a reset, a restore): one operation that undo
        takes back; a backup of the snapshot is kept first, as always."""
        progress = self.progress
        changes = state_changes(progress, new)
        self._commit(do, changes, say)
        self.book.compact(force=True)  # a change of everything: folded into the snapshot now

    def backup(self, label: str) -> Path | None:
        """A labelled copy of the state as it is now (before an import, a reset, ...);
        None when there is nothing saved yet."""
        from coach.data.progress import Progress
        from coach.data.store import dump

        self.commit_typing()
        progress = self.progress
        fresh = Progress(started_at=progress.started_at, language=progress.language)
        if not self.store.path.exists() and progress == fresh:
            return None  # nothing saved, nothing done: no backup of nothing
        return self.store.backup_bytes(dump(progress), label)

    def backups(self) -> list[Path]:
        return self.store.all_backups()

    @property
    def backup_dir(self) -> Path:
        return self.store.backup_dir

    def read_backup(self, backup: Path) -> Progress:
        """What ``backup`` holds (or the error that keeps it from being restored)."""
        return self.store.read_backup(backup)

    def restore(self, backup: Path) -> Path | None:
        """Bring ``backup`` back as the state; returns the backup of the state before (None
        after a broken file, which stays set aside as it was)."""
        from coach.data.progress import Progress
        from coach.data.store import BrokenFile

        restored = self.read_backup(backup)
        try:
            before = self.backup("before-restore")
        except BrokenFile:
            self.start_afresh(Progress())
            before = None
        self.replace(restored, "restore", {"name": backup.name})
        return before

    def import_state(self, new: Progress, source: Path) -> Path | None:
        """Make an export the state (``coach import``); returns the backup made first."""
        before = self.backup("before-import")
        self.replace(new, "import", {"name": source.name})
        return before

    def reset(self, step_id: str | None = None) -> Path | None:
        """Start over, all or one step's ticks and answers; returns the backup made first."""
        from coach.data.progress import Progress

        progress = self.progress
        before = self.backup("before-reset")
        if step_id:
            new = progress.copy()
            prefix = f"{step_id}/"
            for table in (new.ticks, new.unticks, new.answers):
                for key in [k for k in table if k.startswith(prefix)]:
                    del table[key]
        else:
            new = Progress(language=progress.language)
        self.replace(new, "reset", {"step": step_id or ""})
        return before

    # -- sync ----------------------------------------------------------------------------
    def sync_on(self, folder: Path) -> Path:
        """Keep this device's changes in ``folder`` (a folder a sync tool carries) and fold
        in the other devices' files there; this device's whole state is published once."""
        from coach.data import sync

        target = sync.check_folder(folder, self.data_dir)
        progress = self.progress
        self.commit_typing()
        book = self.book
        if book.device.sync == target and sync.published(target, book.device.id):
            book.fold()  # on already: the whole state is not published again (it grew)
            return target
        book.set_sync(target)
        at = merge.next_stamp(book.meta.last, book.device.id)
        base = sync.base_changes(progress, book.meta, at)
        book.commit("sync", base, {"folder": str(target)}, was=[])
        book.fold()  # what the other devices wrote there already
        if self.on_change is not None:
            self.on_change(soon=False)
        return target

    def sync_off(self) -> Path | None:
        """Stop writing to the sync folder (its files stay, for the other devices)."""
        _ = self.progress
        was = self.book.device.sync
        if was is not None:
            self.book.set_sync(None)
        return was

    def sync_status(self) -> tuple[Path | None, list[Any]]:
        """The sync folder and the devices whose files are there."""
        from coach.data import sync

        _ = self.progress
        folder = self.book.device.sync
        if folder is None:
            return None, []
        return folder, sync.devices(folder, self.book.device.id)

    @property
    def sync_folder(self) -> Path | None:
        """The sync folder this device writes to (None: sync is off)."""
        _ = self.progress
        return self.book.device.sync

    def device_settings(self) -> tuple[Path | None, Path | None]:
        """This device's sync folder and kept calendar file as its own small file
        (``device.json``) names them, the state left unread: ``coach where`` only looks, and
        loading a broken state would set it aside."""
        from coach.application import files
        from coach.data.journal import read_device

        device = read_device(self.data_dir, "")
        calendar = device.calendar
        if calendar is not None and files.coach_own(calendar, self.data_dir, device.sync):
            calendar = None  # (as kept_calendar: never one of the coach's own files)
        return device.sync, calendar

    @property
    def device_id(self) -> str:
        _ = self.progress
        return self.book.device.id

    @property
    def device_named(self) -> bool:
        """Whether this data folder has its device id yet: a new folder, or a copy of
        another device's, gets one with its first change (nothing is written on start-up,
        so until then each run draws another)."""
        _ = self.progress
        return self.book.device.known

    # -- an export to import -----------------------------------------------------------
    def read_export(self, source: Path) -> Progress:
        """The state an export (``coach export``) holds, checked and migrated, or one
        :class:`UserError` naming the file and what is wrong."""
        from pydantic import ValidationError

        from coach.data.fileio import read_limited
        from coach.data.migrations import SCHEMA_VERSION, migrate, version_of
        from coach.data.progress_schema import validate
        from coach.data.store import MAX_PROGRESS_BYTES, Reason, invalid, not_a_number, parse
        from coach.errors import UserError
        from coach.i18n import os_error, t
        from coach.safetext import shown

        try:
            raw = read_limited(source, MAX_PROGRESS_BYTES)
        except OSError as exc:
            raise UserError(t("import.unreadable", path=source, error=os_error(exc))) from None
        doc, reason = parse(raw)
        if doc is None:
            raise UserError(t("import.invalid", path=source, reason=reason))
        where = not_a_number(doc)
        if where is not None:  # JSON has no NaN: a file that holds one was not written by us
            reason = Reason("schema", "reason.not_a_number", {"where": shown(where)})
            raise UserError(t("import.invalid", path=source, reason=reason))
        version = version_of(doc)
        if version > SCHEMA_VERSION:
            raise UserError(t("import.newer", path=source, version=version))
        try:
            progress = validate(migrate(doc))
        except ValidationError as exc:
            raise UserError(t("import.invalid", path=source, reason=invalid(exc))) from None
        except ValueError:
            reason = Reason("schema", "reason.no_migration", {"version": version})
            raise UserError(t("import.invalid", path=source, reason=reason)) from None
        return progress

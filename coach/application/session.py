"""The one door to the user's data, for every command and the UI.

A :class:`Session` knows where the data is, which content and which language; its verbs are
the user's (tick, answer, log a contact, snooze, pause, add or remove people, undo, ...).
Each verb is one operation of :class:`coach.data.book.Book`: applied at once to what the
user sees and appended to this device's journal. Nothing else writes the user's data; the
UI reads :attr:`Session.progress` and calls verbs, and so does the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import i18n
from coach.content.course import Course
from coach.data import merge, paths
from coach.data.book import Book
from coach.data.store import SaveFailed, StoreError

if TYPE_CHECKING:
    from coach.data.journal import Op
    from coach.data.progress import Progress
    from coach.data.saver import BackgroundSaver
    from coach.data.store import Store
    from coach.domain.people import Person
    from coach.formats.calendar_keep import Keeper

NOTE_MAX = 20_000  # characters in a note
CONTACTS = merge.CONTACTS
EXPECTED = "expected"  # a person's field: how uneasy their next step looks (coach.domain.habit)


@dataclass(frozen=True)
class Logged:
    """What :meth:`Session.log_contact` did: the contact, the next follow-up and the status
    it moved forward to (None when it stayed)."""

    contact: dict[str, object]
    follow_up: dt.date | None
    status: str | None


@dataclass(frozen=True)
class Undone:
    """What :meth:`Session.undo` took back: the operation's verb and its words."""

    do: str
    say: dict[str, Any]
    at: str


@dataclass
class Session:
    data_dir: Path
    content_dir: Path
    lang_option: str | None = None
    _load_error: StoreError | None = field(default=None, repr=False)
    # Called after every change (the UI: refresh what it shows, wait for the write of a
    # tick), with ``soon=True`` for typing that may go on.
    on_change: Callable[..., None] | None = field(default=None, repr=False)
    # Typing not yet made an operation: answer key -> its value before the typing began.
    _typing: dict[str, Any] = field(default_factory=dict, repr=False)
    _snapshot_due: bool = field(default=False, repr=False)
    # The UI's background writer of a kept calendar file (coach.formats.calendar_keep);
    # without one (the CLI) the file is rewritten at once after the change.
    calendar_keeper: Keeper | None = field(default=None, repr=False)

    @classmethod
    def from_options(
        cls, data_dir: str | None = None, content: str | None = None, lang: str | None = None
    ) -> Session:
        return cls(paths.data_dir(data_dir), paths.content_dir(content), lang)

    @cached_property
    def book(self) -> Book:
        return Book(self.data_dir)

    @property
    def store(self) -> Store:
        return self.book.store

    @cached_property
    def course(self) -> Course:
        """The content (``coach.content.content_types`` objects, checked when loaded from
        YAML): for the UI and the commands that write."""
        from coach.content import compiled

        return compiled.load(self.content_dir, self.data_dir)

    @cached_property
    def course_to_read(self) -> Course:
        """The content for ``status``, ``sheet`` and the UI (which never change it): rebuilt
        without pydantic from the compiled snapshot while no content file has changed, else
        :attr:`course`."""
        from coach.content import compiled

        if "course" not in self.__dict__:
            snapshot = compiled.read(self.content_dir, self.data_dir)
            if snapshot is not None:
                return snapshot
        return self.course

    @property
    def progress(self) -> Progress:
        """What the user sees: the snapshot with every journal folded in."""
        # A broken file is moved aside on the first load; remember the error so that a
        # second look does not find "no file" and silently start afresh.
        if self._load_error is not None:
            raise self._load_error
        if self.book.progress is None:
            try:
                self.book.load()
            except StoreError as exc:
                self._load_error = exc
                raise
        assert self.book.progress is not None
        return self.book.progress

    def start_afresh(self, progress: Progress) -> None:
        """Use ``progress`` (a fresh one, after a broken file was set aside) as the state;
        the first change writes a snapshot again."""
        self.book.take(progress)
        self._load_error = None
        self._snapshot_due = True

    def write_in_background(self, on_error: Callable[[SaveFailed], None]) -> BackgroundSaver:
        """Hand this session's journal lines to a writer thread (the UI: no frame waits on
        the disk); its ``flush`` waits for them, its ``close`` writes what is left."""
        from coach.data.saver import BackgroundSaver

        saver = BackgroundSaver(on_error)
        self.book.appender = saver.submit
        return saver

    def compact_after_run(self) -> None:
        """On quitting the UI: fold this run's changes into the snapshot (nothing is written
        when the run only looked)."""
        if self.book.progress is not None and self.book.committed:
            self.commit_typing()
            self.book.compact(force=True)
            self.book.committed = 0

    def saved_language(self) -> str | None:
        """The language chosen in the UI, if the progress file can tell (never raises).

        Only peeks at the file: loading it here would set a broken file aside during a
        command that never reports it (``coach validate``), and the next command would
        then find no file and silently start afresh.
        """
        if self.book.progress is not None:
            return self.book.progress.language
        progress, doc = self.store.peek()  # a load right after takes what it decoded
        if progress is not None:
            return progress.language
        language = doc.get("language") if doc else None
        return language if isinstance(language, str) else None

    def resolve_language(self) -> str:
        lang = i18n.resolve_language(self.lang_option, self.saved_language())
        i18n.set_language(lang)
        return lang

    # -- the door ----------------------------------------------------------------------
    def _commit(
        self,
        do: str,
        changes: Sequence[merge.Change],
        say: dict[str, Any] | None = None,
    ) -> Op | None:
        """One operation: applied, appended, and the UI told."""
        self.commit_typing()
        _ = self.progress  # loaded (or its error raised) before anything is built
        op = self.book.commit(do, changes, say)
        if op is not None:
            self.keep_calendar_current()
        if self._snapshot_due and op is not None:  # after a broken file: a good one again
            self._snapshot_due = False
            self.book.compact(force=True)
        if self.on_change is not None:
            self.on_change(soon=False)
        return op

    def commit_typing(self) -> None:
        """Make the typing since the last call one operation per field (the UI calls it
        after a quiet spell and before quitting)."""
        if not self._typing:
            return
        from coach.data.progress import Progress

        typing, self._typing = self._typing, {}
        progress = self.progress
        for key, old in typing.items():
            new = progress.answers.get(key)
            changes = merge.answer_changes(key, old, new)
            if not changes:
                continue
            before = Progress(answers={key: old} if old is not None else {})
            was = merge.inverse(before, merge.Meta(), changes)
            self.book.commit("answer", changes, {"field": key}, was=was)

    def refresh(self) -> bool:
        """Fold in what other shells and devices wrote meanwhile; True if anything changed."""
        if self.book.progress is None:
            return False
        return self.book.refresh()

    def compact(self, *, force: bool = False) -> None:
        """Rewrite the snapshot if the journal has grown (``force``: always)."""
        if self.book.progress is not None:
            self.commit_typing()
            self.book.compact(force=force)

    def notices(self) -> list[str]:
        """Problems met while reading the journals, each said once."""
        from coach.i18n import os_error, t

        out = []
        for notice in self.book.take_notices():
            values = {
                k: os_error(v) if isinstance(v, OSError) else v for k, v in notice.values.items()
            }
            out.append(t(notice.key, **values))
        return out

    # -- the user's verbs --------------------------------------------------------------
    def tick(self, key: str, ticked: bool) -> None:
        """Tick or untick a checklist item (an untick of an item the data shows done is
        remembered, so the user's word wins)."""
        from coach.domain.status import set_done

        progress = self.progress
        old = progress.ticks.get(key), progress.unticks.get(key)
        set_done(self.course_to_read, progress, key, ticked)
        new = progress.ticks.get(key), progress.unticks.get(key)
        changes = [(["t", key], new[0]), (["u", key], new[1])]
        # The rule ran on the state already: put back what it changed, then commit.
        for table, value in ((progress.ticks, old[0]), (progress.unticks, old[1])):
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
        self._commit("tick" if ticked else "untick", changes, {"item": key})

    def answer(self, key: str, value: object, *, typing: bool = False) -> None:
        """Save an answer; ``typing``: more keystrokes may follow (one operation when they
        stop: :meth:`commit_typing`)."""
        progress = self.progress
        if typing:
            if key not in self._typing:
                self._typing[key] = progress.answers.get(key)
            progress.set_answer(key, value)
            if self.on_change is not None:
                self.on_change(soon=True)
            else:
                self.commit_typing()
            return
        if key in self._typing:
            self.commit_typing()
        changes = merge.answer_changes(key, progress.answers.get(key), value)
        self._commit("answer", changes, {"field": key})

    def set_current_step(self, step_id: str) -> None:
        if self.progress.current_step != step_id:
            self._commit("step", [(["p", "current_step"], step_id)], {"step": step_id})

    def set_language(self, lang: str) -> None:
        if self.progress.language != lang:
            self._commit("language", [(["p", "language"], lang)], {"language": lang})

    def welcomed(self) -> None:
        if not self.progress.welcome_seen:
            self._commit("welcome", [(["p", "welcome_seen"], True)])

    def set_pause(self, until: dt.date | None) -> None:
        """Take a break until ``until`` (nothing is due meanwhile), or end it (None)."""
        value = until.isoformat() if until else None
        self._commit("pause" if until else "unpause", [(["p", "pause_until"], value)])

    # -- people ------------------------------------------------------------------------
    def _people_key(self) -> tuple[Any, str] | None:
        from coach.domain import people

        spec = people.spec(self.course_to_read)
        return (spec, spec.records) if spec is not None else None

    def log_contact(
        self,
        person: Person,
        *,
        on: dt.date,
        kind: str,
        note: str | None = None,
        follow_up: dt.date | None = None,
        status: str | None = None,
        felt: int | None = None,
        expected: int | None = None,
        next_step: str | None = None,
        uneasy: int | None = None,
    ) -> Logged:
        """Record that the user was in touch with ``person`` on ``on``; set their next
        follow-up (None clears it) and, when given, their status; ``felt``/``expected``:
        how it felt and how uneasy it looked beforehand (0-10, optional); ``next_step``:
        their new next small step (None: as it is), ``uneasy``: how uneasy that step
        looks (0-10; kept with the person until the next contact)."""
        from coach.data.progress import new_id, now, stamp
        from coach.safetext import clean

        contact: dict[str, object] = {
            "id": new_id(),
            "person": person.id,
            "date": on.isoformat(),
            "kind": kind,
            "at": stamp(now()),
        }
        text = clean(note or "").strip()[:NOTE_MAX]
        if text:
            contact["note"] = text
        if felt is not None:
            contact["felt"] = felt
        if expected is not None:
            contact["expected"] = expected
        changes: list[merge.Change] = [(["r", CONTACTS, str(contact["id"])], contact)]
        moved = None
        found = self._people_key()
        if found is not None:
            spec, records = found
            if spec.follow_up:
                value = follow_up.isoformat() if follow_up else None
                changes.append((["f", records, person.id, spec.follow_up], value))
            if spec.next_step and next_step is not None:
                step = clean(next_step, single_line=True) or None
                if step != (person.next_step or None):
                    changes.append((["f", records, person.id, spec.next_step], step))
                    # How the old step looked is not the new one's.
                    changes.append((["f", records, person.id, EXPECTED], None))
            if uneasy is not None:
                changes.append((["f", records, person.id, EXPECTED], uneasy))
            if spec.status and status and status != person.status:
                changes.append((["f", records, person.id, spec.status], status))
                moved = status
        self._commit("log", changes, {"person": person.name, "date": on.isoformat()})
        return Logged(contact, follow_up, moved)

    def edit_contact(self, contact_id: str, changes: dict[str, object]) -> bool:
        """Correct one logged contact (date, kind, note, felt; None drops a field)."""
        found = merge.find(self.progress, CONTACTS, contact_id)
        if found is None:
            return False
        record = found[1]
        sets: list[merge.Change] = [
            (["f", CONTACTS, contact_id, k], v)
            for k, v in changes.items()
            if k not in ("id", "person") and record.get(k) != v
        ]
        self._commit("edit_contact", sets, self._contact_words(record))
        return True

    def delete_contact(self, contact_id: str) -> bool:
        """Remove one logged contact (undo brings it back)."""
        found = merge.find(self.progress, CONTACTS, contact_id)
        if found is None:
            return False
        words = self._contact_words(found[1])
        self._commit("delete_contact", [(["r", CONTACTS, contact_id], None)], words)
        return True

    def _contact_words(self, contact: dict[str, Any]) -> dict[str, Any]:
        person = self.person_name(str(contact.get("person", "")))
        return {"person": person, "date": contact.get("date")}

    def person_name(self, person_id: str) -> str:
        from coach.domain import people

        for person in people.people(self.course_to_read, self.progress):
            if person.id == person_id:
                return person.name
        return "?"

    def history(self, person_id: str | None = None) -> list[dict[str, Any]]:
        """Logged contacts, newest first (of one person when given)."""
        entries = [
            c
            for c in self.progress.contacts.entries()
            if person_id is None or c.get("person") == person_id
        ]
        return sorted(entries, key=lambda c: (str(c.get("date", "")), str(c.get("at", ""))))[::-1]

    def change_person(self, person_id: str, changes: dict[str, object], do: str = "person") -> None:
        """Set fields of one person (None drops a field)."""
        found = self._people_key()
        if found is None or not changes:
            return
        _, records = found
        sets: list[merge.Change] = [(["f", records, person_id, k], v) for k, v in changes.items()]
        self._commit(do, sets, {"person": self.person_name(person_id)})

    def set_follow_up(self, person: Person, when: dt.date | None) -> None:
        """Move a person's follow-up (e.g. snooze a week) without logging a contact."""
        found = self._people_key()
        if found is None or not found[0].follow_up:
            return
        value = when.isoformat() if when else None
        self.change_person(person.id, {found[0].follow_up: value}, do="follow_up")

    def set_next_step(self, person: Person, text: str) -> None:
        """Give ``person`` a new next small step (e.g. from a template)."""
        from coach.safetext import clean

        found = self._people_key()
        if found is None or not found[0].next_step:
            return
        value = clean(text, single_line=True) or None
        self.change_person(person.id, {found[0].next_step: value}, do="next_step")

    def add_people(
        self, records: list[dict[str, object]], fills: dict[str, dict[str, str]] | None = None
    ) -> int:
        """Add people records (each gets a fresh id); ``fills``: empty fields of people
        already there to fill (id -> field -> value), in the same change (an import);
        returns how many were added."""
        from coach.data.progress import new_id

        found = self._people_key()
        if found is None or not (records or fills):
            return 0
        _, key = found
        changes: list[merge.Change] = []
        for record in records:
            rid = new_id()
            changes.append((["r", key, rid], {**record, "id": rid}))
        for person_id, wanted in (fills or {}).items():
            here = merge.find(self.progress, key, person_id)
            for field_name, value in wanted.items():
                if here is not None and not here[1].get(field_name):
                    changes.append((["f", key, person_id, field_name], value))
        self._commit("add_people", changes, {"count": len(records)})
        return len(records)

    def move_follow_ups(self, moves: dict[str, dt.date | None]) -> int:
        """Give many people new follow-up dates at once (person id -> date, None: let it
        go), as one change that one undo takes back (catching up after a gap)."""
        found = self._people_key()
        if found is None or not found[0].follow_up or not moves:
            return 0
        spec, key = found
        changes: list[merge.Change] = [
            (["f", key, pid, spec.follow_up], when.isoformat() if when else None)
            for pid, when in moves.items()
            if merge.find(self.progress, key, pid) is not None
        ]
        if changes:
            self._commit("catch_up", changes, {"count": len(changes)})
        return len(changes)

    def mark_posted(self, post_id: str, on: dt.date) -> bool:
        """Tick off a planned post: posted on ``on`` (the content's posts ``done`` field)."""
        agenda = getattr(self.course_to_read.meta, "agenda", None)
        spec = getattr(agenda, "posts", None)
        if spec is None or not spec.done:
            return False
        if merge.find(self.progress, spec.records, post_id) is None:
            return False
        change = (["f", spec.records, post_id, spec.done], on.isoformat())
        self._commit("posted", [change])
        return True

    # -- a calendar file kept current (coach.formats.calendar_keep) ------------------------
    @property
    def kept_calendar(self) -> Path | None:
        """The calendar file this device keeps current, if any (a setting of this device:
        a path on this machine, never synced)."""
        _ = self.progress
        return self.book.device.calendar

    def keep_calendar(self, target: Path | None) -> None:
        """Keep ``target`` current from now on (rewritten after every change), or stop."""
        _ = self.progress
        self.book.set_device(calendar=target)
        self.keep_calendar_current()

    def keep_calendar_current(self) -> None:
        """Rewrite the kept calendar file, if there is one (after every change): the UI's
        keeper in its own thread, the CLI at once."""
        from coach.formats import calendar_keep

        target = self.book.device.calendar if self.book.progress is not None else None
        if target is None:
            return
        if self.calendar_keeper is not None:
            self.calendar_keeper.poke()
            return
        try:
            calendar_keep.write(self.course_to_read, self.progress, i18n.get_language(), target)
        except OSError as exc:  # the change itself is saved; only the calendar is behind
            import sys

            message = i18n.t("calendar.keep_failed", path=target, error=i18n.os_error(exc))
            print(f"coach: {message}", file=sys.stderr)

    def contacts_of(self, person_id: str) -> int:
        return self.progress.contacts.summary().count.get(person_id, 0)

    def remove_record(self, key: str, record_id: str) -> int:
        """Remove one record of a list; a person's logged contacts go with them (undo
        brings all back). Returns how many contacts went."""
        changes: list[merge.Change] = [(["r", key, record_id], None)]
        found = self._people_key()
        gone = 0
        if found is not None and found[1] == key:
            for contact in self.progress.contacts.entries():
                if contact.get("person") == record_id:
                    changes.append((["r", CONTACTS, str(contact.get("id"))], None))
                    gone += 1
        name = self.person_name(record_id) if gone or found else ""
        self._commit("remove", changes, {"person": name, "contacts": gone})
        return gone

    # -- the whole state -----------------------------------------------------------------
    def replace(self, new: Progress, do: str, say: dict[str, Any] | None = None) -> None:
        """Make ``new`` the state (an import, a reset, a restore): one operation that undo
        takes back; a backup of the snapshot is kept first, as always."""
        progress = self.progress
        changes = merge.state_changes(progress, new)
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

    def restore(self, backup: Path) -> Path | None:
        """Bring ``backup`` back as the state; returns the backup of the state before (None
        after a broken file, which stays set aside as it was)."""
        from coach.data.progress import Progress
        from coach.data.store import BrokenFile

        restored = self.store.read_backup(backup)
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

    # -- undo ----------------------------------------------------------------------------
    def undo(self) -> Undone | None:
        """Take back the newest change made on this device (again: the one before)."""
        self.commit_typing()
        _ = self.progress
        done = self.book.undo()
        if done is None:
            return None
        target, _op = done
        self.keep_calendar_current()
        if self.on_change is not None:
            self.on_change(soon=False)
        return Undone(target.do, target.say, target.at)

    def next_undo(self) -> Undone | None:
        """What :meth:`undo` would take back now (None: nothing)."""
        _ = self.progress
        op = self.book.last_undoable()
        return Undone(op.do, op.say, op.at) if op is not None else None

    # -- sync ----------------------------------------------------------------------------
    def sync_on(self, folder: Path) -> Path:
        """Keep this device's changes in ``folder`` (a folder a sync tool carries) and fold
        in the other devices' files there; this device's whole state is published once."""
        from coach.data import sync

        target = sync.check_folder(folder, self.data_dir)
        progress = self.progress
        self.commit_typing()
        book = self.book
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
    def device_id(self) -> str:
        _ = self.progress
        return self.book.device.id

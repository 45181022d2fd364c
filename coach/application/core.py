"""The session's core: where the data is, loading it, and the door every change goes through.

A :class:`Session` knows where the data is, which content and which language; its verbs are
the user's (tick, answer, log a contact, snooze, pause, add or remove people, undo, ...).
Each verb is one operation of :class:`coach.data.book.Book`: applied at once to what the
user sees and appended to this device's journal. Nothing else writes the user's data; the
UI reads :attr:`Session.progress` and calls verbs, and so does the CLI.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from coach import i18n
from coach.content.course import Course, tr
from coach.data import merge, paths, taking_back
from coach.data.book import Book
from coach.data.changes import answer_changes, inverse
from coach.data.store import SaveFailed, StoreError
from coach.records import Record

if TYPE_CHECKING:
    from coach.data.journal import Op
    from coach.data.progress import Progress
    from coach.data.saver import BackgroundSaver
    from coach.data.store import Store
    from coach.formats.calendar_keep import Keeper

CONTACTS = merge.CONTACTS
EXPECTED = "expected"  # a person's field: how uneasy their next step looks (coach.domain.habit)


class Logged(Record):
    """What :meth:`Session.log_contact` did: the contact, the next follow-up and the status
    it moved forward to (None when it stayed)."""

    contact: dict[str, object]
    follow_up: dt.date | None
    status: str | None
    twin: str | None = None  # the id of a contact logged already with them that day, so
    # (the same kind): logged twice, perhaps; the user is told how to remove one


class Undone(Record):
    """What :meth:`Session.undo` took back: the operation's verb and its words."""

    do: str
    say: dict[str, Any]
    at: str
    kept: int = 0  # values a later change from another device holds: left as they are
    kept_what: tuple[str, ...] = ()  # which, in words, where they can be named
    changed: bool = True  # False: every value was left (another device changed them all)


class SessionCore:
    def __init__(self, data_dir: Path, content_dir: Path, lang_option: str | None = None) -> None:
        self.data_dir = data_dir
        self.content_dir = content_dir
        self.lang_option = lang_option
        self._load_error: StoreError | None = None
        # Called after every change (the UI: refresh what it shows, wait for the write of a
        # tick), with ``soon=True`` for typing that may go on.
        self.on_change: Callable[..., None] | None = None
        # Typing not yet made an operation: answer key -> its value before the typing began.
        self._typing: dict[str, Any] = {}
        self._kept_over: list[str] = []  # answers typed here over a change from elsewhere
        self._said_back: set[tuple[str, str]] = set()  # comebacks said (record, stamp)
        self._snapshot_due = False
        # The UI's background writer of a kept calendar file (coach.formats.calendar_keep);
        # without one (the CLI) the file is rewritten at once after the change.
        self.calendar_keeper: Keeper | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.data_dir}, {self.content_dir}, {self.lang_option})"

    @classmethod
    def from_options(
        cls, data_dir: str | None = None, content: str | None = None, lang: str | None = None
    ) -> Self:
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
        self.book.wait_for_writes = saver.flush
        return saver

    def settle(self) -> None:
        """The UI opens and stays: hold what it keeps all run small (a long contact log
        deflated as it is read, ~20 ms for three years' log, which a command that ends soon
        never spends). Called before the load, the file's bytes are let go before the UI
        builds its screens: the process's peak memory is lower by their size."""
        self.book.hold_packed()

    def compact_after_run(self) -> None:
        """On quitting the UI: fold this run's changes into the snapshot (nothing is written
        when the run only looked, unless it said someone is back: said once, not again at
        every start until the next change)."""
        if self.book.progress is not None and (self.book.committed or self._said_back):
            self.compact(force=True)
            self.book.committed = 0

    def saved_language(self) -> str | None:
        """The language chosen in the UI, as the saved state tells it (never raises).

        A plainly valid file (or none) is loaded with the journals folded in: a language
        switched in the open UI is in a journal until the snapshot is next written. Any
        other file is only peeked at: loading it here would set a broken file aside during
        a command that never reports it (``coach validate``), and the next command would
        then find no file and silently start afresh.
        """
        if self.book.progress is not None:
            return self.book.progress.language
        progress, doc = self.store.peek()  # a load right after takes what it decoded
        if progress is not None or not self.store.path.exists():
            with contextlib.suppress(StoreError):
                return self.progress.language
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
            changes = answer_changes(key, old, new)
            if not changes:
                continue
            before = Progress(answers={key: old} if old is not None else {})
            was = inverse(before, merge.Meta(), changes)
            self.book.commit("answer", changes, {"field": key}, was=was)

    def refresh(self) -> bool:
        """Fold in what other shells and devices wrote meanwhile; True if anything changed.
        An answer being typed here stays as typed: it is newer than any change folded in
        (saved when the typing stops, it wins), and it is what this window shows."""
        if self.book.progress is None:
            return False
        typed = {key: self.book.progress.answers.get(key) for key in self._typing}
        changed = self.book.refresh()
        if changed:  # a kept calendar follows what another shell or device changed too
            self.keep_calendar_current()
        if changed and typed:
            for key, value in typed.items():
                if self.progress.answers.get(key) not in (value, self._typing[key]):
                    self._kept_over.append(key)  # the other change to it: said (notices)
                self.progress.set_answer(key, value)
        return changed

    def compact(self, *, force: bool = False) -> None:
        """Rewrite the snapshot if the journal has grown (``force``: always)."""
        if self.book.progress is not None:
            self.commit_typing()
            self.book.compact(force=force)

    def compact_if_grown(self) -> None:
        """After a command: fold the journal into the snapshot if it has grown past
        :data:`coach.data.book.COMPACT_AFTER`, or if the fold skipped lines it cannot read
        (said this once: the snapshot then reads past them), never on a command that only
        looked (opening writes nothing)."""
        if self.book.progress is None or not self.book.committed:
            return
        with contextlib.suppress(StoreError):  # the journal holds it: redone another time
            self.compact(force=self.book.skipped_lines)

    def notices(self) -> list[str]:
        """Problems met while reading the journals, each said once."""
        from coach.i18n import os_error, t

        out = []
        for notice in self.book.take_notices():
            values = {
                k: os_error(v) if isinstance(v, OSError) else v for k, v in notice.values.items()
            }
            out.append(t(notice.key, **values))
        kept, self._kept_over = self._kept_over, []
        for key in dict.fromkeys(kept):
            field = self.course_to_read.field(key)
            label = tr(field.label, i18n.get_language()) if field is not None else key
            out.append(t("typing.kept_over", field=label))
        return out

    # -- the user's verbs --------------------------------------------------------------
    def tick(self, key: str, ticked: bool) -> None:
        """Tick or untick a checklist item (an untick of an item the data shows done is
        remembered, so the user's word wins)."""
        from coach.domain.status import done_values

        tick, untick = done_values(self.course_to_read, self.progress, key, ticked)
        changes: list[merge.Change] = [(["t", key], tick), (["u", key], untick)]
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
        changes = answer_changes(key, progress.answers.get(key), value)
        say: dict[str, Any] = {"field": key}
        added = sum(1 for p, v in changes if p[0] == "r" and isinstance(v, dict))
        removed = sum(1 for p, v in changes if p[0] == "r" and v is None)
        if added != removed:  # an entry added or removed (else: one changed, or moved)
            say["added" if added > removed else "removed"] = abs(added - removed)
        self._commit("answer", changes, say)

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
        from coach import dates
        from coach.domain import habit

        value = until.isoformat() if until else None
        taken = habit.breaks_after(self.progress, dates.local_today(), until)
        changes: list[tuple[list[str], Any]] = [(["p", "pause_until"], value)]
        if taken != self.progress.breaks:  # an ended break keeps its trace in history
            changes.append((["p", "breaks"], taken))
        self._commit("pause" if until else "unpause", changes)

    # -- a calendar file kept current (coach.formats.calendar_keep) ------------------------
    def owns(self, target: Path) -> bool:
        """Whether ``target`` is one of the coach's own files (the data folder's, the sync
        folder's journals): never a place for a sheet, an export or a kept calendar."""
        from coach.application import files

        _ = self.progress
        return files.coach_own(target, self.data_dir, self.book.device.sync)

    @property
    def kept_calendar(self) -> Path | None:
        """The calendar file this device keeps current, if any (a setting of this device:
        a path on this machine, never synced). None too where it has become one of the
        coach's own files (a sync folder chosen since): a calendar never replaces a journal."""
        _ = self.progress
        target = self.book.device.calendar
        return None if target is None or self.owns(target) else target

    def keep_calendar(self, target: Path | None) -> None:
        """Keep ``target`` current from now on (rewritten after every change), or stop."""
        _ = self.progress
        self.book.set_device(calendar=target)
        self.keep_calendar_current()

    def keep_calendar_current(self) -> None:
        """Rewrite the kept calendar file, if there is one (after every change): the UI's
        keeper in its own thread, the CLI at once."""
        from coach.formats import calendar_keep

        target = self.kept_calendar if self.book.progress is not None else None
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

    # -- undo ----------------------------------------------------------------------------
    def undo(self) -> Undone | None:
        """Take back the newest change made on this device (again: the one before)."""
        self.commit_typing()
        _ = self.progress
        with self.book.fresh():  # what another shell took back meanwhile is not taken again
            target = self.book.last_undoable()
            done = self.book.undo(self._undo_leaves(target) if target is not None else ())
        return self._taken_back(done[0], done[1], done[2]) if done is not None else None

    def redo(self) -> Undone | None:
        """Make the change the newest undo took back again (again: the undo before it);
        None when there is none, or a change was made since."""
        self.commit_typing()
        _ = self.progress
        with self.book.fresh():
            done = self.book.redo()
        return self._taken_back(done[1], done[1], done[2]) if done is not None else None

    def _taken_back(self, change: Op, op: Op, kept: list[list[str]]) -> Undone:
        """What an undo (of ``change``) or a redo (``op``, the change again) says it did."""
        self.keep_calendar_current()
        if self.on_change is not None:
            self.on_change(soon=False)
        from coach.application.words import kept_words

        what = kept_words(self.course_to_read, self.progress, kept)
        return Undone(change.do, change.say, change.at, len(kept), tuple(what), bool(op.set))

    def _undo_leaves(self, op: Any) -> set[tuple[str, ...]]:
        """Paths an undo of ``op`` leaves as they are (see PeopleVerbs)."""
        return set()

    def next_undo(self, redo: bool = False) -> Undone | None:
        """What :meth:`undo` would take back now, or (``redo``) what :meth:`redo` would
        make again: the change that undo took back (None: nothing)."""
        _ = self.progress
        op = self.book.last_redoable() if redo else self.book.last_undoable()
        if op is None:
            return None
        return Undone(*taking_back.redone_as(op), op.at) if redo else Undone(op.do, op.say, op.at)

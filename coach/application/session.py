"""The one door to the user's data, for every command and the UI.

A :class:`Session` knows where the data is, which content and which language; its verbs are
the user's (tick, answer, log a contact, snooze, pause, add people) and each one changes the
progress and saves it at once. The CLI saves synchronously; the UI plugs in its own saver
(:attr:`Session.on_change`) so that saving never blocks a frame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coach import i18n
from coach.content.course import Course
from coach.data import paths
from coach.data.store import Store, StoreError

if TYPE_CHECKING:
    from coach.data.progress import Progress
    from coach.domain.people import Person
    from coach.formats.calendar_keep import Keeper

NOTE_MAX = 20_000  # characters: a long note is fine, a pasted book is cut with a word


@dataclass(frozen=True)
class Logged:
    """What :meth:`Session.log_contact` did: the contact, the next follow-up and the status
    it moved forward to (None when it stayed)."""

    contact: dict[str, object]
    follow_up: dt.date | None
    status: str | None


@dataclass
class Session:
    data_dir: Path
    content_dir: Path
    lang_option: str | None = None
    _progress: Progress | None = field(default=None, repr=False)
    _load_error: StoreError | None = field(default=None, repr=False)
    # Called after every change instead of :meth:`save` (the UI's background saver), with
    # ``soon=True`` for typing that may go on (saved after a short quiet spell).
    on_change: Callable[..., None] | None = field(default=None, repr=False)
    # The UI's background writer of a kept calendar file (coach.formats.calendar_keep);
    # without one (the CLI) the file is rewritten at once after the change is saved.
    calendar_keeper: Keeper | None = field(default=None, repr=False)

    @classmethod
    def from_options(
        cls, data_dir: str | None = None, content: str | None = None, lang: str | None = None
    ) -> Session:
        return cls(paths.data_dir(data_dir), paths.content_dir(content), lang)

    @cached_property
    def store(self) -> Store:
        return Store(self.data_dir)

    @cached_property
    def course(self) -> Course:
        """The content (``coach.content.content_types`` objects, checked when loaded from YAML): for
        the UI and the commands that write."""
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
        # A broken file is moved aside on the first load; remember the error so that a
        # second look does not find "no file" and silently start afresh.
        if self._load_error is not None:
            raise self._load_error
        if self._progress is None:
            try:
                self._progress = self.store.load()
            except StoreError as exc:
                self._load_error = exc
                raise
        return self._progress

    @progress.setter
    def progress(self, value: Progress) -> None:
        self._progress = value
        self._load_error = None

    def saved_language(self) -> str | None:
        """The language chosen in the UI, if the progress file can tell (never raises).

        Only peeks at the file: loading it here would set a broken file aside during a
        command that never reports it (``coach validate``), and the next command would
        then find no file and silently start afresh.
        """
        if self._progress is not None:
            return self._progress.language
        progress, doc = self.store.peek()  # a load right after takes what it decoded
        if progress is not None:
            return progress.language
        language = doc.get("language") if doc else None
        return language if isinstance(language, str) else None

    def resolve_language(self) -> str:
        lang = i18n.resolve_language(self.lang_option, self.saved_language())
        i18n.set_language(lang)
        return lang

    def save(self) -> None:
        self.store.save(self.progress)

    def changed(self, *, soon: bool = False) -> None:
        """Save the change just made (through the UI's saver when one is plugged in)."""
        if self.on_change is not None:
            self.on_change(soon=soon)
        else:
            self.save()
        self.keep_calendar_current()

    # -- the user's verbs --------------------------------------------------------------
    def tick(self, key: str, ticked: bool) -> None:
        """Tick or untick a checklist item (an untick of an item the data shows done is
        remembered, so the user's word wins)."""
        from coach.domain.status import set_done

        set_done(self.course_to_read, self.progress, key, ticked)
        self.changed()

    def answer(self, key: str, value: object, *, typing: bool = False) -> None:
        """Save an answer; ``typing``: more keystrokes may follow (saved within a second)."""
        self.progress.set_answer(key, value)
        self.changed(soon=typing)

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
        from coach.domain import people
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
        spec = people.spec(self.course_to_read)
        self.progress.contacts.append(contact)
        changes: dict[str, object] = {}
        if spec is not None and spec.follow_up:
            changes[spec.follow_up] = follow_up.isoformat() if follow_up else None
        if spec is not None and spec.next_step and next_step is not None:
            step = clean(next_step, single_line=True) or None
            if step != (person.next_step or None):
                changes[spec.next_step] = step
                changes["expected"] = None  # how the old step looked is not the new one's
        if spec is not None and uneasy is not None:
            changes["expected"] = uneasy
        moved = None
        if spec is not None and spec.status and status and status != person.status:
            changes[spec.status] = moved = status
        self._change_person(person.id, changes)
        self.progress.touch()
        self.changed()
        return Logged(contact, follow_up, moved)

    def set_follow_up(self, person: Person, when: dt.date | None) -> None:
        """Move a person's follow-up (e.g. snooze a week) without logging a contact."""
        from coach.domain import people

        spec = people.spec(self.course_to_read)
        if spec is None or not spec.follow_up:
            return
        self._change_person(person.id, {spec.follow_up: when.isoformat() if when else None})
        self.progress.touch()
        self.changed()

    def set_next_step(self, person: Person, text: str) -> None:
        """Give ``person`` a new next small step (e.g. from a template)."""
        from coach.domain import people
        from coach.safetext import clean

        spec = people.spec(self.course_to_read)
        if spec is None or not spec.next_step:
            return
        self._change_person(person.id, {spec.next_step: clean(text, single_line=True) or None})
        self.progress.touch()
        self.changed()

    def set_pause(self, until: dt.date | None) -> None:
        """Take a break until ``until`` (nothing is due meanwhile), or end it (None)."""
        self.progress.pause_until = until.isoformat() if until else None
        self.progress.touch()
        self.changed()

    def add_people(
        self,
        records: list[dict[str, object]],
        fills: dict[str, dict[str, str]] | None = None,
        contacts: list[dict[str, object]] | None = None,
    ) -> int:
        """Append people records (each gets a fresh id); ``fills``: empty fields of people
        already there to fill (id -> field -> value), ``contacts``: their first logged
        contacts, in the same change (an import); returns how many were added."""
        from coach.data.progress import with_ids
        from coach.domain import people

        spec = people.spec(self.course_to_read)
        if spec is None or not (records or fills):
            return 0
        current = self.progress.answers.get(spec.records)
        kept = current if isinstance(current, list) else []
        for index, record in enumerate(kept):
            wanted = (fills or {}).get(str(record.get("id"))) if isinstance(record, dict) else None
            if wanted:
                kept[index] = {**record, **{k: v for k, v in wanted.items() if not record.get(k)}}
        self.progress.answers[spec.records] = with_ids([*kept, *records])
        if contacts:
            from coach.data.progress import now, stamp

            at = stamp(now())
            for contact in contacts:
                self.progress.contacts.append({**contact, "at": at})
        self.progress.touch()
        self.changed()
        return len(records)

    def _change_person(self, person_id: str, changes: dict[str, object]) -> None:
        from coach.domain import people

        spec = people.spec(self.course_to_read)
        if spec is None or not changes:
            return
        value = self.progress.answers.get(spec.records)
        if not isinstance(value, list):
            return
        for index, record in enumerate(value):
            if isinstance(record, dict) and record.get("id") == person_id:
                updated = {**record, **changes}
                value[index] = {k: v for k, v in updated.items() if v is not None}
                return

    def move_follow_ups(self, moves: dict[str, dt.date | None]) -> int:
        """Give many people new follow-up dates at once (person id -> date, None: let it
        go), saved as one change (catching up after a gap); returns how many moved."""
        from coach.domain import people

        spec = people.spec(self.course_to_read)
        value = self.progress.answers.get(spec.records) if spec is not None else None
        if spec is None or not spec.follow_up or not moves or not isinstance(value, list):
            return 0
        moved = 0
        for index, record in enumerate(value):
            if not isinstance(record, dict) or record.get("id") not in moves:
                continue
            when = moves[record["id"]]
            updated = {**record, spec.follow_up: when.isoformat() if when else None}
            value[index] = {k: v for k, v in updated.items() if v is not None}
            moved += 1
        if moved:
            self.progress.touch()
            self.changed()
        return moved

    def keep_calendar(self, target: Path | None) -> None:
        """Keep ``target`` current from now on (rewritten after every change), or stop
        (None); the setting is saved with the state."""
        from coach.formats.calendar_keep import KEEP_KEY

        if target is None:
            self.progress.extra.pop(KEEP_KEY, None)
        else:
            self.progress.extra[KEEP_KEY] = str(target)
        self.progress.touch()
        self.changed()

    def keep_calendar_current(self) -> None:
        """Rewrite the kept calendar file, if there is one (after every change)."""
        from coach.formats import calendar_keep

        if self._progress is None or calendar_keep.kept_file(self._progress) is None:
            return
        if self.calendar_keeper is not None:
            self.calendar_keeper.poke()
            return
        target = calendar_keep.kept_file(self._progress)
        try:
            if target is not None:
                calendar_keep.write(
                    self.course_to_read, self._progress, i18n.get_language(), target
                )
        except OSError as exc:  # the change itself is saved; only the calendar is behind
            import sys

            message = i18n.t("calendar.keep_failed", path=target, error=i18n.os_error(exc))
            print(f"coach: {message}", file=sys.stderr)

    def mark_posted(self, post_id: str, on: dt.date) -> bool:
        """Tick off a planned post: posted on ``on`` (the content's posts ``done`` field)."""
        agenda = getattr(self.course_to_read.meta, "agenda", None)
        spec = getattr(agenda, "posts", None)
        value = self.progress.answers.get(spec.records) if spec is not None else None
        if spec is None or not spec.done or not isinstance(value, list):
            return False
        for record in value:
            if isinstance(record, dict) and record.get("id") == post_id:
                record[spec.done] = on.isoformat()
                if getattr(spec, "status", None) and getattr(spec, "done_status", None):
                    record[spec.status] = spec.done_status  # the sheet says "posted" too
                self.progress.touch()
                self.changed()
                return True
        return False

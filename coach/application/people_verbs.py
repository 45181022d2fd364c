"""The session's verbs about people and their contact log (:class:`PeopleVerbs`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from coach.application.core import CONTACTS, EXPECTED, Logged, SessionCore
from coach.data import merge
from coach.domain.limits import NOTE_MAX
from coach.errors import PersonGone

# The people the user removed, as a list every device merges (not a content field: no id
# has a colon): what an import of contacts leaves out (removed_people).
REMOVED = "coach:removed_people"

if TYPE_CHECKING:
    from coach.domain.habit import Plan
    from coach.domain.people import Person


class PeopleVerbs(SessionCore):
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
        from coach.safetext import typed

        self._listed(person.id)
        contact: dict[str, object] = {
            "id": new_id(),
            "person": person.id,
            "date": on.isoformat(),
            "kind": kind,
            "at": stamp(now()),
        }
        text = typed(note or "").strip()[:NOTE_MAX]
        if text:
            contact["note"] = text
        if felt is not None:
            contact["felt"] = felt
        if expected is not None:
            contact["expected"] = expected
        twin = self._twin(contact)  # (before this one is in the log)
        changes: list[merge.Change] = [(["r", CONTACTS, str(contact["id"])], contact)]
        moved = None
        found = self._people_key()
        if found is not None:
            spec, records = found
            if spec.follow_up:
                value = follow_up.isoformat() if follow_up else None
                changes.append((["f", records, person.id, spec.follow_up], value))
            if spec.next_step and next_step is not None:
                step = typed(next_step, single_line=True) or None
                if step != (person.next_step or None):
                    changes.append((["f", records, person.id, spec.next_step], step))
                    if uneasy is None:  # how the old step looked is not the new one's
                        changes.append((["f", records, person.id, EXPECTED], None))
            if uneasy is not None:
                changes.append((["f", records, person.id, EXPECTED], uneasy))
            if spec.status and status and status != person.status:
                changes.append((["f", records, person.id, spec.status], status))
                moved = status
        self._commit("log", changes, {"person": person.name, "date": on.isoformat()})
        return Logged(contact, follow_up, moved, twin)

    def _twin(self, contact: dict[str, object]) -> str | None:
        """A contact of the same kind with the same person on the same day, logged before
        (the id): two, perhaps, of one contact. A long log is looked through only when the
        person's newest contact is of that day or later (its summary says; rarely so)."""
        log, person, day = self.progress.contacts, contact["person"], contact["date"]
        if str(log.summary().newest.get(str(person), "")) < str(day):
            return None
        for entry in log.entries():
            same = entry.get("person") == person and entry.get("date") == day
            if same and entry.get("kind") == contact["kind"]:
                return str(entry.get("id"))
        return None

    def _undo_leaves(self, op: Any) -> set[tuple[str, ...]]:
        """Taking back a logged contact leaves the person's status while another of their
        contacts holds it up (one logged on another device, which found the status already
        moved and so did not set it again)."""
        found = self._people_key()
        if op.do != "log" or found is None or not found[0].status:
            return set()
        spec, records = found
        put = [v for p, v, *_ in op.set if p[:2] == ["r", CONTACTS] and isinstance(v, dict)]
        person = put[0].get("person") if put else None
        if not isinstance(person, str):
            return set()
        if self.progress.contacts.summary().count.get(person, 0) < 2:
            return set()
        # The first contact an import makes of "connected on" (the content's connected kind)
        # moved no status: it holds none up.
        kind = getattr(spec, "connected_kind", None)
        holding = (c for c in self.progress.contacts.entries() if c.get("person") == person)
        if sum(1 for c in holding if c.get("kind") != kind) < 2:
            return set()
        return {("f", records, person, spec.status)}

    def edit_contact(self, contact_id: str, changes: dict[str, object]) -> bool:
        """Correct one logged contact (date, kind, note, felt; None drops a field)."""
        with self.book.fresh():  # removed by another shell meanwhile: not made again
            return self._edit_contact(contact_id, changes)

    def _edit_contact(self, contact_id: str, changes: dict[str, object]) -> bool:
        found = merge.find(self.progress, CONTACTS, contact_id)
        if found is None:
            return False
        record = found[1]
        sets: list[merge.Change] = [
            (["f", CONTACTS, contact_id, k], v)
            for k, v in changes.items()
            if k not in ("id", "person") and record.get(k) != v
        ]
        words = self._contact_words(record)
        moved = changes.get("date")
        if moved is not None and moved != record.get("date"):  # said with both days
            more = len(sets) > 1  # the note or how it felt corrected too: said, not only the move
            do = "edit_contact_moved_more" if more else "edit_contact_moved"
            self._commit(do, sets, {**words, "was": words["date"], "date": moved})
        else:
            self._commit("edit_contact", sets, words)
        return True

    def delete_contact(self, contact_id: str) -> bool:
        """Remove one logged contact (undo brings it back)."""
        with self.book.fresh():  # removed by another shell meanwhile: said as not there
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
        from coach.i18n import t

        person = people.by_id(self.course_to_read, self.progress, person_id)
        if person is not None:
            return person.name
        # Removed (on another device, its contacts kept): by the name they had, if noted.
        spec = people.spec(self.course_to_read)
        noted = next((r for r in self.removed_people() if r.get("id") == person_id), None)
        name = noted.get(spec.name) if noted is not None and spec is not None else None
        return t("history.removed_name", name=name) if name else t("history.not_listed")

    def history(self, person_id: str | None = None) -> list[dict[str, Any]]:
        """Logged contacts, newest first (of one person when given)."""
        from coach.domain import people

        return people.newest_first(
            c
            for c in self.progress.contacts.entries()
            if person_id is None or c.get("person") == person_id
        )

    def _listed(self, person_id: str) -> None:
        """:class:`PersonGone` if the person was removed since the screen showed them (in
        another shell, or by an undo): a change to them would bring them back. (Their
        record looked up by id: building the people, 15 ms with 2,000, is no check to make
        on every change.)"""
        from coach.i18n import t

        found = self._people_key()
        if found is not None and merge.find(self.progress, found[1], person_id) is None:
            raise PersonGone(t("people.gone"))

    def change_person(
        self,
        person_id: str,
        changes: dict[str, object],
        do: str = "person",
        say: dict[str, object] | None = None,
    ) -> None:
        """Set fields of one person (None drops a field); ``say``: more words for undo.
        :class:`PersonGone` when they were removed meanwhile (nothing is changed)."""
        found = self._people_key()
        if found is None or not changes:
            return
        spec, records = found
        if spec.let_go_on and changes.get(spec.follow_up or "", "-") in (None, ""):
            here = merge.find(self.progress, records, person_id)
            if here is not None and here[1].get(spec.follow_up) not in (None, ""):
                changes = {**changes, spec.let_go_on: self._today()}  # a date cleared: let go
        sets: list[merge.Change] = [(["f", records, person_id, k], v) for k, v in changes.items()]
        with self.book.fresh():  # removed by another window a moment ago: said, not undone
            self._listed(person_id)
            self._commit(do, sets, {"person": self.person_name(person_id), **(say or {})})

    def set_follow_up(self, person: Person, when: dt.date | None, do: str = "follow_up") -> None:
        """Move a person's follow-up (e.g. snooze a week) without logging a contact."""
        found = self._people_key()
        if found is None or not found[0].follow_up:
            return
        value = when.isoformat() if when else None
        self.change_person(person.id, {found[0].follow_up: value}, do=do, say={"date": value})

    def snooze(self, person: Person) -> dt.date | None:
        """Not now: ``person``'s follow-up a week on (:func:`coach.domain.people.snoozed`),
        nothing logged; the new day, or None when the course keeps no follow-ups."""
        from coach import dates
        from coach.domain import people

        found = self._people_key()
        if found is None or not found[0].follow_up:
            return None
        when = people.snoozed(person.follow_up, dates.local_today())
        self.set_follow_up(person, when, do="snooze")
        return when

    def set_next_step(self, person: Person, text: str) -> None:
        """Give ``person`` a new next small step (e.g. from a template)."""
        from coach.safetext import typed

        found = self._people_key()
        if found is None or not found[0].next_step:
            return
        value = typed(text, single_line=True) or None
        self.change_person(person.id, {found[0].next_step: value}, do="next_step")

    def add_people(
        self,
        records: list[dict[str, object]],
        fills: dict[str, dict[str, str]] | None = None,
        contacts: list[dict[str, object]] | None = None,
    ) -> int:
        """Add people records (each gets a fresh id unless it brings one); ``fills``: empty
        fields of people already there to fill (id -> field -> value); ``contacts``: their
        first logged contacts; all in the same change (an import), which undo takes back
        whole; returns how many were added."""
        from coach.data.progress import new_id, now, stamp

        found = self._people_key()
        if found is None or not (records or fills or contacts):
            return 0
        _, key = found
        changes: list[merge.Change] = []
        for record in records:
            given = record.get("id")
            rid = given if isinstance(given, str) and given else new_id()
            changes.append((["r", key, rid], {**record, "id": rid}))
        at = stamp(now())
        for contact in contacts or []:
            cid = str(contact.get("id") or new_id())
            changes.append((["r", CONTACTS, cid], {"at": at, **contact, "id": cid}))
        for person_id, wanted in (fills or {}).items():
            here = merge.find(self.progress, key, person_id)
            for field_name, value in wanted.items():
                if here is not None and not here[1].get(field_name):
                    changes.append((["f", key, person_id, field_name], value))
        say: dict[str, object] = {"count": len(records)}
        if len(records) == 1 and isinstance(records[0].get(found[0].name), str):
            say["person"] = records[0][found[0].name]  # one person: undo names them
        self._commit("add_people", changes, say)
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
            do = "let_go" if all(value is None for _, value in changes) else "catch_up"
            say: dict[str, object] = {"count": len(changes)}
            if len(changes) == 1:  # one person: undo names them
                say["person"] = self.person_name(str(changes[0][0][2]))
            let_go = [  # the day each one let go was (their rhythm counts from it)
                (["f", key, path[2], spec.let_go_on], self._today())
                for path, value in changes
                if value is None and spec.let_go_on
            ]
            self._commit(do, [*changes, *let_go], say)
        return len(changes)

    def let_go_days(self) -> dict[str, dt.date]:
        """The people let go (their follow-up taken away while catching up, or cleared in
        their form), by id: the day they were, as their record says (``let_go_on``, a key
        the content names; kept by exports and merged as any field). Today counts their
        rhythm from that day (:func:`coach.domain.agenda.today`): a decision not to follow
        up now is not met by the same person under "it's been a while" at once. An undo
        that takes a date away lets no one go (the record is as it was before)."""
        from coach import dates
        from coach.domain import people

        found = self._people_key()
        if found is None or not found[0].follow_up or not found[0].let_go_on:
            return {}
        spec, key = found
        days: dict[str, dt.date] = {}
        progress = self.progress  # (loaded first: loading puts the merge's stamps in place)
        clock = self.book.meta.clock
        earlier: set[str] | None = None  # (read only when an entry needs it)
        for record in people.records(self.course_to_read, progress):  # (no Person made)
            pid = record.get("id")
            if not isinstance(pid, str) or record.get(spec.follow_up) not in (None, ""):
                continue
            day = dates.day(record.get(spec.let_go_on))
            stamp = (
                None
                if spec.let_go_on in record
                else clock.get(merge.key(("f", key, pid, spec.follow_up)))
            )
            if day is None and stamp:
                # Let go by a coach that kept the day only as the stamp of that change
                # (a few builds of this round): this device's let-go ops still say it.
                if earlier is None:
                    earlier = {op.at for op in self.book.own if op.do in ("let_go", "catch_up")}
                if stamp in earlier:
                    day = dt.datetime.fromtimestamp(merge.stamp_time(stamp)).date()
            if day is not None:
                days[pid] = day
        return days

    def removed_people(self) -> list[dict[str, Any]]:
        """The people the user removed from the list (their name, profile and e-mail as
        they were), for an import of contacts to leave out: someone removed once is not
        brought back by the next file. Removing someone notes them (:data:`REMOVED`, a list
        every device merges as it does the people); an undo takes the note back with them,
        and people an undo, a reset or an import took away are not noted."""
        value = self.progress.answers.get(REMOVED)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    def people_back(self) -> list[str]:
        """The names of people removed on this device who are on the list again because
        another device changed them later (a contact logged there before the removal
        reached it: the later change wins), each comeback once; the UI says so (and folds it
        into the snapshot on quitting, so that the next start does not say it again).
        Not someone another device removed and brought back, nor an undo made here. Not
        the CLI: a command that only looks writes nothing, so every one would say it."""
        from coach.domain import people

        _ = self.progress  # (loaded: what its fold brought back)
        meta = self.book.meta
        revived, meta.revived = meta.revived, []
        found = self._people_key()
        if found is None:
            return []
        prefix, mine = merge.key(("r", found[1], "")), self.book.device.id
        names: list[str] = []
        for rkey, at, removal in revived:
            back_by, removed_by = at.rsplit(".", 1)[-1], removal.rsplit(".", 1)[-1]
            if not rkey.startswith(prefix) or removed_by != mine or back_by == mine:
                continue  # (removed elsewhere, or brought back here: an undo)
            if (rkey, at) in self._said_back:
                continue  # (the same comeback, folded again from the same snapshot)
            person = people.by_id(self.course_to_read, self.progress, rkey[len(prefix) :])
            if person is not None:
                self._said_back.add((rkey, at))
                names.append(person.name)
        return names

    def mark_posted(self, post_id: str, on: dt.date) -> bool:
        """Tick off a planned post: posted on ``on`` (the content's posts ``done`` field)."""
        agenda = getattr(self.course_to_read.meta, "agenda", None)
        spec = getattr(agenda, "posts", None)
        if spec is None or not spec.done:
            return False
        found = merge.find(self.progress, spec.records, post_id)
        if found is None:
            return False
        title = found[1].get(spec.title) if getattr(spec, "title", None) else None
        changes: list[merge.Change] = [(["f", spec.records, post_id, spec.done], on.isoformat())]
        if getattr(spec, "status", None) and getattr(spec, "done_status", None):
            # The sheet says "posted" too.
            changes.append((["f", spec.records, post_id, spec.status], spec.done_status))
        self._commit("posted", changes, {"post": title} if isinstance(title, str) else None)
        return True

    def contacts_of(self, person_id: str) -> int:
        return self.progress.contacts.summary().count.get(person_id, 0)

    def remove_record(self, key: str, record_id: str) -> int:
        """Remove one record of a list; a person's logged contacts go with them (undo
        brings all back). Returns how many contacts went."""
        changes: list[merge.Change] = [(["r", key, record_id], None)]
        found = self._people_key()
        gone = 0
        if found is not None and found[1] == key:
            changes.append((["r", REMOVED, record_id], self._removed_note(record_id)))
            for contact in self.progress.contacts.entries():
                if contact.get("person") == record_id:
                    changes.append((["r", CONTACTS, str(contact.get("id"))], None))
                    gone += 1
        name = self.person_name(record_id) if gone or found else ""
        self._commit("remove", changes, {"person": name, "contacts": gone})
        return gone

    @staticmethod
    def _today() -> str:
        from coach import dates

        return dates.local_today().isoformat()

    def _removed_note(self, person_id: str) -> dict[str, Any]:
        """What an import of contacts knows a removed person by (:meth:`removed_people`)."""
        found = self._people_key()
        here = merge.find(self.progress, found[1], person_id) if found is not None else None
        if found is None or here is None:
            return {"id": person_id}
        spec, record = found[0], here[1]
        known = [spec.name, spec.profile, spec.email]
        return {"id": person_id, **{k: record[k] for k in known if k and record.get(k)}}

    def catch_up_plan(self, weeks: int) -> tuple[list[Person], Plan, int]:
        """Who is overdue, their new dates spread over ``weeks``, and the weekly target.
        On a break, the new dates begin after it (none is due meanwhile, so a date in it
        would be overdue again the day the break ends)."""
        from coach import dates
        from coach.domain import agenda, habit, people

        course, progress = self.course_to_read, self.progress
        on = dates.local_today()
        everyone = people.people(course, progress)
        late = habit.overdue(everyone, on)
        target = agenda.week_target(course, progress)
        planned = [p.follow_up for p in everyone if p.follow_up is not None and p.follow_up >= on]
        found = habit.spread(
            late,
            people.paused_until(progress, on) or on,
            weeks=weeks,
            per_week=target,
            rank=habit.closest_first(course),
            planned=planned,
        )
        return late, found, max(1, target)

"""What the people screen and the person page do with a person: add, edit, log, snooze
and remove, through the session's verbs; ``screen.reload()`` shows the data again after a
change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from coach.content.course import tr
from coach.domain import people
from coach.errors import PersonGone
from coach.i18n import day_in_words, t, tn
from coach.safetext import shown

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from coach.application.session import Logged
    from coach.domain.people import Person
    from coach.tui.app import CoachApp
    from coach.tui.screens.people_screen import PeopleScreen
    from coach.tui.screens.person_screen import PersonScreen
    from coach.tui.widgets.people_link import PeopleLink


class PersonActions:
    """Add, edit, log, snooze and remove people from ``screen``, through the session's
    verbs; ``screen.reload()`` shows the data again after a change."""

    def __init__(self, screen: PeopleScreen | PersonScreen | PeopleLink) -> None:
        self.screen = screen  # a screen, or the step's link to the people (adding only)

    @property
    def app(self) -> CoachApp:
        return cast("CoachApp", self.screen.app)

    def notify(self, message: str, severity: SeverityLevel = "information") -> None:
        self.screen.notify(message, severity=severity, markup=False)

    def reload(self) -> None:
        self.screen.reload()

    def _records_key(self) -> str | None:
        found = people.spec(self.app.course)
        return found.records if found is not None else None

    def _records(self) -> list[dict[str, Any]]:
        key = self._records_key()
        value = self.app.progress.answers.get(key) if key else None
        return (
            [dict(r) if isinstance(r, dict) else r for r in value]
            if isinstance(value, list)
            else []
        )

    def add_person(self, then: Callable[[str], None] | None = None) -> None:
        key = self._records_key()
        field = self.app.course.field(key) if key else None
        if key is None or field is None:
            return
        item = _item_label(field, self.app.lang)

        def done(record: dict[str, Any] | None) -> None:
            if record is None:
                return
            from coach.data.progress import new_id

            added = {"id": new_id(), **{k: v for k, v in record.items() if v is not None}}
            self.app.session.add_people([added])  # one person added: what undo says too
            self.notify(t("records.added", item=item))
            self.reload()
            if then is not None:
                then(added["id"])

        from coach.tui.widgets.records import RecordForm

        self.app.push_screen(
            RecordForm(self.app.course, field, {}, self.app.lang, t("records.add", item=item)),
            done,
        )

    def _typed_name(self, person: Person, changes: dict[str, Any]) -> str:
        """The person's name as the form has it (typed anew, or as it was)."""
        name_field = getattr(people.spec(self.app.course), "name", None) or ""
        return shown(str(changes.get(name_field) or person.name), single_line=True)

    def _ask_add_again(self, person: Person, changes: dict[str, Any]) -> None:
        from coach.tui.dialogs.common import ConfirmScreen

        question = t("people.gone_add_again", name=self._typed_name(person, changes))
        self.app.push_screen(ConfirmScreen(question), partial(self._add_again, person, changes))

    def _add_again(self, person: Person, changes: dict[str, Any], yes: bool | None) -> None:
        """Put someone removed meanwhile back, with what was typed in their form (a field
        emptied there stays empty); back already (an undo elsewhere, meanwhile): the typed
        changes only."""
        session = self.app.session
        if not yes:
            self.app.notify(t("people.gone"), markup=False)  # (nothing was saved: said)
            if self.screen.is_attached:
                self.reload()
            return
        if people.by_id(self.app.course, self.app.progress, person.id) is not None:
            session.change_person(person.id, changes)
        else:
            # (None: a field emptied in the form, emptied here too, not taken from before)
            session.add_people([{**person.record, **changes}])
        self.app.data_changed()  # (the screen now on top shows them)
        name = self._typed_name(person, changes)
        self.app.notify(t("people.back_again", name=name), markup=False)

    def edit_person(self, person: Person) -> None:
        key = self._records_key()
        field = self.app.course.field(key) if key else None
        if key is None or field is None:
            return

        # The circle as their page shows it (none chosen: the content's "not sorted yet").
        circle: str = getattr(people.spec(self.app.course), "circle", None) or ""
        shown = dict(person.record)
        unset = bool(circle) and not shown.get(circle)
        if unset and person.circle:
            shown[circle] = person.circle

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            if unset and values.get(circle) == shown.get(circle):
                values = {**values, circle: None}  # only shown, not chosen: not written
            # The fields the form changed (None: emptied); the id and keys the form does
            # not know about stay as they are. One change, undone as "changed NAME".
            record = person.record
            changes = {
                k: v
                for k, v in values.items()
                if k != "id" and record.get(k) != v and (v is not None or k in record)
            }
            try:
                self.app.session.change_person(person.id, changes)
            except PersonGone:  # removed while the form was open: what was typed is not lost
                # (asked once the screen below has had its turn: their page closes)
                self.app.call_after_refresh(self._ask_add_again, person, changes)
                return
            self.reload()

        from coach.tui.widgets.records import RecordForm

        title = t("records.edit_title", item=_item_label(field, self.app.lang))
        self.app.push_screen(RecordForm(self.app.course, field, shown, self.app.lang, title), done)

    def remove_person(self, person: Person, then: Callable[[], None] | None = None) -> None:
        key = self._records_key()
        field = self.app.course.field(key) if key else None
        if key is None or field is None:
            return
        name = shown(person.name, single_line=True)

        def done(yes: bool | None) -> None:
            if not yes:
                return
            # Their logged contacts go with them; u (undo) brings all of it back.
            self.app.session.remove_record(key, person.id)
            self.notify(t("records.deleted", name=name) + " " + t("people.removed_undo"))
            self.reload()
            if then is not None:
                then()

        from coach.tui.dialogs.common import ConfirmScreen

        question = t("records.confirm_delete", item=_item_label(field, self.app.lang), name=name)
        if person.contacts:  # what stays of them, said before the user says yes
            question += " " + tn("people.remove_contacts", person.contacts)
        self.app.push_screen(ConfirmScreen(question), done)

    def snooze_person(self, person: Person) -> None:
        """Follow-up a week later (from today when it is due or overdue), nothing logged."""
        try:
            when = self.app.session.snooze(person)
        except PersonGone as gone:
            self.notify(str(gone), severity="warning")
            self.reload()
            return
        if when is None:
            return
        name = shown(person.name, single_line=True)
        self.notify(t("people.snoozed", name=name, date=day_in_words(when, self.app.lang)))
        self.reload()

    def log_person(self, person: Person) -> None:
        """ "I was in touch": the contact log's dialog (it saves and says what it did)."""
        from coach.tui.dialogs.log_dialog import LogContactScreen

        def done(logged: Logged | None) -> None:
            if logged is not None:
                self.reload()

        self.app.push_screen(LogContactScreen(person), done)


def _item_label(field: Any, lang: str) -> str:
    return tr(field.item_label, lang) if field.item_label else t("ui.entry")

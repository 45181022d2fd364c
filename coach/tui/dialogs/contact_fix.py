"""Correct the contact log from a person's page: pick one logged contact, then change its
date, kind or note, or remove it (a contact logged twice). Each is one operation of the
session, which ``u`` takes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from coach import dates
from coach.domain import habit
from coach.domain.people_view import kind_label
from coach.i18n import format_date, t
from coach.safetext import shown, typed
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.common import ConfirmScreen, FormScreen
from coach.tui.dialogs.dialog import Dialog
from coach.tui.dialogs.text_box import TextBox
from coach.tui.dialogs.text_input import TextInput
from coach.tui.key_hints import KeyHints
from coach.tui.safe import plain

if TYPE_CHECKING:
    from coach.tui.app import CoachApp

PREVIEW = 50  # characters of a note in the list


def _parts(contact: dict[str, object], app: CoachApp) -> tuple[str, str, str]:
    """A contact's date, kind and note (cut to :data:`PREVIEW`) as shown."""
    kind = shown(kind_label(app.course, str(contact.get("kind", "")), app.lang), single_line=True)
    note = shown(str(contact.get("note") or ""), single_line=True)
    cut = note[:PREVIEW] + ("…" if len(note) > PREVIEW else "")
    return format_date(contact.get("date"), app.lang), kind, cut


def _one_line(contact: dict[str, object], app: CoachApp) -> Content:
    day, kind, note = _parts(contact, app)
    return Content(day).stylize("bold") + Content(f"  {kind}  {note}".rstrip())


class ContactPickScreen(Dialog[None]):
    """A person's logged contacts, newest first: enter/e corrects one, d removes one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", show=False),
        Binding("e", "edit", show=False),
        Binding("d,delete", "delete", show=False),
        Binding("u", "undo", show=False),  # what "Press u to bring it back" says, here too
        Binding("U", "redo", show=False),
    ]

    def __init__(self, person_id: str, name: str) -> None:
        super().__init__()
        self.person_id, self.person_name = person_id, name

    @property
    def coach(self) -> CoachApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="contact-pick"):
            yield Static(plain(t("fix.title", name=self.person_name)), classes="dialog-title")
            yield Static(KeyHints(t("fix.keys")), classes="hint")
            yield OptionList(id="contact-list")
            with ButtonRow():
                yield Button(t("fix.close"), id="fix-close")

    def on_mount(self) -> None:
        self.fill()
        self.query_one(OptionList).focus()

    def _listed(self) -> list[dict[str, object]]:
        """This person's logged contacts, newest first (what the list shows)."""
        return self.coach.session.history(self.person_id)

    def fill(self) -> None:
        listing = self.query_one(OptionList)
        keep = listing.highlighted
        listing.clear_options()
        contacts = self._listed()
        listing.add_options(Option(_one_line(c, self.coach), id=str(c["id"])) for c in contacts)
        if contacts:
            listing.highlighted = min(keep or 0, len(contacts) - 1)
        else:
            self.dismiss(None)

    def _chosen(self) -> str | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @on(OptionList.OptionSelected)
    def action_edit(self) -> None:
        chosen = self._chosen()
        found = next((c for c in self._listed() if c.get("id") == chosen), None)
        if chosen is None or found is None:
            return
        self.app.push_screen(ContactEditScreen(found), lambda _: self.fill())

    def action_delete(self) -> None:
        chosen = self._chosen()
        found = next((c for c in self._listed() if c.get("id") == chosen), None)
        if chosen is None or found is None:
            return

        def answer(yes: bool | None) -> None:
            if yes and chosen is not None:
                removed = self.coach.session.delete_contact(chosen)
                said = t("fix.deleted") if removed else t("fix.gone")
                self.notify(said, severity="information" if removed else "warning", markup=False)
                self.fill()

        day, kind, note = _parts(found, self.coach)
        what = f"{day}, {kind}" + (f": {note}" if note else "")
        self.app.push_screen(ConfirmScreen(t("fix.ask_delete", what=what)), answer)

    def action_undo(self) -> None:
        self.coach.action_undo()  # (which redraws this list: data_changed -> fill)

    def action_redo(self) -> None:
        self.coach.action_undo(redo=True)

    @on(Button.Pressed, "#fix-close")
    def action_close(self) -> None:
        self.dismiss(None)


class ContactEditScreen(FormScreen[bool]):
    """One logged contact's date, kind and note."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "save", show=False),  # as in the log dialog
    ]

    def __init__(self, contact: dict[str, object]) -> None:
        super().__init__()
        self.contact = contact
        self._refused: dict[str, str] = {}  # error line -> the value its message is about

    @property
    def coach(self) -> CoachApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        agenda = getattr(self.coach.course.meta, "agenda", None)
        kinds = [k.id for k in getattr(agenda, "contact_kinds", None) or []]
        current = str(self.contact.get("kind", ""))
        if current and current not in kinds:
            kinds.append(current)
        options = [(kind_label(self.coach.course, k, self.coach.lang), k) for k in kinds]
        with Vertical(classes="dialog", id="contact-edit"):
            yield Static(plain(t("fix.edit_title")), classes="dialog-title")
            # One row a field (compact): at 80x24 the note keeps its lines.
            yield Static(plain(t("fix.date")))
            yield TextInput(self._shown_date(), id="fix-date", compact=True)
            yield Static("", id="fix-error", classes="field-error")
            yield Static(plain(t("fix.kind")))
            yield Select(
                options, value=current if current else Select.BLANK, id="fix-kind", compact=True
            )
            yield Static(plain(t("logui.felt")))
            felt = habit.felt_value(self.contact.get("felt"))
            yield TextInput(
                "" if felt is None else str(felt),
                placeholder=t("logui.scale"),
                id="fix-felt",
                max_length=2,
                compact=True,
            )
            yield Static("", id="fix-felt-error", classes="field-error")
            yield Static(plain(t("fix.note")))
            yield TextBox(str(self.contact.get("note") or ""), id="fix-note")
            with ButtonRow():
                yield Button(t("fix.save"), variant="primary", classes="form-save")
                yield Button(t("fix.cancel"), classes="form-cancel")

    def dirty(self) -> bool:
        return self._changes() != {}

    def _shown_date(self) -> str:
        """The contact's date as the user reads and types dates (21.10.2026 in German)."""
        saved = str(self.contact.get("date", ""))
        return format_date(saved, self.coach.lang) if saved else ""

    def _changes(self) -> dict[str, object]:
        out: dict[str, object] = {}
        date = self.query_one("#fix-date", Input).value.strip()
        if date != self._shown_date():
            out["date"] = date
        felt = self.query_one("#fix-felt", Input).value.strip()
        saved = habit.felt_value(self.contact.get("felt"))
        if felt != ("" if saved is None else str(saved)):
            out["felt"] = felt
        kind = self.query_one("#fix-kind", Select).value
        if isinstance(kind, str) and kind != self.contact.get("kind"):
            out["kind"] = kind
        saved_note = str(self.contact.get("note") or "")
        kept = self.query_one("#fix-note", TextBox).kept_text
        if kept != saved_note and (note := typed(kept).strip()) != saved_note:
            out["note"] = note or None
        return out

    def action_save(self) -> None:
        from coach.domain.answers import InvalidValue, parse_day

        changes = self._changes()
        later = None  # a date in the future is asked about first, as in the log dialog
        if "date" in changes:
            try:
                on = parse_day(str(changes["date"]), dates.local_today(), "back")
            except InvalidValue as exc:
                self._error(str(exc), "#fix-date", "#fix-error")
                return
            changes["date"] = on.isoformat()
            later = on if on > dates.local_today() else None
        if "felt" in changes:
            try:
                changes["felt"] = habit.read_scale(str(changes["felt"]))  # empty: none
            except ValueError:
                self._error(t("logui.bad_scale"), "#fix-felt", "#fix-felt-error")
                return
        if later is None:
            self._save(changes)
            return
        question = t("fix.future", date=format_date(later, self.coach.lang))

        def answer(yes: bool | None) -> None:
            if yes:
                self._save(changes)

        self.app.push_screen(ConfirmScreen(question), answer)

    def _save(self, changes: dict[str, object]) -> None:
        if changes and self.coach.session.edit_contact(str(self.contact["id"]), changes):
            self.notify(t("fix.saved"), markup=False)
        elif changes:  # removed meanwhile (another window, an undo): it closed unsaid
            self.notify(t("fix.gone"), severity="warning", markup=False)
        self.dismiss(bool(changes))

    @on(Input.Changed, "#fix-date")
    @on(Input.Changed, "#fix-felt")
    def _typed(self, event: Input.Changed) -> None:
        """The field now holds other than what was refused: what was said no longer holds."""
        line = "#fix-error" if event.input.id == "fix-date" else "#fix-felt-error"
        if event.value != self._refused.get(line):
            self.query_one(line).display = False

    def _error(self, message: str, where: str, line: str) -> None:
        """``message`` under the field ``where`` (in ``line``), which gets the focus."""
        for other in self.query(".field-error"):
            other.display = False
        error = self.query_one(line, Static)
        error.update(plain(message))
        error.display = True
        field = self.query_one(where, Input)
        self._refused[line] = field.value
        field.focus()

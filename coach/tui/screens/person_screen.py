"""One person: everything about them and their contacts, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from coach import dates
from coach.content.course import tr
from coach.domain import answers, habit, people
from coach.domain.people_view import kind_label
from coach.i18n import birthday_text, format_date, format_number, t, tn
from coach.safetext import shown
from coach.tui.key_hints import KeyHints
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain
from coach.tui.screens.person_actions import PersonActions
from coach.tui.styles import screen_css
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.people_table import due_word

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress
    from coach.domain.people import Person
    from coach.tui.app import CoachApp

HISTORY_SHOWN = 500  # a person's newest contacts shown; older ones are counted
NOTE_SHOWN = 4000  # characters of one note on the page (all of it is kept and exported)


class PersonScreen(Screen[None]):
    """Everything about one person and their contacts, newest first."""

    DEFAULT_CSS = screen_css("person")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back"),
        Binding("e", "edit", "key.edit"),
        Binding("l", "log", "key.log"),
        Binding("m", "template", "key.template"),
        Binding("z", "snooze", "key.snooze"),
        Binding("d,delete", "delete", "key.delete", show=False),
        Binding("c", "fix", "key.fix"),
    ]
    # In the footer from 100 columns on (KeyFooter); narrower the page's top line names them.
    WIDE_KEYS = frozenset({"template", "snooze", "fix"})

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def __init__(self, person_id: str) -> None:
        super().__init__(classes="person-screen")
        localize_bindings(self)
        self.person_id = person_id
        self.actions = PersonActions(self)
        self._deleting = False  # d pressed here: its removal closes the page unsaid

    @property
    def person(self) -> Person | None:
        return people.by_id(self.coach.course, self.coach.progress, self.person_id)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="person-body"):
            yield Static("", id="person-name")
            yield Static(KeyHints(t("people.person_keys")), id="person-keys", classes="hint")
            yield Static("", id="person-facts")
            yield Static(
                plain(t("people.history")), id="person-history-title", classes="section-title"
            )
            yield Static("", id="person-history")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#person-body").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        person = self.person
        if person is None:  # removed (here, in another shell, by an undo): the page goes
            if self.is_current:  # (its keys did nothing, silently)
                if not self._deleting:  # (removed here: said as such already)
                    self.notify(t("people.gone_page"), markup=False)
                self.dismiss(None)
            return
        app = self.coach
        # (in the language chosen meanwhile too: the app reloads every screen on a switch)
        self.query_one("#person-keys", Static).update(KeyHints(t("people.person_keys")))
        self.query_one("#person-history-title", Static).update(plain(t("people.history")))
        self.query_one("#person-name", Static).update(
            Content(shown(person.name, single_line=True)).stylize("bold")
        )
        paused = people.paused_until(app.progress, dates.local_today()) is not None
        self.query_one("#person-facts", Static).update(
            facts(app.course, person, app.lang, marks=not paused)
        )
        self.query_one("#person-history", Static).update(
            history_text(app.course, app.progress, person, app.lang)
        )

    def action_fix(self) -> None:
        """c: correct or remove one of this person's logged contacts."""
        from coach.tui.dialogs.contact_fix import ContactPickScreen

        person = self.person
        if person is None:
            return
        if not self.coach.session.history(person.id):
            self.notify(t("people.no_history"), markup=False)
            return
        name = shown(person.name, single_line=True)
        self.app.push_screen(ContactPickScreen(person.id, name), lambda _: self.reload())

    def action_back(self) -> None:
        self.dismiss(None)

    def _removed(self) -> None:
        if self.is_current:  # (reload has closed it once the person was gone)
            self.dismiss(None)

    def action_edit(self) -> None:
        if (person := self.person) is not None:
            self.actions.edit_person(person)

    def action_log(self) -> None:
        if (person := self.person) is not None:
            self.actions.log_person(person)

    def action_snooze(self) -> None:
        if (person := self.person) is not None:
            self.actions.snooze_person(person)

    def action_delete(self) -> None:
        if (person := self.person) is not None:
            self._deleting = True
            self.actions.remove_person(person, then=self._removed)

    def action_template(self) -> None:
        """``m``: write to them with a template, their name filled in."""
        from coach.tui.dialogs.template_pick import TemplatePickScreen

        if (person := self.person) is not None:
            self.app.push_screen(TemplatePickScreen(person), lambda _: self.reload())


def facts(course: Course, person: Person, lang: str, *, marks: bool = True) -> Table:
    """Every field of the person's record (label: value), their follow-up marked when due
    (``marks``: not during a break, when nothing is) and their last contact: two columns,
    so a long or several-line value (a note) wraps under its own start, never back under
    the labels. Text, never markup."""
    found = people.spec(course)
    field = course.field(found.records) if found is not None else None
    subs = [s for s in (field.fields if field is not None else []) if s.id != found.name]
    table = Table.grid(padding=(0, 1, 0, 0))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    on = dates.local_today()
    for sub in subs:
        # The circle as the list shows it (none chosen: the content's "not sorted yet").
        saved = person.circle if sub.id == getattr(found, "circle", None) else None
        raw = saved or person.record.get(sub.id)
        if sub.id == getattr(found, "birthday", None) and isinstance(raw, str):
            kept = people.birthday(raw)  # (a file's odd value is shown as written)
            raw = birthday_text(kept, lang) if kept else raw  # "15 April", not --04-15
        value = Text(shown(answers.display(course, sub, raw, lang)))
        if not value.plain:
            value = Text("–")
        if marks and found is not None and sub.id == found.follow_up and person.follow_up:
            word = due_word(person.follow_up, on)
            if word:
                value.append(f"  {word}", style="bold")
        table.add_row(Text(shown(tr(sub.label, lang), single_line=True) + ":"), value)
    last = format_date(person.last_contact, lang) if person.last_contact else t("people.never")
    table.add_row(Text(t("people.col_last") + ":"), Text(last))
    return table


def history_text(course: Course, progress: Progress, person: Person, lang: str) -> Group:
    """The contacts logged with ``person``, newest first: date, kind, how it felt when the
    user said so, and the note exactly as written (text, never markup), indented under its
    contact, long lines too."""
    entries = people.history(progress, person.id)
    if not entries:
        return Group(Text(t("people.no_history"), style="dim"))
    parts: list[RenderableType] = []
    for entry in entries[:HISTORY_SHOWN]:
        kind = shown(kind_label(course, str(entry.get("kind", "")), lang), single_line=True)
        head = Text(format_date(entry.get("date"), lang), style="bold")
        head.append(f"  {kind}")
        felt = habit.felt_value(entry.get("felt"))
        if felt is not None:  # (saved by the log dialog and `coach log --felt`: shown too)
            head.append("  " + t("history.felt", felt=felt), style="dim")
        parts.append(head)
        note = entry.get("note")
        if isinstance(note, str) and note.strip():
            text = shown(note)
            rest = len(text) - NOTE_SHOWN
            body = Text(text[:NOTE_SHOWN], overflow="fold")
            if rest > 0:  # a pasted book would make the page slow: its start, and a word
                body.append("…\n" + t("people.note_more", count=format_number(rest)), style="dim")
            parts.append(Padding(body, (0, 0, 0, 4)))
    if len(entries) > HISTORY_SHOWN:
        parts.append(Text(tn("people.older", len(entries) - HISTORY_SHOWN), style="dim"))
    return Group(*parts)

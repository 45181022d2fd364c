"""People as a full screen, and one person with everything about them.

Which records are people is the content's to say (``agenda.people``); nothing here names a
step or a field. The list draws only the rows on screen from the
:class:`~coach.domain.people.Person` objects (no widget per row), so 2,000 people open and
filter as fast as 20. Its columns fit the width: the follow-up date is always whole and on
screen, names and next steps are cut with an ellipsis by screen cells. Every change goes
through the session's verbs (the one door to the data), which save through the app's saver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from coach import cells, dates
from coach.content.course import tr
from coach.domain import answers, people
from coach.domain.agenda import paused_until
from coach.i18n import format_date, format_number, t, tn
from coach.safetext import clean
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from coach.application.session import Logged
    from coach.content.course import Course
    from coach.data.progress import Progress
    from coach.domain.people import Person
    from coach.tui.app import CoachApp

SORTS = ("follow_up", "name", "last_contact")
DATE_CELLS = 10  # 2026-11-27 and 27.11.2026 alike
WIDE = 100  # from this many columns on, the list shows the last contact too
WIDER = 110  # ... and the circle (content width, scrollbar aside)
CIRCLE_CELLS = 20
SNOOZE_DAYS = 7
HISTORY_SHOWN = 500  # a person's newest contacts shown; older ones are counted
NOTE_SHOWN = 4000  # characters of one note on the page (all of it is kept and exported)


def local_today() -> dt.date:
    """The user's today (``coach.dates.local_today``: one place, tests may set it)."""
    return dates.local_today()


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` screen cells: cut with an ellipsis when longer."""
    return cells.pad(cells.fit(text, width), width) if width > 0 else ""


def due_word(when: dt.date | None, on: dt.date) -> str:
    """ "overdue" / "today" for a follow-up on or before ``on``; else nothing."""
    if when is None or when > on:
        return ""
    return t("people.overdue") if when < on else t("people.due_today")


def sort_people(
    everyone: list[Person], how: str, names: dict[str, str] | None = None
) -> list[Person]:
    """``follow_up``: soonest first, none last; ``name``; ``last_contact``: longest ago
    first, never contacted last. Ties by name (``names``: id -> folded name, if known)."""
    if names is None:
        names = {p.id: people.fold(p.name) for p in everyone}
    if how == "name":
        return sorted(everyone, key=lambda p: (names[p.id], p.id))
    if how == "last_contact":
        return sorted(
            everyone,
            key=lambda p: (p.last_contact is None, p.last_contact or dt.date.min, names[p.id]),
        )
    return sorted(
        everyone, key=lambda p: (p.follow_up is None, p.follow_up or dt.date.max, names[p.id])
    )


def field_label(course: Course, sub_id: str | None, fallback: str, lang: str) -> str:
    """The content's label of a people field (e.g. "Follow up on"), else ``fallback``."""
    found = people.spec(course)
    sub = course.subfield(found.records, sub_id) if found is not None else None
    label = tr(sub.label, lang) if sub is not None else ""
    return clean(label, single_line=True) or fallback


def kind_label(course: Course, kind: str, lang: str) -> str:
    agenda = getattr(course.meta, "agenda", None)
    for option in getattr(agenda, "contact_kinds", None) or []:
        if option.id == kind:
            return tr(option.label, lang)
    return kind


# -- the list ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Columns:
    name: int
    next_step: int
    last: int  # 0: not shown
    follow_up: int
    circle: int = 0  # 0: not shown


class PeopleTable(LineList):
    """People, one per line under a header line; draws only the lines on screen."""

    HEADER_LINES = 1
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", show=False)]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "people-table--header",
        "people-table--cursor",
        "people-table--even-row",
        "people-table--overdue",
        "people-table--due",
    }
    DEFAULT_CSS = """
    PeopleTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        & > .people-table--header { text-style: bold; background: $panel; }
        & > .people-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .people-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .people-table--even-row { background: $surface-darken-1 40%; }
        & > .people-table--overdue { color: $text-error; text-style: bold; }
        & > .people-table--due { color: $text-warning; text-style: bold; }
    }
    """

    @dataclass
    class Opened(Message):
        """Enter on a person, or a click on the person under the cursor."""

        table: PeopleTable
        person: Person

        @property
        def control(self) -> PeopleTable:
            return self.table

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[Person] = []
        self.on = local_today()
        self.marks = True  # due and overdue are marked (not while the user takes a break)
        self.headers = ("", "", "", "")  # name, next step, last contact, follow-up
        self.circle_header = ""
        self.circles: dict[str, str] = {}  # circle id -> its label, shown from WIDER on
        self._widest_name = 0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def current(self) -> Person | None:
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    def show(self, rows: list[Person], on: dt.date, *, marks: bool) -> None:
        self.rows, self.on, self.marks = rows, on, marks
        self._widest_name = max((cell_len(p.name) for p in rows), default=0)
        self.virtual_size = Size(0, len(rows) + self.HEADER_LINES)
        self.cursor_row = max(0, min(self.cursor_row, len(rows) - 1))
        self.refresh()

    def columns(self, width: int) -> Columns:
        """Column widths for ``width`` cells: the follow-up column first, whole; the name
        and the next step share the rest."""
        words = (t("people.overdue"), t("people.due_today"))
        follow = max(DATE_CELLS + 1 + max(cell_len(w) for w in words), cell_len(self.headers[3]))
        last = max(DATE_CELLS, cell_len(self.headers[2])) if width >= WIDE else 0
        # one space at each edge, two between columns
        rest = width - follow - 2 - 2 * 2 - (last + 2 if last else 0)
        circle = 0
        if width >= WIDER and self.circles:
            widest = max(cell_len(label) for label in self.circles.values())
            # Whole where a third of the room allows ("Noch nicht einsortiert"), else cut.
            room = max(CIRCLE_CELLS, (rest - 2) // 3)
            circle = min(max(widest, cell_len(self.circle_header)), room)
            rest -= circle + 2
        name = min(max(self._widest_name, cell_len(self.headers[0])), max(rest // 2, 8))
        name = max(0, min(name, rest))
        return Columns(name, max(rest - name, 0), last, follow, circle)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        cols = self.columns(width)
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("people-table--header")
            name, nxt, last, follow = self.headers
            heads = (name, self.circle_header, nxt, last)
            return self._strip(width, style, cols, *heads, (follow, None))
        row = self.row_at(y)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        person = self.rows[row]
        if row == self.cursor_row:
            style = base + self.get_component_rich_style("people-table--cursor")
        elif row % 2 == 0:
            style = base + self.get_component_rich_style("people-table--even-row")
        else:
            style = base
        word = due_word(person.follow_up, self.on) if self.marks else ""
        mark = None
        if word:
            overdue = person.follow_up is not None and person.follow_up < self.on
            mark = self.get_component_rich_style(
                "people-table--overdue" if overdue else "people-table--due"
            )
        date = format_date(person.follow_up) if person.follow_up else "–"
        follow = f"{date} {word}" if word else date
        last = format_date(person.last_contact) if person.last_contact else "–"
        return self._strip(
            width,
            style,
            cols,
            clean(person.name, single_line=True),
            self.circles.get(person.circle or "", person.circle or ""),
            clean(person.next_step, single_line=True),
            last,
            (follow, mark),
        )

    def _strip(
        self,
        width: int,
        style: Style,
        cols: Columns,
        name: str,
        circle: str,
        nxt: str,
        last: str,
        follow: tuple[str, Style | None],
    ) -> Strip:
        text = " " + fit(name, cols.name) + "  "
        if cols.circle:
            text += fit(circle, cols.circle) + "  "
        text += fit(nxt, cols.next_step) + "  "
        if cols.last:
            text += fit(last, cols.last) + "  "
        follow_text, mark = follow
        segments = [
            Segment(text, style),
            Segment(fit(follow_text, cols.follow_up), style + mark if mark else style),
            Segment(" ", style),
        ]
        return Strip(segments).adjust_cell_length(width, style)

    def action_cursor(self, delta: int) -> None:
        """Up on the first row goes back to what is above the list (the filter)."""
        if delta < 0 and self.cursor_row == 0:
            self.screen.focus_previous()
        else:
            super().action_cursor(delta)

    def action_select(self) -> None:
        person = self.current
        if person is not None:
            self.post_message(self.Opened(self, person))

    def clicked(self, row: int) -> None:
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row=row)


# -- what both screens do with a person ----------------------------------------------------
class PersonActions:
    """Add, edit, log, snooze and remove people from ``screen``, through the session's
    verbs; ``screen.reload()`` shows the data again after a change."""

    def __init__(self, screen: PeopleScreen | PersonScreen | PeopleLink) -> None:
        self.screen = screen  # a screen, or the step's link to the people (adding only)

    @property
    def app(self) -> CoachApp:
        return cast("CoachApp", self.screen.app)

    def notify(self, message: str) -> None:
        self.screen.notify(message, markup=False)

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
            self.app.session.answer(key, [*self._records(), added])
            self.notify(t("records.added", item=item))
            self.reload()
            if then is not None:
                then(added["id"])

        from coach.tui.widgets.records import RecordForm

        self.app.push_screen(
            RecordForm(self.app.course, field, {}, self.app.lang, t("records.add", item=item)),
            done,
        )

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
            records = self._records()
            for index, record in enumerate(records):
                if isinstance(record, dict) and record.get("id") == person.id:
                    # The form's values over the record: its id and keys the form does not
                    # know about stay as they are.
                    merged = {**record, **values}
                    records[index] = {k: v for k, v in merged.items() if v is not None}
                    self.app.session.answer(key, records)
                    self.reload()
                    return

        from coach.tui.widgets.records import RecordForm

        title = t("records.edit_title", item=_item_label(field, self.app.lang))
        self.app.push_screen(RecordForm(self.app.course, field, shown, self.app.lang, title), done)

    def remove_person(self, person: Person, then: Callable[[], None] | None = None) -> None:
        key = self._records_key()
        field = self.app.course.field(key) if key else None
        if key is None or field is None:
            return
        name = clean(person.name, single_line=True)

        def done(yes: bool | None) -> None:
            if not yes:
                return
            kept = [
                r for r in self._records() if not (isinstance(r, dict) and r.get("id") == person.id)
            ]
            # Their logged contacts stay in the file (kept, not shown): nothing is lost.
            self.app.session.answer(key, kept)
            self.notify(t("records.deleted", name=name))
            self.reload()
            if then is not None:
                then()

        from coach.tui.dialogs.common import ConfirmScreen

        question = t("records.confirm_delete", item=_item_label(field, self.app.lang), name=name)
        self.app.push_screen(ConfirmScreen(question), done)

    def snooze_person(self, person: Person) -> None:
        """Follow-up a week later (from today when it is due or overdue), nothing logged."""
        if not getattr(people.spec(self.app.course), "follow_up", None):
            return
        on = local_today()
        base = max(on, person.follow_up or on)
        when = base + dt.timedelta(days=SNOOZE_DAYS)
        self.app.session.set_follow_up(person, when)
        name = clean(person.name, single_line=True)
        self.notify(t("people.snoozed", name=name, date=format_date(when, self.app.lang)))
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


# -- the people screen ---------------------------------------------------------------------
LIST_ACTIONS = frozenset({"add", "edit", "log", "snooze", "delete", "sort", "filter"})


class PeopleScreen(Screen[None]):
    """Everyone, filtered as the user types, sorted by follow-up, name or last contact."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back"),
        Binding("slash", "filter", "key.people_filter", show=False),  # the filter says (/)
        Binding("o", "sort", "key.people_sort", show=False),  # the title says (o)
        Binding("a", "add", "key.add"),
        Binding("l", "log", "key.log"),
        Binding("z", "snooze", "key.snooze"),
        Binding("e", "edit", "key.edit", show=False),
        Binding("d,delete", "delete", "key.delete", show=False),
        # The filter's placeholder names these (Input's own keys hide them from the footer).
        Binding("down", "to_list(0)", show=False),  # on the highlighted (first) row
        Binding("up", "to_list(-1)", show=False),
        Binding("pagedown", "to_list(0)", show=False),
    ]

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def __init__(self) -> None:
        super().__init__(classes="people-screen")
        localize_bindings(self)
        self.sort = SORTS[0]  # or the order chosen last time (on_mount)
        self.actions = PersonActions(self)
        self.everyone: list[Person] = []
        self._folded: dict[str, str] = {}
        self._names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="people-title")
        yield Input(placeholder=t("people.filter_placeholder"), id="people-filter", compact=True)
        # Right under the filter, where the eye is while typing (not below an empty list).
        yield Static("", id="people-empty", classes="hint")
        yield PeopleTable(id="people-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.coach.people_sort in SORTS:
            self.sort = self.coach.people_sort
        table = self.query_one(PeopleTable)
        course, lang = self.coach.course, self.coach.lang
        found = people.spec(course)
        table.headers = (
            field_label(course, getattr(found, "name", None), t("people.col_name"), lang),
            field_label(course, getattr(found, "next_step", None), t("people.col_next"), lang),
            t("people.col_last"),
            field_label(course, getattr(found, "follow_up", None), t("people.col_follow_up"), lang),
        )
        circle = course.subfield(found.records, found.circle) if found and found.circle else None
        if circle is not None:
            table.circle_header = field_label(course, found.circle, "", lang)
            table.circles = {
                o.id: clean(tr(o.label, lang), single_line=True) for o in course.options_for(circle)
            }
        self.reload()
        # Typing finds someone at once; letters never run a command by surprise. With
        # nobody to find yet, the list has the focus, so that a adds the first person.
        if self.everyone:
            self.query_one("#people-filter", Input).focus()
        else:
            table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read everyone again (after a change here or on the person's screen)."""
        self.everyone = people.people(self.coach.course, self.coach.progress)
        # Folded once per change, not per key typed into the filter.
        self._names = {p.id: people.name_key(p.name) for p in self.everyone}
        self._folded = {
            p.id: f"{self._names[p.id]}\n{people.fold(p.next_step)}" for p in self.everyone
        }
        self._show()

    @property
    def query_text(self) -> str:
        return self.query_one("#people-filter", Input).value

    def shown(self) -> list[Person]:
        """The people the filter lets through, in the chosen order."""
        wanted = people.name_key(self.query_text)
        found = [p for p in self.everyone if wanted in self._folded[p.id]]
        return sort_people(found, self.sort, self._names)

    def _show(self, keep: str | None = None) -> None:
        table = self.query_one(PeopleTable)
        keep = keep or (table.current.id if table.current else None)
        rows = self.shown()
        on = local_today()
        table.show(rows, on, marks=paused_until(self.coach.progress, on) is None)
        if keep is not None:
            index = next((i for i, p in enumerate(rows) if p.id == keep), None)
            if index is not None:
                table.move_cursor(row=index)
        count = (
            tn("people.count", len(rows))
            if len(rows) == len(self.everyone)
            else tn("people.count_of", len(rows), total=format_number(len(self.everyone)))
        )
        title = Content(t("people.title")).stylize("bold") + Content(
            f"  ·  {count}  ·  {t('people.sorted_by', order=t(f'people.sort_{self.sort}'))}"
        ).stylize("dim")
        self.query_one("#people-title", Static).update(title)
        empty = self.query_one("#people-empty", Static)
        if not self.everyone:
            empty.update(plain(t("people.empty")))
        else:
            empty.update(plain(t("people.no_match", query=self.query_text.strip())))
        empty.display = not rows

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self) -> None:
        self.query_one(PeopleTable).move_cursor(row=0)
        self._show(keep=None)

    @on(Input.Submitted, "#people-filter")
    def _filter_done(self) -> None:
        """Enter in the filter opens the highlighted person (the only one, often)."""
        table = self.query_one(PeopleTable)
        table.focus()
        table.action_select()

    @on(PeopleTable.Opened)
    def _opened(self, event: PeopleTable.Opened) -> None:
        event.stop()
        self.app.push_screen(PersonScreen(event.person.id))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        filtering = isinstance(self.focused, Input)
        if action == "to_list":
            return filtering and bool(self.query_one(PeopleTable).rows)
        # Letters typed into the filter are a name, not commands.
        return not (action in LIST_ACTIONS and filtering)

    # -- actions -----------------------------------------------------------------------
    @property
    def person(self) -> Person | None:
        return self.query_one(PeopleTable).current

    def action_back(self) -> None:
        """Escape: clear the filter first, then back to where the user came from."""
        box = self.query_one("#people-filter", Input)
        if box.value:
            box.value = ""
            self.query_one(PeopleTable).focus()
        else:
            self.dismiss(None)

    def action_filter(self) -> None:
        self.query_one("#people-filter", Input).focus()

    def action_to_list(self, delta: int) -> None:
        """Down (or up) in the filter: on to the list. Down lands on the highlighted row,
        the one enter in the filter opens (the first), so ↓ enter opens what enter did."""
        table = self.query_one(PeopleTable)
        table.focus()
        table.action_cursor(delta)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.coach.people_sort = self.sort  # the next opening keeps it
        self._show()

    def action_add(self) -> None:
        self.actions.add_person(then=lambda pid: self._show(keep=pid))

    def action_edit(self) -> None:
        if self.person is not None:
            self.actions.edit_person(self.person)

    def action_log(self) -> None:
        if self.person is not None:
            self.actions.log_person(self.person)

    def action_snooze(self) -> None:
        if self.person is not None:
            self.actions.snooze_person(self.person)

    def action_delete(self) -> None:
        if self.person is not None:
            self.actions.remove_person(self.person)


# -- one person ----------------------------------------------------------------------------
class PersonScreen(Screen[None]):
    """Everything about one person and their contacts, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back"),
        Binding("e", "edit", "key.edit"),
        Binding("l", "log", "key.log"),
        Binding("m", "template", "key.template"),
        Binding("z", "snooze", "key.snooze"),
        Binding("d,delete", "delete", "key.delete", show=False),
    ]
    # In the footer from 100 columns on (KeyFooter); narrower the page's top line names them.
    WIDE_KEYS = frozenset({"template", "snooze"})

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def __init__(self, person_id: str) -> None:
        super().__init__(classes="person-screen")
        localize_bindings(self)
        self.person_id = person_id
        self.actions = PersonActions(self)

    @property
    def person(self) -> Person | None:
        return people.by_id(self.coach.course, self.coach.progress, self.person_id)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="person-body"):
            yield Static("", id="person-name")
            yield Static(plain(t("people.person_keys")), classes="hint")
            yield Static("", id="person-facts")
            yield Label(t("people.history"), classes="section-title")
            yield Static("", id="person-history")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#person-body").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        person = self.person
        if person is None:  # removed (here, or its record lost its name)
            return
        app = self.coach
        self.query_one("#person-name", Static).update(
            Content(clean(person.name, single_line=True)).stylize("bold")
        )
        self.query_one("#person-facts", Static).update(facts(app.course, person, app.lang))
        self.query_one("#person-history", Static).update(
            history_text(app.course, app.progress, person, app.lang)
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def _removed(self) -> None:
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
            self.actions.remove_person(person, then=self._removed)

    def action_template(self) -> None:
        """``m``: write to them with a template, their name filled in."""
        from coach.tui.dialogs.template_pick import TemplatePickScreen

        if (person := self.person) is not None:
            self.app.push_screen(TemplatePickScreen(person), lambda _: self.reload())


def facts(course: Course, person: Person, lang: str) -> Content:
    """Every field of the person's record (label: value), their follow-up marked when due
    and their last contact."""
    found = people.spec(course)
    field = course.field(found.records) if found is not None else None
    subs = [s for s in (field.fields if field is not None else []) if s.id != found.name]
    labels = [clean(tr(s.label, lang), single_line=True) for s in subs]
    labels.append(t("people.col_last"))
    width = max((cell_len(label) for label in labels), default=0) + 2
    lines: list[Content] = []
    on = local_today()
    for sub, label in zip(subs, labels, strict=False):
        # The circle as the list shows it (none chosen: the content's "not sorted yet").
        saved = person.circle if sub.id == getattr(found, "circle", None) else None
        value = clean(answers.display(course, sub, saved or person.record.get(sub.id), lang))
        value = value or "–"
        line = Content(fit(label + ":", width)).stylize("dim") + Content(value)
        if found is not None and sub.id == found.follow_up and person.follow_up is not None:
            word = due_word(person.follow_up, on)
            if word:
                line += Content(f"  {word}").stylize("bold")
        lines.append(line)
    last = format_date(person.last_contact, lang) if person.last_contact else t("people.never")
    lines.append(Content(fit(labels[-1] + ":", width)).stylize("dim") + Content(last))
    return Content("\n").join(lines)


def history_text(course: Course, progress: Progress, person: Person, lang: str) -> Content:
    """The contacts logged with ``person``, newest first: date, kind, and the note exactly
    as written (text, never markup)."""
    entries = people.history(progress, person.id)
    if not entries:
        return Content(t("people.no_history")).stylize("dim")
    parts: list[Content] = []
    for entry in entries[:HISTORY_SHOWN]:
        head = Content(format_date(entry.get("date"), lang)).stylize("bold") + Content(
            "  " + clean(kind_label(course, str(entry.get("kind", "")), lang), single_line=True)
        )
        note = entry.get("note")
        if isinstance(note, str) and note.strip():
            text = clean(note)
            rest = len(text) - NOTE_SHOWN
            body = "\n".join("    " + line for line in text[:NOTE_SHOWN].split("\n"))
            head += Content("\n" + body)
            if rest > 0:  # a pasted book would make the page slow: its start, and a word
                more = t("people.note_more", count=format_number(rest))
                head += Content(f"…\n    {more}").stylize("dim")
        parts.append(head)
    if len(entries) > HISTORY_SHOWN:
        parts.append(Content(tn("people.older", len(entries) - HISTORY_SHOWN)).stylize("dim"))
    return Content("\n").join(parts)


# -- the step's link to this screen ------------------------------------------------------------
class PeopleLink(Vertical):
    """In place of the people table in the step: how many people, what is due, and a way
    to the people screen (e and d lead there too; a adds someone here, on the step)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "key.add"),
        Binding("e,d,delete", "open", show=False),
        # The button says "(P)": on it, P must not be refused as a letter typed by mistake.
        Binding("P", "open", show=False),
    ]

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def __init__(self, course: Course, field: Any, progress: Progress, lang: str) -> None:
        super().__init__(classes="field people-link")
        localize_bindings(self)
        self.course, self.field, self.progress, self.lang = course, field, progress, lang

    def compose(self) -> ComposeResult:
        label = plain(tr(self.field.label, self.lang), single_line=True)
        yield Label(label, classes="field-label")
        if self.field.help:
            yield Static(plain(tr(self.field.help, self.lang)), classes="field-help")
        yield Static("", classes="people-summary")
        yield Button(t("people.open"), id="open-people", compact=True)

    def on_mount(self) -> None:
        self.refresh_summary()

    def refresh_summary(self) -> None:
        self.query_one(".people-summary", Static).update(plain(summary(self.course, self.progress)))

    @on(Button.Pressed, "#open-people")
    def _open(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        self.app.push_screen(PeopleScreen(), self._people_closed)

    def action_add(self) -> None:
        """The person form over the step, as a on the step's other lists does; saved, the
        summary counts them (the user stays on the step)."""
        PersonActions(self).add_person()

    def reload(self) -> None:
        self._people_closed()

    def _people_closed(self, _: object = None) -> None:
        if self.is_attached:
            self.refresh_summary()


def summary(course: Course, progress: Progress) -> str:
    """ "12 people; 2 follow-ups due" in one line."""
    everyone = people.people(course, progress)
    if not everyone:
        return t("people.summary_none")
    on = local_today()
    due = (
        0
        if paused_until(progress, on) is not None
        else sum(1 for p in everyone if p.follow_up is not None and p.follow_up <= on)
    )
    text = tn("people.summary", len(everyone))
    return f"{text} {tn('people.summary_due', due)}" if due else text


def refresh_links(root: Widget) -> None:
    """Show the current counts in every people link under ``root`` (after the people
    screen closes)."""
    for link in root.query(PeopleLink):
        link.refresh_summary()

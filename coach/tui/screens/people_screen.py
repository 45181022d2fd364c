"""People as a full screen, and the step's link to it.

Which records are people is the content's to say (``agenda.people``); nothing here names a
step or a field. The list is :class:`~coach.tui.widgets.people_table.PeopleTable`; one
person is :class:`~coach.tui.screens.person_screen.PersonScreen`. Every change goes through
the session's verbs (the one door to the data), which save through the app's saver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from coach import dates
from coach.content.course import tr
from coach.domain import people
from coach.domain.people import paused_until
from coach.domain.people_view import SORTS, field_label, holding, sort_people
from coach.i18n import format_number, t, tn
from coach.safetext import shown
from coach.tui.dialogs.text_input import TextInput
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain
from coach.tui.screens.person_actions import PersonActions
from coach.tui.screens.person_screen import PersonScreen
from coach.tui.styles import screen_css
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.people_table import PeopleTable

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.domain.people import Person
    from coach.tui.app import CoachApp

__all__ = ["PeopleScreen", "PeopleTable", "PersonScreen"]


# -- the people screen ---------------------------------------------------------------------
LIST_ACTIONS = frozenset({"add", "edit", "log", "snooze", "delete", "sort", "filter"})


class PeopleScreen(Screen[None]):
    """Everyone, filtered as the user types, sorted by follow-up, name or last contact."""

    DEFAULT_CSS = screen_css("people")

    BINDINGS: ClassVar[list[BindingType]] = [
        # esc clears a filter that holds something, and the footer says so; then it goes back.
        Binding("escape", "clear_filter", "key.clear_filter"),
        Binding("escape", "back", "key.back"),
        Binding("slash", "filter", "key.people_filter", show=False),  # the filter says (/)
        Binding("o", "sort", "key.people_sort", show=False),  # in the list
        Binding(
            "ctrl+o", "sort_any", "key.people_sort", show=False
        ),  # the title says; types nothing
        Binding("a", "add", "key.add"),
        Binding("l", "log", "key.log"),
        Binding("z", "snooze", "key.snooze"),
        Binding("e", "edit", "key.edit", show=False),
        Binding("d,delete", "delete", "key.delete", show=False),
        # While the filter has the focus, the footer says how to reach the list's keys
        # (a typed "a" there is a name: a newcomer looked for "a Add" and found only esc).
        Binding("down", "to_list(0)", show=False),  # on the highlighted (first) row
        Binding("tab", "to_list(0)", "key.people_to_list"),
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
        self._searched: dict[str, list[str]] = {}  # what the filter reads besides the name
        self._spelled: list[str] = []
        self._names: dict[str, str] = {}
        self._paged = False  # someone's page opened from here (see on_screen_resume)

    def compose(self) -> ComposeResult:
        yield Static("", id="people-title")
        yield TextInput(  # (focused again, what it holds is added to, not typed over)
            placeholder=t("people.filter_placeholder"),
            id="people-filter",
            compact=True,
            select_on_focus=False,
        )
        # Right under the filter, where the eye is while typing (not below an empty list).
        yield Static("", id="people-empty", classes="hint")
        yield PeopleTable(id="people-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.coach.people_sort in SORTS:
            self.sort = self.coach.people_sort
        self._label()
        self.reload()
        # Typing finds someone at once; letters never run a command by surprise. With
        # nobody to find yet, the list has the focus, so that a adds the first person.
        if self.everyone:
            self.query_one("#people-filter", Input).focus()
        else:
            self.query_one(PeopleTable).focus()

    def relabel(self) -> None:
        """Every word again in the language just chosen (the keys: the app's part)."""
        self.query_one("#people-filter", Input).placeholder = t("people.filter_placeholder")
        self._label()
        self.reload()

    def _label(self) -> None:
        """The list's column names and circles, in the current language."""
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
                o.id: shown(tr(o.label, lang), single_line=True) for o in course.options_for(circle)
            }

    def on_screen_resume(self) -> None:
        self.reload()
        # Back from someone's page while the filter holds a name: the typing goes on in the
        # filter (the list had the focus back, and "petra" typed on ran e, t and the rest).
        # Only from a page: a log or a question closed over the list leaves the list its keys.
        box = self.query_one("#people-filter", Input)
        if self._paged and box.value:
            self.call_after_refresh(box.focus)
        self._paged = False

    def reload(self) -> None:
        """Read everyone again (after a change here or on the person's screen)."""
        self.everyone = people.people(self.coach.course, self.coach.progress)
        # Folded once per change, not per key typed into the filter.
        self._names = {p.id: people.fold(p.name) for p in self.everyone}
        more = searched_fields(self.coach.course, self.coach.lang)
        table = self.query_one(PeopleTable)
        searched = {
            p.id: [
                p.next_step,
                table.circles.get(p.circle or "", p.circle or ""),
                *(show(p.record.get(key)) for key, show in more),
            ]
            for p in self.everyone
        }
        self._folded = {
            p.id: "\n".join([self._names[p.id], *map(people.fold, searched[p.id])])
            for p in self.everyone
        }
        self._searched, self._spelled = searched, []  # (spelled out when first asked)
        self._show()

    @property
    def query_text(self) -> str:
        return self.query_one("#people-filter", Input).value

    def shown(self) -> list[Person]:
        """The people the filter lets through, in the chosen order."""
        everyone = self.everyone
        folded = [self._folded[p.id] for p in everyone]
        found = [everyone[i] for i in holding(self.query_text, folded, self._spelled_out)]
        return sort_people(found, self.sort, self._names)

    def _spelled_out(self) -> list[str]:
        """Each person's texts with umlauts spelled out ("mueller" finds "Müller"), made when
        a filter first spells one out."""
        if not self._spelled:
            self._spelled = [
                "\n".join(map(people.spelled_key, [p.name, *self._searched[p.id]]))
                for p in self.everyone
            ]
        return self._spelled

    def _show(self, keep: str | None = None) -> None:
        table = self.query_one(PeopleTable)
        keep = keep or (table.current.id if table.current else None)
        rows = self.shown()
        on = dates.local_today()
        table.by_last = self.sort == "last_contact"  # the column sorted by stays in sight
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
        self.refresh_bindings()  # esc: "Clear" while the filter holds something

    @on(Input.Submitted, "#people-filter")
    def _filter_done(self) -> None:
        """Enter in the filter opens the highlighted person (the only one, often)."""
        table = self.query_one(PeopleTable)
        table.focus()
        table.action_select()

    @on(PeopleTable.Opened)
    def _opened(self, event: PeopleTable.Opened) -> None:
        event.stop()
        self._paged = True
        self.app.push_screen(PersonScreen(event.person.id))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        filtering = isinstance(self.focused, Input)
        if action == "to_list":
            return filtering and bool(self.query_one(PeopleTable).rows)
        if action == "clear_filter":
            return bool(self.query_one("#people-filter", Input).value)
        # Letters typed into the filter are a name, not commands.
        return not (action in LIST_ACTIONS and filtering)

    # -- actions -----------------------------------------------------------------------
    @property
    def person(self) -> Person | None:
        return self.query_one(PeopleTable).current

    def action_back(self) -> None:
        """Escape: clear the filter first (the typing stays in the filter, so the next
        letters never edit or remove anyone by surprise), then back to where the user came
        from."""
        box = self.query_one("#people-filter", Input)
        if box.value:
            box.value = ""
            box.focus()
        else:
            self.dismiss(None)

    def action_clear_filter(self) -> None:
        self.action_back()  # (it clears first)

    def action_filter(self) -> None:
        self.query_one("#people-filter", Input).focus()

    def action_to_list(self, delta: int) -> None:
        """Down (or up) in the filter: on to the list. Down lands on the highlighted row,
        the one enter in the filter opens (the first), so ↓ enter opens what enter did."""
        table = self.query_one(PeopleTable)
        self.set_focus(table)  # (at once: the keys typed after it are the list's)
        table.action_cursor(delta)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.coach.people_sort = self.sort  # the next opening keeps it
        self._show()
        if isinstance(self.focused, Input):  # (ctrl+o while typing: the new order from its
            self.query_one(PeopleTable).move_cursor(row=0)  # top, not around someone unseen)

    def action_sort_any(self) -> None:
        """ctrl+o: sort from the filter too (a key that types nothing)."""
        self.action_sort()

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


# -- the step's link to this screen ------------------------------------------------------------
def searched_fields(course: Course, lang: str) -> list[tuple[str, Callable[[Any], str]]]:
    """The people fields the filter also looks in besides the name, the next step and the
    circle: the content's company, position, note and network (an option by its label)."""
    found = people.spec(course)
    if found is None:
        return []
    out: list[tuple[str, Callable[[Any], str]]] = []
    for role in ("company", "position", "note", "network"):
        key = getattr(found, role, None)
        sub = course.subfield(found.records, key) if key else None
        if not key or sub is None:
            continue
        choices = course.options_for(sub) if hasattr(sub, "options") else []
        labels = {o.id: tr(o.label, lang) for o in choices}

        def show(value: Any, labels: dict[str, str] = labels) -> str:
            if isinstance(value, list):
                return " ".join(labels.get(str(v), str(v)) for v in value)
            return labels.get(value, value) if isinstance(value, str) else ""

        out.append((key, show))
    return out

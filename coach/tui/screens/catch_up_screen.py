"""Coming back after a gap: the three ways Today offers, each one key.

- spread the overdue follow-ups over the coming weeks (the new dates shown before saving);
- let some go (they keep no date);
- one at a time: one person and their next step, with log / snooze / let go.

Dates come from :func:`coach.domain.habit.spread`; every way saves through one session verb
(``move_follow_ups``: all the people it moves in one change) or the log dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from coach import dates
from coach.domain import habit, people
from coach.domain.habit import DEFAULT_WEEKS, planned
from coach.i18n import day_in_words, short_date, t, tn
from coach.safetext import shown
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.dialog import Dialog
from coach.tui.dialogs.log_dialog import LogContactScreen
from coach.tui.key_hints import KeyHints
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.ticklist import TickList

if TYPE_CHECKING:
    from coach.application.session import Logged
    from coach.domain.people import Person
    from coach.tui.app import CoachApp


def _name(person: Person) -> str:
    return shown(person.name, single_line=True)


def overdue_people(app: CoachApp) -> list[Person]:
    return habit.overdue(people.people(app.course, app.progress), dates.local_today())


def open_way(app: CoachApp, way: str, done: Callable[[], None]) -> None:
    """Open one of the three ways; ``done`` runs when it closes (Today shows the day again)."""
    late = overdue_people(app)
    if not late:
        app.notify(t("catch_up.nothing"), markup=False)
        done()
        return
    screen: ModalScreen[bool]
    if way == "spread":
        screen = SpreadScreen()
    elif way == "let_go":
        screen = LetGoScreen(late)
    else:
        screen = FocusScreen(late)
    app.push_screen(screen, lambda _: done())


class SpreadScreen(Dialog[bool]):
    """The new dates, a handful shown, then saved in one change (enter) or not (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("enter", "save", "key.save"),
        # The list scrolls from the buttons (Tab went to Cancel first, not to the list).
        Binding("down", "scroll_dates(1)", show=False),
        Binding("up", "scroll_dates(-1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        late, found, per_week = self.coach.session.catch_up_plan(DEFAULT_WEEKS)
        self.dates = found.dates
        lang = self.coach.lang
        lines = [
            tn(
                "catch_up.plan",
                len(late),
                weeks=tn("weeks.span", max(found.weeks, 1)),
                per_week=per_week,
            ),
        ]
        if (why := found.why_longer()) is not None:
            lines.append(why)
        # Every new date, before anything is saved (the list scrolls; the buttons stay):
        # two columns, a long name wrapping in its own, the date never under it.
        ordered = sorted(late, key=lambda p: (found.dates[p.id], p.name.casefold()))
        dated = Table.grid(padding=(0, 0, 0, 2))
        dated.add_column(ratio=1, overflow="fold")
        dated.add_column(no_wrap=True)
        today = dates.local_today()
        for person in ordered:
            when = short_date(found.dates[person.id], lang, today)
            dated.add_row(Text(_name(person)), Text(when))
        with Vertical(id="catch-up", classes="dialog"):
            yield Static(plain(t("tui.back.spread_title")), classes="dialog-title")
            yield Static(plain("\n".join(lines)), id="catch-up-plan")
            with VerticalScroll(id="catch-up-dates"):
                yield Static(dated)
            # Said when the list is longer than the room it has (a thin scroll bar alone
            # went unseen: "10 follow-ups" above seven names).
            more = Static(plain(t("tui.back.more_below")), id="catch-up-more", classes="hint")
            more.display = False
            yield more
            with ButtonRow():
                yield Button(t("tui.back.save_dates"), variant="primary", id="catch-up-save")
                yield Button(t("form.cancel"), id="catch-up-cancel")

    def on_mount(self) -> None:
        self.query_one("#catch-up-save").focus()
        self.call_after_refresh(self._say_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self._say_more)

    def _say_more(self) -> None:
        """The hint "More below" while there is more below (not once the end is in sight)."""
        listed = self.query_one("#catch-up-dates", VerticalScroll)
        self.query_one("#catch-up-more").display = listed.scroll_y < listed.max_scroll_y

    def action_scroll_dates(self, lines: int) -> None:
        listed = self.query_one("#catch-up-dates", VerticalScroll)
        listed.scroll_to(y=listed.scroll_y + lines, animate=False, immediate=True)
        self._say_more()

    @on(Button.Pressed, "#catch-up-save")
    def action_save(self) -> None:
        moved = self.coach.session.move_follow_ups(dict(self.dates))
        self.notify(tn("tui.back.spread_done", moved), markup=False)
        self.dismiss(True)

    @on(Button.Pressed, "#catch-up-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class LetGoScreen(Dialog[bool]):
    """Pick who to let go (no date any more): space or enter picks, ctrl+s (or the button)
    lets them go."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "save", "key.save"),  # enter picks in the list, as space does
    ]

    def __init__(self, late: list[Person]) -> None:
        super().__init__()
        localize_bindings(self)
        self.late = late

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        on_day, lang = dates.local_today(), self.coach.lang
        choices = [
            (
                Content.assemble(
                    (_name(p), "bold"), " — ", planned(p.follow_up or on_day, on_day, lang)
                ),
                p.id,
            )
            for p in self.late
        ]
        with Vertical(id="let-go", classes="dialog"):
            yield Static(plain(t("tui.back.let_go_title")), classes="dialog-title")
            yield Static(plain(t("tui.back.let_go_hint")), classes="hint")
            yield TickList(*choices, id="let-go-list")
            with ButtonRow():
                yield Button(t("tui.back.let_go_save"), variant="primary", id="let-go-save")
                yield Button(t("form.cancel"), id="let-go-cancel")

    def on_mount(self) -> None:
        self.query_one("#let-go-list").focus()

    @on(Button.Pressed, "#let-go-save")
    def action_save(self) -> None:
        chosen = self.query_one("#let-go-list", SelectionList).selected
        moved = self.coach.session.move_follow_ups({pid: None for pid in chosen})
        if moved:
            self.notify(tn("tui.back.let_go_done", moved), markup=False)
        self.dismiss(bool(moved))

    @on(Button.Pressed, "#let-go-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class FocusScreen(Dialog[bool]):
    """One person at a time: their next step; l log, z a week later, g let go, n skip."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "log", "key.log"),
        Binding("z", "snooze", "key.snooze"),
        Binding("g", "let_go", "key.let_go"),
        Binding("n,right", "skip", "key.skip"),
        Binding("u", "undo", "key.undo"),
        Binding("U", "redo", show=False),  # what u's notice offers
        Binding("escape", "done", "key.back"),
    ]

    def __init__(self, late: list[Person]) -> None:
        super().__init__(classes="focus-screen")
        localize_bindings(self)
        self.queue = [p.id for p in late]
        self.index = 0
        self.made: list[tuple[str, int]] = []  # the changes made here: (stamp, place in queue)
        self.undone: list[tuple[str, int]] = []  # u here: (the undo's stamp, the place)

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="focus", classes="dialog"):
            yield Static("", id="focus-count", classes="hint")
            yield Static("", id="focus-name", classes="dialog-title")
            yield Static("", id="focus-step")
            yield Static(KeyHints(t("tui.back.focus_keys")), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()

    @property
    def person(self) -> Person | None:
        if self.index >= len(self.queue):
            return None
        return people.by_id(self.coach.course, self.coach.progress, self.queue[self.index])

    def data_changed(self) -> None:
        """Another shell or device changed the state: the person shown is shown afresh, or
        passed over if they no longer wait (a follow-up set meanwhile, or removed)."""
        self.show(moved_on=True)

    def show(self, *, moved_on: bool = False) -> None:
        on_day, lang = dates.local_today(), self.coach.lang
        person = self.person
        while self.index < len(self.queue) and (person is None or not person.overdue(on_day)):
            if moved_on:  # said once: the name on screen changes under the user's eyes
                moved_on = False
                self.notify(t("tui.back.focus_changed"), markup=False)
            self.index += 1
            person = self.person
        if person is None:  # (praise for what was done here, not for n pressed to the end)
            self.notify(
                t("tui.back.focus_done" if self.made else "tui.back.focus_seen"), markup=False
            )
            self.dismiss(True)
            return
        count = t("tui.back.focus_count", n=self.index + 1, total=len(self.queue))
        self.query_one("#focus-count", Static).update(plain(count))
        when = planned(person.follow_up or on_day, on_day, lang)
        name = Content.assemble((_name(person), "bold"), " — ", when)
        self.query_one("#focus-name", Static).update(name)
        step = shown(person.next_step, single_line=True) or t("tui.back.no_step")
        self.query_one("#focus-step", Static).update(Content(step).stylize("italic"))

    def _next(self) -> None:
        self.index += 1
        self.show()

    def _waiting(self) -> Person | None:
        """The person shown, after a look for what others wrote: a key acts on what is
        there now, never on a follow-up another shell set a moment ago (it was undone)."""
        shown_id = self.queue[self.index] if self.index < len(self.queue) else None
        self.coach.look_for_changes()
        person = self.person
        return person if person is not None and person.id == shown_id else None

    def action_log(self) -> None:
        if (person := self._waiting()) is not None:
            self.app.push_screen(LogContactScreen(person), self._logged)

    def _logged(self, logged: Logged | None) -> None:
        if logged is not None:
            self._made_here()
            self._next()

    def _made_here(self) -> None:
        """Remember the change just made here, and on whom (what ``u`` here may take back)."""
        done = self.coach.session.next_undo()
        if done is not None:
            self.made.append((done.at, self.index))
        self.undone.clear()  # (a new change: what u took back stays taken back)

    def action_snooze(self) -> None:
        if (person := self._waiting()) is not None:
            when = self.coach.session.snooze(person)
            if when is not None:  # said, as on Today: the dialog moves on to the next one
                self._made_here()
                date = day_in_words(when, self.coach.lang)
                self.notify(t("people.snoozed", name=_name(person), date=date), markup=False)
            self._next()

    def action_let_go(self) -> None:
        if (person := self._waiting()) is not None:
            if self.coach.session.move_follow_ups({person.id: None}):
                self._made_here()
            self.notify(t("tui.back.let_go_one", name=_name(person)), markup=False)
            self._next()

    def action_undo(self) -> None:
        """u: takes back this dialog's last change and goes back to that person; the newest
        change made elsewhere (a ``coach log`` in the shell) is Today's ``u`` to take back."""
        self.coach.look_for_changes()  # (a change another shell made is seen first)
        newest = self.coach.session.next_undo()
        if not self.made or newest is None or newest.at != self.made[-1][0]:
            self.notify(t("tui.back.focus_undo_elsewhere"), markup=False)
            return
        self.coach.action_undo()
        self.index = self.made.pop()[1]
        undone = self.coach.session.next_undo(redo=True)
        if undone is not None:
            self.undone.append((undone.at, self.index))
        self.show()

    def action_redo(self) -> None:
        """U: makes again what u took back here, and goes on past that person; an undo
        made elsewhere since (another shell) is Today's ``U`` to redo."""
        self.coach.look_for_changes()  # (what another shell took back is seen first)
        newest = self.coach.session.next_undo(redo=True)
        if not self.undone or newest is None or newest.at != self.undone[-1][0]:
            key = "tui.back.focus_redo_elsewhere" if newest is not None else "ui.redo_nothing"
            self.notify(t(key), markup=False)
            return
        self.coach.action_undo(redo=True)
        self.index = self.undone.pop()[1]
        done = self.coach.session.next_undo()  # the change again: what u here takes back
        if done is not None:
            self.made.append((done.at, self.index))
        self._next()

    def action_skip(self) -> None:
        self._next()

    def action_done(self) -> None:
        self.dismiss(True)

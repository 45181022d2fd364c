"""Today in the terminal UI: follow-ups due (oldest first, kindly worded), people it has
been a while with, the next two weeks' events and posts, this week against the target, the
user's break; one small idea when nothing is due. Keys: ``l`` log, ``z`` snooze a week,
``enter`` open, ``b`` a break. What is due comes from :func:`coach.domain.agenda.today`;
every change goes through the session."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.scalar import Scalar
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach import dates
from coach.domain import agenda as agenda_mod
from coach.domain import habit, people
from coach.domain.status import bar
from coach.errors import PersonGone
from coach.i18n import day_in_words, format_date, t, tn
from coach.safetext import shown
from coach.tui.key_hints import KeyHints
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain, styled
from coach.tui.screens.documents import save_calendar, show_sheet
from coach.tui.styles import screen_css
from coach.tui.widgets import prose
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.title_bar import TitleBar
from coach.tui.widgets.today_list import (
    POST_PREFIX,
    TodayList,
    courage_lines,
    follow_up_line,
    post_line,
    reconnect_line,
    upcoming_line,
)

if TYPE_CHECKING:
    from coach.application.session import Logged
    from coach.domain.people import Person
    from coach.tui.app import CoachApp

RECONNECT_SHOWN = 5  # more than this many "it's been a while" people overwhelm: "and N more"
FOLLOW_UPS_SHOWN = 30  # a day's list, not the whole address book (the people screen has all)
WIDE = 110  # from this many columns on, the people and the rest of the day sit side by side


def _name(person: Person) -> str:
    return shown(person.name, single_line=True)


class TodayScreen(Screen[None]):
    """The day's short list; ``escape`` goes back to the steps."""

    DEFAULT_CSS = screen_css("today")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "log", "key.log"),
        Binding("z", "snooze", "key.snooze"),
        # The same keys while nobody is listed: not offered, but pressed from habit they
        # say where everyone is (check_action tells the two apart by the argument).
        Binding("l", "log(True)", show=False),
        Binding("z", "snooze(True)", show=False),
        Binding("b", "pause", "key.pause"),  # one of these two is offered (check_action)
        Binding("b", "end_pause", "key.end_pause"),
        Binding("s", "sheet", "key.sheet"),
        Binding("c", "calendar", "key.calendar"),
        Binding("P", "people", "key.people_screen"),
        Binding("escape", "back", "key.back"),
        Binding("t", "refresh_today", show=False),  # already here: look again
        Binding("space", "posted", "key.posted"),  # on a planned post: ticked off
        # Catching up: the three ways (named in the greeting after a gap rather than in the
        # footer, which has no room for them; the help lists them).
        Binding("w", "catch_up('spread')", "key.catch_up_spread", show=False),
        Binding("g", "catch_up('let_go')", "key.catch_up_let_go", show=False),
        Binding("f", "catch_up('focus')", "key.catch_up_focus", show=False),
    ]
    WIDE_KEYS = frozenset({"calendar", "people"})  # in the footer from 100 columns on

    def __init__(self, agenda: agenda_mod.Agenda | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.agenda: agenda_mod.Agenda | None = agenda  # worked out already: shown first
        self.has_agenda = False
        self._resumed = False
        self.back = False  # greeting the user back now: on opening, and while any is late
        self._ids_shown: set[str | None] = set()  # the list's lines, for what an undo brings back
        self.greeted = False  # whether opening greeted the user back (an undo may bring the
        # late follow-ups back after a spread: the greeting and its keys come back with them)
        self._place: int | None = None  # the cursor's row, kept across a log or a break

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width < WIDE, "-narrow")
        yield TitleBar()
        with VerticalScroll(id="today-body"):
            yield Static("", id="today-head")
            yield Static("", id="today-pause", classes="hint")
            yield Static("", id="today-back", classes="today-back")
            # Side by side on a wide terminal: who to get back to, and the rest of the day.
            with Horizontal(id="today-columns"):
                with Vertical(id="today-left"):
                    # (above the list: "nobody to get back to now" read below what's coming)
                    yield Static("", id="today-nobody", classes="hint")
                    yield TodayList(id="today-people")
                with Vertical(id="today-right"):
                    yield Static("", id="today-coming")
                    yield Static("", id="today-week")
                    yield Static("", id="today-idea")
        yield KeyFooter()

    def on_resize(self) -> None:
        self.set_class(self.size.width < WIDE, "-narrow")
        self.call_after_refresh(self._give_room)

    def _give_room(self) -> None:
        """The list grows into rows the screen leaves empty below it (its CSS keeps it to
        60% of the height, so the rest of the day shows too): at 80x24 it cut the next
        days' follow-ups and the planned posts off above three empty rows."""
        listing = self.query_one("#today-people", OptionList)
        body = self.query_one("#today-body")
        floor = self.size.height * 6 // 10
        shown_children = [c for c in body.children if c.display and c.region]
        if not shown_children:
            return
        used = max(c.region.bottom for c in shown_children) - body.content_region.y
        spare = body.content_region.height - used - round(body.scroll_y)
        shown, wanted = listing.size.height, listing.virtual_size.height
        room = max(floor, min(wanted, shown + spare))
        if listing.styles.max_height != Scalar.from_number(room):
            listing.styles.max_height = room
            self.call_after_refresh(self._give_room)  # laid out again: what is left now

    def on_mount(self) -> None:
        self.fill(again=False)
        self.query_one("#today-people", OptionList).focus()

    # -- what is shown ---------------------------------------------------------------
    def fill(self, *, again: bool = True, in_place: bool = False, undone: bool = False) -> None:
        """Work out the day again and show it (after every change made here); ``in_place``:
        the cursor stays on its row (after a log, a snooze, the end of a break); ``undone``:
        it goes to the one line an undo brought back (a post marked posted, someone logged)."""
        app = self.coach
        lang = app.lang
        course = app.course
        on = dates.local_today()
        self.has_agenda = getattr(course.meta, "agenda", None) is not None
        agenda = self.agenda
        if again or agenda is None or agenda.date != on:
            agenda = agenda_mod.today(course, app.progress, on, lang, app.session.let_go_days())
        self.agenda = agenda
        late = sum(1 for f in agenda.follow_ups if f.overdue)
        if not again:  # on opening: the last change's time says how long it has been
            target = agenda.week.target if agenda.week else 0
            self.greeted = habit.coming_back(app.progress, on, late, target)
        self.back = self.greeted and late > 0
        greeting = KeyHints(t("tui.back.ways"), lead=t("tui.back.greeting"))  # (keys kept whole)
        self._set("#today-back", greeting if self.back else "")
        self.sub_title = t("tui.today.title")
        head = t("today.heading", date=format_date(on, lang))
        self._set("#today-head", styled("[b]$text[/b]", text=head))

        pause = ""
        if agenda.paused_until is not None:
            pause = t("today.paused", date=format_date(agenda.paused_until, lang))
            pause += "\n" + t("tui.today.keys_paused")
        self._set("#today-pause", plain(pause))

        self._fill_people(agenda, on, lang, in_place=in_place, undone=undone)
        nobody = (
            self.has_agenda
            and agenda.has_people
            and agenda.paused_until is None
            and not (agenda.follow_ups or agenda.reconnect)
            and not (agenda.nothing_due and agenda.suggestion)  # (that line says it)
        )
        self._set("#today-nobody", plain(t("tui.today.nobody") if nobody else ""))
        self.set_class(not (nobody or self.query_one(TodayList).option_count), "-one-column")
        self._set("#today-coming", self._coming(agenda, lang))
        self._set("#today-week", self._week(agenda))
        idea: Content | str = ""
        if not self.has_agenda:
            idea = plain(t("tui.today.no_agenda"))
        elif agenda.nothing_due and agenda.suggestion:
            idea = Content.assemble(
                plain(t("today.nothing_due")), "\n", styled("[i]$s[/i]", s=agenda.suggestion)
            )
        self._set("#today-idea", idea)
        self.refresh_bindings()  # l, z and b follow who is listed and the break
        self.call_after_refresh(self._give_room)

    def _set(self, selector: str, content: Content | KeyHints | prose.Prose | str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = bool(str(content))

    def _fill_people(
        self,
        agenda: agenda_mod.Agenda,
        on: dt.date,
        lang: str,
        *,
        in_place: bool = False,
        undone: bool = False,
    ) -> None:
        listing = self.query_one("#today-people", OptionList)
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        keep_at = listing.highlighted if listing.highlighted is not None else self._place
        if in_place:
            keep = None
        options: list[Option] = []
        if agenda.follow_ups:
            options.append(self._heading(t("today.follow_ups")))
            room = habit.SHOWN if self.back else FOLLOW_UPS_SHOWN  # no wall after a gap
            shown = habit.listed(len(agenda.follow_ups), room)
            for f in agenda.follow_ups[:shown]:
                options.append(Option(follow_up_line(f, on, lang), id=f.person.id))
            more = len(agenda.follow_ups) - shown
            if more > 0:
                options.append(
                    Option(Content.styled(tn("today.more", more), "italic"), disabled=True)
                )
        if agenda.reconnect:
            if options:
                options.append(Option("", disabled=True))  # a blank line between the two
            options.append(self._heading(t("today.reconnect")))
            shown = habit.listed(len(agenda.reconnect), RECONNECT_SHOWN)
            for r in agenda.reconnect[:shown]:
                options.append(Option(reconnect_line(r, on, lang), id=r.person.id))
            more = len(agenda.reconnect) - shown
            if more > 0:
                options.append(
                    Option(Content.styled(tn("tui.today.more", more), "italic"), disabled=True)
                )
        for title, lines in (
            (
                tn("today.upcoming", agenda_mod.UPCOMING_DAYS),
                [Option(upcoming_line(f, lang), id=f.person.id) for f in agenda.upcoming],
            ),
            (
                t("tui.today.posts"),
                [Option(post_line(p, lang), id=POST_PREFIX + p.id) for p in agenda.posts if p.id],
            ),
        ):
            if lines:
                if options:
                    options.append(Option("", disabled=True))
                options += [self._heading(title), *lines[:FOLLOW_UPS_SHOWN]]
        listing.clear_options()
        listing.add_options(options)
        listing.display = bool(options)
        # Hidden for a break, the list had lost the focus; on the scrolling body (a Tab
        # away, which shows no focus) its keys did nothing after a change either.
        if options and (self.focused is None or self.focused.id == "today-body"):
            listing.focus()
        ids = [o.id for o in options]
        back = [i for i in ids if i is not None and i not in self._ids_shown]
        self._ids_shown = set(ids)
        if undone and len(back) == 1:
            keep = back[0]
        if keep is not None and keep in ids:
            listing.highlighted = ids.index(keep)
        elif options and keep_at is not None and in_place:  # the same row, or the one above
            enabled = [i for i, o in enumerate(options) if not o.disabled]
            before = [i for i in enabled if i <= keep_at]
            chosen = before[-1:] or enabled[:1]
            listing.highlighted = chosen[0] if chosen else None
        elif options:
            enabled = [i for i, o in enumerate(options) if not o.disabled]
            after = [i for i in enabled if keep_at is None or i >= keep_at]
            chosen = after or enabled
            listing.highlighted = chosen[0] if chosen else None

    @staticmethod
    def _heading(text: str) -> Option:
        return Option(Content.styled(text, "bold"), disabled=True)

    @staticmethod
    def _coming(agenda: agenda_mod.Agenda, lang: str) -> prose.Prose | str:
        coming = sorted(  # planned posts are on the list, to be ticked off there
            [(e.date, e.title, t("today.event")) for e in agenda.events]
            + [
                (p.date, p.title, t("today.post"))
                for p in agenda.posts
                if not p.id and p.date >= agenda.date
            ]
        )
        if not coming:
            return ""
        head = styled("[b]$h[/b]", h=tn("today.coming", agenda_mod.AHEAD_DAYS))
        lines = [
            styled(
                "$date  $title [dim]($kind)[/dim]",
                date=day_in_words(when, lang),
                title=shown(title, single_line=True),
                kind=kind,
            )
            for when, title, kind in coming
        ]
        return prose.bulleted(head, lines)

    def _week(self, agenda: agenda_mod.Agenda) -> Content | str:
        week = agenda.week
        if week is None or not agenda.has_people:
            return ""  # on a break too: the plan stays in sight, nothing is asked of it
        text = habit.week_words(week.done, week.target)
        shown = bar(min(week.done, week.target), week.target) if week.target else ""
        line = styled("[b]$text[/b]  [$success]$bar[/]", text=text, bar=shown)
        if any(agenda.weeks) or any(agenda.rest):
            spark = habit.sparkline(agenda.weeks, agenda.rest, agenda.begun)
            line += styled("\n$label [$accent]$spark[/]", label=t("tui.today.weeks"), spark=spark)
            if habit.rested(agenda.weeks, agenda.rest):
                line += styled("  [dim]$rest[/]", rest=t("today.weeks_rest", dot=habit.REST))
        found = habit.courage(self.coach.progress, agenda.date)
        if found is not None:
            line += Content("\n") + courage_lines(found)
        return line

    @on(OptionList.OptionHighlighted, "#today-people")
    def _keep_the_tail_in_sight(self, event: OptionList.OptionHighlighted) -> None:
        """On the last person, the "and N more" under them scrolls into sight too."""
        self.refresh_bindings()  # space is offered on a planned post
        listing = event.option_list
        if all(o.disabled for o in listing.options[event.option_index + 1 :]):
            listing.scroll_end(animate=False)

    # -- the highlighted person ------------------------------------------------------
    def highlighted_person(self) -> Person | None:
        listing = self.query_one("#today-people", OptionList)
        option = listing.highlighted_option
        if option is None or option.disabled or option.id is None or not listing.display:
            return None
        return people.by_id(self.coach.course, self.coach.progress, option.id)

    def _remember_place(self) -> None:
        listing = self.query_one("#today-people", OptionList)
        if listing.highlighted is not None:
            self._place = listing.highlighted

    def highlighted_post(self) -> str | None:
        """The id of the planned post under the cursor, if it is one."""
        option = self.query_one("#today-people", OptionList).highlighted_option
        if option is None or option.id is None or not option.id.startswith(POST_PREFIX):
            return None
        return option.id[len(POST_PREFIX) :]

    def action_posted(self) -> None:
        """space on a planned post: posted today (ticked off; undone in its step)."""
        post = self.highlighted_post()
        if post is None:
            return
        self._remember_place()
        if self.coach.session.mark_posted(post, dates.local_today()):
            self.notify(t("tui.today.posted"), markup=False)
        self.fill(in_place=True)

    def action_catch_up(self, way: str) -> None:
        """Catching up: spread the follow-ups, let some go, or one at a time."""
        from coach.tui.screens.catch_up_screen import open_way

        open_way(self.coach, way, lambda: self.fill(in_place=True))

    def action_log(self, _unoffered: bool = False) -> None:
        person = self.highlighted_person()
        if person is None:
            self._nobody_picked()
            return
        self._remember_place()
        # The dialogs (Textual's text area, inputs, selects) are imported when one opens:
        # Today's first frame is the coach's first when something is due.
        from coach.tui.dialogs.log_dialog import LogContactScreen

        self.app.push_screen(LogContactScreen(person), self._logged)

    def _nobody_picked(self) -> None:
        """l or z with nobody on the list: say where everyone is instead of doing nothing."""
        if self.has_agenda:
            self.notify(t("tui.today.pick_someone"), markup=False)

    def _logged(self, logged: Logged | None) -> None:
        if logged is not None:
            self.fill(in_place=True)

    def action_snooze(self, _unoffered: bool = False) -> None:
        """Back on the list in a week, without logging a contact."""
        person = self.highlighted_person()
        if person is None:
            self._nobody_picked()
            return
        self._remember_place()
        try:
            when = self.coach.session.snooze(person)
        except PersonGone as gone:  # removed a moment ago, in another shell
            when = None
            self.notify(str(gone), severity="warning", markup=False)
        if when is None:
            return
        self.notify(
            t("people.snoozed", name=_name(person), date=day_in_words(when, self.coach.lang)),
            markup=False,
        )
        self.fill(in_place=True)

    @on(OptionList.OptionSelected, "#today-people")
    def _open(self, event: OptionList.OptionSelected) -> None:
        """Enter opens the person (their details and history); without the people screen,
        enter logs a contact."""
        event.stop()
        person = self.highlighted_person()
        if person is None:
            return
        try:  # built in parallel (coach/tui/people_screen.py); until then enter logs
            screens = importlib.import_module("coach.tui.screens.people_screen")
        except ImportError:
            self.action_log()
            return
        self.app.push_screen(screens.PersonScreen(person.id), lambda _: self.fill())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """l and z are offered while someone is listed to act on; b says "break" or, on a
        break, "end break"; the ways to catch up (w, g, f) work whenever asked."""
        if action in ("log", "snooze"):
            return bool(parameters) or self._anyone_listed()
        if action in ("pause", "end_pause"):
            paused = self.agenda is not None and self.agenda.paused_until is not None
            return self.has_agenda and paused == (action == "end_pause")
        if action == "posted":
            return self.is_mounted and self.highlighted_post() is not None
        return True  # (w, g and f too: named in the greeting, in help always; with none
        # overdue they say so, where they did nothing)

    def _anyone_listed(self) -> bool:
        if not self.is_mounted:
            return False
        listing = self.query_one("#today-people", OptionList)
        return listing.display and any(
            not listing.get_option_at_index(i).disabled for i in range(listing.option_count)
        )

    def action_pause(self) -> None:
        if self.has_agenda:
            self._remember_place()
            paused = self.agenda.paused_until if self.agenda else None
            from coach.tui.dialogs.pause_dialog import PauseScreen

            self.app.push_screen(PauseScreen(paused), self._paused)

    def action_end_pause(self) -> None:
        """On a break, b opens the same dialog: end it now, or change its date."""
        self.action_pause()

    def _paused(self, choice: dt.date | Literal["end"] | None) -> None:
        if choice is None:
            return
        lang = self.coach.lang
        if choice == "end":
            self.coach.session.set_pause(None)
            self.notify(t("pause.ended"), markup=False)
        else:
            self.coach.session.set_pause(choice)
            back = day_in_words(dates.later(choice, 1), lang)  # back on
            self.notify(t("pause.started", date=back), markup=False)
        self.fill(in_place=True)

    def action_sheet(self) -> None:
        show_sheet(self.coach)

    def action_calendar(self) -> None:
        save_calendar(self.coach)

    def action_people(self) -> None:
        self.coach.action_people()

    def action_refresh_today(self) -> None:
        self.fill()

    def action_back(self) -> None:
        self.coach.show_main()

    def relabel(self) -> None:
        """Every text again in the language just chosen (its keys: the app's part)."""
        self.fill(again=True)

    def on_screen_resume(self) -> None:
        if self._resumed:  # not on first showing: on_mount has just filled it
            self.fill()  # a contact logged elsewhere (the people screen) shows here too
        self._resumed = True

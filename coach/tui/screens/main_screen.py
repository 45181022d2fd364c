"""The main screen: the roadmap of all steps beside the step the user is on."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from coach.domain.status import current_step_id
from coach.i18n import t
from coach.tui.keys import localize_bindings
from coach.tui.messages import FieldChanged, StepChosen
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.roadmap_frame import ROADMAP, RoadmapFrame
from coach.tui.widgets.step_view import StepBody, StepView
from coach.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual import getters
    from textual.dom import DOMNode

    from coach.tui.app import CoachApp
    from coach.tui.widgets.people_link import PeopleLink
    from coach.tui.widgets.roadmap import Roadmap

WIDE = 100  # from this many columns on, the roadmap is shown beside the step
SHORT = 30  # below this many rows, the checklist folds away while the user works below it
LETTER_ACTIONS = {"next_step", "prev_step", "sheet", "roadmap", "tools"}
HINT_EVERY = 4.0  # seconds: typing a word away from a text box gives one hint, not one a letter


class MainScreen(Screen[None]):
    BINDINGS = [  # noqa: RUF012
        Binding("n", "next_step", "key.next"),
        Binding("p", "prev_step", "key.prev"),
        Binding("s", "sheet", "key.sheet"),
        Binding("r", "roadmap", "key.roadmap"),
        Binding("f", "tools", "key.tools"),
        # Shown only where the letters above do not act (check_action): the way back to them.
        Binding("escape", "back", "key.to_checklist"),  # German: not "Zurück", as p is
        Binding("P", "people", "key.people_screen"),
    ]
    WIDE_KEYS = frozenset({"people"})  # in the footer from 100 columns on (KeyFooter)
    if TYPE_CHECKING:
        app = getters.app(CoachApp)  # the coach's own app, typed

    def __init__(self) -> None:
        super().__init__(classes=_size_classes(self.app.size))
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        # The step is built in this first mount, so the first frame already shows it (the
        # screen's size classes were given when it was made: _size_classes). The screen lays
        # the roadmap and the step side by side (app.tcss); the bars are docked.
        yield TitleBar()
        yield RoadmapFrame()  # the roadmap, right after the first frame
        yield StepView(current_step_id(self.app.course, self.app.progress), id="step")
        yield KeyFooter()

    def _view(self) -> StepView | None:
        """The step on screen (None before the first mount). Asked on every footer update,
        so by id: Textual keeps that lookup, where a query by type walks the screen."""
        try:
            return self.query_one("#step", StepView)
        except NoMatches:
            return None

    def on_resize(self) -> None:
        self.set_class(self.size.width < WIDE, "-narrow")
        self.set_class(self.size.height < SHORT, "-short")
        if view := self._view():
            view.update_fold()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # What has the focus now, not the event's widget: each widget reports its focus
        # from its own queue, so after two quick Tabs the older report can come last.
        if view := self._view():
            view.focus_moved(self.focused or event.widget)

    # -- letters are for typing, commands are for the checklist ---------------------
    _hinted_at = -HINT_EVERY

    def _in_command_place(self) -> bool:
        """The single-letter commands (n, p, s, r, q) work where nothing is typed into:
        the checklist, the roadmap and the step's text being read (tab from the checklist;
        its own "(P)" was refused there), or when nothing has the focus."""
        focused = self.focused
        return focused is None or isinstance(focused, Checklist | StepBody) or focused.id == ROADMAP

    def letters_act(self) -> bool:
        """Whether a letter pressed now runs its command (see ``on_key``): on the checklist
        and the roadmap, not where the user types or on a button. The footer offers the
        letter commands only then (the app asks too, for ``q`` and ``t``)."""
        return self._view() is None or self.has_class("-roadmap") or self._in_command_place()

    def moves_on_from(self, box: Widget) -> bool:
        """Enter in a step's one-line field moves to the next one, as in a form (it did
        nothing; asked by the app: coach.tui.keys)."""
        from textual.widgets import Input

        return isinstance(box, Input)

    def focus_binds(self, key: str) -> bool:
        """Whether the focused widget or a container of it binds ``key`` itself (their
        own BINDINGS: ``active_bindings`` would ask the app, which asks this)."""
        node: DOMNode | None = self.focused
        while isinstance(node, Widget) and node is not self:
            for binding in getattr(type(node), "BINDINGS", []):
                keys = binding.key if isinstance(binding, Binding) else binding[0]
                if key in keys.split(","):
                    return True
            node = node.parent
        return False

    def _bound_below_screen(self, key: str) -> bool:
        """Whether the focused widget or one of its containers has ``key`` (e.g. a list's
        ``a`` for add): those keys belong to what the user is looking at."""
        active = self.active_bindings.get(key)
        return (
            active is not None
            and active.enabled
            and isinstance(active.node, Widget)
            and active.node is not self
        )

    def on_key(self, event: events.Key) -> None:
        """A letter pressed away from a text box and the checklist: the user most likely
        meant to type. It does not run a global command (``s`` would open the sheet, ``q``
        would quit); a gentle hint says where typing and commands go."""
        char = event.character or ""
        if not (event.is_printable and char.isalpha()) or self._bound_below_screen(event.key):
            return
        view = self._view()
        if view is None or self.has_class("-roadmap"):
            return
        # The list's keys work wherever the list is in view, or say where it is.
        if char in "aed" and view.list_key(char):
            event.stop()
            return
        if self._in_command_place():
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        if now - self._hinted_at >= HINT_EVERY:
            self._hinted_at = now
            from coach.tui.widgets.line_list import LineList  # (a list: nothing is written)

            said = "ui.letter_hint_list" if isinstance(self.focused, LineList) else "ui.letter_hint"
            self.notify(t(said, key=char), markup=False)

    # -- navigation ------------------------------------------------------------------
    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.app.course.steps]

    def show_step(self, step_id: str, *, save: bool = True) -> None:
        if save:
            self.app.session.set_current_step(step_id)
        self.query_one("#step", StepView).show(step_id)
        self._refresh_roadmap()
        self.remove_class("-roadmap")

    def _move(self, delta: int) -> None:
        ids = self.step_ids
        here = ids.index(current_step_id(self.app.course, self.app.progress))
        target = here + delta
        if 0 <= target < len(ids):
            self.show_step(ids[target])
        elif delta > 0:
            self.what_now()  # n on the last step: where the coach goes on from here
        else:
            self.notify(t("ui.first_step"), markup=False)

    def action_next_step(self) -> None:
        self._move(1)

    def action_prev_step(self) -> None:
        self._move(-1)

    async def action_roadmap(self) -> None:
        """Show the roadmap (on a narrow terminal it takes the whole screen)."""
        for frame in self.query(RoadmapFrame):  # pressed before the list was built
            await frame.replace()
        roadmap = self._roadmap()
        if roadmap is None:
            return
        if self.has_class("-narrow"):
            self.toggle_class("-roadmap")
            if self.has_class("-roadmap"):
                roadmap.activate()
            else:
                self.query_one("#step", StepView).focus_checklist()
        else:
            roadmap.activate()

    def _on_roadmap(self) -> bool:
        """The roadmap has the user: it fills a narrow screen, or it has the focus."""
        return self.has_class("-roadmap") or (
            self.focused is not None and self.focused.id == ROADMAP
        )

    def _roadmap(self) -> Roadmap | None:
        """The roadmap, once it has taken its frame's place (right after the first frame;
        its module is loaded then, so none of it weighs on the start)."""
        from coach.tui.widgets.roadmap import Roadmap

        roadmaps = self.query(Roadmap)
        return roadmaps.first() if roadmaps else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tools":  # only where the step has fields or templates to jump to
            view = self._view()
            if not (view and view.has_tools) or self._on_roadmap():
                return False  # (on the roadmap the step's fields are not what is in view)
        if action in LETTER_ACTIONS and not self.letters_act():
            return False  # a letter here is only a hint (on_key): not offered; esc is
        if action == "back":  # esc: offered where it leads back to the checklist
            return not self.letters_act() or self._on_roadmap()
        if action == "people":
            return self.letters_act()
        return True

    def action_people(self) -> None:
        self.app.action_people()

    def action_tools(self) -> None:
        """Jump from the checklist to the step's fields (the first one at the top)."""
        self.query_one("#step", StepView).focus_tools()

    def action_back(self) -> None:
        """Escape: close the roadmap, or leave a text field for the checklist."""
        if self.has_class("-roadmap"):
            self.remove_class("-roadmap")
        self.query_one("#step", StepView).focus_checklist()

    def action_sheet(self) -> None:
        from coach.tui.screens.sheet_screen import SheetScreen

        app = self.app
        from coach.data.paths import sheet_dir

        save_to = sheet_dir(app.session.data_dir)
        self.app.push_screen(SheetScreen(app.course, app.progress, app.lang, save_to))

    @on(StepChosen)
    def _step_chosen(self, event: StepChosen) -> None:
        self.show_step(event.step_id)
        self.query_one("#step", StepView).focus_checklist()

    @on(Checklist.Toggled)
    def _ticked(self, event: Checklist.Toggled) -> None:
        event.stop()
        view = self._view()
        if view is not None and not view.shows(event.checklist):
            return  # the list of the step being left (StepView.shows): not the user's tick
        self.app.session.tick(event.key, event.ticked)  # saved before the screen shows it
        self._saved(answer=False)

    @on(FieldChanged)
    def _answered(self, event: FieldChanged) -> None:
        event.stop()
        self.app.session.answer(event.key, event.value, typing=event.typing)
        self._saved(answer=True)

    def on_people_link_add_person(self, event: PeopleLink.AddPerson) -> None:
        """``a`` on a step's people link: the person form (by the handler's name: the
        first frame does not wait for the link's module)."""
        from coach.tui.screens.person_actions import PersonActions

        event.stop()
        PersonActions(event.link).add_person()

    def _saved(self, *, answer: bool) -> None:
        self.query_one("#step", StepView).saved(answer=answer)
        self._refresh_roadmap()
        self._celebrate()

    # -- celebrate and lead on (coach.domain.milestones, coach/tui/dialogs/celebrate.py) ---
    @on(events.Mount)
    def _start_celebrations(self) -> None:
        from coach.domain.milestones import Celebrations

        self.celebrations = Celebrations(self.app.course, self.app.progress)

    def _celebrate(self) -> None:
        """A finished step gets one warm line; the last one finished opens "what now"."""
        finished, all_done = self.celebrations.check(self.app.progress)
        if all_done:
            self.what_now()
        elif finished:
            self.notify(self.celebrations.line(finished[-1], self.app.lang), markup=False)

    def what_now(self) -> None:
        from coach.domain.milestones import open_steps
        from coach.tui.dialogs.celebrate import WhatNowScreen

        course = self.app.course
        still_open = open_steps(course, self.app.progress)
        self.app.push_screen(WhatNowScreen(len(course.steps), still_open), self._what_now_chosen)

    def _what_now_chosen(self, choice: str | None) -> None:
        if choice == "today":
            self.app.action_today()
        elif choice == "sheet":
            self.action_sheet()

    def _refresh_roadmap(self) -> None:
        if roadmap := self._roadmap():  # none yet in the very first frame
            roadmap.refresh_steps()

    def data_changed(self) -> None:
        """Another shell, another device or an undo changed the data: the roadmap and the
        step's ticks and lists show it (a text box being typed in keeps what it shows)."""
        self._refresh_roadmap()
        step = self.query_one("#step", StepView)
        step.show_data()

    def relabel(self) -> None:
        """Redraw every text in the current language."""
        localize_bindings(self)
        localize_bindings(self.app)
        self.app.refresh_bindings()
        self.query_one("#step", StepView).show(current_step_id(self.app.course, self.app.progress))
        self._refresh_roadmap()


def _size_classes(size: Size) -> str:
    """The screen's classes for the terminal's ``size``, given when it is made: added when
    composing, each restyled the whole screen once more before its first frame."""
    return " ".join(
        name for name, on in (("-narrow", size.width < WIDE), ("-short", size.height < SHORT)) if on
    )

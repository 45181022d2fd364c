"""One step: its title, explanation, tiny first action, fields, templates and checklist."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from coach.content.course import is_choice, tr
from coach.domain.status import bar, checklist_groups, done_keys, step_status
from coach.i18n import t
from coach.records import Record
from coach.safetext import shown
from coach.tui.safe import plain
from coach.tui.widgets import prose
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.later import Later

if TYPE_CHECKING:
    from textual import getters
    from textual.dom import DOMNode

    from coach.content.content_types import Step
    from coach.tui.app import CoachApp


class _Place(Record):
    name: str | None  # the focused widget's id, where it has one
    focus: int | None  # else where it was among the step's focusable widgets
    chain: int  # how many there were (the same step, built again: as many)
    rows: dict[str, int]  # each checklist's cursor row, by its id
    scroll: float


class StepBody(VerticalScroll):
    """The scrolling part of a step; tells its step when a new one is in place. Esc here
    brings the checklist back, as its folded bar says ("esc shows it"), without a place
    in the key bar: at 80 columns it pushed ^p out of the German one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "to_checklist", show=False)]

    generation = 0  # which StepView.show() composed it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The text itself only: from a field in it, esc is the screen's (in the key bar).
        return self.has_focus if action == "to_checklist" else True

    def action_to_checklist(self) -> None:
        self.query_ancestor(StepView).focus_checklist()

    def on_mount(self) -> None:
        view = self.query_ancestor(StepView)
        self.call_after_refresh(view._mounted, self)


class ChecklistPanel(Vertical):
    """The checklist's frame; a click on it (folded to one line) brings the list back."""

    def on_click(self) -> None:
        if self.has_class("-folded"):
            self.query_ancestor(StepView).focus_checklist()


class StepView(Vertical):
    """Shows the step ``step_id``. Its ticks (:class:`Checklist.Toggled`) and answers
    (:class:`FieldChanged`) go up to the screen, which saves them and calls :meth:`saved`."""

    step_id: reactive[str] = reactive("", recompose=True)
    if TYPE_CHECKING:
        app = getters.app(CoachApp)  # the coach's own app, typed

    def __init__(self, step_id: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Each show() is a generation; only the newest one's widgets take the focus, once.
        self._generation = 1 if step_id else 0
        self._focused_generation = 0
        self._focus_at_show: Widget | None = None  # what had the focus when show() was called
        self._working = False  # the focus is in the step's text or fields
        self._place: _Place | None = None  # where the user was, for the step built again
        self._list: Checklist | None = None  # the list of the step last shown, once built
        self.set_reactive(StepView.step_id, step_id)  # composed with the view, no recompose

    def show(self, step_id: str) -> None:
        """Show ``step_id``; once its widgets are mounted, the checklist gets the focus."""
        self._generation += 1
        self._focus_at_show = self.app.focused
        self._list = None  # the one on screen now belongs to the step being left
        if step_id == self.step_id:
            self.refresh(recompose=True)
        else:
            self.step_id = step_id

    def shows(self, checklist: Checklist) -> bool:
        """Whether ``checklist`` is the list of the step last shown. A Space typed in the same
        burst as ``n`` or ``p`` reaches the list of the step being left, still on screen
        and focused until the next one is built: its tick is not the user's."""
        return checklist is self._list

    @property
    def built(self) -> bool:
        """The step last shown is mounted and has had its focus (what a user sees once a
        step has opened; tests wait on it)."""
        bodies = self.query(StepBody)
        return (
            bool(bodies)
            and bodies.first().generation == self._generation
            and self._focused_generation == self._generation
        )

    def _mounted(self, body: StepBody) -> None:
        if not body.is_attached or body.generation != self._generation:
            return  # a step shown only for a moment: the newer one takes the focus
        if self._focused_generation != self._generation:
            self._focused_generation = self._generation
            place, self._place = self._place, None
            if place is not None and self._back_to(place, body):
                return
            focused = self.app.focused
            if (
                focused is not None
                and focused.is_attached
                and focused is not self._focus_at_show
                and not isinstance(focused, Checklist)
            ):
                return  # the user moved on while the step was being built (e.g. tab): stay
            self.focus_checklist()

    def focus_checklist(self) -> None:
        for checklist in self.query(Checklist):
            checklist.focus(scroll_visible=False)
            return
        body = self.query("#step-body")
        if body:
            body.first().focus(scroll_visible=False)

    # -- the checklist folds away while the user works below it (short terminals) ----
    @property
    def has_tools(self) -> bool:
        step = self.step
        return step is not None and bool(step.fields or step.templates)

    def focus_moved(self, widget: Widget) -> None:
        """The focus is now on ``widget`` (anywhere on the screen): the checklist folds
        while it is in the step's text or fields."""
        node: DOMNode | None = widget
        while node is not None and node is not self and not isinstance(node, StepBody):
            node = node.parent
        self._working = isinstance(node, StepBody)
        self.update_fold()

    def update_fold(self) -> None:
        """On a short screen, while the focus is in the text or the fields, the checklist
        shrinks to one line (esc or a click brings it back): the fields get its rows.

        The class goes on the panel, not on the view: a class change restyles the node it
        is set on with all below it, and the view holds every field of the step."""
        folded = self._folded()
        for panel in self.query_children(ChecklistPanel):
            panel.set_class(folded, "-folded")
            panel.border_title = t("ui.checklist_folded" if folded else "ui.checklist")

    def _folded(self) -> bool:
        return self._working and self.screen.has_class("-short")

    def focus_tools(self) -> None:
        """The first field (or template button) of the step gets the focus, scrolled to
        the top of the step's text area."""
        tools = self.query(".step-tools")
        if not tools:
            self.notify(t("ui.no_tools"), markup=False)
            return
        box = tools.first()
        # The screen's Tab order, not every focusable node: an empty list's table is
        # hidden (its Add button is the stop), and the focus must land where it shows.
        for widget in self.screen.focus_chain:
            if box in widget.ancestors:
                widget.focus(scroll_visible=False)
                fields = [a for a in widget.ancestors if isinstance(a, Widget)]
                target = next((a for a in fields if a.has_class("field")), widget)
                self.call_after_refresh(
                    self.query_one(StepBody).scroll_to_widget, target, animate=False, top=True
                )
                return

    def list_key(self, key: str) -> bool:
        """``a``/``e``/``d`` pressed outside a list: act on the step's list that is in view,
        or say where it is. False when the step has no list."""
        from coach.tui.widgets.records import RecordsBox

        boxes = list(self.query(RecordsBox))
        if not boxes:
            return False
        view = self.query_one(StepBody).region
        in_view = [box for box in boxes if box.region.overlaps(view)]
        if not in_view:
            self.notify(t("ui.list_out_of_view", key=key), markup=False)
            return True
        box = in_view[0]
        {"a": box.add, "e": box.edit, "d": box.delete}[key]()
        return True

    @property
    def step(self) -> Step | None:
        return self.app.course.step(self.step_id)

    def compose(self) -> ComposeResult:
        step = self.step
        if step is None:
            return
        app = self.app
        course, lang = app.course, app.lang
        n = course.step_index(step.id) + 1
        yield Static(self._head_text(step), id="step-head")
        groups = checklist_groups(course, step, app.progress)
        folded = self._folded()
        with ChecklistPanel(id="checklist-panel", classes="-folded" if folded else "") as panel:
            # The title on the panel's top edge: the list below gets all of the panel's room.
            panel.border_title = t("ui.checklist_folded" if folded else "ui.checklist")
            items = []
            for group in groups:
                prefix = self._entry_name(step, group.entry) if group.entry else ""
                for key, item in group.items:
                    text = shown(tr(item.text, lang), single_line=True)
                    if getattr(item, "optional", False):
                        text = t("ui.optional_item", text=text)
                    items.append((key, f"{prefix} · {text}" if prefix else text))
            if items:
                ticked = done_keys(course, step, app.progress)  # ticked, or done by data
                self._list = Checklist(items, ticked, id="checklist")
                yield self._list
            elif step.per_choice_checklist is not None:
                source = step.per_choice_checklist.field.split("/")[0]
                yield Static(
                    t("ui.per_choice_empty", step=course.step_index(source) + 1),
                    classes="hint",
                    markup=False,
                )
        with StepBody(id="step-body") as body:
            body.generation = self._generation
            yield Static(
                plain(t("ui.step_of", n=n, total=len(course.steps))), classes="step-number"
            )
            # One widget for the summary and the text, one for the first action: each
            # widget more was more time to the first frame.
            head = [plain(tr(step.summary, lang)).stylize("italic")] if step.summary else []
            body_text = prose.render(shown(tr(step.body, lang)), head)
            yield Static(body_text, classes="body")
            if step.first_action:
                action = Content.assemble(
                    (t("ui.first_action"), "bold $success"),
                    "\n",
                    plain(tr(step.first_action, lang)),
                )
                yield Static(action, classes="first-action")
            if step.fields or step.templates:
                # Below the text: mounted right after the first frame (the text and the
                # checklist are on screen sooner).
                yield Later(partial(_tools, step))

    def _entry_name(self, step: Step, entry: str) -> str:
        """The display name of a chosen option (e.g. "LinkedIn")."""
        app = self.app
        pcc = step.per_choice_checklist
        source_step, _, field_id = pcc.field.partition("/") if pcc else ("", "", "")
        src = app.course.step(source_step)
        field = next((f for f in src.fields if f.id == field_id), None) if src else None
        if is_choice(field):
            for option in app.course.options_for(field):
                if option.id == entry:
                    return shown(tr(option.label, app.lang), single_line=True)
        return entry

    def _head_text(self, step: Step) -> Content:
        app = self.app
        s = step_status(app.course, step, app.progress, app.lang)
        title = Content(shown(s.title, single_line=True)).stylize("bold")
        count = t("ui.done_count", done=s.done, total=s.total) if s.total else ""
        right = Content(f"  {bar(s.done, s.total)} {count}" if s.total else "")
        return title + right.stylize("dim")

    def _update_head(self) -> None:
        step = self.step
        if step is not None:
            self.query_one("#step-head", Static).update(self._head_text(step))

    def show_data(self) -> None:
        """The data changed elsewhere: the step again, or, while a text box here (or a
        template's text) has the focus, only its ticks and head (the box keeps what the user
        is typing, and the focus stays where it is)."""
        from textual.widgets import Input, TextArea

        from coach.tui.widgets.templates import TemplateText

        step = self.step
        if step is None:
            return
        focused = self.screen.focused
        if isinstance(focused, Input | TextArea | TemplateText) and self in focused.ancestors:
            self._update_head()
            for checklist in self.query(Checklist):
                checklist.set_ticked(done_keys(self.app.course, step, self.app.progress))
            self._show_stored(focused)
            return
        self._place = self._where(focused)
        self.show(step.id)

    def _show_stored(self, focused: Widget) -> None:
        """The step's answers as changed elsewhere (another window, another device), each
        box that holds nothing typed here on its way (the focused one says so): a box left
        showing the old text saved it again once the user typed in it."""
        from coach.tui.widgets.fields import FieldBox

        for box in self.query(FieldBox):
            if box.show_stored(self.app.progress.answer(box.key)) and box in focused.ancestors:
                label = shown(tr(box.field.label, self.app.lang), single_line=True)
                self.notify(t("ui.changed_elsewhere", field=label), markup=False)

    def _where(self, focused: Widget | None) -> _Place:
        """What the user was on: the focused widget (by id, else by its place among the
        step's focusable widgets: a card's button has no id), each list's row, the scroll."""
        rows = {c.id: c.cursor_row for c in self.query(Checklist) if c.id}
        bodies = self.query(StepBody)
        scroll = bodies.first().scroll_y if bodies else 0.0
        chain = self._stops()
        at = chain.index(focused) if focused is not None and focused in chain else None
        inside = focused is not None and self in focused.ancestors
        name = focused.id if inside and focused is not None else None
        return _Place(name, at if inside else None, len(chain), rows, scroll)

    def _back_to(self, place: _Place, body: StepBody, tries: int = 5) -> bool:
        """The step built again for new data: the same rows, scroll and focus as before
        (an undo of a tick left the cursor on the first item, and the next space unticked
        it; a change from another shell took the focus from a card's button back to the
        checklist). False when the step is no longer the same shape."""
        for checklist in self.query(Checklist):
            row = place.rows.get(checklist.id or "")
            if row is not None:
                checklist.move_cursor(row=min(row, max(checklist.row_count - 1, 0)))
        body.scroll_to(y=place.scroll, animate=False, immediate=True)
        if place.name is not None and (named := self.query(f"#{place.name}")):
            named.first().focus(scroll_visible=False)
            return True
        if place.focus is None:
            return False
        chain = self._stops()
        if len(chain) != place.chain:
            if tries and self.query(Later):  # the step's tools are still being mounted
                self.call_after_refresh(self._back_again, place, body, tries - 1)
                return True
            return False
        chain[place.focus].focus(scroll_visible=False)
        return True

    def _stops(self) -> list[Widget]:
        """The step's widgets that take the focus, in the order they are composed."""
        return [w for w in self.query("*") if w.focusable]

    def _back_again(self, place: _Place, body: StepBody, tries: int) -> None:
        if body.is_attached and not self._back_to(place, body, tries):
            self.focus_checklist()

    def saved(self, *, answer: bool) -> None:
        """The screen saved a tick or (``answer``) an answer made here: the head again, and
        after an answer the ticks (a pick can add or hide generated checklists elsewhere;
        any answer can make an item done by the data, ``done_when``)."""
        self._update_head()
        step = self.step
        if answer and step is not None:
            for checklist in self.query(Checklist):
                checklist.set_ticked(done_keys(self.app.course, step, self.app.progress))


def _tools(step: Step) -> Widget:
    """The step's fields and templates (their modules load only here, after the first frame)."""
    from coach.tui.widgets.step_tools import StepTools

    return StepTools(step)

"""Widgets for the fields a step declares; each change becomes one :class:`FieldChanged`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from coach.content.course import Course, is_choice, tr
from coach.domain import answers
from coach.domain.status import answer_key
from coach.i18n import format_date, t
from coach.safetext import shown, typed
from coach.tui.dialogs.text_input import TextInput
from coach.tui.messages import FieldChanged
from coach.tui.safe import plain
from coach.tui.widgets.ticklist import TickList

if TYPE_CHECKING:  # fields are pydantic models or the compiled course's light objects
    from textual.widgets import TextArea

    from coach.content.content_types import SummaryField
    from coach.data.progress import Progress
    from coach.tui.widgets.note_area import NoteArea


def picked_in_catalog(course: Course, progress: Progress, catalog: str) -> list[str]:
    """The entries of ``catalog`` the user picked in any multiple-choice field that lists
    it (the networks picked in one step come first in another step's network choice)."""
    picked: list[str] = []
    for step in course.steps:
        for field in step.fields:
            if field.kind == "multi_choice" and getattr(field, "catalog", None) == catalog:
                value = progress.answer(answer_key(step.id, field.id))
                if isinstance(value, list):
                    picked += [v for v in value if isinstance(v, str) and v not in picked]
    return picked


def value_widget(
    course: Course,
    field: Any,
    value: Any,
    lang: str,
    wid: str,
    *,
    compact: bool = False,
    first: Sequence[str] = (),
) -> Widget:
    """The input widget for one (non-records) field, showing ``value``.

    ``compact`` widgets take one line instead of three (used in forms, so that a whole
    record fits on an 80x24 screen). A choice offers the options in ``first`` first.
    """
    if field.kind == "long_text":
        from coach.tui.widgets.note_area import NoteArea  # its TextArea: ~0.6 MiB, when needed

        return NoteArea(
            box_text(value), id=wid, soft_wrap=True, show_line_numbers=False, classes="long-text"
        )
    # Editing continues a text: no select-all on focus (typing would replace it), and the
    # cursor starts at the end.
    if field.kind == "short_text":
        return TextInput(
            box_text(value),
            id=wid,
            max_length=answers.text_limit(field),
            compact=compact,
            select_on_focus=False,
        )
    if field.kind == "number":
        # Plain text, checked by answers.parse: a letter shows "… is not a whole number"
        # under the field (Textual's integer Input drops it with only a red border).
        return TextInput(box_text(value), id=wid, compact=compact, select_on_focus=False)
    if field.kind == "date":
        return TextInput(
            shown(format_date(value, lang), single_line=True) if value else "",
            id=wid,
            placeholder=t("field.date_placeholder"),
            compact=compact,
            select_on_focus=False,
        )
    if field.kind == "multi_choice":
        picked = {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()
        return TickList(
            *[
                Selection(plain(tr(o.label, lang), single_line=True), o.id, o.id in picked)
                for o in course.options_for(field)
            ],
            id=wid,
            classes="multi-choice",
            compact=compact,
        )
    if field.kind == "choice":
        ordered = sorted(
            course.options_for(field),
            key=lambda o: first.index(o.id) if o.id in first else len(first),
        )
        options = [(plain(tr(o.label, lang), single_line=True), o.id) for o in ordered]
        known = {o for _, o in options}
        return Select(
            options,
            id=wid,
            prompt=t("field.choose"),
            value=value if isinstance(value, str) and value in known else Select.NULL,
            compact=compact,
        )
    return Static(plain(str(value or "")), id=wid)


def box_text(value: Any) -> str:
    """A saved value as its input box holds it: as it was typed (its line ends as ``\\n``).
    The box's lines pass the UI's last guard (``coach.tui.unseen_filter``), so nothing in
    it reaches the terminal raw; a box still holding this text is the value unchanged
    (:meth:`FieldBox.typed`, ``RecordForm.action_save``): saved as it was, never parsed
    again (a short text's tab or line break would become a space)."""
    return "" if value is None else typed(str(value))


def untouched(raw: Any, value: Any) -> bool:
    """Whether a box's text ``raw`` is still ``value`` as the box was given it: then the
    answer is ``value`` as saved, never parsed again."""
    return isinstance(raw, str) and raw == box_text(value)


def _note_text(widget: Widget) -> str | None:
    """A long text's box's text (:class:`coach.tui.widgets.note_area.NoteArea`, known by
    its class: its module is imported only where a step or form has one), else None."""
    if widget.has_class("long-text"):
        return cast("NoteArea", widget).kept_text
    return None


def read_widget(widget: Widget) -> Any:
    """The raw value a widget made by :func:`value_widget` holds."""
    note = _note_text(widget)
    if note is not None:
        return note
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, SelectionList):
        return list(widget.selected)
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    return None


class FieldBox(Vertical):
    """Label, help, the input and a line for what is wrong with the value."""

    def __init__(self, course: Course, field: Any, key: str, value: Any, lang: str) -> None:
        super().__init__(classes="field")
        self.course, self.field, self.key, self.value, self.lang = course, field, key, value, lang
        self._reported = value  # the answer as last shown or handed on (see show_stored)

    def compose(self) -> ComposeResult:
        field, lang = self.field, self.lang
        yield Label(plain(tr(field.label, lang), single_line=True), classes="field-label")
        if field.help:
            yield Static(plain(tr(field.help, lang)), classes="field-help")
        widget = value_widget(self.course, field, self.value, lang, "value")
        if is_choice(field) and field.catalog and isinstance(widget, SelectionList):
            # The highlighted entry's details beside the list, read together.
            with Horizontal(classes="choice-row"):
                yield widget
                yield Static("", classes="catalog-details")
        else:
            yield widget
            if is_choice(field) and field.catalog:
                yield Static("", classes="catalog-details")
        yield Static("", classes="field-error")
        if is_choice(field) and field.advice:
            yield Static(plain(tr(field.advice, lang)), classes="advice")

    def on_mount(self) -> None:
        self._update_advice()
        widget = self.query_one("#value")
        if isinstance(widget, SelectionList) and widget.option_count:
            # Something to read beside the list before the user moves in it.
            self._show_details(widget.get_option_at_index(widget.highlighted or 0).value)

    def _emit(self, raw: Any, *, typing: bool) -> None:
        error = self.query_one(".field-error", Static)
        try:
            value = answers.parse(self.field, raw)
        except answers.InvalidValue as exc:
            error.update(plain(str(exc)))
            error.remove_class("note")
            error.display = True
            return
        # A target date already past gets a gentle note in the same place (and is saved).
        note = answers.date_note(value) if self.field.kind == "date" and value else None
        error.update(plain(note or ""))
        error.set_class(note is not None, "note")
        error.display = note is not None
        if typing and (value == self._reported or untouched(raw, self._reported)):
            return  # nothing new (a change from elsewhere shown here: show_stored)
        self._reported = value
        self.post_message(
            FieldChanged(
                self.key,
                value,
                typing=typing,
                affects_checklists=is_choice(self.field),
            )
        )

    def show_stored(self, stored: Any) -> bool:
        """The answer changed elsewhere (another window, another device) while this box has
        the focus: show ``stored``, unless the box holds a key typed and not handed on yet
        (typing handed on is kept over a change from elsewhere: SessionCore.refresh). True
        if shown. A box left showing the old text saved it again with the next key."""
        typed = self.typed()
        if typed is None or typed[1] != self._reported or stored == self._reported:
            return False
        from textual.widgets import TextArea  # (the note area is one: loaded by then)

        widget = self.query_one("#value")
        if isinstance(widget, Input):
            widget.value = box_text(stored)
            widget.cursor_position = len(widget.value)  # typing goes on at the end
        elif isinstance(widget, TextArea):
            widget.load_text(box_text(stored))
            widget.move_cursor(widget.document.end)  # (load_text put it at the start)
        else:
            return False  # a choice: not a text box (see StepView.show_data)
        self._reported = stored
        return True

    def typed(self) -> tuple[str, Any] | None:
        """What the text box shows, as its answer (key, value), or None (no text box, or
        a value that can't be saved). Read when quitting: the last keystroke's change may
        still be on its way through the message queues."""
        raw = self._raw()
        if raw is None:
            return None
        if untouched(raw, self._reported):  # the answer as it stands: nothing typed
            return self.key, self._reported
        try:
            return self.key, answers.parse(self.field, raw)
        except answers.InvalidValue:
            return None

    def _raw(self) -> str | None:
        """The text the box shows (None: no text box, a choice)."""
        widget = self.query_one("#value")
        return widget.value if isinstance(widget, Input) else _note_text(widget)

    def refused(self) -> dict[str, str] | None:
        """The field's label and the text its box holds, when that text can't be saved as
        it stands ("end of March" in a date): the question before quitting names them."""
        raw = self._raw()
        if not raw or not raw.strip():
            return None
        try:
            answers.parse(self.field, raw)
        except answers.InvalidValue:
            label = shown(tr(self.field.label, self.lang), single_line=True)
            return {"field": label, "text": shown(raw, single_line=True)}
        return None

    @on(Input.Blurred, "#value")
    def _left(self, event: Input.Blurred) -> None:
        """Leaving a field with a value that can't be saved: say so where it is seen."""
        try:
            answers.parse(self.field, event.value)
        except answers.InvalidValue as exc:
            label = shown(tr(self.field.label, self.lang), single_line=True)
            self.notify(f"{label}: {exc}", severity="warning", markup=False)

    @on(Input.Changed, "#value")
    def _input(self, event: Input.Changed) -> None:
        event.stop()
        self._emit(event.value, typing=True)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """The long text typed in (by the handler's name: no TextArea import for it)."""
        if event.text_area.id == "value":
            event.stop()
            self._emit(cast("NoteArea", event.text_area).kept_text, typing=True)

    @on(Select.Changed, "#value")
    def _select(self, event: Select.Changed) -> None:
        event.stop()
        self._emit(None if event.value is Select.NULL else event.value, typing=False)

    @on(SelectionList.SelectedChanged, "#value")
    def _multi(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._emit(list(event.selection_list.selected), typing=False)
        self._update_advice()

    @on(SelectionList.SelectionHighlighted, "#value")
    def _highlighted(self, event: SelectionList.SelectionHighlighted) -> None:
        event.stop()
        self._show_details(event.selection.value)

    def _update_advice(self) -> None:
        field = self.field
        if not is_choice(field) or not field.advice:
            return
        widget = self.query_one("#value")
        count = len(read_widget(widget) or []) if isinstance(widget, SelectionList) else 0
        advice = self.query_one(".advice", Static)
        show = bool(field.advice_max and count > field.advice_max)
        if show and not advice.display and self.is_mounted:
            # The note sits below the list and may be out of sight: say it once, gently.
            self.notify(shown(tr(field.advice, self.lang)), markup=False)
        advice.display = show

    def _show_details(self, option_id: str) -> None:
        """What the highlighted catalog entry is about (for networks: use, people, effort...)."""
        field = self.field
        catalog = self.course.catalogs.get(field.catalog or "")
        if catalog is None:
            return
        entry = next((e for e in catalog.entries if e.id == option_id), None)
        if entry is None:
            return
        lines = [shown(tr(entry.name, self.lang), single_line=True)]
        for detail, label in catalog.details.items():
            if detail in entry.details:
                lines.append(
                    f"{shown(tr(label, self.lang), single_line=True)}: "
                    f"{shown(tr(entry.details[detail], self.lang))}"
                )
        self.query_one(".catalog-details", Static).update(plain("\n".join(lines)))


class SummaryBox(Vertical):
    """What the user achieved so far, computed from their progress."""

    def __init__(self, course: Course, field: SummaryField, progress: Progress, lang: str) -> None:
        super().__init__(classes="field summary-box")
        self.course, self.field, self.progress, self.lang = course, field, progress, lang

    def compose(self) -> ComposeResult:
        yield Label(plain(tr(self.field.label, self.lang), single_line=True), classes="field-label")
        if self.field.help:
            yield Static(plain(tr(self.field.help, self.lang)), classes="field-help")
        lines = answers.achievements(self.course, self.progress, self.lang)
        yield Static(plain("\n".join(f"• {line}" for line in lines)), classes="summary-lines")


def refused_text(screens: Iterable[DOMNode]) -> dict[str, str] | None:
    """The first text box on ``screens`` holding text that can't be saved (see
    :meth:`FieldBox.refused`): quitting would lose it without a word."""
    for screen in screens:
        for box in screen.query(FieldBox):
            if (held := box.refused()) is not None:
                return held
    return None

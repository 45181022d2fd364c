"""Lists of records (people, post ideas, events): a table plus a small form to add and edit.

Keys on the table: ``a`` add, ``e``/``enter`` edit, ``d``/``delete`` remove (asks first),
``ctrl+up``/``ctrl+down`` reorder. Every change is posted as one :class:`FieldChanged`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from coach.cells import cell_len, fit
from coach.content.course import Course, tr
from coach.data.progress import new_id
from coach.domain import answers, people
from coach.i18n import birthday_typed, t
from coach.safetext import shown
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.common import ConfirmScreen, FormScreen
from coach.tui.keys import localize_bindings
from coach.tui.messages import FieldChanged
from coach.tui.safe import plain
from coach.tui.widgets.fields import picked_in_catalog, read_widget, untouched, value_widget
from coach.tui.widgets.records_table import RecordsTable

if TYPE_CHECKING:
    from textual import getters

    from coach.content.content_types import RecordsField
    from coach.tui.app import CoachApp

MAX_COLUMNS = 4  # without `columns` in the content, the table shows the first few
CELL_WIDTH = 30
TEXT_KINDS = ("short_text", "long_text", "number")


class RecordsBox(Vertical):
    # On the box, so they work from the table and from its buttons, empty list included.
    # e and d are offered once there is an entry (check_action); the buttons below do the
    # same for the mouse and take no tab stop while the table does (``_fill``).
    BINDINGS = [  # noqa: RUF012
        Binding("a", "add", "key.add"),
        Binding("e", "edit", "key.edit"),
        Binding("d,delete", "delete", "key.delete"),
        Binding("ctrl+up", "move(-1)", "key.move_up", show=False),
        Binding("ctrl+down", "move(1)", "key.move_down", show=False),
        Binding("u", "app.undo", "key.undo", show=False),  # right after d, where it was
    ]

    def __init__(
        self,
        course: Course,
        field: RecordsField,
        key: str,
        records: list[dict[str, Any]],
        lang: str,
    ) -> None:
        super().__init__(classes="field records")
        localize_bindings(self)
        self.course, self.field, self.key, self.lang = course, field, key, lang
        self.records = [dict(r) for r in records]

    @property
    def columns(self) -> list[Any]:
        """The record fields the table shows: the content's ``columns``, else the first few."""
        wanted = self.field.columns or [f.id for f in self.field.fields[:MAX_COLUMNS]]
        return [f for f in self.field.fields if f.id in wanted]

    @property
    def item_label(self) -> str:
        return tr(self.field.item_label, self.lang) if self.field.item_label else t("ui.entry")

    def compose(self) -> ComposeResult:
        yield Label(plain(tr(self.field.label, self.lang), single_line=True), classes="field-label")
        if self.field.help:
            yield Static(plain(tr(self.field.help, self.lang)), classes="field-help")
        table = RecordsTable(classes="records-table")
        yield table
        yield Static("", classes="records-empty hint")
        with Horizontal(classes="records-actions"):
            yield Button(t("records.add", item=self.item_label), id="add", compact=True)
            yield Button(t("records.edit"), id="edit", compact=True)
            yield Button(t("records.delete"), id="delete", compact=True)
            yield Button("↑", id="up", compact=True, tooltip=t("key.move_up"))
            yield Button("↓", id="down", compact=True, tooltip=t("key.move_down"))

    def on_mount(self) -> None:
        self._fill()

    def _fill(self, cursor: int | None = None) -> None:
        """Show the records (the table asks for a cell's text only when it paints it)."""
        table = self.query_one(RecordsTable)
        columns = self.columns
        headers = [shown(tr(sub.label, self.lang), single_line=True) for sub in columns]
        widths = [self._width(sub, cell_len(h)) for sub, h in zip(columns, headers, strict=True)]
        table.show_rows(headers, widths, len(self.records), partial(self._cell, columns))
        empty = self.query_one(".records-empty", Static)
        empty.update(plain(t("records.empty", item=self.item_label)))
        empty.display = not self.records
        table.display = bool(self.records)
        for button in ("#edit", "#delete", "#up", "#down"):
            self.query_one(button, Button).disabled = not self.records
        # One tab stop per list: the table (its keys do what the buttons do), or Add while
        # the list is empty. Tab then reaches the step's next field after one stop.
        for action in self.query(".records-actions Button").results(Button):
            action.can_focus = not self.records and action.id == "add"
        if cursor is not None and self.records:
            table.move_cursor(row=cursor)
        if not self.records and self.screen.focused is table:
            self.query_one("#add", Button).focus()  # the last entry removed: Add is next
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit, remove and move are offered only once there is an entry to act on."""
        if action in ("edit", "delete", "move"):
            return bool(self.records)
        return True

    def _text(self, sub: Any, value: Any) -> str:
        text = shown(answers.display(self.course, sub, value, self.lang), single_line=True)
        return fit(text, CELL_WIDTH)

    def _cell(self, columns: list[Any], row: int, column: int) -> str:
        if row >= len(self.records):
            return ""
        sub = columns[column]
        return self._text(sub, self.records[row].get(sub.id))

    def _width(self, sub: Any, least: int) -> int:
        """A column's width: its widest cell (up to CELL_WIDTH), found without formatting
        every typed text (a text is never shown wider than it is typed)."""
        values = [r.get(sub.id) for r in self.records]
        if sub.kind in TEXT_KINDS:
            widest = max((cell_len(str(v)) for v in values if v is not None), default=0)
        else:  # choices and dates: few distinct values, each formatted once
            distinct = {v if isinstance(v, str | int | None) else repr(v): v for v in values}
            widest = max((cell_len(self._text(sub, v)) for v in distinct.values()), default=0)
        return max(least, min(widest, CELL_WIDTH))

    def _changed(self, cursor: int | None = None) -> None:
        self._fill(cursor)
        self.post_message(FieldChanged(self.key, [dict(r) for r in self.records] or None))

    @property
    def cursor(self) -> int:
        return self.query_one(RecordsTable).cursor_row

    # -- actions ---------------------------------------------------------------------
    def action_add(self) -> None:
        self.add()

    def action_edit(self) -> None:
        self.edit()

    def action_delete(self) -> None:
        self.delete()

    def action_move(self, delta: int) -> None:
        self.move(delta)

    def add(self, prefill: dict[str, Any] | None = None) -> None:
        """Open the form for a new record (``prefill``: what a template starts it with)."""

        def done(record: dict[str, Any] | None) -> None:
            if record is not None:
                # A stable id from the start: edits keep it, the contact log refers to it.
                self.records.append({**_without_empty(record), "id": new_id()})
                self._changed(len(self.records) - 1)
                table = self.query_one(RecordsTable)
                table.focus()
                # The list grew: bring all of it into view, the new row included.
                self.call_after_refresh(self.scroll_visible, animate=False)
                self.notify(t("records.added", item=self.item_label), markup=False)

        self.app.push_screen(
            RecordForm(
                self.course,
                self.field,
                dict(prefill or {}),
                self.lang,
                t("records.add", item=self.item_label),
            ),
            done,
        )

    def edit(self) -> None:
        if not self.records:
            self.add()
            return
        index = self.cursor

        def done(record: dict[str, Any] | None) -> None:
            if record is not None and index < len(self.records):
                # Keep keys this version of the form does not know about.
                self.records[index] = _without_empty({**self.records[index], **record})
                self._changed(index)
                self.query_one(RecordsTable).focus()

        self.app.push_screen(
            RecordForm(
                self.course,
                self.field,
                self.records[index],
                self.lang,
                t("records.edit_title", item=self.item_label),
            ),
            done,
        )

    def delete(self) -> None:
        if not self.records:
            return
        index = self.cursor
        first = self.field.fields[0]
        name = (
            answers.display(self.course, first, self.records[index].get(first.id), self.lang)
            or self.item_label
        )

        def done(yes: bool | None) -> None:
            if yes and index < len(self.records):
                del self.records[index]
                self._changed(index)
                self.notify(t("records.deleted", name=shown(name, single_line=True)), markup=False)

        question = t("records.confirm_delete", item=self.item_label, name=name)
        self.app.push_screen(ConfirmScreen(question), done)

    def move(self, delta: int) -> None:
        index = self.cursor
        target = index + delta
        if self.records and 0 <= target < len(self.records):
            self.records[index], self.records[target] = self.records[target], self.records[index]
            self._changed(target)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "add": self.add,
            "edit": self.edit,
            "delete": self.delete,
            "up": lambda: self.move(-1),
            "down": lambda: self.move(1),
        }
        action = actions.get(event.button.id or "")
        if action:
            action()

    @on(RecordsTable.RowSelected)
    def _row_selected(self, event: RecordsTable.RowSelected) -> None:
        event.stop()
        self.edit()


class RecordForm(FormScreen[dict[str, Any]]):
    """Every field of one record; Save checks them all and says what is wrong."""

    if TYPE_CHECKING:
        app = getters.app(CoachApp)  # the coach's own app, typed

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "save", "key.save"),
    ]

    def __init__(
        self, course: Course, field: RecordsField, record: dict[str, Any], lang: str, title: str
    ) -> None:
        super().__init__()
        localize_bindings(self)
        self.course, self.field, self.record, self.lang = course, field, record, lang
        self.form_title = title
        self._warned = False  # a field was marked (and said so) since the form opened

    def compose(self) -> ComposeResult:
        birthday = getattr(people.spec(self.course), "birthday", None)
        with Vertical(classes="dialog record-form entry-form"):
            yield Static(plain(self.form_title), classes="dialog-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                for sub in self.field.fields:
                    label = shown(tr(sub.label, self.lang), single_line=True)
                    if sub.required:
                        label += " *"
                    catalog = getattr(sub, "catalog", None)
                    # The label beside its value, on one row: a form cut by the screen's
                    # edge never shows a label whose value is below it (it looked empty).
                    with Horizontal(classes="form-row"):
                        yield Label(plain(label), classes="form-label")
                        value = self.record.get(sub.id)
                        if sub.id == birthday and isinstance(value, str):
                            kept = people.birthday(value)  # (15.04., not --04-15)
                            value = birthday_typed(kept, self.lang) if kept else value
                        yield value_widget(
                            self.course,
                            sub,
                            value,
                            self.lang,
                            f"f-{sub.id}",
                            compact=True,
                            first=picked_in_catalog(self.course, self.app.progress, catalog)
                            if catalog
                            else (),
                        ).add_class("form-value")
                    yield Static("", classes="field-error", id=f"err-{sub.id}")
            if any(sub.help for sub in self.field.fields):
                yield Static("", classes="form-help")
            with ButtonRow():
                yield Button(t("form.save"), variant="primary", id="save", classes="form-save")
                yield Button(t("form.cancel"), id="cancel", classes="form-cancel")

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        first = self.field.fields[0]
        self.query_one(f"#f-{first.id}").focus()
        self._initial = self._raw_values()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self._fit(again=True)

    def _fit(self, *, again: bool = False) -> None:
        """Fields that fit in the tall frame get a frame as tall as they are (two fields sat
        in a frame of 90% of the screen); more keep the tall frame, whose middle scrolls.
        Measured in the tall frame, after a layout: ``again`` goes back to it first (the
        screen changed size, or messages under the fields made them taller)."""
        frame = self.query_one(".entry-form")
        if again:  # (measured once laid out again, in the tall frame)
            frame.remove_class("-fits")
            self.call_after_refresh(self._fit)
            return
        fields = self.query_one(".form-fields", VerticalScroll)
        frame.set_class(fields.virtual_size.height <= fields.size.height, "-fits")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused field's help (the content's words, as "As a date (1990-04-15) ..."),
        under the fields: a row holds its label and value only."""
        helps = self.query(".form-help")
        if not helps:
            return
        node: Widget | None = event.widget
        while node is not None and not (node.id or "").startswith("f-"):
            node = node.parent if isinstance(node.parent, Widget) else None
        wid = node.id[2:] if node is not None and node.id else ""
        sub = next((s for s in self.field.fields if s.id == wid), None)
        text = tr(sub.help, self.lang) if sub is not None and sub.help else ""
        helps.first(Static).update(plain(shown(text, single_line=True)))

    def _raw_values(self) -> list[Any]:
        return [read_widget(self.query_one(f"#f-{sub.id}")) for sub in self.field.fields]

    def action_save(self) -> None:
        record: dict[str, Any] = {}
        first_bad = None
        ahead = people.follow_up_field(self.course)  # "15.06." there: the next 15 June
        checks = people.checked_fields(self.course)  # a birthday of 30.02., an e-mail without @
        for sub in self.field.fields:
            widget = self.query_one(f"#f-{sub.id}")
            error = self.query_one(f"#err-{sub.id}", Static)
            prefer: answers.Prefer = "ahead" if sub is ahead else "near"
            raw = read_widget(widget)
            if sub.id in self.record and untouched(raw, self.record[sub.id]):  # kept as saved
                error.display = False
                record[sub.id] = self.record[sub.id]
                continue
            try:
                value = answers.parse(sub, _relative_day(sub, raw), prefer)
                if sub.id in checks and isinstance(value, str) and value != self.record.get(sub.id):
                    # (a value as saved stays: an import keeps a file's odd birthday, and
                    # the form must not stand in the way of mending another field)
                    read, refusal = checks[sub.id]
                    if (kept := read(value)) is None:  # (said as typed: 30.11. is no ISO)
                        typed = shown(str(read_widget(widget)).strip(), single_line=True)
                        raise answers.InvalidValue(t(refusal, value=typed))
                    value = kept  # (a birthday of 15.04. kept as --04-15, as its help says)
            except answers.InvalidValue as exc:
                error.update(plain(str(exc)))
                error.display = True
                first_bad = first_bad or widget
                continue
            error.display = False
            record[sub.id] = value  # None clears the value when merged into the record
        if first_bad is not None:
            self._fit(again=True)  # (the messages made the fields taller)
            first_bad.focus()
            error = self.query_one(f"#err-{(first_bad.id or '').removeprefix('f-')}", Static)
            self.call_after_refresh(error.scroll_visible, animate=False)
            self.notify(t("form.fix_marked"), severity="warning", markup=False)
            self._warned = True
            return
        if self._warned:  # "look at the marked field" is done with: not left over the next
            self.app.clear_notifications()
        self.dismiss(record)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter in the last field saves the form (in any other the app has moved on:
        :meth:`moves_on_from`)."""
        event.stop()
        self.action_save()

    def moves_on_from(self, box: Widget) -> bool:
        """Enter in ``box`` moves to the next field: in any but the last (the app moves
        the focus, before it hands on the keys typed after the Enter: coach.tui.keys)."""
        last = self.query_one(f"#f-{self.field.fields[-1].id}")
        return isinstance(box, Input) and box is not last

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self, event: Input.Changed | Select.Changed) -> None:
        """A field the user is fixing loses its old error message."""
        wid = event.control.id or ""
        if wid.startswith("f-"):
            self.query_one(f"#err-{wid[2:]}", Static).display = False

    def dirty(self) -> bool:
        """Leaving asks first once something was typed."""
        return bool(self._raw_values() != self._initial)


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


def _relative_day(sub: Any, raw: Any) -> Any:
    """``+2w`` or ``+10d`` in a date box as the day it means (the log dialog and
    ``coach log --next`` take it, so "Follow up on" in the person form does too)."""
    from coach import dates
    from coach.tui.dialogs.log_dialog import read_day

    if getattr(sub, "kind", None) != "date" or not isinstance(raw, str):
        return raw
    if not raw.strip().startswith(("+", "-")):
        return raw
    return read_day(raw, dates.local_today()).isoformat()

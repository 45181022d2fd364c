"""Pick people from a contacts file: the ten who matter out of 2,000 connections.

The file is read and sorted out by :mod:`coach.formats.contacts_import` (the CLI's own code), so
the UI offers exactly the contacts ``coach import-contacts`` would add. The list draws only
its visible rows (a :class:`~coach.tui.widgets.line_list.LineList`, no widget per contact) and the
filter is a substring search over names, companies and positions folded once.

Entry points: :func:`ask_contacts_file` (the command palette: asks for a path) and
:func:`open_contacts` (a path already known, e.g. from the people screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, Static

from coach import dates
from coach.cells import fit
from coach.domain import people
from coach.domain.people import fold
from coach.domain.people_view import holding
from coach.formats import contacts_import
from coach.formats.contact_fields import connected_said
from coach.formats.contacts_import import Contact, Sorted
from coach.i18n import format_number, t, tn
from coach.safetext import typed
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.dialog import Dialog
from coach.tui.dialogs.text_input import TextInput
from coach.tui.key_hints import KeyHints
from coach.tui.safe import plain
from coach.tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from coach.tui.app import CoachApp

TICK = "✓"


def _label(contact: Contact) -> str:
    """One line: the name, then what they do and where (all already single-line text)."""
    work = ", ".join(p for p in (contact.position, contact.company) if p)
    return f"{contact.name}  ·  {work}" if work else contact.name


class ContactList(LineList):
    """The shown contacts (indexes into the file's new ones); space picks, ``a`` picks all
    shown. Posts :class:`Picked` after every change of the picks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pick", show=False),
        Binding("a", "pick_shown", show=False),
        Binding("enter", "screen.add", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "contact-list--box",
        "contact-list--box-picked",
        "contact-list--highlighted",
    }
    DEFAULT_CSS = """
    ContactList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .contact-list--box {
            color: $panel-darken-2;
            background: $panel;
        }
        & > .contact-list--box-picked {
            color: $text-success;
            background: $panel;
            text-style: bold;
        }
        & > .contact-list--highlighted {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .contact-list--highlighted {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    @dataclass
    class Picked(Message):
        contact_list: ContactList

        @property
        def control(self) -> ContactList:
            return self.contact_list

    @dataclass
    class TypedAway(Message):
        """A key for the filter was pressed in the list (``text`` starts a new filter, or
        goes on with it when ``more``: the keys after the first of one burst, a backspace
        among them taking the last one back (``text`` ""); None: go back to the filter as
        it is)."""

        contact_list: ContactList
        text: str | None
        more: bool = False

        @property
        def control(self) -> ContactList:
            return self.contact_list

    def __init__(self, labels: Sequence[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.labels = list(labels)
        self.shown: list[int] = list(range(len(self.labels)))
        self.picked: set[int] = set()
        self.virtual_size = Size(0, len(self.shown))

    @property
    def row_count(self) -> int:
        return len(self.shown)

    def show_only(self, shown: list[int]) -> None:
        self.shown = shown
        self.virtual_size = Size(0, len(shown))
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    # -- picking -------------------------------------------------------------------------
    def action_toggle_pick(self) -> None:
        self.toggle(self.cursor_row)

    def toggle(self, row: int) -> None:
        if not 0 <= row < len(self.shown):
            return
        self.picked ^= {self.shown[row]}
        self.refresh()
        self.post_message(self.Picked(self))

    def action_pick_shown(self) -> None:
        """Pick every contact shown; if all of them are picked already, unpick them."""
        shown = set(self.shown)
        if shown <= self.picked:
            self.picked -= shown
        else:
            self.picked |= shown
        self.refresh()
        self.post_message(self.Picked(self))

    def clicked(self, row: int) -> None:
        self.move_cursor(row=row)
        self.toggle(row)

    def action_cursor(self, delta: int) -> None:
        """Up on the first row goes back to the filter above the list (as down came)."""
        if delta < 0 and self.cursor_row == 0:
            self.post_message(self.TypedAway(self, None))
        else:
            super().action_cursor(delta)

    _away = False  # a key went to the filter, which has not had the focus since

    def on_focus(self) -> None:
        self._away = False

    def on_key(self, event: events.Key) -> None:
        """Typing in the list starts a new filter (space and ``a`` are the list's own).
        The keys that come after it in one burst, before the filter has the focus, go on
        with that text, ``a`` and space too: "anna" typed fast was "n"."""
        if event.key == "backspace":
            event.stop()
            self.post_message(self.TypedAway(self, "" if self._away else None, self._away))
        elif (
            event.is_printable
            and event.character
            and (self._away or event.key not in ("space", "a"))
        ):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAway(self, event.character, more=self._away))
            self._away = True

    # -- painting ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.row_at(y)
        base = self.rich_style
        if not 0 <= row < len(self.shown):
            return Strip.blank(width, base)
        index = self.shown[row]
        style = base
        if row == self.cursor_row:
            style = base + self.get_component_rich_style("contact-list--highlighted")
        picked = index in self.picked
        box = self.get_component_rich_style(
            "contact-list--box-picked" if picked else "contact-list--box"
        )
        side = Style(color=box.bgcolor, bgcolor=style.bgcolor)
        room = max(width - 4, 0)
        text = self.labels[index]
        shown = fit(text, room)
        segments = [
            Segment("▐", side),
            Segment(TICK if picked else " ", box),
            Segment("▌", side),
            Segment(" " + set_cell_size(shown, room), style),
        ]
        return Strip(segments).crop_extend(0, width, style)


class ContactsScreen(Dialog[int]):
    """The new contacts of one file, to filter and pick; dismisses with how many were
    added (0: none, or cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "add", show=False, priority=True),
    ]

    def __init__(self, result: Sorted) -> None:
        super().__init__()
        self.result = result
        self.contacts = result.new
        # Folded once: filtering 2,000 contacts is then a substring test per contact.
        self._haystacks = [
            fold(f"{c.name} {c.company} {c.position} {c.email}") for c in self.contacts
        ]
        self.listed = ContactList([_label(c) for c in self.contacts], id="contacts-list")
        self._spelled: list[str] | None = None  # (made when a filter spells an umlaut out)

    def compose(self) -> ComposeResult:
        name = self.result.source.path.name
        with Vertical(id="contacts-dialog", classes="dialog"):
            yield Static(
                plain(t("contacts.ui.title", name=name), single_line=True),
                classes="dialog-title",
            )
            yield Static(plain(self._counts()), id="contacts-counts")
            yield TextInput(placeholder=t("contacts.ui.filter"), id="contacts-filter", compact=True)
            yield self.listed
            yield Static(plain(self._picked_text()), id="contacts-picked")
            yield Static(KeyHints(t("contacts.ui.hint")), classes="hint")
            with ButtonRow():
                yield Button(
                    t("contacts.ui.add"), variant="primary", id="contacts-add", compact=True
                )
                yield Button(t("contacts.ui.cancel"), id="contacts-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#contacts-filter", Input).focus()

    def _counts(self) -> str:
        parts = [
            tn("contacts.new", len(self.contacts)),
            tn("contacts.already", self.result.already),
        ]
        if self.result.twice:
            parts.append(tn("contacts.twice", self.result.twice))
        if self.result.removed:
            parts.append(tn("contacts.removed", self.result.removed))
        parts += [tn(f"contacts.skipped_{r}", n) for r, n in sorted(self.result.skipped.items())]
        parts += contacts_import.known_lines(self.result)
        parts += connected_said(self.contacts, dates.local_today())
        return " · ".join(parts)

    def _picked_text(self) -> str:
        listed = self.listed
        picked, shown = len(listed.picked), listed.row_count
        return (
            t(
                "contacts.ui.picked",
                picked=format_number(picked),
                count=format_number(len(self.contacts)),
            )
            + " · "
            + t("contacts.ui.shown", shown=format_number(shown))
        )

    def _update_picked(self) -> None:
        self.query_one("#contacts-picked", Static).update(plain(self._picked_text()))

    # -- the filter ----------------------------------------------------------------------
    @on(Input.Changed, "#contacts-filter")
    def _filter(self, event: Input.Changed) -> None:
        text = typed(event.value, single_line=True)
        self.listed.show_only(holding(text, self._haystacks, self._spelled_out))
        self._update_picked()

    def _spelled_out(self) -> list[str]:
        """Each contact's words with umlauts spelled out ("juergen" finds Jürgen), made when
        a filter first spells one out: the people screen's rule."""
        if self._spelled is None:
            self._spelled = [
                people.spelled_key(f"{c.name} {c.company} {c.position}") for c in self.contacts
            ]
        return self._spelled

    @on(Input.Submitted, "#contacts-filter")
    def _to_list(self) -> None:
        self.listed.focus()

    def on_key(self, event: events.Key) -> None:
        """Down (or page down) in the filter goes to the list."""
        if event.key in ("down", "pagedown") and isinstance(self.focused, Input):
            event.stop()
            self.listed.focus()

    @on(ContactList.TypedAway)
    def _typed_in_list(self, event: ContactList.TypedAway) -> None:
        box = self.query_one("#contacts-filter", Input)
        if event.text == "" and event.more:  # a backspace typed on in the burst
            box.value = box.value[:-1]
        elif event.text is not None:
            box.value = box.value + event.text if event.more else event.text
        box.cursor_position = len(box.value)
        box.focus()

    @on(ContactList.Picked)
    def _picked(self) -> None:
        self._update_picked()

    # -- adding --------------------------------------------------------------------------
    @on(Button.Pressed, "#contacts-add")
    def action_add(self) -> None:
        listed = self.listed
        if not listed.picked:
            self.notify(t("contacts.ui.pick_first"), markup=False)
            return
        chosen = [self.contacts[i] for i in sorted(listed.picked)]
        added = add_contacts(
            self.app,  # type: ignore[arg-type]
            chosen,
            self.result.fills,
            self.result.connected,
        )
        if added is not None:
            self.dismiss(added)

    @on(Button.Pressed, "#contacts-cancel")
    def action_cancel(self) -> None:
        self.dismiss(0)


def add_contacts(
    app: CoachApp,
    chosen: list[Contact],
    fills: dict[str, dict[str, str]] | None = None,
    connected: dict[str, str] | None = None,
) -> int | None:
    """Add ``chosen`` as people (with a first contact when the file says when they
    connected) and fill the empty fields of people already there (``fills``): a backup of
    the state first, then one operation that undo takes back whole. None: the backup
    failed, nothing was added (the user is told why)."""
    from coach.data.store_errors import StoreError
    from coach.formats.contact_fields import first_contacts

    session = app.session
    records = contacts_import.records(app.course, chosen)
    first = first_contacts(app.course, records, chosen, dates.local_today(), connected)
    try:
        session.backup("before-contacts")
        added = session.add_people(records, fills, first)
    except StoreError as exc:
        app.notify(exc.message(), severity="error", markup=False)
        return None
    said = [tn("contacts.ui.added", added)] if added or not (fills or connected) else []
    if fills:
        said.append(tn("contacts.filled_done", len(fills)))
    if connected:
        said.append(tn("contacts.connected_done", len(connected)))
    app.notify(" ".join(said), markup=False)
    main = app.get_screen_main()
    if main is not None:
        main.relabel()  # the people list on screen shows them at once
    return added


def open_contacts(app: CoachApp, path: Path) -> None:
    """Read ``path`` and show its new contacts to pick from; a file that cannot be
    imported is one error notice (nothing changes). The file is read in a thread: a
    phone's vCard of a few thousand cards takes a second or more to parse."""
    if people.spec(app.course) is None:
        app.notify(t("contacts.no_people"), severity="error", markup=False)
        return
    app.run_worker(
        partial(_read_in_thread, app, path), thread=True, exclusive=True, group="contacts"
    )


def _read_in_thread(app: CoachApp, path: Path) -> None:
    from coach.formats.contacts_import import ContactsError

    try:
        source = contacts_import.read(path)
    except ContactsError as exc:
        app.call_from_thread(app.notify, str(exc), severity="error", markup=False, timeout=10)
        return
    app.call_from_thread(_show, app, source)


def _show(app: CoachApp, source: contacts_import.ContactsFile) -> None:
    """Sorted out on the UI's thread, against the people as they are now."""
    result = contacts_import.sort_out(
        app.course, app.progress, source, app.session.removed_people()
    )
    if result.new:
        app.push_screen(ContactsScreen(result))
    elif result.fills or result.connected:  # nobody new, but what the file knows fills
        from coach.tui.dialogs.common import ConfirmScreen  # people already there

        lines = contacts_import.known_lines(result)
        if result.removed:
            lines.append(tn("contacts.removed", result.removed))
        question = "; ".join(lines)
        question = question[:1].upper() + question[1:]  # (a line of the summary, on its own)
        fills, connected = result.fills, result.connected

        def answered(yes: bool | None) -> None:
            if yes:
                add_contacts(app, [], fills, connected)

        app.push_screen(ConfirmScreen(f"{question}\n{t('contacts.ask_fill')}"), answered)
    elif result.removed:  # (they are not on the list: "everyone is there" would be wrong)
        app.notify(tn("contacts.ui.none_new_removed", result.removed), markup=False, timeout=10)
    else:
        app.notify(t("contacts.ui.none_new"), markup=False)


class ContactsPathScreen(Dialog[Path | None]):
    """Which file to import: a path (``~`` allowed), starting in ~/Downloads if there."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        downloads = Path.home() / "Downloads"
        start = f"{downloads}/" if downloads.is_dir() else ""
        with Vertical(id="contacts-path", classes="dialog"):
            yield Static(plain(t("contacts.ui.ask_path")), classes="dialog-title")
            yield TextInput(start, id="contacts-path-input")
            yield Static("", id="contacts-path-error", classes="field-error")
            with ButtonRow():
                yield Button(t("contacts.ui.open"), variant="primary", id="contacts-open")
                yield Button(t("contacts.ui.cancel"), id="contacts-path-cancel")

    def on_mount(self) -> None:
        box = self.query_one("#contacts-path-input", Input)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted, "#contacts-path-input")
    @on(Button.Pressed, "#contacts-open")
    def _open(self) -> None:
        text = self.query_one("#contacts-path-input", Input).value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if not path.is_file():
            # Said here, with the box kept, instead of closing on a typo and
            # making the user find the command and type the path again.
            error = self.query_one("#contacts-path-error", Static)
            error.update(plain(t("contacts.ui.no_file", path=str(path.absolute()))))
            error.display = True
            return
        self.dismiss(path)

    @on(Input.Changed, "#contacts-path-input")
    def _typed(self) -> None:
        self.query_one("#contacts-path-error").display = False

    @on(Button.Pressed, "#contacts-path-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_contacts_file(app: CoachApp) -> None:
    """The palette's "Import contacts…": ask for the file, then show its contacts."""

    def chosen(path: Path | None) -> None:
        if path is not None:
            open_contacts(app, path)

    app.push_screen(ContactsPathScreen(), chosen)

"""Log a contact: "I was in touch with this person" in one small dialog.

Date (today unless changed; a past date is fine and said gently, a future one is asked
about), the kind of contact from the content, an optional note, the next follow-up
pre-filled from the circle's rhythm (+1 week / +2 weeks / none as quick choices) and the
person's status moved forward as a suggestion. Saving goes through the session's verb
(``app.session.log_contact``), the one door to the data; the dialog returns its
:class:`~coach.application.session.Logged` result, or None when cancelled.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from coach import dates
from coach.application.session import NOTE_MAX, Logged
from coach.content.course import tr
from coach.domain import agenda, habit, people
from coach.errors import PersonGone
from coach.i18n import day_in_words, format_date, short_date, t
from coach.safetext import shown, typed
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.common import ConfirmScreen, FormScreen
from coach.tui.dialogs.text_box import TextBox
from coach.tui.dialogs.text_input import TextInput
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain

if TYPE_CHECKING:
    from coach.domain.answers import Prefer
    from coach.domain.people import Person
    from coach.tui.app import CoachApp


def read_day(text: str, base: dt.date, prefer: Prefer = "near") -> dt.date:
    """A date as the user types it (see :func:`coach.domain.answers.parse_day`)."""
    from coach.domain.answers import parse_day

    return parse_day(text, base, prefer)


def logged_message(course: Any, person: Person, logged: Logged, lang: str) -> str:
    """One notification after logging: what was saved, and what comes next."""
    on = dates.day(logged.contact.get("date")) or dates.local_today()
    name = shown(person.name, single_line=True)
    parts = [t("log.done", name=name, date=day_in_words(on, lang))]
    if logged.twin is not None:
        parts.append(t("logui.twin"))
    if logged.follow_up is not None:
        parts.append(t("log.next", date=day_in_words(logged.follow_up, lang)))
    if logged.status:
        parts.append(t("logui.status", status=people.status_label(course, logged.status, lang)))
    return " ".join(parts)


NARROW = 66  # columns below which "+2 weeks" gives way to "No date" (dialogs.tcss)


class LogContactScreen(FormScreen[Logged]):
    """Record one contact with ``person``; dismisses with the result (None: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "save", "key.log"),
    ]

    def __init__(self, person: Person) -> None:
        super().__init__()
        localize_bindings(self)
        self.person = person
        self.today = dates.local_today()
        self._shown: dict[str, str] = {}  # the boxes as first shown (set when mounted)
        course = self.coach.course
        self.spec = people.spec(course)
        meta_agenda = getattr(course.meta, "agenda", None)
        self.kinds = list(meta_agenda.contact_kinds) if meta_agenda is not None else []
        self.rhythm = agenda.rhythm_days(course, person)
        self.statuses = people.status_options(course)
        self.suggested = people.next_status(course, person)
        # A follow-up the user planned ahead stays unless they change it.
        ahead = person.follow_up if person.follow_up and person.follow_up > self.today else None
        self._kept = ahead
        self._auto_next = self._rhythm_next(self.today)

    @property
    def coach(self) -> CoachApp:
        """The app, typed: its session, course and language."""
        return cast("CoachApp", self.app)

    # -- layout ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        lang = self.coach.lang
        name = shown(self.person.name, single_line=True)
        with Vertical(id="log-contact", classes="dialog record-form"):
            yield Static(plain(t("logui.title", name=name)), classes="dialog-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                with Horizontal(classes="form-row"):
                    yield Label(plain(t("logui.date")), classes="form-label")
                    yield TextInput(format_date(self.today, lang), id="log-date", compact=True)
                    yield Static("", id="log-date-hint", classes="hint")
                if self.kinds:
                    options = [
                        (plain(tr(k.label, lang), single_line=True), k.id) for k in self.kinds
                    ]
                    with Horizontal(classes="form-row"):
                        yield Label(plain(t("logui.kind")), classes="form-label")
                        yield Select(
                            options,
                            value=self.kinds[0].id,
                            allow_blank=False,
                            id="log-kind",
                            compact=True,
                        )
                with Horizontal(classes="form-row"):
                    yield Label(plain(t("logui.note")), classes="form-label")
                    yield TextBox(
                        "",
                        id="log-note",
                        soft_wrap=True,
                        show_line_numbers=False,
                        compact=True,
                        classes="log-note",
                    )
                yield from self._scale_row("log-felt", "logui.felt", "logui.scale")
                if self.spec is not None and self.spec.follow_up:
                    with Horizontal(classes="form-row"):
                        yield Label(plain(t("logui.next")), classes="form-label")
                        yield TextInput(
                            format_date(self._auto_next, lang) if self._auto_next else "",
                            placeholder=t("logui.next_none"),
                            id="log-next",
                            compact=True,
                        )
                        yield Button(t("logui.in_1w"), id="next-1w", compact=True)
                        yield Button(t("logui.in_2w"), id="next-2w", compact=True)
                        yield Button(t("logui.no_next"), id="next-none", compact=True)
                    if self._kept is not None:
                        kept = t("logui.kept", date=short_date(self._kept, lang, self.today))
                        yield Static(plain(kept), id="log-kept-hint", classes="hint log-hint")
                    elif self.rhythm:
                        hint = t("logui.rhythm", days=self.rhythm)
                        yield Static(plain(hint), id="log-next-hint", classes="hint log-hint")
                if self.spec is not None and self.spec.next_step:
                    with Horizontal(classes="form-row"):
                        yield Label(plain(t("logui.step")), classes="form-label")
                        yield TextInput(
                            self.person.next_step,  # (as saved: coach.tui.unseen_filter)
                            placeholder=t("logui.step_placeholder"),
                            id="log-step",
                            compact=True,
                        )
                    yield from self._scale_row("log-uneasy", "logui.uneasy", "logui.uneasy_scale")
                if self.statuses and self.spec is not None and self.spec.status:
                    current = self.suggested or self.person.status
                    options = [
                        (plain(tr(o.label, lang), single_line=True), str(o.id))
                        for o in self.statuses
                    ]
                    with Horizontal(classes="form-row"):
                        yield Label(plain(t("logui.status_label")), classes="form-label")
                        yield Select(
                            options,
                            value=current if current else Select.NULL,
                            prompt=t("logui.status_none"),
                            id="log-status",
                            compact=True,
                        )
                    if self.suggested:
                        label = people.status_label(self.coach.course, self.suggested, lang)
                        yield Static(
                            plain(t("logui.status_hint", status=label)),
                            id="log-status-hint",
                            classes="hint log-hint",
                        )
            yield Static("", id="log-error", classes="field-error")
            with ButtonRow():
                yield Button(t("logui.save"), variant="primary", id="log-save", classes="form-save")
                yield Button(t("form.cancel"), id="log-cancel", classes="form-cancel")

    def on_mount(self) -> None:
        self.on_resize()
        self.query_one("#log-error").display = False
        # Most contacts are logged the day they happen: typing goes to the note, not
        # into the pre-filled date (where it used to turn today into "not a date").
        self.query_one("#log-note", TextArea).focus()
        self._shown = self._typed_boxes()  # what the boxes showed: leaving asks once changed

    def on_resize(self) -> None:
        # Below 66 columns two of the follow-up's three buttons fit beside its date: "+2
        # weeks" gives way (at 60 "No date" was cut off; a date can be typed).
        for form in self.query("#log-contact"):
            form.set_class(self.app.size.width < NARROW, "-narrow")

    def _typed_boxes(self) -> dict[str, str]:
        return {box.id or "": box.value for box in self.query(Input)}

    def _scale_row(self, wid: str, label: str, scale: str) -> ComposeResult:
        """An optional 0-10 answer (how it was, how uneasy the next step looks): enter
        skips. Each says what its 0 and 10 mean: the two looked the same."""
        with Horizontal(classes="form-row"):
            yield Label(plain(t(label)), classes="form-label")
            # Digits only (a letter typed there was said only when saving).
            yield TextInput(
                "", placeholder=t(scale), id=wid, compact=True, max_length=2, restrict=r"\d*"
            )

    # -- reading the form ------------------------------------------------------------
    def _rhythm_next(self, on: dt.date) -> dt.date | None:
        if self._kept is not None:  # planned ahead by the user: stays
            return self._kept
        return agenda.next_follow_up(self.coach.course, self.person, on, self.today)

    def _date(self) -> dt.date:
        return read_day(self.query_one("#log-date", Input).value, self.today, "back")

    def _next(self) -> dt.date | None:
        inputs = self.query("#log-next").results(Input)
        field = next(inputs, None)
        if field is None or not field.value.strip():
            return None
        return read_day(field.value, self.today, "ahead")

    def _scale(self, wid: str) -> int | None:
        """A 0-10 answer, None when left empty; :class:`ValueError` for anything else."""
        field = next(self.query(f"#{wid}").results(Input), None)
        return habit.read_scale(field.value if field is not None else "")

    def _step(self) -> str | None:
        """The next step as the box holds it; None when left as it was (kept as saved)."""
        field = next(self.query("#log-step").results(Input), None)
        if field is None or field.value == self.person.next_step:
            return None
        return typed(field.value, single_line=True)

    def _kind(self) -> str:
        for select in self.query("#log-kind").results(Select):
            if isinstance(select.value, str):
                return select.value
        return self.kinds[0].id if self.kinds else "other"

    def _status(self) -> str | None:
        for select in self.query("#log-status").results(Select):
            value = select.value
            return value if isinstance(value, str) else None
        return None

    def _note(self) -> str:
        return typed(self.query_one("#log-note", TextArea).text)

    # -- live hints ------------------------------------------------------------------
    @on(Input.Changed, "#log-date")
    def _date_changed(self, event: Input.Changed) -> None:
        from coach.domain.answers import InvalidValue
        from coach.i18n import ago

        self.query_one("#log-error").display = False
        hint = self.query_one("#log-date-hint", Static)
        try:
            on = self._date()
        except InvalidValue as exc:
            hint.update(plain(str(exc)))
            return
        if on < self.today:
            hint.update(plain(t("logui.past", ago=ago((self.today - on).days))))
        elif on > self.today:
            hint.update(plain(t("logui.future_hint")))
        else:
            hint.update("")
        # The follow-up follows the date while the user has not chosen one of their own.
        for field in self.query("#log-next").results(Input):
            auto = self._auto_next
            if field.value == (format_date(auto, self.coach.lang) if auto else ""):
                self._auto_next = self._rhythm_next(on)
                new = self._auto_next
                field.value = format_date(new, self.coach.lang) if new else ""

    @on(Input.Changed, "#log-next")
    def _next_changed(self, event: Input.Changed) -> None:
        """The rhythm's hint, or "your planned date stays", stands while the box shows
        that date (not after +1 week, none or a date of the user's own)."""
        self.query_one("#log-error").display = False  # (what it said was of the old value)
        auto = self._auto_next
        suggested = format_date(auto, self.coach.lang) if auto else None
        for hint in self.query("#log-next-hint, #log-kept-hint"):
            hint.display = event.value == suggested

    @on(TextArea.Changed, "#log-note")
    def _note_changed(self, event: TextArea.Changed) -> None:
        """A pasted book is cut to the note's limit at once (and said), not on save."""
        area = event.text_area
        if len(area.text) > NOTE_MAX:
            area.load_text(area.text[:NOTE_MAX])
            area.move_cursor(area.document.end)
            self.notify(t("logui.note_cut", max=NOTE_MAX), severity="warning", markup=False)

    def moves_on_from(self, box: Widget) -> bool:
        """Enter in ``box`` moves to the next field (the app moves the focus, before it
        hands on the keys typed after the Enter: coach.tui.keys)."""
        return isinstance(box, Input)

    @on(Button.Pressed, "#next-1w")
    def _in_1w(self, event: Button.Pressed) -> None:
        self._set_next(self.today + dt.timedelta(days=7))

    @on(Button.Pressed, "#next-2w")
    def _in_2w(self, event: Button.Pressed) -> None:
        self._set_next(self.today + dt.timedelta(days=14))

    @on(Button.Pressed, "#next-none")
    def _no_next(self, event: Button.Pressed) -> None:
        self._set_next(None)

    def _set_next(self, when: dt.date | None) -> None:
        field = self.query_one("#log-next", Input)
        field.value = format_date(when, self.coach.lang) if when else ""

    # -- saving ----------------------------------------------------------------------
    def _error(self, message: str, focus: str) -> None:
        error = self.query_one("#log-error", Static)
        error.update(plain(message))
        error.display = True
        self.query_one(focus).focus()

    def action_save(self) -> None:
        from coach.domain.answers import InvalidValue

        try:
            on = self._date()
        except InvalidValue:
            self.query_one("#log-date").focus()  # the message already stands beside it
            return
        try:
            follow_up = self._next()
        except InvalidValue as exc:
            self._error(str(exc), "#log-next")
            return
        scales: list[int | None] = []
        for wid, label in (("log-felt", "logui.felt"), ("log-uneasy", "logui.uneasy")):
            try:
                scales.append(self._scale(wid))
            except ValueError:  # (said below the form: which of the two it is about)
                self._error(f"{t(label)} {t('logui.bad_scale')}", f"#{wid}")
                return
        felt, uneasy = scales
        questions = []
        if on > self.today:
            questions.append(t("log.future", date=format_date(on, self.coach.lang)))
        if follow_up is not None and follow_up < self.today:
            questions.append(
                t("logui.next_past", date=short_date(follow_up, self.coach.lang, self.today))
            )

        def ask(_: bool | None = True) -> None:
            if not _:
                return
            if questions:
                self.app.push_screen(ConfirmScreen(questions.pop(0)), ask)
            else:
                self._log(on, follow_up, felt, uneasy)

        ask()

    def _log(
        self, on: dt.date, follow_up: dt.date | None, felt: int | None, uneasy: int | None
    ) -> None:
        status = self._status()
        try:
            logged = self.coach.session.log_contact(
                self.person,
                on=on,
                kind=self._kind(),
                note=self._note() or None,
                follow_up=follow_up,
                status=status if status != self.person.status else None,
                felt=felt,
                expected=habit.felt_value(self.person.record.get(habit.EXPECTED_KEY)),
                next_step=self._step(),
                uneasy=uneasy,
            )
        except PersonGone as gone:  # removed while the form was open: the note stays here
            self._error(str(gone), "#log-note")
            return
        message = logged_message(self.coach.course, self.person, logged, self.coach.lang)
        self.notify(message, markup=False)
        self.dismiss(logged)

    def dirty(self) -> bool:
        """Leaving asks first once a note was written or a box changed (a date typed)."""
        return bool(self._note().strip()) or self._typed_boxes() != self._shown

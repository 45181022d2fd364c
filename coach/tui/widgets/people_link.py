"""The people in a step: in place of a table of them, how many there are, what is due,
and a way to the people screen (imported when the user goes there: a step that links to
the people opens without the people screen's modules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, Static

from coach import dates
from coach.content.course import tr
from coach.domain import people
from coach.i18n import t, tn
from coach.tui.dialogs.button import Button
from coach.tui.keys import localize_bindings
from coach.tui.safe import plain

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress


class PeopleLink(Vertical):
    """In place of the people table in the step: how many people, what is due, and a way
    to the people screen (e and d lead there too; a adds someone here, on the step)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "key.add"),
        Binding("e,d,delete", "open", show=False),
        # The button says "(P)": on it, P must not be refused as a letter typed by mistake.
        Binding("P", "open", show=False),
    ]

    @dataclass
    class AddPerson(Message):
        """Add someone from ``link`` (its screen opens the person form)."""

        link: PeopleLink

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
    async def _open(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_open()

    async def action_open(self) -> None:
        await self.run_action("app.people")  # the app refreshes this link once it closes

    def action_add(self) -> None:
        """The person form over the step, as a on the step's other lists does (the screen
        opens it); saved, the summary counts them (the user stays on the step)."""
        self.post_message(self.AddPerson(self))

    def reload(self) -> None:
        """The people changed (a person added here): the counts again."""
        if self.is_attached:
            self.refresh_summary()


def summary(course: Course, progress: Progress) -> str:
    """ "12 people; 2 follow-ups due" in one line."""
    everyone = people.people(course, progress)
    if not everyone:
        return t("people.summary_none")
    due = len(people.due(progress, everyone, dates.local_today()))
    text = tn("people.summary", len(everyone))
    return f"{text} {tn('people.summary_due', due)}" if due else text


def refresh_links(root: Widget) -> None:
    """Show the current counts in every people link under ``root`` (after the people
    screen closes)."""
    for link in root.query(PeopleLink):
        link.refresh_summary()

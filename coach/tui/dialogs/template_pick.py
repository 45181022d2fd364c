"""Write to someone with a template: pick one, read it with their name filled in, fill in
the rest right there (its length counted as you type), copy it or select it by hand, and
make it their next small step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coach.content.course import tr
from coach.domain import people
from coach.errors import PersonGone
from coach.i18n import t
from coach.safetext import shown, typed
from coach.tui.dialogs.button import Button
from coach.tui.dialogs.button_row import ButtonRow
from coach.tui.dialogs.dialog import Dialog
from coach.tui.dialogs.text_box import TextBox
from coach.tui.keys import localize_bindings
from coach.tui.safe import length_text, plain

if TYPE_CHECKING:
    from coach.domain.people import Person
    from coach.tui.app import CoachApp


STEP_MAX = 300  # characters of a filled template kept as the next step (a step, not a letter)


def all_templates(course: Any) -> list[Any]:
    """Every template of the course, in step order (the content decides which exist)."""
    return [template for step in course.steps for template in step.templates]


class TemplatePickScreen(Dialog[None]):
    """The course's templates for one person; choosing one shows it filled in."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "key.back")]

    def __init__(self, person: Person) -> None:
        super().__init__(id="template-pick")
        localize_bindings(self)
        self.person = person

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.coach
        name = shown(self.person.name, single_line=True)
        with Vertical(classes="dialog"):
            yield Label(plain(t("template.pick_title", name=name)), classes="dialog-title")
            options = [
                Option(plain(shown(tr(tpl.title, app.lang), single_line=True)), id=f"t{i}")
                for i, tpl in enumerate(all_templates(app.course))
            ]
            yield OptionList(*options, id="template-list")
            yield TextBox("", soft_wrap=True, id="template-text")
            yield Static("", id="template-count", classes="template-length")
            yield Static("", id="template-hint", classes="hint")
            with ButtonRow():
                yield Button(t("ui.copy"), id="template-copy", disabled=True, compact=True)
                yield Button(
                    t("template.make_next"), id="template-next", disabled=True, compact=True
                )
                yield Button(t("form.cancel"), id="template-close", compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        # On a small terminal the dialog scrolls: it opens at its top, the title shown
        # (showing the first template's text scrolled it down a little).
        dialog = self.query_one(".dialog")
        self.call_after_refresh(dialog.scroll_home, animate=False)

    def chosen(self) -> Any | None:
        index = self.query_one(OptionList).highlighted
        templates = all_templates(self.coach.course)
        return templates[index] if index is not None and index < len(templates) else None

    @on(OptionList.OptionHighlighted)
    @on(OptionList.OptionSelected)
    def _show(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        template = self.chosen()
        if template is None:
            return
        app = self.coach
        text = people.fill_template(
            shown(tr(template.text, app.lang)), self.person, app.course, app.lang
        )
        self.query_one("#template-text", TextArea).load_text(text)
        self._count()
        self.query_one("#template-hint", Static).update(plain(t("template.select_hint")))
        for button in ("#template-copy", "#template-next"):
            self.query_one(button, Button).disabled = False
        if isinstance(event, OptionList.OptionSelected):
            self.query_one("#template-text", TextArea).focus()

    @on(TextArea.Changed, "#template-text")
    def _count(self) -> None:
        """The length of the text as it now stands, against the template's limit."""
        template = self.chosen()
        text = self.query_one("#template-text", TextArea).text
        limit = template.max_length if template is not None else None
        shown = length_text(text, limit) if template is not None else ""
        self.query_one("#template-count", Static).update(plain(shown))

    @on(Button.Pressed, "#template-copy")
    def _copy(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.copy_to_clipboard(self.query_one("#template-text", TextArea).text)
        self.notify(t("ui.copied"), markup=False)

    @on(Button.Pressed, "#template-next")
    def _make_next(self, event: Button.Pressed) -> None:
        """The filled text (as shown, edits included) becomes the next step; one the user
        wrote is replaced only when they say so."""
        event.stop()
        if self.chosen() is None:
            return
        text = typed(self.query_one("#template-text", TextArea).text, single_line=True)
        step = text if len(text) <= STEP_MAX else text[: STEP_MAX - 1].rstrip() + "…"
        current = typed(self.person.next_step, single_line=True)

        def replace(yes: bool | None = True) -> None:
            if not yes:
                return
            try:
                self.coach.session.set_next_step(self.person, step)
            except PersonGone as gone:
                self.notify(str(gone), severity="warning", markup=False)
                return
            self.notify(t("template.next_set", step=step), markup=False)
            self.dismiss(None)

        if current and current != step:
            from coach.tui.dialogs.common import ConfirmScreen

            question = t("template.replace_step", step=current)
            self.app.push_screen(ConfirmScreen(question), replace)
        else:
            replace()

    @on(Button.Pressed, "#template-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

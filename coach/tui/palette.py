"""The command palette in the user's language (Textual's own says its words in English)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from coach import i18n
from coach.content.course import tr
from coach.domain import people
from coach.i18n import t
from coach.tui.textual_private import LocalPalette

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


class CoachPalette(LocalPalette):
    def __init__(self) -> None:
        super().__init__(placeholder=t("palette.placeholder"), id="--command-palette")

    def no_matches_text(self) -> str:
        return t("palette.no_matches")


def system_commands(app: CoachApp) -> Iterator[SystemCommand]:
    """The palette's commands: the steps, the screens, the people, the language, undo,
    sync, help and quit (each in the user's language)."""
    total = len(app.course.steps)
    for n, step in enumerate(app.course.steps, 1):
        title = tr(step.title, app.lang)
        yield SystemCommand(
            t("cmd.go_step", n=n, total=total, title=title),
            tr(step.summary, app.lang) or title,
            partial(app.go_to_step, step.id),
        )
    yield SystemCommand(t("cmd.today"), t("cmd.today_help"), app.action_today)
    main = app.get_screen_main()
    from coach.tui.screens.documents import show_sheet

    yield SystemCommand(t("cmd.sheet"), t("cmd.sheet_help"), partial(show_sheet, app))
    from coach.tui.screens.documents import save_calendar

    yield SystemCommand(t("cmd.calendar"), t("cmd.calendar_help"), partial(save_calendar, app))
    if main is not None:
        yield SystemCommand(t("cmd.roadmap"), t("cmd.roadmap_help"), main.action_roadmap)

    if people.spec(app.course) is not None:
        yield SystemCommand(t("people.cmd"), t("people.cmd_help"), app.action_people)
        from coach.tui.screens.contacts_screen import ask_contacts_file

        ask = partial(ask_contacts_file, app)
        yield SystemCommand(t("contacts.ui.cmd"), t("contacts.ui.cmd_help"), ask)
    for lang in i18n.LANGUAGES:
        if lang != app.lang:
            # "Switch language" in the current language, the target in its own words.
            title = f"{t('cmd.switch_lang')}: {t(f'cmd.lang_{lang}')}"
            yield SystemCommand(title, t("cmd.lang_help"), partial(app.set_language, lang))
    from coach.tui.habit_commands import commands

    yield from commands(app)  # people by name, log, break, catch up, kept calendar
    yield SystemCommand(t("cmd.undo"), t("cmd.undo_help"), app.action_undo)
    yield SystemCommand(t("cmd.redo"), t("cmd.redo_help"), partial(app.action_undo, True))
    from coach.tui.dialogs.sync_folder import ask_sync_folder, show_sync_status, stop_sync

    on = app.session.sync_folder is not None  # what fits: turn it on, or change and stop
    ask = partial(ask_sync_folder, app)
    yield SystemCommand(t("cmd.sync_change" if on else "cmd.sync"), t("cmd.sync_help"), ask)
    status = partial(show_sync_status, app)
    yield SystemCommand(t("cmd.sync_status"), t("cmd.sync_status_help"), status)
    if on:
        stop = partial(stop_sync, app)
        yield SystemCommand(t("cmd.sync_off"), t("cmd.sync_off_help"), stop)
    yield SystemCommand(t("cmd.help"), t("cmd.help_help"), app.action_help)
    yield SystemCommand(t("cmd.quit"), t("cmd.quit_help"), app.action_quit)

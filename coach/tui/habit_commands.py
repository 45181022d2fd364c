"""The command palette's part for the months after the steps: a person by name (opening
their page), take a break, log a contact, catch up, keep my calendar current; and the kept
calendar's background writer for the app (never on the UI thread)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.command import Hit, Hits, Provider

from coach import dates
from coach.domain import people
from coach.i18n import os_error, t
from coach.safetext import shown

if TYPE_CHECKING:
    from coach.formats.calendar_keep import Keeper
    from coach.tui.app import CoachApp

PEOPLE_LISTED = 50  # people the palette offers for what is typed (the best matches first)


def keeper(app: CoachApp) -> Keeper:
    """The kept calendar's writer: reads the app's content, progress and language in its
    own thread; a failed write is said once, from the UI thread."""
    from coach.formats.calendar_keep import Keeper

    def failed(target: Path, exc: OSError) -> None:
        message = t("calendar.keep_failed", path=target, error=os_error(exc))
        app.call_from_thread(app.notify, message, severity="warning", markup=False)

    return Keeper(lambda: (app.course, app.progress, app.lang, app.session.kept_calendar), failed)


def commands(app: CoachApp) -> Iterable[SystemCommand]:
    if people.spec(app.course) is None:
        return
    yield SystemCommand(t("palette.log"), t("palette.log_help"), partial(_today, app, "log"))
    yield SystemCommand(t("palette.pause"), t("palette.pause_help"), partial(_today, app, "pause"))
    yesterday = dates.local_today() - dt.timedelta(days=1)
    if people.any_due(app.course, app.progress, yesterday):  # only when something waited
        yield SystemCommand(t("catch_up.cmd"), t("catch_up.cmd_help"), partial(_catch_up, app))
    yield SystemCommand(
        t("calendar.keep_cmd"), t("calendar.keep_cmd_help"), partial(_keep_calendar, app)
    )


def people_provider() -> type[Provider]:
    """The palette's people: found by name as the user types (never listed unasked, so
    the palette's first list stays short with 2,000 people)."""
    return PeopleCommands


class PeopleCommands(Provider):
    async def search(self, query: str) -> Hits:
        app = cast("CoachApp", self.app)
        if people.spec(app.course) is None or not query.strip():
            return
        matcher = self.matcher(query)
        listed = 0
        for person in people.people(app.course, app.progress):
            name = shown(person.name, single_line=True)
            score = matcher.match(name) if name else 0
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(_open_person, app, person.id),
                    help=t("palette.person_help"),
                )
                listed += 1
                if listed >= PEOPLE_LISTED:
                    return


def _open_person(app: CoachApp, person_id: str) -> None:
    from coach.tui.screens.person_screen import PersonScreen

    app.push_screen(PersonScreen(person_id))


def _today(app: CoachApp, action: str) -> None:
    """On Today: log a contact with the highlighted person, or take a break."""
    from coach.tui.screens.today_screen import TodayScreen

    if not isinstance(app.screen, TodayScreen):
        app.action_today()

    def run() -> None:
        screen = app.screen
        if isinstance(screen, TodayScreen):
            screen.action_log() if action == "log" else screen.action_pause()

    app.call_after_refresh(run)


def _catch_up(app: CoachApp) -> None:
    from coach.tui.screens.catch_up_screen import open_way

    open_way(app, "spread", lambda: None)


def _keep_calendar(app: CoachApp) -> None:
    """Keep a calendar file current, where sheets go (the CLI can choose another file)."""
    from coach.data.paths import sheet_dir

    target = sheet_dir(app.session.data_dir) / "coach-calendar.ics"
    app.commit_typed()
    app.session.keep_calendar(target)
    app.notify(t("calendar.kept", path=target), timeout=10, markup=False)

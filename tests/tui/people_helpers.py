"""The people screen's tests share these: the content's people list, a fixed today, a
person's record, a coach started with people (and logged contacts), and the screen opened
as a user opens it (``P``, the filter taking the keys)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from coach.tui.app import CoachApp
from coach.tui.screens.people_screen import PeopleScreen, PeopleTable, PersonScreen
from coach.tui.widgets.records import RecordForm
from tui.conftest import MakeApp, wait_for

KEY = "strategy/people"  # the content's people list (coach.yaml: agenda.people.records)
TODAY = dt.date(2026, 11, 27)


def person(name: str, follow_up: str | None = None, next_step: str = "", pid: str = "") -> dict:
    record = {"id": pid or f"id-{name.lower().replace(' ', '-')}", "name": name}
    if follow_up:
        record["follow_up"] = follow_up
    if next_step:
        record["next_step"] = next_step
    return record


def start(
    make_app: MakeApp, records: list[dict], contacts: list[dict] | None = None, lang: str = "en"
) -> CoachApp:
    """A coach past the welcome with ``records`` in the people list."""
    app = make_app(lang)
    app.progress.welcome_seen = True
    app.progress.set_answer(KEY, records)
    app.progress.contacts = list(contacts or [])
    return app


async def open_people(app: CoachApp, pilot: Pilot[Any]) -> PeopleTable:
    """``P``, then the people screen with its filter taking the keys."""
    await pilot.press("P")
    await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen), "the people screen")
    await wait_for(pilot, lambda: isinstance(app.focused, Input), "the filter's focus")
    return app.screen.query_one(PeopleTable)


async def open_page(app: CoachApp, pilot: Pilot[Any]) -> None:
    """Enter on the list's highlighted person, then their page, once it is built."""
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, PersonScreen) and app.screen.is_mounted,
        "the person's page",
    )


def names(table: PeopleTable) -> list[str]:
    return [p.name for p in table.rows]


async def person_form(app: CoachApp, pilot: Pilot[Any], key: str = "a") -> RecordForm:
    """The people screen's form: a new person's (``a``), or the highlighted one's (``e``),
    once it is built."""
    table = await open_people(app, pilot)
    table.focus()
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), what="the person form")
    await wait_for(pilot, lambda: isinstance(app.focused, Input), what="its first field")
    assert isinstance(app.screen, RecordForm)
    return app.screen

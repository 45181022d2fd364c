"""Shared steps of the UI tests: open a step as a user gets there, find one of its fields."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from coach.tui.app import CoachApp
from coach.tui.screens.main_screen import MainScreen
from coach.tui.widgets.fields import FieldBox
from coach.tui.widgets.records import RecordsBox
from coach.tui.widgets.step_view import StepView
from tui.conftest import go_to, start


async def open_step(app: CoachApp, pilot: Pilot[Any], step_id: str) -> StepView:
    await start(pilot)
    from coach.tui.screens.today_screen import TodayScreen

    if isinstance(app.screen, TodayScreen):
        await pilot.press("escape")  # a follow-up is due: the coach opened on Today
    elif not isinstance(app.screen, MainScreen):
        await pilot.press("enter")  # the welcome
    await go_to(pilot, step_id)
    return app.screen.query_one(StepView)


def field_box(view: StepView, key: str) -> Any:
    """The field ``key`` on the step (a FieldBox, or a RecordsBox for a list)."""
    boxes: list[FieldBox | RecordsBox] = [*view.query(FieldBox), *view.query(RecordsBox)]
    for box in boxes:
        if box.key == key:
            return box
    raise AssertionError(f"no field {key}")

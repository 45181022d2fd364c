"""In the coach: an item the user's data shows done is ticked, stays the user's to untick,
and a target date already past gets a gentle note."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from coach.data.progress import Progress
from coach.data.store import Store
from coach.tui.widgets.checklist import TICK, Checklist
from coach.tui.widgets.records import RecordForm
from coach.tui.widgets.records_table import RecordsTable
from tui.conftest import MakeApp, OnDisk, Shown, type_text, wait_for
from tui.step_helpers import field_box, open_step

FOLLOWED = "sightseeing/followed"


def followed(n: int) -> list[dict[str, object]]:
    return [{"name": f"Account {i}", "done": ["followed"]} for i in range(n)]


def row_of(checklist: Checklist, key: str) -> int:
    return next(i for i, (k, _) in enumerate(checklist.items) if k == key)


@pytest.mark.long
async def test_followed_accounts_tick_the_item_and_the_user_can_untick_it(
    make_app: MakeApp, data_dir: Path, on_disk: OnDisk, shown: Shown
) -> None:
    progress = Progress(welcome_seen=True)
    progress.set_answer("sightseeing/watchlist", followed(2))
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step(app, pilot, "sightseeing")
        checklist = view.query_one(Checklist)
        assert FOLLOWED not in checklist.ticked
        # A third followed account, added as the list does it: the item ticks itself.
        # (the list has entries: its table is the tab stop, a adds)
        field_box(view, "sightseeing/watchlist").query_one(RecordsTable).focus()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), "the form")
        assert isinstance(app.screen, RecordForm)
        await pilot.press(*"Ana")
        app.screen.query_one("#f-done").focus()
        await pilot.press("space")  # "Followed", the first of what I've done
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: FOLLOWED in checklist.ticked, "the item ticked itself")
        assert FOLLOWED in checklist.ticked
        sightseeing = app.course.step("sightseeing")
        assert sightseeing is not None
        total = len(sightseeing.checklist)
        assert f"1/{total}" in shown(app), "the step's count has it"
        text = next(t for k, t in checklist.items if k == FOLLOWED)
        assert any(TICK in line and text[:20] in line for line in shown(app).splitlines())
        # The user unticks it: it stays unticked, also after a restart.
        checklist.focus()
        checklist.move_cursor(row=row_of(checklist, FOLLOWED))
        await pilot.press("space")
        await wait_for(pilot, lambda: FOLLOWED not in checklist.ticked, "unticked")
        assert FOLLOWED not in checklist.ticked
        await pilot.press("q")
    assert on_disk().is_unticked(FOLLOWED)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step(app, pilot, "sightseeing")
        assert FOLLOWED not in view.query_one(Checklist).ticked
        await pilot.press("q")


async def test_a_goal_date_in_the_past_gets_a_gentle_note(
    make_app: MakeApp, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_step(app, pilot, "why")
        box = field_box(view, "why/goal_date")
        date = box.query_one(Input)
        date.focus()
        await type_text(pilot, "2020-01-31", lambda: date.value == "2020-01-31")
        await wait_for(pilot, lambda: box.query_one(".field-error").display, "the note")
        note = box.query_one(".field-error")
        assert note.display and "already passed" in str(note.render())
        await wait_for(pilot, lambda: app.progress.answer("why/goal_date") == "2020-01-31", "kept")
        await pilot.press("ctrl+u")  # Input: delete to the start
        await type_text(pilot, "2099-01-31", lambda: date.value == "2099-01-31")
        await wait_for(pilot, lambda: not note.display, "the note gone")
        assert not note.display
        await pilot.press("tab", "ctrl+q")  # (the next field is a text box: q is typed there)
    assert on_disk().answer("why/goal_date") == "2099-01-31"

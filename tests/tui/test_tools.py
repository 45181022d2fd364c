"""Each step's tools used as a user would: choices, generated checklists, records, text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, SelectionList, TextArea

from coach.domain.status import status_report
from coach.tui.dialogs.common import ConfirmScreen
from coach.tui.screens.main_screen import MainScreen
from coach.tui.screens.people_screen import PeopleTable
from coach.tui.textual_private import notification_texts
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.records import RecordForm
from coach.tui.widgets.records_table import RecordsTable
from coach.tui.widgets.step_view import StepView
from tui.conftest import (
    MakeApp,
    OnDisk,
    Shown,
    burst,
    go_to,
    on,
    shows,
    type_text,
    wait_for,
)
from tui.step_helpers import field_box, open_step

MARKUP = "[bold]Ana[/"
PLACEHOLDER = "Hi [Name], loved your talk"
ACTION = "[@click=app.quit]x[/]"


async def test_two_networks_give_two_account_checklists(
    make_app: MakeApp, on_disk: OnDisk, shown: Shown
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_step(app, pilot, "networks")
        picker = field_box(view, "networks/picked").query_one(SelectionList)
        picker.focus()
        await pilot.press("space", "down", "space")
        await wait_for(pilot, shows(app, "LinkedIn"), "the network's details")
        assert "LinkedIn" in shown(app), "the highlighted network's details are shown"
        await go_to(pilot, "accounts")
        checklist = app.screen.query_one(Checklist)
        prompts = [text for _, text in checklist.items]
        assert sum(p.startswith("LinkedIn · ") for p in prompts) == 7
        assert sum(p.startswith("Xing · ") or p.startswith("XING · ") for p in prompts) == 7
        await pilot.press("space")
        await pilot.press("q")
    progress = on_disk()
    assert progress.answer("networks/picked") == ["linkedin", "xing"]
    report = status_report(app.course, progress, "en")
    accounts = next(s for s in report["steps"] if s["id"] == "accounts")
    assert accounts["total"] == 7 + 2 * 7 and accounts["done"] == 1


async def test_more_than_three_networks_get_a_gentle_note(make_app: MakeApp, shown: Shown) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        view = await open_step(app, pilot, "networks")
        box = field_box(view, "networks/picked")
        box.query_one(SelectionList).focus()
        await pilot.press("space", "down", "space", "down", "space")
        await wait_for(pilot, lambda: len(box.query_one(SelectionList).selected) == 3, "3 picked")
        assert not box.query_one(".advice").display
        await pilot.press("down", "space")
        await wait_for(pilot, lambda: box.query_one(".advice").display, "the gentle note")
        assert box.query_one(".advice").display


@pytest.mark.long
async def test_add_edit_remove_an_entry_survives_restart(
    make_app: MakeApp, on_disk: OnDisk, shown: Shown
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "fun")
        box = field_box(view, "fun/offline_events")
        box.query_one("#add").focus()
        await pilot.press("enter")
        await wait_for(pilot, on(app, RecordForm), "the form")
        assert isinstance(app.screen, RecordForm)
        # Saving with an empty name says what is wrong and keeps the form open.
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(app, "Please fill this in."), "the form says what is missing")
        assert isinstance(app.screen, RecordForm)
        assert "Please fill this in." in shown(app)
        app.screen.query_one("#f-name", Input).focus()
        await pilot.press(*"Ana")
        date = app.screen.query_one("#f-date", Input)
        date.focus()
        await type_text(pilot, "2026-02-30", lambda: date.value == "2026-02-30")
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(app, "February 2026 has 28 days."), "the date refused")
        assert isinstance(app.screen, RecordForm), "an impossible date is refused"
        assert "February 2026 has 28 days." in shown(app)
        follow = app.screen.query_one("#f-date", Input)
        follow.value = ""
        follow.focus()
        await type_text(pilot, "2026-03-01", lambda: follow.value == "2026-03-01")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on(app, MainScreen)() and "Ana" in shown(app), "Ana listed")
        assert isinstance(app.screen, MainScreen)
        assert "Ana" in shown(app)
        table = box.query_one(RecordsTable)
        assert table.row_count == 1

        table.focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: bool(app.screen.query("#f-name")), "the form")
        name = app.screen.query_one("#f-name", Input)
        name.focus()
        await pilot.press("end", *" Silva", "ctrl+s")
        await wait_for(pilot, shows(app, "Ana Silva"), "the edit shown")
        assert "Ana Silva" in shown(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: bool(app.screen.query("#f-name")), "the form")
        app.screen.query_one("#f-name", Input).focus()
        await pilot.press(*"Ben", "ctrl+s")
        await wait_for(pilot, lambda: table.row_count == 2, "Ben added")
        assert table.row_count == 2
        await pilot.press("q")
    events = on_disk().answer("fun/offline_events")
    assert [p["name"] for p in events] == ["Ana Silva", "Ben"]
    assert events[0]["date"] == "2026-03-01"

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        view = await open_step(again, pilot, "fun")
        box = field_box(view, "fun/offline_events")
        table = box.query_one(RecordsTable)
        assert table.row_count == 2
        table.focus()
        await pilot.press("down", "ctrl+up")  # Ben first
        await wait_for(pilot, lambda: box.records[0]["name"] == "Ben", "Ben moved up")
        await pilot.press("down", "d")
        await wait_for(pilot, on(again, ConfirmScreen), "the question")
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_for(pilot, lambda: table.row_count == 1, "one removed")
        assert table.row_count == 1
        await pilot.press("u")  # still on the list: u takes the removal back there
        events = lambda: again.progress.answer("fun/offline_events") or []  # noqa: E731
        await wait_for(pilot, lambda: len(events()) == 2, "brought back")
        assert "does nothing here" not in shown(again)
        await pilot.press("q")
    assert len(on_disk().answer("fun/offline_events")) == 2


@pytest.mark.long
async def test_markup_typed_by_the_user_is_shown_and_saved_as_written(
    make_app: MakeApp,
    on_disk: OnDisk,
    shown: Shown,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_step(app, pilot, "why")
        area = field_box(view, "why/my_why").query_one(TextArea)
        area.focus()
        await type_text(pilot, PLACEHOLDER, lambda: area.text == PLACEHOLDER)
        await open_step(app, pilot, "strategy")
        await pilot.press("P")  # the people screen
        await wait_for(pilot, lambda: bool(app.screen.query(PeopleTable)), "the people screen")
        await pilot.press("a")
        await wait_for(pilot, lambda: bool(app.screen.query("#f-next_step")), "the person form")
        name = app.screen.query_one("#f-name", Input)
        name.focus()
        await type_text(pilot, MARKUP, lambda: name.value == MARKUP)
        step = app.screen.query_one("#f-next_step", Input)
        step.focus()
        await type_text(pilot, ACTION, lambda: step.value == ACTION)
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(app, MARKUP), "the person listed")
        text = shown(app)
        assert MARKUP in text
        assert ACTION[:14] in text  # the cell is cut to the column width, never run
        await pilot.press("escape")
        view = await open_step(app, pilot, "why")
        field_box(view, "why/my_why").scroll_visible(animate=False, top=True)
        await wait_for(pilot, shows(app, PLACEHOLDER), "the why on screen")
        assert PLACEHOLDER in shown(app)
        await pilot.press("q")
    assert app.return_code == 0
    progress = on_disk()
    assert progress.answer("why/my_why") == PLACEHOLDER
    person = progress.answer("strategy/people")[0]
    assert person["name"] == MARKUP and person["next_step"] == ACTION

    from coach.cli.main import main

    assert main(["--data-dir", str(data_dir), "export"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["answers"]["strategy/people"][0]["name"] == MARKUP
    assert exported["answers"]["why/my_why"] == PLACEHOLDER


async def test_templates_keep_their_placeholders(make_app: MakeApp, shown: Shown) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_step(app, pilot, "posting")
        view.query_one("#step-body").scroll_end(animate=False)
        await wait_for(
            pilot, lambda: any(p in shown(app) for p in ("[Name]", "[Topic]", "[Group]"))
        )
        assert "[Name]" in shown(app) or "[Topic]" in shown(app) or "[Group]" in shown(app)


async def test_summary_counts_what_the_user_did(make_app: MakeApp, shown: Shown) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "why")
        await pilot.press("space", "down", "space")
        view = await open_step(app, pilot, "fun")
        view.query_one(".summary-box").scroll_visible(animate=False)
        await wait_for(pilot, shows(app, "You ticked 2 of"), "the summary")
        assert "You ticked 2 of" in shown(app)


async def test_another_content_folder_drives_the_same_app(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk, other_content: Path
) -> None:
    app = make_app(content=other_content)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, shows(app, "Step 1 of 3"), "step 1")
        assert "Step 1 of 3" in shown(app)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert sum(c.startswith("Go to step") for c in commands) == 3
        ids = [s.id for s in app.course.steps]
        await pilot.press("space", "n")
        await wait_for(pilot, lambda: app.screen.query_one(StepView).step_id == ids[1], "step 2")
        assert app.screen.query_one(StepView).step_id == ids[1]
        await pilot.press("q")
    assert on_disk().current_step == ids[1]


async def test_list_keys_work_on_an_empty_list(make_app: MakeApp, shown: Shown) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "fun")
        box = field_box(view, "fun/offline_events")
        box.query_one("#add").focus()
        await wait_for(pilot, lambda: "a Add" in shown(app), what="the footer names the add key")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        await wait_for(
            pilot,
            lambda: app.focused is app.screen.query_one("#f-name"),
            what="typing goes to the first field",
        )


async def test_leaving_a_field_with_an_impossible_date_says_so(
    make_app: MakeApp, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "why")
        date = field_box(view, "why/goal_date").query_one(Input)
        date.focus()
        await type_text(pilot, "2026-02-30", lambda: date.value == "2026-02-30")
        await pilot.press("tab")
        await wait_for(
            pilot, lambda: any("February 2026 has 28 days." in m for m in notification_texts(app))
        )
        told = notification_texts(app)
        assert any("February 2026 has 28 days." in m for m in told), told
        await pilot.press("q")
    assert on_disk().answer("why/goal_date") is None


@pytest.mark.parametrize(
    ("lang", "says"), [("en", "is not a whole number"), ("de", "keine ganze Zahl")]
)
async def test_a_letter_in_a_number_field_says_what_is_wrong(
    make_app: MakeApp, on_disk: OnDisk, shown: Shown, lang: str, says: str
) -> None:
    """Typed letters are shown with a line saying a whole number is wanted (Textual's
    integer box dropped them with only a red border); the saved number is kept."""
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "posting")
        box = field_box(view, "posting/weekly_target")
        number = box.query_one(Input)
        number.focus()
        await pilot.press("3")
        await wait_for(pilot, lambda: app.progress.answer("posting/weekly_target") == 3)
        await pilot.press("x")
        await wait_for(pilot, lambda: number.value == "3x" and says in shown(app), "the note")
        assert number.value == "3x"
        assert says in shown(app)
        await pilot.press("backspace")
        await wait_for(pilot, lambda: says not in shown(app), "the note gone")
        assert says not in shown(app)
        await pilot.press("ctrl+q")  # q here would be typed
    assert on_disk().answer("posting/weekly_target") == 3


async def test_confirm_dialog_moves_with_arrow_keys(make_app: MakeApp) -> None:
    app = make_app()
    app.session.answer("fun/offline_events", [{"name": "Ana"}])  # an event saved before
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "fun")
        box = field_box(view, "fun/offline_events")
        box.query_one(RecordsTable).focus()
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await pilot.press("left", "enter")  # from "No" to "Yes"
        await wait_for(pilot, lambda: box.records == [], what="the event removed")
        assert app.progress.answer("fun/offline_events") in (None, [])


@pytest.mark.parametrize("yes", ["y", "j", "enter"])
async def test_a_key_typed_before_the_question_shows_never_answers_it(
    make_app: MakeApp, yes: str
) -> None:
    """ "dj" typed fast on a list (d removes, j is the German yes) removed an entry the
    user never saw asked about: keys that came with the d are dropped; one typed once the
    question is on the screen answers it."""
    app = make_app()
    app.session.answer("fun/offline_events", [{"name": "Ana"}])
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "fun")
        box = field_box(view, "fun/offline_events")
        box.query_one(RecordsTable).focus()
        await wait_for(pilot, lambda: app.focused is box.query_one(RecordsTable), "the list")
        burst(app, ["d", yes])
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await pilot.press("escape")  # (the question is still there to say no to)
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen), "said no")
        assert box.records, "nothing removed"
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="asked again")
        await pilot.press("y")
        await wait_for(pilot, lambda: box.records == [], what="removed once asked")

"""A new user's first week at 80x24 (issue 13): what they type, see and press."""

from __future__ import annotations

from typing import Any, cast

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from coach.tui.app import CoachApp
from coach.tui.screens.main_screen import MainScreen
from coach.tui.textual_private import notification_texts
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.step_view import StepView
from tui.conftest import MakeApp, OnDisk, Shown, settled, type_text, wait_for


def without_id(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "id"}


WHY = "I want to meet people who work on accessible design so I can learn from them and grow"


@pytest.mark.long
async def test_first_why_wraps_on_a_fresh_first_launch(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("Button"), "the welcome is shown")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        view = app.screen.query_one(StepView)
        await wait_for(pilot, lambda: view.query(TextArea), "the step's fields are mounted")
        area = view.query(TextArea).first()
        while app.focused is not area:  # tab to it, as a user does
            await pilot.press("tab")
        await type_text(pilot, WHY, lambda: area.text == WHY)
        await wait_for(pilot, lambda: "from them and grow" in shown(app), "the why wrapped")
        text = shown(app)
        assert "I want to meet people" in text
        assert "from them and grow" in text, "the second line of the why is on screen"
        assert area.wrapped_document.height >= 2


async def open_step_at(app: CoachApp, pilot: Pilot[Any], step_id: str) -> StepView:
    await wait_for(pilot, lambda: app.screen.query("Button"), "the welcome is shown")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    app.go_to_step(step_id)
    view = app.screen.query_one(StepView)
    await wait_for(pilot, lambda: view.step_id == step_id and view.query(".step-tools"))
    await wait_for(pilot, lambda: settled(app), "the step built")
    return view


async def test_a_in_the_steps_text_adds_to_the_list_in_view(make_app: MakeApp) -> None:
    """Step 5: tab into the text, bring the first list into view, `a`: the list's add
    opens (the text is read, not typed into: its letters are the commands, see
    test_footer.py's test_the_letters_work_while_the_steps_text_is_read)."""
    from coach.tui.widgets.records import RecordForm, RecordsBox
    from coach.tui.widgets.step_view import StepBody

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step_at(app, pilot, "strategy")
        await pilot.press("tab")
        body = view.query_one(StepBody)
        assert app.focused is body
        # The step's lists sit above its templates: bring the first one into view.
        box = view.query(RecordsBox).first()
        box.scroll_visible(animate=False)
        await wait_for(pilot, lambda: box.region.overlaps(body.region), "the list is in view")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), "a opens the add form")


async def test_editing_continues_at_the_end_of_the_text(make_app: MakeApp) -> None:
    """Editing a saved entry or note: the cursor waits after the last character, and
    typing adds to the text instead of replacing it."""
    from textual.widgets import Input

    from coach.tui.widgets.records import RecordsBox

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step_at(app, pilot, "strategy")
        box = view.query_one(RecordsBox)
        box.add()
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the form is open")
        await pilot.press("a", "n", "a", "ctrl+s")
        await wait_for(pilot, lambda: [without_id(r) for r in box.records] == [{"name": "ana"}])
        first_id = box.records[0]["id"]
        box.edit()
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the form is open")
        name = app.screen.query_one("#f-name", Input)
        assert app.focused is name
        assert name.cursor_position == len("ana") and name.selection.is_empty
        await pilot.press("x", "ctrl+s")
        await wait_for(pilot, lambda: [without_id(r) for r in box.records] == [{"name": "anax"}])
        assert box.records[0]["id"] == first_id, "an edit keeps the record's id"

        from coach.tui.widgets.fields import FieldBox
        from tui.step_helpers import field_box

        def my_why() -> TextArea | None:
            # Not just the first text area: the step left may still show its templates'.
            boxes = [box for box in view.query(FieldBox) if box.key == "why/my_why"]
            return boxes[0].query_one(TextArea) if boxes else None

        view.show("why")  # a step with a long text field
        await wait_for(pilot, lambda: view.step_id == "why" and my_why())
        area = field_box(view, "why/my_why").query_one(TextArea)
        area.load_text("first line\nsecond line")
        await wait_for(pilot, lambda: app.progress.answer("why/my_why") == area.text)
        view.show("why")  # built again, as after n and p
        old = area
        await wait_for(pilot, lambda: my_why() not in (None, old))
        area = field_box(view, "why/my_why").query_one(TextArea)
        area.focus()
        await pilot.press("!")
        assert area.text == "first line\nsecond line!"


async def networks_checklist(app: CoachApp, pilot: Pilot[Any]) -> Checklist:
    """Step 2 (the networks) on screen, its checklist focused as it opens; returns it."""
    from coach.tui.widgets.checklist import Checklist

    view = await open_step_at(app, pilot, "networks")
    checklist = view.query_one(Checklist)
    await wait_for(pilot, lambda: app.focused is checklist)
    return checklist


async def test_f_jumps_to_the_tools_and_the_checklist_folds_at_80x24(
    make_app: MakeApp, shown: Shown
) -> None:
    """80x24, step 2: `f` goes to the network list; the checklist folds to one line so
    the list and the highlighted network's details (beside it) are on screen together;
    esc brings the checklist back."""
    from textual.widgets import SelectionList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await networks_checklist(app, pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.focused, SelectionList), "t focuses the list")
        await pilot.press("down")
        await wait_for(pilot, lambda: "esc shows it" in shown(app), "the checklist folded")
        text = shown(app)
        assert not checklist.display or not checklist.region, "the checklist is folded"
        assert "esc shows it" in text
        for line in ("XING", "What it's for", "Who you'll meet there", "Effort it takes"):
            assert line in text, f"{line!r} is on screen beside the list"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.focused is checklist)
        await wait_for(pilot, lambda: "I've picked my first network" in shown(app), "the checklist")
        assert "I've picked my first network" in shown(app)


async def test_the_checklist_stays_open_on_a_tall_screen(make_app: MakeApp, shown: Shown) -> None:
    from textual.widgets import SelectionList

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step_at(app, pilot, "networks")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.focused, SelectionList), "t focuses the list")
        await wait_for(pilot, lambda: "Who you'll meet there" in shown(app), "the details")
        text = shown(app)
        assert "I've picked my first network" in text
        assert "Who you'll meet there" in text


async def test_profile_link_form_offers_picked_networks_first_and_enter_saves(
    make_app: MakeApp, shown: Shown
) -> None:
    from textual.widgets import Input, Select

    from coach.tui.widgets.records import RecordForm, RecordsBox

    app = make_app()
    app.session.answer("networks/picked", ["mastodon", "xing"])  # picked in step 2 before
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step_at(app, pilot, "accounts")
        box = view.query_one(RecordsBox)
        box.add()
        await wait_for(pilot, lambda: isinstance(app.focused, Select), "the form is open")
        await pilot.press("enter")  # the network list opens
        await wait_for(pilot, lambda: "XING" in shown(app), "the network list")
        text = shown(app)
        assert text.index("Mastodon") < text.index("XING") < text.index("LinkedIn")
        await pilot.press("down", "enter")  # below the prompt: the first network, Mastodon
        select = app.screen.query_one(Select)
        await wait_for(pilot, lambda: app.focused is select and select.value == "mastodon")
        await pilot.press("tab")
        url = app.focused
        assert isinstance(url, Input)
        await type_text(pilot, "https://example.social/@me", lambda: url.value.endswith("@me"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordForm), "enter saved it")
        assert [without_id(r) for r in box.records] == [
            {"network": "mastodon", "url": "https://example.social/@me"}
        ]


async def test_tabbing_through_the_person_form_at_80x24_shows_each_field(
    make_app: MakeApp, shown: Shown
) -> None:
    from coach.tui.widgets.records import RecordForm, RecordsBox

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step_at(app, pilot, "strategy")
        view.query_one(RecordsBox).add()
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm) and app.focused)
        form = cast(RecordForm, app.screen)
        for sub in form.field.fields:
            while app.focused is not form.query_one(f"#f-{sub.id}"):
                await pilot.press("tab")
            label = sub.label["en"] if isinstance(sub.label, dict) else str(sub.label)
            await wait_for(
                pilot,
                lambda: label in shown(app),  # noqa: B023 (awaited at once)
                f"{label} in view",
            )
            assert label in shown(app), f"{label!r} is on screen while its field has the focus"


async def test_a_template_starts_a_post_idea(make_app: MakeApp, on_disk: OnDisk) -> None:
    """The content says which list a template starts (`starts:` in the step's YAML): the
    add form opens with the template's title and text, and saving adds the idea."""
    from textual.widgets import Button

    from coach.tui.widgets.records import RecordForm, RecordsBox
    from coach.tui.widgets.templates import TemplateCard

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step_at(app, pilot, "posting")
        card = next(c for c in view.query(TemplateCard) if c.query(".start"))
        button = card.query_one(".start", Button)
        assert str(button.label) == "Start a post idea with it"
        button.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), "the add form opens")
        form = app.screen
        assert form.query_one("#f-topic", Input).value == card.title_text
        assert form.query_one("#f-draft", TextArea).text == card.text
        await pilot.press("ctrl+s")
        box = view.query_one(RecordsBox)
        await wait_for(pilot, lambda: len(box.records) == 1, "the idea is in the list")
        assert box.records[0]["draft"].startswith("Hello everyone!")
        await pilot.press("escape")
        await pilot.press("q")
    ideas = on_disk().answer("posting/posts")
    assert ideas and ideas[0]["topic"] == "Introduce yourself in a group"


async def test_a_on_the_checklist_says_where_the_list_is(make_app: MakeApp) -> None:
    from coach.tui.widgets.checklist import Checklist

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step_at(app, pilot, "strategy")
        await wait_for(pilot, lambda: isinstance(app.focused, Checklist))
        await pilot.press("a")
        told = notification_texts(app)
        assert any("works on the list below" in m for m in told), told


async def test_tab_goes_round_to_the_folded_checklist_and_opens_it(
    make_app: MakeApp, shown: Shown
) -> None:
    """80x24, step 2: the checklist folded while the user was in the fields; Tab on past
    the last one comes back to it (it is not left out of the round) and it opens."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await networks_checklist(app, pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: app.focused is not checklist, "f left the checklist")
        await wait_for(pilot, lambda: "esc shows it" in shown(app), "the checklist folded")
        assert "esc shows it" in shown(app)
        assert "I've picked my first network" not in shown(app)
        for _ in range(40):
            await pilot.press("tab")
            if app.focused is checklist:
                break
        assert app.focused is checklist, "Tab never came back to the checklist"
        await wait_for(pilot, lambda: "I've picked my first network" in shown(app), "the checklist")
        assert "I've picked my first network" in shown(app)
        assert "esc shows it" not in shown(app)


async def test_two_quick_tabs_leave_the_checklist_open_where_the_focus_is(
    make_app: MakeApp, shown: Shown
) -> None:
    """Keys typed faster than the screen updates: the fold follows where the focus ended
    up, not whichever widget reported its focus last."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await networks_checklist(app, pilot)
        chain = app.screen.focus_chain
        here = chain.index(checklist)
        chain[here - 2].focus()  # two Tabs before the checklist: folded
        await wait_for(pilot, lambda: "esc shows it" in shown(app), "the checklist folded")
        assert "esc shows it" in shown(app)
        for _ in range(2):  # as a terminal delivers them: no wait in between
            app.post_message(events.Key("tab", None))
        await wait_for(pilot, lambda: app.focused is checklist, "two Tabs reach the checklist")
        await wait_for(pilot, lambda: "I've picked my first network" in shown(app), "the checklist")
        assert "I've picked my first network" in shown(app)
        assert "esc shows it" not in shown(app)


@pytest.mark.parametrize("step_id", ["accounts", "posting"])
async def test_f_lands_on_something_the_user_sees(make_app: MakeApp, step_id: str) -> None:
    """f on a step with an empty list first: the focus is on a widget on screen (the
    list's Add button), not on its hidden table, where keys seemed to do nothing."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step_at(app, pilot, step_id)
        if not view.has_tools:
            pytest.skip(f"{step_id} has no fields here")
        await pilot.press("f")
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id != "checklist")
        await wait_for(
            pilot, lambda: app.focused is not None and app.focused.region.area > 0, "in view"
        )
        focused = app.focused
        assert focused is not None and focused.display and focused.region.area > 0, focused
        assert focused in app.screen.focus_chain

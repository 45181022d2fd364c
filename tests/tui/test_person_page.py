"""A person's page on the people screen: their history newest first, an edit that keeps
the id, snooze, logging a contact, removing them (asked first), long notes, writing with a
template, the follow-up's +2 weeks, and the keys the page offers at its width."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Button, Input, TextArea

from coach import dates
from coach.application.words import describe
from coach.tui.screens.people_screen import PeopleScreen, PeopleTable, PersonScreen
from tui.conftest import MakeApp, on, saved, screen_text, shows, wait_for
from tui.people_helpers import KEY, TODAY, names, open_page, open_people, person, start


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


async def test_opening_a_person_shows_their_history_newest_first(make_app: MakeApp) -> None:
    contacts: list[dict[str, object]] = [
        {
            "id": "c1",
            "person": "id-jana",
            "date": "2026-03-01",
            "kind": "call",
            "note": "first",
            "felt": 7,
        },
        {
            "id": "c2",
            "person": "id-jana",
            "date": "2026-10-01",
            "kind": "message",
            "note": "[b]not bold[/b] and [@click=app.quit]x[/]",
        },
        {"id": "c3", "person": "id-other", "date": "2026-11-01", "kind": "call", "note": "other"},
    ]
    app = start(make_app, [person("Jana", "2026-12-01"), person("Other")], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        table.move_cursor(row=names(table).index("Jana"))
        await open_page(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        newer, older = text.index("2026-10-01"), text.index("2026-03-01")
        assert newer < older, "newest first"
        assert "[b]not bold[/b] and [@click=app.quit]x[/]" in text  # as written
        assert "Message" in text and "Call" in text  # the kinds' labels
        assert "2026-03-01  Call  (felt 7/10)" in text, "how it felt, as coach history says"
        assert "other" not in text.split("Contacts, newest first")[1]
        await pilot.press("escape")
        assert isinstance(app.screen, PeopleScreen)


async def test_an_edit_renames_the_person_and_keeps_the_id_and_history(
    make_app: MakeApp, data_dir: Path
) -> None:
    contacts = [{"id": "c1", "person": "id-jana", "date": "2026-10-01", "kind": "call"}]
    record = {**person("Jana", "2026-12-01"), "custom_key": "kept"}
    app = start(make_app, [record], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        await open_page(app, pilot)
        await pilot.press("e")
        await pilot.wait_for_scheduled_animations()
        name_box = app.screen.query_one("#f-name", Input)
        name_box.value = "Jana Krüger"
        await pilot.press("ctrl+s")
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, PersonScreen)
        assert "Jana Krüger" in screen_text(app)
        assert "2026-10-01" in screen_text(app), "the history stays with the renamed person"
        undo = app.session.next_undo()
        assert undo is not None and describe(undo.do, undo.say) == "changed Jana"  # not "an answer"
        await pilot.press("escape", "escape")
        await app.action_quit()
    on_disk = saved(data_dir).answers[KEY]
    assert on_disk == [{**record, "name": "Jana Krüger"}]


async def test_snooze_moves_the_follow_up_a_week_from_today(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = start(make_app, [person("Jana", "2026-11-20")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        await pilot.press("down")  # from the filter into the list
        assert app.focused is table
        await pilot.press("up")  # and back
        assert isinstance(app.focused, Input)
        await pilot.press("down")
        await pilot.press("z")
        assert table.rows[0].follow_up == TODAY + dt.timedelta(days=7)
        await app.action_quit()
    assert saved(data_dir).answers[KEY][0]["follow_up"] == "2026-12-04"


async def test_logging_a_contact_on_a_person_puts_it_first_in_their_history(
    make_app: MakeApp,
) -> None:
    from coach.tui.dialogs.log_dialog import LogContactScreen

    contacts = [{"id": "c1", "person": "id-jana", "date": "2026-10-01", "kind": "call"}]
    app = start(make_app, [person("Jana", "2026-11-20")], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        await open_page(app, pilot)
        await pilot.press("l")
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, LogContactScreen)
        app.screen.query_one("#log-note", TextArea).insert("Coffee on Friday")
        await pilot.press("ctrl+s")
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, PersonScreen)
        history = screen_text(app).split("Contacts, newest first")[1]
        assert history.index("2026-11-27") < history.index("Coffee on Friday")
        assert history.index("Coffee on Friday") < history.index("2026-10-01")
        await pilot.press("escape")
        table = app.screen.query_one(PeopleTable)
        assert table.rows[0].last_contact == TODAY
        assert "overdue" not in screen_text(app), "the next follow-up comes from the log"


async def test_removing_a_person_from_their_page_asks_and_goes_back_to_the_list(
    make_app: MakeApp,
) -> None:
    contacts = [{"id": "c1", "person": "id-jana", "date": "2026-10-01", "kind": "call"}]
    app = start(make_app, [person("Jana"), person("Olaf")], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        await open_page(app, pilot)  # Jana, first by name among people without a date
        await pilot.press("d")
        await pilot.wait_for_scheduled_animations()
        await pilot.press("n")  # not yet
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("d")
        await pilot.wait_for_scheduled_animations()
        await pilot.press("y")
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, PeopleScreen)
        assert names(table) == ["Olaf"]
        assert len(app.progress.contacts) == 0, "their contacts went with them"
        await pilot.press("u")  # and undo brings both back
        await wait_for(pilot, lambda: len(app.progress.contacts) == 1, what="undone")
        assert sorted(names(table)) == ["Jana", "Olaf"]


async def test_a_huge_note_shows_its_start_and_says_the_rest_is_kept(make_app: MakeApp) -> None:
    note = "Start of the note [b]as written[/b]\x1b[31m " + "x" * 100_000
    contacts = [{"id": "c1", "person": "id-jana", "date": "2026-10-01", "kind": "call"}]
    contacts[0]["note"] = note
    app = start(make_app, [person("Jana")], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PersonScreen("id-jana"))
        await pilot.wait_for_scheduled_animations()
        await wait_for(pilot, shows(app, "Start of the note [b]as written[/b]"), "her page")
        text = screen_text(app)
        assert "Start of the note [b]as written[/b]" in text
        assert "\x1b" not in text
        await pilot.press("end")
        await wait_for(pilot, shows(app, "more characters: kept in full"), "the end of the note")
        assert "more characters: kept in full" in screen_text(app)
    assert app.progress.contacts[0]["note"] == note, "nothing is cut from the data"


async def test_long_and_several_line_notes_wrap_under_their_own_start(make_app: MakeApp) -> None:
    """A person's note and a contact's note stay in their column when they wrap or hold
    several lines (they went back under the labels, and to the page's edge)."""
    words = "word " * 30
    record = {**person("Jana"), "note": f"Mine: {words}\nand a second line"}
    contacts = [{"id": "c1", "person": "id-jana", "date": "2026-10-01", "kind": "call"}]
    contacts[0]["note"] = f"Call: {words}\nlast line"
    app = start(make_app, [record], contacts)
    async with app.run_test(size=(60, 40)) as pilot:
        app.push_screen(PersonScreen("id-jana"))
        await wait_for(pilot, shows(app, "last line", "and a second line"), "her page")
        lines = screen_text(app).splitlines()
        mine = next(i for i, line in enumerate(lines) if "Mine: word" in line)
        column = lines[mine].index("Mine:")
        assert column > 10  # the labels' column is to its left
        for line in lines[mine + 1 : mine + 4]:  # its wrapped words, then its second line
            assert line[:column].strip() == "", f"under the labels: {line!r}"
        call = next(i for i, line in enumerate(lines) if "Call: word" in line)
        indent = lines[call].index("Call:")
        for line in lines[call + 1 : call + 4]:
            assert line[:indent].strip() == "" and line[indent:].strip(), line


async def test_writing_with_a_template_fills_the_name_and_sets_the_next_step(
    make_app: MakeApp, data_dir: Path
) -> None:
    """Issue 13.11: from a person's page, ``m`` offers every template; the chosen one shows
    with [Name] filled from the person (other placeholders left), can be selected by hand
    in a text box, and can become the person's next small step."""
    from textual.widgets import OptionList, TextArea

    from coach.tui.dialogs.template_pick import TemplatePickScreen, all_templates

    app = start(make_app, [person("Dr. Jana Krüger", "2026-12-01", pid="p-jana")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        table.move_cursor(row=0)
        await open_page(app, pilot)
        await pilot.press("m")
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, TemplatePickScreen)
        templates = all_templates(app.course)
        with_name = next(i for i, tpl in enumerate(templates) if "[Name]" in tpl.text["en"])
        options = app.screen.query_one(OptionList)
        options.highlighted = with_name
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Jana" in app.screen.query_one(TextArea).text, "the template")
        shown = app.screen.query_one(TextArea).text
        assert "Jana" in shown and "[Name]" not in shown and "Dr." not in shown.split("Jana")[0]
        assert shown == templates[with_name].text["en"].replace("[Name]", "Jana")
        app.screen.query_one("#template-next", Button).press()
        await wait_for(pilot, on(app, PersonScreen), "back on her page")
        assert isinstance(app.screen, PersonScreen)
        filled = " ".join(shown.split())  # the filled text (one line), not the title
        assert app.progress.answer(KEY)[0]["next_step"] == filled
        assert app.progress.answer(KEY)[0]["id"] == "p-jana"
        await pilot.press("q")
    assert saved(data_dir).answer(KEY)[0]["next_step"] == filled


async def test_follow_up_in_the_person_form_takes_plus_two_weeks(
    make_app: MakeApp, data_dir: Path
) -> None:
    """The log dialog and ``coach log --next`` take +2w; the person form said "not a date"."""
    from tui.conftest import wait_for

    app = start(make_app, [person("Jana")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        await pilot.press("tab", "a")
        await wait_for(pilot, lambda: bool(app.screen.query("#f-follow_up")), what="the form")
        app.screen.query_one("#f-name", Input).value = "Olaf"
        app.screen.query_one("#f-follow_up", Input).value = "+2w"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Olaf" in names(table), what="Olaf is added")
        await app.action_quit()
    olaf = next(r for r in saved(data_dir).answers[KEY] if r["name"] == "Olaf")
    assert olaf["follow_up"] == (TODAY + dt.timedelta(days=14)).isoformat()


async def test_a_persons_page_offers_m_and_z_where_there_is_room(make_app: MakeApp) -> None:
    """From 100 columns on the footer offers m (write with a template) and z (a week
    later) on a person's page; narrower the page's top line names them, and z still acts."""
    from tui.conftest import footer_line, wait_for

    app = start(make_app, [person("Jana", "2026-11-20")])
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(PersonScreen("id-jana"))
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen), what="her page")
        await wait_for(pilot, lambda: "m Template" in footer_line(app), "the footer")
        assert "m Template" in footer_line(app) and "z Snooze +7d" in footer_line(app)
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "z Snooze" not in footer_line(app), what="z leaves")
        await pilot.press("z")
        await wait_for(
            pilot,
            lambda: app.progress.answer(KEY)[0].get("follow_up") == "2026-12-04",
            what="z still snoozes",
        )
        await app.action_quit()

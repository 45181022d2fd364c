"""The people screen: what matters fits 80x24 (the follow-up date always), filter as you
type, three orders, adding and removing, and a long list costs no widget per person (a
person's page: test_person_page.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

import pytest
from textual.widgets import Button, Input

from coach import dates
from coach.application.words import describe
from coach.tui.screens.people_screen import PeopleScreen, PersonScreen
from tui.conftest import MakeApp, offered, on, on_step, saved, screen_text, shows, wait_for
from tui.people_helpers import KEY, TODAY, names, open_people, person, start

LONG_NAME = "Maximiliane Theodora von Hohenzollern-Sigmaringen und Anhalt-Dessau"
LONG_STEP = "Write a long and thoughtful message about the talk on accessible forms " * 3


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


async def test_the_follow_up_date_is_on_screen_for_every_row_at_80x24(make_app: MakeApp) -> None:
    records = [
        person(f"{LONG_NAME} {i}", f"2026-12-{i + 1:02d}", LONG_STEP, pid=f"p{i}")
        for i in range(30)
    ]
    records[0]["follow_up"] = "2026-11-20"  # overdue
    records[1]["follow_up"] = "2026-11-27"  # today
    app = start(make_app, records)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        lines = screen_text(app).splitlines()
        rows = [line for line in lines if "Maximiliane" in line]
        assert len(rows) >= 10, "most of the screen is people"
        for line in rows:
            assert len(line) <= 80
            assert "…" in line, "long names and next steps are cut with an ellipsis"
        for shown in table.rows[: len(rows)]:
            assert shown.follow_up is not None
            date = shown.follow_up.isoformat()
            assert any(date in line for line in rows), f"{date} is not on screen"
        overdue = next(line for line in rows if "2026-11-20" in line)
        assert "still open" in overdue  # in words (kind ones), not only in colour
        assert "today" in next(line for line in rows if "2026-11-27" in line)


async def test_german_dates_and_marks_fit_at_80x24(make_app: MakeApp) -> None:
    records = [person(LONG_NAME, "2026-11-20", LONG_STEP, pid="p1")]
    app = start(make_app, records, lang="de")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        line = next(line for line in screen_text(app).splitlines() if "Maximiliane" in line)
        assert "20.11.2026 noch offen" in line


async def test_the_filter_narrows_as_you_type_case_and_accents_aside(make_app: MakeApp) -> None:
    records = [person("Jürgen Album"), person("Anna Berg"), person("Jurek Brand")]
    app = start(make_app, records)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        assert len(table.rows) == 3
        assert isinstance(app.focused, Input), "typing finds someone at once"
        await pilot.press("j", "u")
        assert sorted(names(table)) == ["Jurek Brand", "Jürgen Album"]
        await pilot.press("r", "g")
        assert names(table) == ["Jürgen Album"]
        assert "1 of 3" in screen_text(app)  # (digits, as "0 of 3" and "2 of 3")
        app.screen.query_one("#people-filter", Input).value = "juergen"  # (no umlaut key)
        await wait_for(pilot, lambda: names(table) == ["Jürgen Album"], "found spelled out")
        app.screen.query_one("#people-filter", Input).value = "ergen"  # (not "juergen")
        await wait_for(pilot, lambda: names(table) == [], "no umlaut typed, none found")
        await pilot.press("escape")  # clears the filter first; the typing stays there
        assert len(table.rows) == 3
        assert isinstance(app.screen, PeopleScreen) and isinstance(app.focused, Input)
        await pilot.press("b", "e", "r", "g", "enter")  # enter opens
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == "id-anna-berg"


async def test_letters_typed_into_the_filter_are_not_commands(make_app: MakeApp) -> None:
    app = start(make_app, [person("Dana Adler")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        # The footer says how to reach the list's keys (it said only "esc Back", and a
        # newcomer typed "a" into the filter to add someone).
        await wait_for(pilot, lambda: ("tab", "List: a add, l log …") in offered(app))
        await pilot.press("d", "a", "l", "z", "o")
        assert isinstance(app.screen, PeopleScreen), "no dialog opened"
        # esc now clears the filter, and the footer says so (it said "esc Back")
        await wait_for(pilot, lambda: ("esc", "Clear") in offered(app), "esc: Clear")
        assert app.screen.sort == "follow_up"
        assert table.rows == []  # "dalzo" matches nobody


async def test_back_from_a_page_opened_from_the_filter_typing_goes_on_in_it(
    make_app: MakeApp,
) -> None:
    """Filter "ben", ↓ enter, esc back, then "petra": the list had the focus back, and the
    e of petra opened Ben's edit form (t went to Today, z snoozed him). The typing goes on
    in the filter, which holds a name."""
    app = start(make_app, [person("Ben Carter"), person("Petra Berger")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        await pilot.press(*"ben", "down", "enter")
        await wait_for(pilot, on(app, PersonScreen), "Ben's page")
        await pilot.press("escape")
        await wait_for(pilot, on(app, PeopleScreen), "back on the list")
        box = app.screen.query_one("#people-filter", Input)
        await wait_for(pilot, lambda: app.focused is box, "the filter focused")
        await pilot.press(*" carter")  # the name goes on (it was selected, and typed over)
        assert isinstance(app.screen, PeopleScreen), "no form, no Today"
        await wait_for(pilot, lambda: box.value == "ben carter", "typed on")
        await pilot.press("ctrl+u", *"petra")
        await wait_for(pilot, lambda: names(table) == ["Petra Berger"], "Petra found")
        # A log dialog closed over the list leaves the focus on the list (its keys go on)
        await pilot.press("down", "l")
        await wait_for(pilot, lambda: not isinstance(app.screen, PeopleScreen), "the log")
        await pilot.press("escape")
        await wait_for(pilot, on(app, PeopleScreen), "back on the list")
        await wait_for(pilot, lambda: app.focused is table, "the list keeps the focus")


async def test_the_sort_key_cycles_and_the_header_says_which(make_app: MakeApp) -> None:
    records = [
        person("Carla", "2026-12-01"),
        person("Anton", "2026-12-20"),
        person("Bea", "2026-11-28"),
    ]
    contacts = [
        {"id": "c1", "person": "id-anton", "date": "2026-01-05", "kind": "message"},
        {"id": "c2", "person": "id-bea", "date": "2026-10-01", "kind": "call"},
        {"id": "c3", "person": "id-carla", "date": "2026-06-01", "kind": "call"},
    ]
    app = start(make_app, records, contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        assert names(table) == ["Bea", "Carla", "Anton"]
        assert "sorted by follow-up" in screen_text(app)
        await pilot.press("tab", "o")  # from the filter to the list
        assert names(table) == ["Anton", "Bea", "Carla"]
        assert "sorted by name" in screen_text(app)
        await pilot.press("o")
        assert names(table) == ["Anton", "Carla", "Bea"]
        assert "sorted by last contact" in screen_text(app)


async def test_a_new_order_chosen_from_the_filter_shows_its_top(make_app: MakeApp) -> None:
    """ctrl+o while typing in the filter kept the view on the highlighted person, wherever
    the new order put them: "sorted by name" began at "Wei", the top out of sight."""
    records = [person(f"Person {n:02d}", f"2026-12-{n % 28 + 1:02d}") for n in range(60)]
    app = start(make_app, records)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        table.move_cursor(row=40)  # someone far down the follow-up order
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: "sorted by name" in screen_text(app), "by name")
        assert table.cursor_row == 0 and table.scroll_y == 0
        assert "Person 00" in screen_text(app)


async def test_down_from_the_filter_lands_on_the_first_person(make_app: MakeApp) -> None:
    """The filter says "↓ list": ↓ goes into the list on its highlighted row (the first
    one, which enter in the filter opens), not on the second."""
    app = start(make_app, [person("Anna"), person("Ben")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        first = table.current
        assert first is not None
        await pilot.press("down")
        assert app.focused is table
        assert table.current is first and table.cursor_row == 0
        await app.action_quit()


async def test_add_and_remove_a_person(make_app: MakeApp, data_dir: Path) -> None:
    app = start(make_app, [person("Jana")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        await pilot.press("tab", "a")
        await pilot.wait_for_scheduled_animations()
        app.screen.query_one("#f-name", Input).value = "Olaf"
        await pilot.press("ctrl+s")
        await pilot.wait_for_scheduled_animations()
        assert sorted(names(table)) == ["Jana", "Olaf"]
        table.move_cursor(row=names(table).index("Jana"))
        await pilot.press("d")
        await pilot.wait_for_scheduled_animations()
        await pilot.press("y")
        await pilot.wait_for_scheduled_animations()
        assert names(table) == ["Olaf"]
        await app.action_quit()
    on_disk = saved(data_dir).answers[KEY]
    assert [r["name"] for r in on_disk] == ["Olaf"] and isinstance(on_disk[0]["id"], str)


async def test_two_thousand_people_open_and_filter_without_a_widget_per_row(
    make_app: MakeApp,
) -> None:
    records = [
        person(f"Person {i:04d}", f"2027-01-{i % 28 + 1:02d}", f"hello {i}") for i in range(2000)
    ]
    app = start(make_app, records)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        assert table.row_count == 2000
        assert len(list(app.screen.walk_children())) < 30
        await pilot.press("1", "9", "9")
        # By hand: "199" is in the names 0199, 1199 and 1990-1999 (their next steps,
        # "hello 199" and so on, match the same people).
        assert sorted(p.name for p in table.rows) == [
            "Person 0199",
            "Person 1199",
            *[f"Person 199{d}" for d in range(10)],
        ]
        assert len(list(app.screen.walk_children())) < 30


async def test_step_five_links_to_the_people_screen(make_app: MakeApp) -> None:
    app = start(make_app, [person("Jana", "2026-12-20")])  # nothing due: opens on the steps
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to_step(KEY.split("/")[0])
        await pilot.wait_for_scheduled_animations()
        await wait_for(pilot, on_step(app, KEY.split("/")[0]), "step 5")
        from coach.tui.widgets.people_link import PeopleLink
        from coach.tui.widgets.records import RecordsBox

        links = app.screen.query(PeopleLink)
        assert links, "the people list is a link"
        assert not [b for b in app.screen.query(RecordsBox) if b.key == KEY]
        links.first().query_one("#open-people", Button).press()
        await pilot.wait_for_scheduled_animations()
        await wait_for(pilot, on(app, PeopleScreen), "the people screen")
        assert isinstance(app.screen, PeopleScreen)


async def test_other_content_keeps_its_records_table_and_has_no_people_screen(
    make_app: MakeApp, other_content: Path
) -> None:
    from coach.tui.widgets.records import RecordsBox

    app = make_app(content=other_content)
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        for step in app.course.steps:
            if any(f.kind == "records" for f in step.fields):
                app.go_to_step(step.id)
                break
        else:
            pytest.fail("the other content has a records field")
        await pilot.wait_for_scheduled_animations()
        await wait_for(pilot, lambda: bool(app.screen.query(RecordsBox)), "the records field")
        assert app.screen.query(RecordsBox)
        await pilot.press("P")
        assert not isinstance(app.screen, PeopleScreen)


async def test_the_palette_offers_the_people_screen_only_where_there_are_people(
    make_app: MakeApp, other_content: Path
) -> None:
    app = start(make_app, [])
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Show my people" in titles
    other = make_app(content=other_content)
    other.progress.welcome_seen = True
    async with other.run_test(size=(80, 24)):
        titles = [c.title for c in other.get_system_commands(other.screen)]
        assert "Show my people" not in titles


async def test_a_wide_terminal_shows_the_circle_and_last_contact_too(make_app: MakeApp) -> None:
    record = {**person("Jana", "2026-12-01"), "circle": "colleagues"}
    contacts = [{"id": "c1", "person": "id-jana", "date": "2026-10-01", "kind": "call"}]
    app = start(make_app, [record], contacts)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_people(app, pilot)
        line = next(line for line in screen_text(app).splitlines() if "Jana" in line)
        assert "Colleagues" in line and "2026-10-01" in line and "2026-12-01" in line
    app = start(make_app, [record], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        line = next(line for line in screen_text(app).splitlines() if "Jana" in line)
        assert "Colleagues" not in line and "2026-12-01" in line


async def test_a_on_the_steps_link_adds_someone_and_the_summary_counts_them(
    make_app: MakeApp,
) -> None:
    from coach.tui.screens.main_screen import MainScreen
    from coach.tui.widgets.people_link import PeopleLink
    from coach.tui.widgets.records import RecordForm

    app = start(make_app, [person("Jana", "2026-12-20")])
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to_step(KEY.split("/")[0])
        await pilot.wait_for_scheduled_animations()
        await wait_for(pilot, lambda: bool(app.screen.query(PeopleLink)), "the link")
        link = app.screen.query_one(PeopleLink)
        assert "One person on your list." in str(link.query_one(".people-summary").render())
        link.query_one("#open-people").focus()
        await pilot.press("a")
        await pilot.wait_for_scheduled_animations()
        await wait_for(pilot, lambda: bool(app.screen.query("#f-name")), "the person form")
        assert isinstance(app.screen, RecordForm)
        app.screen.query_one("#f-name", Input).value = "Olaf"
        await pilot.press("ctrl+s")
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, MainScreen), "saved, the user is back on the step"
        summary = str(link.query_one(".people-summary").render())
        assert "2 people on your list." in summary
        assert "Olaf" in [p["name"] for p in app.progress.answers[KEY]]
        undone = app.session.undo()  # what u says it takes back: the person, in words
        assert undone is not None and describe(undone.do, undone.say) == "added Olaf"  # by name


async def test_p_on_the_open_people_button_opens_them(make_app: MakeApp) -> None:
    """The button reads "Open the people screen (P)"; with it focused, P said
    "“P” does nothing here"."""
    from tui.conftest import wait_for

    app = start(make_app, [person("Jana", "2026-12-20")])
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to_step(KEY.split("/")[0])
        await wait_for(pilot, lambda: bool(app.screen.query("#open-people")), what="step 5")
        await pilot.press("f")  # to the step's notes and lists: the button comes first
        await wait_for(
            pilot, lambda: getattr(app.screen.focused, "id", None) == "open-people", what="focus"
        )
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, PeopleScreen), what="people")


# -- walk of the first week: no circle chosen reads as the content's "not sorted yet" ------
@pytest.mark.parametrize("lang", ["en", "de"])
async def test_someone_added_without_a_circle_is_not_sorted_yet_like_an_import(
    make_app: MakeApp, lang: str
) -> None:
    """The content's ``agenda.people.unsorted_circle`` is what imported people get; a person
    added by hand with no circle is shown the same, on the list and on their page."""
    records = [
        {**person("Ina Imported"), "circle": "unsorted"},
        person("Hanna Handmade"),
    ]
    app = start(make_app, records, lang=lang)
    async with app.run_test(size=(120, 30)) as pilot:
        table = await open_people(app, pilot)
        label = table.circles["unsorted"]  # the option's label in the content
        lines = screen_text(app).splitlines()
        for name in ("Ina Imported", "Hanna Handmade"):
            row = next(line for line in lines if name in line)
            assert label[:12] in row, (name, row)  # a narrow column may cut it
        for name in ("Ina Imported", "Hanna Handmade"):
            app.push_screen(PersonScreen(f"id-{name.lower().replace(' ', '-')}"))
            await pilot.wait_for_scheduled_animations()
            assert label in screen_text(app), name
            await pilot.press("e")  # the form says the same, not "Choose …"
            await pilot.wait_for_scheduled_animations()
            from textual.widgets import Select

            circle = app.screen.query_one("#f-circle", Select)
            assert circle.value == "unsorted", (name, circle.value)
            await pilot.press("escape", "escape")
            await pilot.wait_for_scheduled_animations()
    assert "circle" not in app.progress.answer(KEY)[1], "cancelled: nothing was written"


async def test_at_120_columns_the_longest_circle_is_whole_in_german(make_app: MakeApp) -> None:
    """The circle column gets its longest label where a third of the room allows:
    "Noch nicht einsortiert" was cut beside an empty next-step column."""
    from tui.conftest import screen_text

    records = [
        {**person("Lena Vogel"), "circle": "unsorted"},
        {**person("Tom Becker", next_step="Kurz schreiben"), "circle": "colleagues"},
    ]
    app = start(make_app, records, lang="de")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_people(app, pilot)
        await wait_for(pilot, shows(app, "Lena Vogel"), "the list")
        row = next(line for line in screen_text(app).splitlines() if "Lena Vogel" in line)
        assert "Noch nicht einsortiert" in row, row
        await app.action_quit()


async def test_no_room_is_kept_for_a_word_no_follow_up_shows(make_app: MakeApp) -> None:
    """With nobody due or overdue, the follow-up column is as wide as its dates: the room
    kept for "überfällig" went to no one while the name beside it was cut by a letter."""
    from coach import dates
    from tui.conftest import screen_text

    later = (dates.local_today() + dt.timedelta(days=5)).isoformat()
    records = [
        {**person("Claudia Hoffmann-Schröderin", later, "Nach dem Onboarding fragen")},
        person("Ben Kurz"),
    ]
    app = start(make_app, records, lang="de")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_people(app, pilot)
        await wait_for(pilot, shows(app, "Ben Kurz"), "the list")
        row = next(line for line in screen_text(app).splitlines() if "Claudia" in line)
        assert "Claudia Hoffmann-Schröderin " in row and "…" not in row, row
        await app.action_quit()


async def test_the_order_chosen_with_o_is_kept_for_the_next_opening(make_app: MakeApp) -> None:
    """o sorts; leaving the people screen (e.g. to switch the language) and coming back
    keeps that order instead of starting over."""
    app = start(make_app, [person("Zoe", "2026-11-01"), person("Adam", "2026-12-24")])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        first = names(table)
        table.focus()  # in the filter, o is a letter of a name
        await pilot.press("o")
        await wait_for(
            pilot, lambda: cast(PeopleScreen, app.screen).sort != "follow_up", "another order"
        )
        chosen = cast(PeopleScreen, app.screen).sort
        order = names(table)
        assert chosen != "follow_up" and order != first
        await pilot.press("escape")
        await wait_for(
            pilot, lambda: not isinstance(app.screen, PeopleScreen), "the people screen left"
        )
        table = await open_people(app, pilot)
        assert cast(PeopleScreen, app.screen).sort == chosen and names(table) == order
        await app.action_quit()


async def test_a_filter_that_finds_nobody_says_so_under_the_filter(make_app: MakeApp) -> None:
    """Typing a name nobody has: a line right under the filter says so and how to clear
    it (it stood below the empty list, at the foot of the screen, easy to miss)."""
    from tui.conftest import screen_text

    app = start(make_app, [person("Lena Vogel"), person("Tom")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        await pilot.press(*"zzz")
        await wait_for(pilot, shows(app, "Nobody matches “zzz”"), "nobody found")
        lines = screen_text(app).splitlines()
        said = [i for i, line in enumerate(lines) if "Nobody matches “zzz”" in line]
        assert said and said[0] <= 3, lines[:5]
        await pilot.press("escape")
        await wait_for(
            pilot, lambda: "Nobody matches" not in screen_text(app), "the filter cleared"
        )
        assert "Nobody matches" not in screen_text(app)
        assert "Lena Vogel" in screen_text(app)
        await app.action_quit()


async def test_switching_language_on_the_people_screen_speaks_it_there(make_app: MakeApp) -> None:
    """Switched from the palette over the people list, its title and keys stayed English."""
    app = start(make_app, [person("Jana", "2026-12-20")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        app.set_language("de")
        await wait_for(pilot, shows(app, "Personen", "Zurück"), "the list's words in German")
        await wait_for(pilot, shows(app, "Nächster kleiner Schritt"), "its column names too")

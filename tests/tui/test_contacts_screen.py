"""Import contacts in the UI: from the palette, filter as you type, space picks, enter adds;
2,000 connections are one widget, not 2,000."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import linkedin_csv
from textual.widgets import Input

from benchmarks.gen import connections_csv
from coach.data.book import Book
from coach.tui.screens.contacts_screen import (
    ContactList,
    ContactsPathScreen,
    ContactsScreen,
    open_contacts,
)
from coach.tui.textual_private import notification_texts, screen_lines
from tui.conftest import burst, told, type_text, wait_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "contacts"
PEOPLE = "strategy/people"


def shown(app: Any) -> str:
    return "\n".join(screen_lines(app))


def picker(app: Any) -> bool:
    """The picker is on screen with its list (composed, not only pushed)."""
    return isinstance(app.screen, ContactsScreen) and bool(app.screen.query(ContactList))


async def four_cards_picker(app: Any, pilot: Any) -> tuple[ContactList, Input]:
    """The picker on four-cards.vcf, built: its list and its filter."""
    open_contacts(app, FIXTURES / "four-cards.vcf")
    await wait_for(pilot, lambda: picker(app))
    return app.screen.query_one(ContactList), app.screen.query_one("#contacts-filter", Input)


def saved_people(data_dir: Path) -> list[dict[str, Any]]:
    value = Book(data_dir).load().answers.get(PEOPLE, [])
    return value if isinstance(value, list) else []


def seen(make_app: Any) -> Any:
    app = make_app()
    app.progress.welcome_seen = True
    app.progress.set_answer(PEOPLE, [{"id": "p1", "name": "Jürgen Müller"}])
    return app


async def test_from_the_palette_pick_two_and_add_them(make_app: Any, data_dir: Path) -> None:
    app = seen(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(
            pilot, "Import contacts", lambda: app.screen.query_one(Input).value == "Import contacts"
        )
        await wait_for(pilot, lambda: "Import contacts…" in "\n".join(screen_lines(app)))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsPathScreen))
        app.screen.query_one(Input).value = str(FIXTURES / "four-cards.vcf")
        await pilot.press("enter")
        await wait_for(pilot, lambda: picker(app))
        text = "\n".join(screen_lines(app))
        assert "Zoë Nguyen" in text and "Tom Weber" in text
        assert "1 already in your people list" in text  # Jürgen is there already
        assert "1 skipped" in text

        await pilot.press(*"zoe")  # accents aside
        listed = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: listed.row_count == 1)
        await pilot.press("down", "space")  # to the list, pick
        await pilot.press(*"web")  # typing in the list starts a new filter
        await wait_for(pilot, lambda: listed.row_count == 1 and listed.cursor_row == 0)
        await pilot.press("down", "space", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ContactsScreen))

        names = [p.get("name") for p in saved_people(data_dir)]
        assert names == ["Jürgen Müller", "Zoë Nguyen", "Tom Weber"]
        assert list((data_dir / "backups").glob("*before-contacts*"))
        assert "Zoë Nguyen" in [p.get("name") for p in app.progress.answers[PEOPLE]]


async def test_two_thousand_connections_filter_and_pick_all_shown(
    make_app: Any, data_dir: Path, tmp_path: Path
) -> None:
    source = connections_csv(tmp_path / "Connections.csv", 2000)
    app = seen(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        open_contacts(app, source)
        await wait_for(pilot, lambda: picker(app))
        listed = app.screen.query_one(ContactList)
        assert listed.row_count == 2000
        assert len(app.screen.query("*")) < 40  # no widget per contact
        await type_text(pilot, "müller-0012", lambda: listed.row_count == 10)  # 00120..00129
        await wait_for(pilot, lambda: listed.row_count == 10)
        await pilot.press("down", "a")
        await wait_for(pilot, lambda: len(listed.picked) == 10)
        await wait_for(pilot, lambda: "10 of 2,000 new contacts picked" in shown(app))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ContactsScreen))
    people = saved_people(data_dir)
    assert len(people) == 11
    assert all("-0012" in p["name"] for p in people[1:])
    assert {p.get("circle") for p in people[1:]} == {"unsorted"}


async def test_a_connected_on_after_today_is_said_and_not_logged(
    make_app: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``coach import-contacts`` (tests/test_contacts_import.py): no contact dated in the
    future nor moved to today, and the picker's counts say which were."""
    monkeypatch.setattr("coach.dates.local_today", lambda: dt.date(2026, 12, 7))
    source = linkedin_csv(tmp_path / "Connections.csv", "Ahead,Zone,,,,,08 Dec 2026")
    app = seen(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        open_contacts(app, source)
        await wait_for(pilot, lambda: "1 of the new ones connected after today" in shown(app))
        await pilot.press("down", "space", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ContactsScreen))
    assert Book(data_dir).load().to_doc()["contacts"] == []
    assert "Ahead Zone" in [p.get("name") for p in saved_people(data_dir)]


async def test_a_file_with_nobody_new_still_fills_empty_fields_when_asked(
    make_app: Any, data_dir: Path, tmp_path: Path
) -> None:
    """As ``coach import-contacts``: people already there get what their fields lack. With
    nobody new the UI said "everyone is there already" and filled nothing."""
    source = linkedin_csv(tmp_path / "Connections.csv", "Jürgen,Müller,,j@example.org,,Boss,")
    app = seen(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        messages = told(app)
        open_contacts(app, source)
        await wait_for(pilot, lambda: "One already there gets empty fields filled" in shown(app))
        assert "Email" in shown(app) and "Position" in shown(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: any("Filled the empty fields of one" in m for m in messages))
    (person,) = saved_people(data_dir)
    assert person["email"] == "j@example.org" and person["position"] == "Boss"


async def test_escape_adds_nothing_and_a_bad_file_is_a_notice(
    make_app: Any, data_dir: Path, tmp_path: Path
) -> None:
    app = seen(make_app)
    bad = tmp_path / "photo.csv"
    bad.write_bytes(bytes(range(256)) * 10)
    async with app.run_test(size=(100, 30)) as pilot:
        before = Book(data_dir).load().answers
        messages = told(app)
        open_contacts(app, bad)
        await wait_for(pilot, lambda: any("photo.csv is not a text file" in m for m in messages))
        assert not isinstance(app.screen, ContactsScreen)
        open_contacts(app, FIXTURES / "Connections.csv")
        await wait_for(pilot, lambda: picker(app))
        await pilot.press("down", "space", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ContactsScreen))
        assert Book(data_dir).load().answers == before


async def test_markup_in_a_name_is_shown_as_written(make_app: Any, tmp_path: Path) -> None:
    source = tmp_path / "evil.vcf"
    source.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:[b]Bold[/b] [@click=app.quit]x[/]\nEND:VCARD\n", "utf-8"
    )
    app = seen(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        open_contacts(app, source)
        await wait_for(pilot, lambda: picker(app))
        await wait_for(pilot, lambda: "[b]Bold[/b] [@click=app.quit]x[/]" in shown(app))


async def test_a_mistyped_path_is_said_in_the_box_which_stays_open(
    make_app: Any, data_dir: Path, tmp_path: Path
) -> None:
    """A typo used to close the box with a notice: the user had to find the command again."""
    from coach.tui.screens.contacts_screen import ask_contacts_file

    app = seen(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        ask_contacts_file(app)
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ContactsPathScreen) and bool(app.screen.query(Input)),
        )
        box = app.screen.query_one(Input)
        box.value = str(tmp_path / "Conections.csv")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "There is no file" in shown(app))
        assert isinstance(app.screen, ContactsPathScreen)
        assert box.value.endswith("Conections.csv"), "what was typed stays to be corrected"
        box.value = str(FIXTURES / "four-cards.vcf")
        await pilot.press("enter")
        await wait_for(pilot, lambda: picker(app))


async def test_up_on_the_first_contact_goes_back_to_the_filter(make_app: Any) -> None:
    """Down goes from the filter into the list; up on its first row comes back, the
    filter's text kept (the people screen's list does the same)."""
    app = seen(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        listed, box = await four_cards_picker(app, pilot)
        await pilot.press("down")
        await wait_for(pilot, lambda: app.focused is listed)
        await pilot.press("down", "up")  # within the list first
        assert app.focused is listed and listed.cursor_row == 0
        await pilot.press("up")
        await wait_for(pilot, lambda: app.focused is box)
        await pilot.press("o")
        assert box.value == "o", "the filter takes typing again"


async def test_letters_typed_fast_in_the_list_all_go_to_the_filter(make_app: Any) -> None:
    """A word typed in the list in one burst (a fast typist, a laggy ssh session) is the
    filter's new text whole: each letter that came before the filter had the focus once
    started the filter again, leaving only the last."""
    app = seen(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        listed, box = await four_cards_picker(app, pilot)
        box.value = "old"
        await pilot.press("down")
        await wait_for(pilot, lambda: app.focused is listed)
        burst(app, list("nana"))  # (a first "a" picks every contact shown: the list's key)
        await wait_for(pilot, lambda: app.focused is box and len(box.value) >= 4, "the filter")
        assert box.value == "nana"
        assert not listed.picked, "the a typed on went to the filter, picking nobody"
        await pilot.press("down")
        await wait_for(pilot, lambda: app.focused is listed)
        burst(app, ["j", "x", "backspace", "o"])  # ("jo" only once every key is in)
        await wait_for(pilot, lambda: app.focused is box and box.value[:1] == "j", "again")
        await wait_for(pilot, lambda: box.value == "jo", "a backspace in the burst")


async def test_the_filter_finds_umlauts_typed_out_as_the_people_screen_does(make_app: Any) -> None:
    """Jürgen Müller of Müller & Söhne is found by "juergen m" and "soehne" (the people
    screen and ``coach log`` found him so; the picker showed none), by "jurgen m" too;
    "moeller" finds no one."""
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        listed, box = await four_cards_picker(app, pilot)
        queries = [("juergen m", 1), ("soehne", 1), ("jurgen m", 1), ("moeller", 0), ("", 3)]
        for query, count in queries:
            box.value = query
            await wait_for(pilot, lambda: listed.row_count == count, f"{query!r}: {count}")  # noqa: B023
            if count == 1:
                assert "Jürgen Müller" in listed.labels[listed.shown[0]]


async def test_someone_removed_earlier_is_not_offered_again_and_the_counts_say_so(
    make_app: Any,
) -> None:
    """Tom Weber was on the list and removed: the picker leaves him out of its list and
    its counts say that one removed earlier was left out."""
    app = seen(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        app.session.add_people(
            [{"id": "p-tom", "name": "Tom Weber", "email": "tom.weber@example.net"}]
        )
        app.session.remove_record(PEOPLE, "p-tom")
        listed, _ = await four_cards_picker(app, pilot)
        await wait_for(pilot, lambda: "1 new" in shown(app), what="the picker's counts")
        text = shown(app)
        assert "1 you removed from your list earlier, left out" in text
        assert "Zoë Nguyen" in text and "Tom Weber" not in text
        assert listed.row_count == 1


async def test_a_file_of_people_all_removed_earlier_says_so_not_that_they_are_there(
    make_app: Any, tmp_path: Path
) -> None:
    """Everyone in the file was removed earlier: the notice says they are left out (it
    said everyone was on the list already); with someone there whose empty fields the file
    fills, the question says it too."""
    app = seen(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        session = app.session
        session.add_people([{"id": "p-tom", "name": "Tom Weber", "email": "t@example.net"}])
        session.remove_record(PEOPLE, "p-tom")
        source = linkedin_csv(tmp_path / "Connections.csv", "Tom,Weber,,t@example.net,,,")
        open_contacts(app, source)
        said = "the one not on your list is someone you removed earlier"
        await wait_for(pilot, lambda: said in " ".join(notification_texts(app)), "the notice")
        assert not isinstance(app.screen, ContactsScreen)

        both = "Tom,Weber,,t@example.net,,,\nJürgen,Müller,,j@example.org,,,"
        open_contacts(app, linkedin_csv(tmp_path / "Two.csv", both))
        await wait_for(pilot, lambda: "1 you removed from your list earlier" in shown(app))

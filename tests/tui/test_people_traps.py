"""People without traps (issue 22): after Esc, letters never edit or remove anyone; removing
says how many logged contacts stay; ctrl+o sorts from the filter; the filter also finds the
circle, company, position, note and network; sorting by last contact shows that column at
80x24; a template asks before replacing a next step the user wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input

from coach import dates
from coach.tui.app import CoachApp
from coach.tui.dialogs.common import ConfirmScreen
from coach.tui.screens.people_screen import PeopleScreen
from coach.tui.widgets.records import RecordForm
from tui.conftest import burst, screen_text, wait_for
from tui.people_helpers import KEY, TODAY, open_people, person_form, start


def sorted_by(app: CoachApp) -> str:
    screen = app.screen
    return screen.sort if isinstance(screen, PeopleScreen) else ""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


ZARA = {"id": "p-zara", "name": "Zara Zorn", "company": "Acme Labs", "position": "Tester",
        "note": "met at PyCon", "circle": "colleagues", "network": "linkedin"}  # fmt: skip
BEN = {"id": "p-ben", "name": "Ben Berg", "company": "Other GmbH", "circle": "friends"}


async def test_after_escape_letters_never_edit_or_remove(make_app) -> None:
    """The "Must hold": People at 80x24, type zz, Esc, e d: no form, no question."""
    app = start(make_app, [ZARA, BEN])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        await pilot.press("z", "z", "escape", "e", "d")
        await wait_for(pilot, lambda: app.screen.query_one("#people-filter", Input).value == "ed")
        assert isinstance(app.screen, PeopleScreen)
        assert not any(isinstance(s, (RecordForm, ConfirmScreen)) for s in app.screen_stack)
        assert [r["id"] for r in app.progress.answer(KEY)] == ["p-zara", "p-ben"]


async def test_removing_says_how_many_contacts_stay(make_app) -> None:
    contacts = [
        {"id": f"c{i}", "person": "p-zara", "date": f"2026-11-0{i + 1}", "kind": "call"}
        for i in range(4)
    ]
    app = start(make_app, [ZARA, BEN], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        await pilot.press("down")  # into the list, deliberately
        await wait_for(pilot, lambda: app.focused is table)
        table.move_cursor(row=[p.id for p in table.rows].index("p-zara"))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        said = "The 4 contacts in their history go too (u takes it all back)."
        await wait_for(pilot, lambda: "Remove" in screen_text(app), what="the question")
        words = " ".join(screen_text(app).replace("█", " ").split())
        assert said in words


async def test_ctrl_o_sorts_from_the_filter_and_types_nothing(make_app) -> None:
    app = start(make_app, [ZARA, BEN])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        await pilot.press("b", "ctrl+o")
        await wait_for(pilot, lambda: sorted_by(app) == "name", what="sorted by name")
        assert app.screen.query_one("#people-filter", Input).value == "b"
        assert "sorted by name (ctrl+o)" in screen_text(app)


@pytest.mark.parametrize("query", ["acme", "tester", "pycon", "colleag", "linkedin"])
async def test_the_filter_finds_more_than_names(make_app, query: str) -> None:
    app = start(make_app, [ZARA, BEN])
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        await pilot.press(*query)
        await wait_for(pilot, lambda: [p.id for p in table.rows] == ["p-zara"], what=query)


async def test_sorted_by_last_contact_shows_that_column_at_80x24(make_app) -> None:
    contacts = [{"id": "c1", "person": "p-zara", "date": "2026-10-05", "kind": "call"}]
    app = start(make_app, [ZARA, BEN], contacts)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        assert "2026-10-05" not in screen_text(app)
        await pilot.press("ctrl+o", "ctrl+o")
        await wait_for(pilot, lambda: sorted_by(app) == "last_contact")
        await wait_for(pilot, lambda: "2026-10-05" in screen_text(app), what="the column")
        assert "Last contact" in screen_text(app)


async def test_a_template_asks_before_replacing_a_written_next_step(make_app) -> None:
    from coach.tui.dialogs.template_pick import TemplatePickScreen
    from coach.tui.screens.person_screen import PersonScreen

    jana = {"id": "p-jana", "name": "Jana Krüger", "next_step": "My own step"}
    app = start(make_app, [jana])
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PersonScreen("p-jana"))
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, TemplatePickScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.screen.query_one("#template-next").disabled)
        app.screen.query_one("#template-next", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await wait_for(pilot, lambda: "My own step" in screen_text(app), what="the step named")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TemplatePickScreen))
        assert app.progress.answer(KEY)[0]["next_step"] == "My own step"


def test_german_person_page_and_help_say_what_the_footer_and_screen_say() -> None:
    from coach.locales import de

    assert de.MESSAGES["key.snooze"] in de.MESSAGES["people.person_keys"]
    assert de.MESSAGES["help.people"].startswith(de.MESSAGES["people.title"])


async def test_keys_typed_in_a_burst_after_tab_land_in_the_next_field(make_app) -> None:
    """A fast typist (or a script) sends "Ada", Tab, ..., "Because" at once: each key lands
    where the Tabs before it moved the focus, not in the box the first Tab left (Textual
    moves the focus only once that box has passed the Tab up)."""
    app = start(make_app, [BEN])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await person_form(app, pilot)
        burst(app, [*"Ada", *["tab"] * 5, *"Because", *["shift+tab"] * 5, "!"])
        name, why = form.query_one("#f-name", Input), form.query_one("#f-why", Input)
        await wait_for(pilot, lambda: name.value == "Ada!", what="the name, typed back into")
        assert why.value == "Because"


async def test_backspace_and_arrows_in_a_burst_act_in_the_order_typed(make_app) -> None:
    """Keys arriving together (a laggy ssh session): a text box's own keys (Backspace,
    Home) act in turn with the letters around them; they used to run after the letters
    typed behind them ("xyz", three Backspaces, "Ada" saved "xyzAda")."""
    app = start(make_app, [BEN])
    async with app.run_test(size=(80, 24)) as pilot:
        name = (await person_form(app, pilot)).query_one("#f-name", Input)
        burst(app, [*"xyz", *["backspace"] * 3, *"Adx", "backspace", "a", "home", "!"])
        await wait_for(pilot, lambda: name.value.endswith("Ada"), what="the name")
        await wait_for(pilot, lambda: name.value == "!Ada", what="the name, from its start")


@pytest.mark.parametrize(
    ("lang", "kept", "said"),
    [
        ("en", "--04-15", "15 April"),
        ("de", "--04-15", "15. April"),
        ("en", "1985-02-30", "1985-02-30"),  # an import's odd value: as written
        ("de", "mid-April", "mid-April"),
    ],
)
def test_a_person_page_says_a_birthday_in_words(
    lang: str, kept: str, said: str, tmp_path: Path
) -> None:
    """It said "Birthday: --04-15", the form the coach keeps a birthday without its year in."""
    from rich.console import Console

    from coach.application.session import Session
    from coach.data import paths
    from coach.domain.people import Person
    from coach.tui.screens.person_screen import facts

    course = Session(tmp_path, paths.bundled_content_dir()).course_to_read
    ada = Person("p1", "Ada", record={"id": "p1", "name": "Ada", "birthday": kept})
    console = Console(record=True, width=80)
    console.print(facts(course, ada, lang))
    assert said in console.export_text() and "--04-15" not in console.export_text()

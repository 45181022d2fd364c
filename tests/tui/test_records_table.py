"""A long list (of events; people have their own screen): shown at once, only the rows on
screen are ever formatted, the keys move through it and the cursor's row stays in sight."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from coach.domain import answers
from coach.tui.app import CoachApp
from coach.tui.textual_private import screen_lines
from coach.tui.widgets import records
from coach.tui.widgets.records import RecordForm
from coach.tui.widgets.records_table import RecordsTable
from coach.tui.widgets.step_view import StepView
from tui.conftest import MakeApp, Shown, go_to, wait_for
from tui.people_helpers import open_people as open_people_screen
from tui.people_helpers import person, person_form, start

PEOPLE = 2000
KEY = "fun/offline_events"  # a records field with a name column
KEY_PEOPLE = "strategy/people"


def many_people(n: int = PEOPLE) -> list[dict[str, str]]:
    return [
        {"name": f"Person {i:04d}", "kind": "meetup", "note": f"say hello {i}"} for i in range(n)
    ]


async def open_people(app: CoachApp, pilot: Pilot[Any]) -> RecordsTable:
    await go_to(pilot, KEY.split("/")[0])  # built, and the checklist has taken the focus
    return app.screen.query_one(RecordsTable)


def line_of(app: CoachApp, text: str) -> int | None:
    lines = screen_lines(app)
    return next((i for i, line in enumerate(lines) if text in line), None)


async def test_two_thousand_people_are_all_there_and_only_visible_rows_are_formatted(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: set[int] = set()  # the rows whose name was formatted for the screen
    display = answers.display

    def counted(course: Any, sub: Any, value: object, lang: str) -> str:
        found = re.fullmatch(r"Person (\d{4})", str(value))
        if found:
            asked.add(int(found.group(1)))
        return display(course, sub, value, lang)

    monkeypatch.setattr(answers, "display", counted)
    app = make_app()
    app.progress.welcome_seen = True
    app.progress.set_answer(KEY, many_people())
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_people(app, pilot)
        assert table.row_count == PEOPLE  # at once, no filling in slices
        table.focus()
        # What the user sees: the screen read (rendered) and the rows it shows formatted.
        await wait_for(pilot, lambda: bool(screen_lines(app)) and bool(asked), "rows formatted")
        assert asked and max(asked) < 20, "rows off screen are never formatted"
        await pilot.press("end")
        await wait_for(
            pilot, lambda: bool(screen_lines(app)) and PEOPLE - 1 in asked, "the last row shown"
        )
        assert table.cursor_row == PEOPLE - 1
        assert min(asked - set(range(20))) > PEOPLE - 30  # jumped, nothing in between
        assert len(asked) < 50


async def test_keys_move_the_cursor_and_its_row_stays_on_screen(make_app: MakeApp) -> None:
    app = make_app()
    app.progress.welcome_seen = True
    app.progress.set_answer(KEY, many_people(300))
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_people(app, pilot)
        table.focus()
        await wait_for(pilot, lambda: app.focused is table, "the list focused")
        for _ in range(25):
            await pilot.press("down")
        await wait_for(pilot, lambda: line_of(app, "Person 0025") is not None, "row 25 in view")
        assert table.cursor_row == 25
        row = line_of(app, "Person 0025")
        assert row is not None and row < 23, "the cursor's row is on screen, above the keys"
        await pilot.press("pagedown", "pagedown", "home")
        await wait_for(pilot, lambda: line_of(app, "Person 0000") is not None, "row 0 in view")
        assert table.cursor_row == 0
        assert line_of(app, "Person 0000") is not None
        await pilot.press("pagedown")
        assert table.cursor_row > 5
        await pilot.press("up", "enter")  # enter edits the row under the cursor
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), "the form")
        assert isinstance(app.screen, RecordForm)
        assert app.screen.record["name"] == f"Person {table.cursor_row:04d}"


async def test_a_cell_never_shows_markup_or_more_than_its_width(
    make_app: MakeApp, shown: Shown
) -> None:
    app = make_app()
    app.progress.welcome_seen = True
    long_name = "[b]Ana[/b] " + "x" * 80
    app.progress.set_answer(KEY, [{"name": long_name, "kind": "meetup"}])
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_people(app, pilot)
        table.focus()  # brings it into view
        await wait_for(pilot, lambda: "[b]Ana[/b] xxx" in shown(app), "the row in view")
        text = shown(app)
        view = app.screen.query_one(StepView)
        assert view.step_id == KEY.split("/")[0]
    assert "[b]Ana[/b] xxx" in text  # as typed, not bold
    assert "x" * records.CELL_WIDTH not in text and "…" in text  # cut to the column


async def test_a_post_ideas_planned_day_is_in_its_row_at_80x24(make_app: MakeApp) -> None:
    """Today and the calendar remind you of it, so the list shows it too (it did not)."""
    app = make_app()
    app.progress.welcome_seen = True
    app.progress.set_answer(
        "posting/posts", [{"topic": "What I learned switching teams", "planned_on": "2026-11-30"}]
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "posting")
        await pilot.press("f")
        await wait_for(
            pilot, lambda: line_of(app, "What I learned switching teams") is not None, what="row"
        )
        row = line_of(app, "What I learned switching teams")
        assert row is not None and "2026-11-30" in screen_lines(app)[row]
        assert "Planned for" in "\n".join(screen_lines(app))


async def test_a_post_ideas_draft_box_shows_several_lines_at_80x24(make_app: MakeApp) -> None:
    """The draft was the form's last field: at 80x24 one line of its box showed above the
    form's edge, and it looked like a one-line field. It comes right after the topic."""
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "posting")
        await pilot.press("f")
        await wait_for(pilot, lambda: app.screen.query_one("#add").has_focus, what="Add")
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen.focused is app.screen.query_one("#f-topic"))
        draft = app.screen.query_one("#f-draft")
        fields = app.screen.query_one(".form-fields")
        await wait_for(pilot, lambda: draft.region.height > 0, what="the draft box laid out")
        assert draft.region.height >= 4, "several lines"
        inside = fields.region.intersection(draft.region)
        assert inside == draft.region, "all of it in sight before any scrolling"


@pytest.mark.parametrize("fits", [True, False], ids=["an event", "a person"])
async def test_a_short_form_is_as_tall_as_its_fields_and_a_long_one_scrolls(
    make_app: MakeApp, fits: bool
) -> None:
    """A form of a few fields (an event) sat in a frame of 90% of the screen, mostly empty;
    a person's many fields keep the tall frame, whose middle scrolls, its buttons in sight."""
    app = start(make_app, [person("Ada Lovelace")])
    async with app.run_test(size=(80, 24)) as pilot:
        if fits:
            await go_to(pilot, "fun")
            app.screen.query_one(RecordsTable).focus()
        else:
            await open_people_screen(app, pilot)
            await pilot.press("tab")
        await pilot.press("a")
        await wait_for(pilot, lambda: bool(app.screen.query(".entry-form")), what="the form")
        frame = app.screen.query_one(".entry-form")
        await wait_for(pilot, lambda: frame.has_class("-fits") == fits, what="fitted")
        save = app.screen.query_one("#save")
        await wait_for(pilot, lambda: save.region.bottom <= 23, what="the buttons in sight")
        assert (frame.region.height < 20) == fits


async def test_a_follow_up_typed_as_day_and_month_is_the_next_such_day(
    make_app: MakeApp, data_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the person form "15.06." on 7 Dec was last June: a new person overdue at once,
    where the log dialog and ``coach log --next`` read the next 15 June."""
    import datetime as dt

    from coach.data.book import Book

    monkeypatch.setattr("coach.dates.local_today", lambda: dt.date(2026, 12, 7))
    app = start(make_app, [person("Ada Lovelace")])
    async with app.run_test(size=(100, 34)) as pilot:
        await person_form(app, pilot)
        app.screen.query_one("#f-name", Input).value = "Tom Weber"
        app.screen.query_one("#f-follow_up", Input).value = "15.06."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
    tom = [p for p in Book(data_dir).load().answers[KEY_PEOPLE] if p["name"] == "Tom Weber"]
    assert tom[0]["follow_up"] == "2027-06-15"


async def test_a_follow_up_in_the_past_is_refused_and_one_kept_as_saved_is_not(
    make_app: MakeApp, data_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The person form took 30.11. on 7 Dec (overdue the moment it was saved; `coach log
    --next` refuses a past day). A follow-up already overdue stays when another field is
    mended: only a day typed is checked."""
    import datetime as dt

    from coach.data.book import Book

    monkeypatch.setattr("coach.dates.local_today", lambda: dt.date(2026, 12, 7))
    app = start(make_app, [person("Ada Lovelace", "2026-11-01")])
    async with app.run_test(size=(100, 34)) as pilot:
        await person_form(app, pilot, key="e")
        app.screen.query_one("#f-follow_up", Input).value = "30.11.2026"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#err-follow_up", Static)
        await wait_for(pilot, lambda: error.display, what="the refusal")
        assert "“30.11.2026” has passed" in str(error.render())
        app.screen.query_one("#f-follow_up", Input).value = "2026-11-01"  # as it was saved
        app.screen.query_one("#f-name", Input).value = "Ada King"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
    (ada,) = Book(data_dir).load().answers[KEY_PEOPLE]
    assert (ada["name"], ada["follow_up"]) == ("Ada King", "2026-11-01")


async def test_the_marked_field_message_goes_once_the_form_is_saved(make_app: MakeApp) -> None:
    """A form's "Please look at the marked field" stayed over the screen after the field
    was mended and saved, beside the message that said it was added."""
    from coach.tui.textual_private import notification_texts

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "fun")
        app.screen.query_one(RecordsTable).focus()
        await pilot.press("a")
        await wait_for(pilot, lambda: bool(app.screen.query("#f-name")), what="the form")
        await pilot.press("ctrl+s")  # the name is required
        await wait_for(pilot, lambda: bool(notification_texts(app)), what="the marked field")
        app.screen.query_one("#f-name", Input).value = "Meetup"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
        # Gone with the save, long before its own time (a warning stays for seconds).
        await wait_for(
            pilot,
            lambda: not any("marked" in n for n in notification_texts(app)),
            what="gone",
            timeout=1.0,
        )


async def test_the_focused_fields_help_shows_under_the_fields(make_app: MakeApp) -> None:
    """The content's help for each field (a birthday's "1990-04-15 or 15.04.1990") was never
    shown in a list's form: it is, for the field the focus is in."""
    from textual.widgets import Static

    app = start(make_app, [person("Ada Lovelace")])
    async with app.run_test(size=(80, 24)) as pilot:
        await person_form(app, pilot)

        def help_text() -> str:
            return str(app.screen.query_one(".form-help", Static).render())

        await wait_for(pilot, lambda: "person, company" in help_text(), what="the name's help")
        app.screen.query_one("#f-birthday", Input).focus()
        await wait_for(pilot, lambda: "15.04.1990" in help_text(), what="the birthday's help")


async def test_a_birthday_that_is_no_day_is_refused_and_a_day_is_kept_as_its_help_says(
    make_app: MakeApp, data_dir: Any
) -> None:
    """The person form took "30.02." as a birthday, and any text as an e-mail address;
    "15.04." is kept as --04-15, the form its help names."""
    from coach.data.book import Book

    app = start(make_app, [person("Ada Lovelace")])
    async with app.run_test(size=(100, 34)) as pilot:
        await person_form(app, pilot)
        app.screen.query_one("#f-name", Input).value = "Tom Weber"
        app.screen.query_one("#f-birthday", Input).value = "30.02."
        app.screen.query_one("#f-email", Input).value = "tom at example.org"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#err-birthday")
        await wait_for(pilot, lambda: error.display, what="the birthday refused")
        assert "30.02." in str(error.render())
        assert "e-mail" in str(app.screen.query_one("#err-email").render())
        assert isinstance(app.screen, RecordForm)
        app.screen.query_one("#f-birthday", Input).value = "15.04."
        app.screen.query_one("#f-email", Input).value = "tom@example.org"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
    tom = [p for p in Book(data_dir).load().answers[KEY_PEOPLE] if p["name"] == "Tom Weber"]
    assert (tom[0]["birthday"], tom[0]["email"]) == ("--04-15", "tom@example.org")


async def test_a_birthday_as_an_import_kept_it_does_not_stand_in_the_way_of_other_fields(
    make_app: MakeApp, data_dir: Any
) -> None:
    """An import keeps a file's odd birthday (1985-02-30) as written; saving that person's
    form with it untouched was refused until the birthday was mended."""
    from coach.data.book import Book

    paula = {**person("Paula Import"), "birthday": "1985-02-30", "email": "paula-at-x"}
    app = start(make_app, [paula])
    async with app.run_test(size=(100, 34)) as pilot:
        await person_form(app, pilot, "e")
        assert app.screen.query_one("#f-birthday", Input).value == "1985-02-30"  # as written
        app.screen.query_one("#f-next_step", Input).value = "Say hello"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
    saved = Book(data_dir).load().answers[KEY_PEOPLE][0]
    assert (saved["birthday"], saved["email"], saved["next_step"]) == (
        "1985-02-30",
        "paula-at-x",
        "Say hello",
    )


async def test_a_german_form_shows_a_birthday_as_it_is_typed_there(
    make_app: MakeApp, data_dir: Any
) -> None:
    """Typed as 15.04., shown again as --04-15, the form it is kept in."""
    from coach.data.book import Book

    app = start(make_app, [{**person("Paula Berg"), "birthday": "--04-15"}], lang="de")
    async with app.run_test(size=(100, 34)) as pilot:
        await person_form(app, pilot, "e")
        assert app.screen.query_one("#f-birthday", Input).value == "15.04."
        app.screen.query_one("#f-next_step", Input).value = "Gratulieren"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordForm), what="saved")
    saved = Book(data_dir).load().answers[KEY_PEOPLE][0]
    assert (saved["birthday"], saved["next_step"]) == ("--04-15", "Gratulieren")


async def test_every_column_is_in_sight_narrowed_with_an_ellipsis(make_app: MakeApp) -> None:
    """Columns of up to 30 cells each put a list's third and fourth (what the user typed:
    "why interesting", "what I've done") off the screen even at 120 columns, reached one
    cell a key (a German new user's trial). Now the widest are narrowed, with a "…"."""
    app = make_app()
    app.progress.welcome_seen = True
    long = "a account worth following for its clear and friendly posts"
    done = ["followed", "liked", "commented"]
    watched = [
        {"id": f"w{n}", "name": f"Dr. Katharina Schäfer-Ostermann {n}", "network": "linkedin"}
        | {"why": long, "done": done}
        for n in range(3)
    ]
    app.progress.set_answer("sightseeing/watchlist", watched)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "sightseeing")
        table = app.screen.query(RecordsTable).first()
        table.focus()
        await wait_for(pilot, lambda: app.focused is table, "the list")
        header = next((line for line in screen_lines(app) if "Name" in line), "")
        assert "Network" in header and "Why interes" in header and "What I" in header, header
        row = next((line for line in screen_lines(app) if "Dr. Kath" in line), "")
        assert "…" in row and row.count("…") >= 2, row
        assert table.virtual_size.width <= table.scrollable_content_region.width

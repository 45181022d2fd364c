"""Bidi controls and invisible characters in the UI (issue 25): shown as marks on Today,
the people list and a person's page, kept exactly as typed in the saved data."""

from __future__ import annotations

import re
from pathlib import Path

from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from tui.conftest import start, wait_for
from tui.today_helpers import days

INVISIBLE = re.compile("[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
NAME = "Ada \u202eecalevoL\u202c Byron\u200b"


def saved_past_the_welcome(data_dir: Path, key: str, answer: object) -> None:
    """A saved state of someone past the welcome, with one answer."""
    progress = Progress()
    progress.welcome_seen = True
    progress.answers[key] = answer
    Store(data_dir).save(progress)


async def test_invisible_characters_are_shown_as_marks_and_kept(make_app, data_dir, shown):
    progress = Progress()
    progress.welcome_seen = True
    progress.answers["strategy/people"] = [
        {
            "id": "p-ada",
            "name": NAME,
            "circle": "colleagues",
            "follow_up": days(-1),
            "next_step": "Ask\u2066 her\u2069",
        }
    ]
    progress.contacts = [
        {"id": "c-1", "person": "p-ada", "date": days(-3), "kind": "call", "note": "hi\u202e!"}
    ]
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await wait_for(pilot, lambda: "{U+202E}" in shown(app), what="the mark on Today")
        assert INVISIBLE.search(shown(app)) is None
        assert "Ask{U+2066}" in shown(app) and "her{U+2069}" in shown(app)
        await pilot.press("P")
        await wait_for(pilot, lambda: "Ada {U+202E}ecale" in shown(app), what="the people list")
        assert INVISIBLE.search(shown(app)) is None
        await pilot.press("enter")
        await wait_for(pilot, lambda: "hi{U+202E}!" in shown(app), what="the person's notes")
        assert "Byron{U+200B}" in shown(app)
        assert INVISIBLE.search(shown(app)) is None
    saved = Book(data_dir).load()
    assert saved.answers["strategy/people"][0]["name"] == NAME
    assert saved.contacts[0]["note"] == "hi\u202e!"


async def test_the_sheet_preview_shows_marks(make_app, data_dir, shown):
    saved_past_the_welcome(data_dir, "why/goal", "A job \u202ein design\u202c")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: "A job {U+202E}in" in shown(app), what="the sheet")
        assert INVISIBLE.search(shown(app)) is None


async def test_a_field_being_edited_never_draws_them_raw(make_app, data_dir, shown):
    from textual.widgets import Input

    people = [{"id": "p-ada", "name": NAME, "circle": "colleagues"}]
    saved_past_the_welcome(data_dir, "strategy/people", people)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("P")
        await wait_for(pilot, lambda: "Ada {U+202E}ecale" in shown(app), what="the people list")
        await pilot.press("enter", "e")

        def editing() -> bool:
            return any(i.value == NAME for i in app.screen.query(Input))

        await wait_for(pilot, editing, what="the name in the form, exactly as typed")
        assert "Ada ecalevoL Byron" in shown(app)  # drawn without them: nothing turns around
        assert INVISIBLE.search(shown(app)) is None
        await pilot.press("end", "!")
        await wait_for(pilot, lambda: "Byron!" in shown(app), what="typing goes on")
        assert any(i.value == NAME + "!" for i in app.screen.query(Input))

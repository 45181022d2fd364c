"""Der Coach auf Deutsch: every screen a German reader sees speaks German."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

from coach.content.course import Course
from coach.content.model import tr
from coach.locales import de, en
from coach.tui.dialogs.common import HelpScreen
from coach.tui.screens.main_screen import MainScreen
from coach.tui.screens.sheet_screen import SheetScreen
from coach.tui.widgets.checklist import Checklist
from coach.tui.widgets.records import RecordForm, RecordsBox
from tui.conftest import (
    MakeApp,
    OnDisk,
    Shown,
    go_to,
    on,
    on_step,
    shows,
    start,
    type_text,
    wait_for,
)


def english_leftovers(text: str, course: Course) -> list[str]:
    """English UI messages or English content text visible on a German screen."""
    found = []
    for key, value in en.MESSAGES.items():
        if de.MESSAGES.get(key) == value or key.startswith(("argparse.", "cli.")):
            continue
        if value in (en.MESSAGES["cmd.lang_en"], en.MESSAGES["cmd.lang_de"]):
            continue  # each language is offered in its own words on purpose
        # Compare the message's longest literal run (placeholders removed).
        runs = [r.strip() for r in re.split(r"\{[^}]*\}|%\(?\w*\)?s", value)]
        run = max(runs, key=len)
        if len(run) >= 8 and run in text:
            found.append(f"{key}: {run}")
    for step in course.steps:
        for piece in [step.title, *(i.text for i in step.checklist)]:
            english, german = tr(piece, "en"), tr(piece, "de")
            if english != german and english in text:
                found.append(english)
    return found


@pytest.mark.long
async def test_every_screen_is_german(make_app: MakeApp, shown: Shown) -> None:
    app = make_app(lang="de")
    course = app.course
    seen = []
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        seen.append(shown(app))
        assert "Los geht's" in seen[-1]
        await pilot.press("enter")
        await wait_for(pilot, on_step(app), "the steps")
        assert isinstance(app.screen, MainScreen)
        for step in course.steps:
            await go_to(pilot, step.id)
            body = app.screen.query_one("#step-body")
            seen.append(shown(app))
            while body.scroll_y < body.max_scroll_y:
                body.scroll_page_down(animate=False)
                before = seen[-1]
                await wait_for(
                    pilot,
                    lambda: shown(app) != before,  # noqa: B023 (awaited at once)
                    "scrolled",
                )
                seen.append(shown(app))
        assert "Schritt 7 von 7" in "\n".join(seen)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: on(app, HelpScreen)() and "Tasten" in shown(app), "the help")
        assert isinstance(app.screen, HelpScreen)
        seen.append(shown(app))
        assert "Tasten" in seen[-1]
        for key_name in ("Leertaste", "Strg+↑ ↓"):
            assert key_name in seen[-1], key_name
        await pilot.press("escape")
        app.session.answer(
            "strategy/people", [{"name": "Jana", "follow_up": "2020-01-02", "next_step": "Hallo"}]
        )
        await pilot.press("P")  # the people screen, and one person's page
        await wait_for(pilot, shows(app, "noch offen"), "the people screen")
        seen.append(shown(app))
        assert "noch offen" in seen[-1]
        await pilot.press("enter")
        await wait_for(pilot, shows(app, "Kontakte, neueste zuerst"), "her page")
        seen.append(shown(app))
        assert "Kontakte, neueste zuerst" in seen[-1]
        await pilot.press("escape", "escape")
        app.go_to_step("fun")
        await wait_for(pilot, on_step(app, "fun"), "step 7")
        box = app.screen.query_one(RecordsBox)
        box.query_one("#add").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.screen.query("#f-name")), "the form")
        assert isinstance(app.screen, RecordForm)
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, shows(app, "Bitte füll dieses Feld aus."), "the form says what is missing"
        )
        seen.append(shown(app))
        assert "Bitte füll dieses Feld aus." in seen[-1]
        app.screen.query_one("#f-name", Input).focus()
        await pilot.press("escape")
        await wait_for(pilot, on(app, MainScreen), "the form left")
        await pilot.press("ctrl+p")
        # The palette lists its commands A to Z: search.
        await type_text(pilot, "Schritt 1", shows(app, "Zu Schritt 1 von 7"))
        await wait_for(pilot, shows(app, "Zu Schritt 1 von 7"), "the palette")
        seen.append(shown(app))
        assert "Zu Schritt 1 von 7" in seen[-1]
        await pilot.press("escape")
        await wait_for(pilot, on(app, MainScreen), "the palette closed")
        # On the list's Add button a letter is only a hint: esc goes back to the checklist,
        # where s opens the sheet (the test once pressed s on the button and never saw it).
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.focused, Checklist), "the checklist")
        await pilot.press("s")
        await wait_for(pilot, lambda: on(app, SheetScreen)() and app.screen.is_mounted, "the sheet")
        seen.append(shown(app))
    leftovers = [hit for text in seen for hit in english_leftovers(text, course)]
    assert leftovers == []


async def test_language_switch_is_remembered(
    make_app: MakeApp, shown: Shown, on_disk: OnDisk
) -> None:
    app = make_app(lang=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        switch = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Switch language: Deutsch"
        )
        switch.callback()
        await wait_for(pilot, shows(app, "Zurück", "Hilfe"), "German")
        assert "Deine Schritte" in shown(app) or "Checkliste" in shown(app)
        assert "Zurück" in shown(app) and "Hilfe" in shown(app), "footer keys in German"
        await pilot.press("q")
    assert on_disk().language == "de"
    again = make_app(lang=None)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, shows(again, "Checkliste"), "German again")
        assert "Checkliste" in shown(again)


async def test_english_only_content_falls_back_with_a_warning(
    make_app: MakeApp, shown: Shown, other_content: Path, tmp_path: Path
) -> None:
    """A course written only in English still runs in German: German UI, English steps."""
    import shutil

    import yaml

    from coach.content.loader import check_course

    folder = tmp_path / "english"
    shutil.copytree(other_content, folder)

    def only_english(value: object) -> object:
        if isinstance(value, dict):
            if set(value) == {"en", "de"}:
                return value["en"]
            return {k: only_english(v) for k, v in value.items()}
        if isinstance(value, list):
            return [only_english(v) for v in value]
        return value

    for file in folder.rglob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        file.write_text(yaml.safe_dump(only_english(data), allow_unicode=True), encoding="utf-8")
    course, problems = check_course(folder)
    assert course is not None
    assert problems and all(p.warning and "missing de" in p.message for p in problems)

    app = make_app(lang="de", content=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, shows(app, "Schritt 1 von 3"), "step 1")
        text = shown(app)
        assert "Schritt 1 von 3" in text  # the UI speaks German
        first = course.steps[0]
        assert first.title[""] in text  # the step falls back to its English text


async def test_a_language_switch_on_the_welcome_speaks_the_new_language_at_once(
    make_app: MakeApp, shown: Shown
) -> None:
    """A week-eight trial: the palette's "English" on the German welcome said "Language:
    English", and the welcome stayed German."""
    app = make_app(lang=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, shows(app, "Let's start"), "the welcome")
        app.set_language("de")
        await wait_for(pilot, shows(app, "Los geht's"), "the welcome in German")
        assert "Let's start" not in shown(app)
        await wait_for(pilot, lambda: app.focused is not None, "its button's focus")
        await pilot.press("enter")  # (a trial: after the switch, enter did nothing)
        await wait_for(pilot, lambda: not shows(app, "Los geht's")(), "the steps")


async def test_a_persons_page_speaks_the_new_language_whole(
    make_app: MakeApp, shown: Shown
) -> None:
    """Its keys' line and its history's title stayed in the old language."""
    from coach.tui.screens.person_screen import PersonScreen

    app = make_app()
    app.progress.welcome_seen = True
    app.progress.set_answer("strategy/people", [{"id": "p-ada", "name": "Ada"}])
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PersonScreen("p-ada"))
        await wait_for(pilot, shows(app, "newest first"), "her page")
        app.set_language("de")
        await wait_for(pilot, shows(app, "neueste zuerst"), "her page in German")
        assert "newest first" not in shown(app) and "e edit" not in shown(app)


async def test_the_sheets_buttons_are_whole_at_60_columns_in_german(
    make_app: MakeApp, shown: Shown
) -> None:
    """A week-eight trial: "Als Markdown speichern (m)   Als HTML speichern (h)   S"."""
    app = make_app("de")
    app.progress.welcome_seen = True
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SheetScreen), "the sheet")
        await wait_for(pilot, shows(app, "Schließen (Esc)"), "the sheet's buttons")
        assert "Markdown (m)" in shown(app) and "HTML (h)" in shown(app)

"""The README's promises, checked the way a user would meet them: on the disk while the app
still runs, on the screen where the field is in view, and through the palette's own keys."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any, cast

from textual import events
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from coach.data.book import Book
from coach.tui.app import CoachApp
from coach.tui.widgets.checklist import Checklist
from tui.conftest import MakeApp, settled, type_text, wait_for

HOSTILE = "Ana\x1b]0;evil\x07 \x1b[31mred\x1b[0m\x9b2J!\x07"
DRAWN = "Ana]0;evil [31mred[0m2J!"  # the box draws the text, never its controls


def on_disk_now(data_dir: Path) -> dict:
    """What is on the disk this moment (snapshot and journals; no flush, no quitting)."""
    return Book(data_dir).load().to_doc(export=True)


def rendered(widget: Widget) -> list[str]:
    """The lines the widget draws (border included), as sent to the terminal."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


def has_controls(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


async def in_view(app: CoachApp, pilot: Pilot[Any], widget: Widget) -> None:
    """Scroll ``widget`` into view and check the screen really shows it there."""
    widget.scroll_visible(animate=False)

    def shown() -> bool:
        x, y = widget.region.center
        try:
            return app.screen.get_widget_at(int(x), int(y))[0] is widget
        except NoWidget:  # not laid out on the screen (yet)
            return False

    await wait_for(pilot, shown, what="the field in view")


def open_step_one(make_app: MakeApp) -> CoachApp:
    """The app on step 1, welcomed already."""
    app = make_app()
    app.progress.welcome_seen = True
    return app


# -- saved the moment it changes -----------------------------------------------------------
async def test_a_tick_is_on_disk_before_the_screen_shows_it(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = open_step_one(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        key = app.screen.query_one(Checklist).items[0][0]
        assert key not in on_disk_now(data_dir).get("ticks", {})
        await pilot.press("space")
        await wait_for(pilot, lambda: key in on_disk_now(data_dir).get("ticks", {}), timeout=2)
        assert key in on_disk_now(data_dir)["ticks"], "ticked on screen, so on disk"
        assert app.is_running


async def test_typed_text_is_on_disk_while_the_app_runs(make_app: MakeApp, data_dir: Path) -> None:
    app = open_step_one(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        name = app.screen.query(Input).first()
        name.focus()
        await type_text(pilot, "Ana Lima", lambda: name.value == "Ana Lima")

        def saved() -> bool:
            return "Ana Lima" in on_disk_now(data_dir).get("answers", {}).values()

        # Saved after a short quiet spell: waited for here, never by quitting.
        await wait_for(pilot, saved, timeout=5, what="the typed name on disk")
        assert app.is_running


# -- no terminal control sequence reaches the screen ----------------------------------------
async def test_pasted_escape_sequences_never_reach_the_screen(
    make_app: MakeApp, data_dir: Path
) -> None:
    app = open_step_one(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        for widget in (app.screen.query(Input).first(), app.screen.query(TextArea).first()):
            widget.focus()
            await wait_for(
                pilot,
                lambda: app.focused is widget,  # noqa: B023 (awaited at once)
                "the field focused",
            )
            # As a terminal delivers a paste: to the app, which hands it to the focused field.
            app.post_message(events.Paste(HOSTILE))

            def pasted(widget: Widget = widget) -> bool:
                text = widget.value if isinstance(widget, Input) else cast(TextArea, widget).text
                return "red" in text

            await wait_for(pilot, pasted, what="the paste in the field")
            await in_view(app, pilot, widget)
            lines = rendered(widget)
            shown = next(line for line in lines if "Ana" in line)
            assert DRAWN in shown, shown
            assert not has_controls("".join(lines)), lines
        await wait_for(  # (typing is an operation after a short quiet spell)
            pilot,
            lambda: list(on_disk_now(data_dir).get("answers", {}).values()).count(HOSTILE) == 2,
            "both pastes saved as pasted (RELIABILITY 6)",
        )


async def test_a_paste_with_carriage_returns_is_saved_line_by_line(
    make_app: MakeApp, data_dir: Path
) -> None:
    """A terminal that pastes line ends as CR (tmux, many others): a notes box keeps the
    lines apart, a one-line field gets them joined by spaces (Textual's keeps only the
    first line of a paste)."""
    app = open_step_one(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        for widget in (app.screen.query(Input).first(), app.screen.query(TextArea).first()):
            widget.focus()
            await wait_for(pilot, lambda: app.focused is widget, "the field")  # noqa: B023

            def pasted(widget: Widget = widget) -> bool:
                text = widget.value if isinstance(widget, Input) else cast(TextArea, widget).text
                return "three" in text

            app.post_message(events.Paste("Line one\rLine two\rLine three"))
            await wait_for(pilot, pasted, what="the paste in the field")
        await pilot.press("ctrl+q")
    saved = json.dumps(Book(data_dir).load().answers)
    assert "Line oneLine" not in saved and "Line twoLine" not in saved, saved
    assert "Line one\\nLine two\\nLine three" in saved, saved  # the notes box
    assert '"Line one Line two Line three"' in saved, saved  # the one-line field


async def test_typed_control_characters_never_reach_the_screen(make_app: MakeApp) -> None:
    app = open_step_one(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        name = app.screen.query(Input).first()
        name.focus()
        for ch in HOSTILE:  # byte by byte, as a terminal might pass on a stray sequence
            name.post_message(events.Key(ch if ch.isprintable() else "ctrl+x", ch))
        await wait_for(pilot, lambda: "red" in name.value, what="the typed text")
        await in_view(app, pilot, name)
        lines = rendered(name)
        assert any("red" in line for line in lines)
        assert not has_controls("".join(lines)), lines


# -- the command palette, used through its keys ---------------------------------------------
async def choose_in_palette(app: CoachApp, pilot: Pilot[Any], query: str, wanted: str) -> None:
    """ctrl+p, type ``query``, wait until ``wanted`` is the highlighted match, enter."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await type_text(pilot, query, lambda: app.screen.query_one(Input).value == query)
    commands = app.screen.query_one(CommandList)

    def highlighted() -> str:
        index = commands.highlighted
        if index is None or index >= commands.option_count:
            return ""
        prompt = commands.get_option_at_index(index).prompt
        return getattr(prompt, "plain", str(prompt))

    await wait_for(pilot, lambda: wanted in highlighted(), what=f"{wanted!r} highlighted")
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette), what="closed")


async def test_palette_goes_to_a_step(make_app: MakeApp, data_dir: Path) -> None:
    app = open_step_one(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        step = app.course.steps[3]
        await choose_in_palette(app, pilot, "sightsee", "step 4 of 7")
        await wait_for(pilot, lambda: settled(app) and app.progress.current_step == step.id)
        assert (
            "Social media sightseeing"
            in cast(Content, app.screen.query_one("#step-head", Static).visual).plain
        )
        assert on_disk_now(data_dir)["current_step"] == step.id


async def test_palette_switches_the_language(make_app: MakeApp, data_dir: Path) -> None:
    app = open_step_one(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: settled(app), what="the first step")
        await choose_in_palette(app, pilot, "deutsch", "Deutsch")
        await wait_for(pilot, lambda: app.lang == "de" and settled(app), what="German")
        head = cast(Content, app.screen.query_one("#step-head", Static).visual).plain
        assert "Warum ein Netzwerk hilft" in head
        assert on_disk_now(data_dir)["language"] == "de"

"""The UI side of issue 16: keys in one burst with q, typing saved while it goes on, and a
hostile file's sheet preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from tui.conftest import MakeApp, OnDisk, Shown, burst, go_to, on_step, start, wait_for


@pytest.mark.parametrize("after", ["s", "n", "p", "question_mark", "r"])
async def test_keys_after_q_are_ignored_and_the_app_quits_cleanly(
    make_app: MakeApp, data_dir: Path, after: str
) -> None:
    Store(data_dir).save(Progress(welcome_seen=True))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        # One burst, as a terminal delivers it: all queued before the first is handled.
        for key in ("q", after, "s", "enter"):
            app.post_message(events.Key(key, None))
        await wait_for(pilot, lambda: app.quitting, "q quits")
    assert app.crash is None and app.return_value == 0
    assert not list(data_dir.glob("crash-*"))


async def test_typing_that_goes_on_is_on_disk_before_it_stops(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The debounce alone would wait for a pause that never comes: typing without one must
    still reach the disk (a kill -9 or a power cut then loses at most the last second)."""
    from textual.widgets import Input

    # The quiet spell made endless: whatever the machine's speed, only the save that comes
    # while typing goes on can write the name.
    monkeypatch.setattr("coach.tui.app.SAVE_DELAY", 3600.0)
    Store(data_dir).save(Progress(welcome_seen=True))
    app = make_app()
    typed = ""
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "why")
        name = next(w for w in app.screen.query(Input) if w.id == "value")
        name.focus()
        await wait_for(pilot, lambda: app.focused is name, "the name field")
        for n in range(200):
            char = "abcdefghij"[n % 10]
            await pilot.press(char)
            typed += char
            await pilot.pause(0.05)  # a fast typist
            on_disk = Book(data_dir).load().answer("why/name") or ""
            if on_disk:
                break
        assert on_disk and typed.startswith(on_disk), "nothing typed reached the disk"
        assert app.screen.query_one("#value", Input).value == typed  # still typing
        # The last key's change travels field -> step -> session; then quit (ctrl+q: q
        # would be typed into the field) writes what is pending.
        for _ in range(100):
            if app.progress.answer("why/name") == typed:
                break
            await pilot.pause(0.02)
        await pilot.press("ctrl+q")
    assert Book(data_dir).load().answer("why/name") == typed


@pytest.mark.long
async def test_the_sheet_preview_of_a_hostile_file_shows_only_text(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """Every hostile string in every field: the preview (``s``) shows no control byte, and
    the app's title (what a terminal's title could be set from) stays the course's."""
    import re

    from test_hostile import HOSTILE, hostile_doc

    from coach.data.progress_schema import validate
    from coach.tui.screens.sheet_screen import SheetScreen

    for hostile in HOSTILE:
        progress = validate(hostile_doc(hostile))
        progress.welcome_seen = True
        progress.current_step = None
        progress.language = "en"
        Store(data_dir).save(progress)
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await start(pilot)
            title = app.title
            await pilot.press("s")
            await wait_for(
                pilot,
                lambda: bool(app.screen.query("#sheet-text")),  # noqa: B023 (awaited at once)
                "the sheet",
            )
            assert isinstance(app.screen, SheetScreen)
            text = shown(app)
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(hostile[:20])
            if "PWNED" in hostile:  # shown as text, its controls as marks (RELIABILITY 6)
                assert "{U+001B}]0;PWNED{U+0007}title" in text
            assert app.title == title
            await pilot.press("escape", "q")


async def test_a_key_typed_just_before_quitting_is_saved(make_app: MakeApp, data_dir: Path) -> None:
    """The text box shows it, its change is still queued on the way to the session, and
    the user quits in the same instant: quitting takes what the box shows."""
    from textual.widgets import Input

    Store(data_dir).save(Progress(welcome_seen=True))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "why")
        name = next(w for w in app.screen.query(Input) if w.id == "value")
        name.value = "Ada L"  # its Changed message is posted, not yet handled
        await app.action_quit()  # no pause in between: nothing handled it yet
    assert Book(data_dir).load().answer("why/name") == "Ada L"


async def test_a_quit_in_the_first_frame_is_no_crash(
    make_app: MakeApp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A q typed while the coach starts can quit it in its first frame, before the roadmap
    and the step's fields are mounted in their places: they were mounted into the closing
    app all the same ("Something unexpected went wrong", a crash file)."""
    from coach.tui.app import CoachApp

    shown = CoachApp.first_frame_shown

    def quit_at_once(app: CoachApp) -> None:
        shown(app)
        app.exit(0)

    monkeypatch.setattr(CoachApp, "first_frame_shown", quit_at_once)
    Store(data_dir).save(Progress(welcome_seen=True))  # the first step: it has fields
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None, "the app quits")
    assert app.crash is None and app.return_value == 0
    assert not list(data_dir.glob("logs/crash-*"))


@pytest.mark.parametrize("move", ["n", "p"])
async def test_space_in_the_same_burst_as_a_step_change_ticks_nothing_on_the_step_left(
    make_app: MakeApp, on_disk: OnDisk, move: str
) -> None:
    """``p`` and Space together (a fast typist, a slow connection): the step being left was
    still on screen with its list focused, and the Space ticked (or unticked) its item,
    unseen. A tick belongs to the step on screen: that one is dropped."""
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "posting")
        first = app.course.steps[5].checklist[0].id
        key = f"posting/{first}"
        await pilot.press("space")  # ticked, as the user saw
        await wait_for(pilot, lambda: on_disk().is_ticked(key), "the first item ticked")
        before = sorted(on_disk().ticks)
        burst(app, [move, "space"])
        target = "strategy" if move == "p" else "fun"
        await wait_for(pilot, on_step(app, target), f"{target} shown")
        await pilot.press("q")
    assert sorted(on_disk().ticks) == before, "no item of the step left changed"


async def test_quitting_with_a_date_that_cannot_be_saved_asks_first(
    make_app: MakeApp, data_dir: Path
) -> None:
    """ "end of March" typed into step 1's target date, then ctrl+q: the text was dropped
    without a word ("everything is saved as you go"). Now the quit asks, naming the field;
    no stays with the text in place, yes quits."""
    from textual.widgets import Input

    from coach.tui.dialogs.common import ConfirmScreen
    from coach.tui.widgets.fields import FieldBox

    Store(data_dir).save(Progress(welcome_seen=True))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "why")
        box = next(b for b in app.screen.query(FieldBox) if b.key == "why/goal_date")
        date = box.query_one("#value", Input)
        date.focus()
        await wait_for(pilot, lambda: app.focused is date, "the date field")
        await pilot.press(*"end of March")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert isinstance(app.screen, ConfirmScreen)
        asked = app.screen.question
        assert "“end of March” in “" in asked and "can't be saved" in asked, asked
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen), "back")
        assert date.value == "end of March" and not app.quitting
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked again")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.quitting, "yes quits")

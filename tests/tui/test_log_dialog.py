"""Logging a contact from the dialog: through the session, on disk, gently about dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.events import Paste
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from coach.application.session import NOTE_MAX, Logged
from coach.data.book import Book
from coach.domain import people
from coach.domain.people import Person
from coach.tui.app import CoachApp
from coach.tui.dialogs.common import ConfirmScreen
from coach.tui.dialogs.log_dialog import LogContactScreen
from tui.conftest import MakeApp, Shown, burst, on, shows, wait_for
from tui.today_helpers import days, seed

W = TypeVar("W", bound=Widget)


def _disk(data_dir):
    return Book(data_dir).load().to_doc(export=True)


def _person(app: CoachApp, pid: str) -> Person:
    person = people.by_id(app.course, app.progress, pid)
    assert person is not None, pid
    return person


async def _open(app: CoachApp, pilot: Pilot[Any], pid: str = "p-ada") -> list[Logged | None]:
    results: list[Logged | None] = []
    app.push_screen(LogContactScreen(_person(app, pid)), results.append)
    await wait_for(pilot, lambda: bool(app.screen.query("#log-note")), "the log dialog")
    assert isinstance(app.screen, LogContactScreen)
    return results


async def _focused_in_dialog(app: CoachApp, pilot: Pilot[Any], selector: str, kind: type[W]) -> W:
    """The log dialog open on Ada, the box ``selector`` of it focused."""
    await _open(app, pilot)
    box = app.screen.query_one(selector, kind)
    box.focus()
    await wait_for(pilot, lambda: app.focused is box, f"{selector}'s focus")
    return box


async def test_log_saves_contact_follow_up_and_status(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot)
        text = shown(app)
        assert "I was in touch with Ada Lovelace" in text
        assert days(90) in text, "the follow-up is pre-filled from their rhythm (warm)"
        app.screen.query_one("#log-note", TextArea).insert("Coffee [b]next[/b] week\x1b[31m")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(results), "logged")
        assert results and results[0] is not None
        assert not isinstance(app.screen, LogContactScreen)
        disk = _disk(data_dir)
        contact = disk["contacts"][-1]
        assert contact["person"] == "p-ada"
        assert contact["date"] == days(0)
        assert contact["kind"] == "message", "the content's first kind is the default"
        assert contact["note"] == "Coffee [b]next[/b] week\x1b[31m", "saved as written"
        ada = next(r for r in disk["answers"]["strategy/people"] if r["id"] == "p-ada")
        assert ada["follow_up"] == days(90)
        assert ada["status"] == "interacted"
        assert app.progress is app.session.progress


async def test_past_date_is_said_gently_and_quick_choices(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot)
        date = app.screen.query_one("#log-date", Input)
        date.value = days(-3)
        await wait_for(pilot, shows(app, "3 days ago"), "the date said in words")
        assert "3 days ago" in shown(app)
        assert "from their rhythm" in shown(app)
        await pilot.click("#next-2w")
        await pilot.pause()
        assert "from their rhythm" not in shown(app), "the hint goes with the suggestion"
        await pilot.click("#log-save")
        await wait_for(pilot, lambda: bool(results), "logged")
        assert results[0] is not None
        disk = _disk(data_dir)
        assert disk["contacts"][-1]["date"] == days(-3)
        ada = next(r for r in disk["answers"]["strategy/people"] if r["id"] == "p-ada")
        assert ada["follow_up"] == days(14)


async def test_no_follow_up_and_bad_date(make_app: MakeApp, data_dir: Path, shown: Shown) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot, "p-ben")
        app.screen.query_one("#log-date", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(app, "2026-02-30"), "the date refused")
        assert isinstance(app.screen, LogContactScreen), "a bad date logs nothing"
        assert "2026-02-30" in shown(app)
        assert not [c for c in _disk(data_dir)["contacts"] if c["person"] == "p-ben"]
        app.screen.query_one("#log-date", Input).value = days(0)
        await wait_for(pilot, lambda: "2026-02-30" not in shown(app), "the message gone")
        assert "2026-02-30" not in shown(app), "the message goes once the date is fixed"
        await pilot.click("#next-none")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(results), "logged")
        assert results[0] is not None and results[0].follow_up is None
        ben = next(r for r in _disk(data_dir)["answers"]["strategy/people"] if r["id"] == "p-ben")
        assert "follow_up" not in ben


async def test_a_refused_follow_up_is_no_longer_said_once_it_is_mended(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """ "abc" as the follow-up was refused, and the refusal stayed after "20.12." was typed
    over it (the date's own message goes; this one did not)."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "p-ben")
        app.screen.query_one("#log-next", Input).value = "abc"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#log-error")
        await wait_for(pilot, lambda: error.display, "the follow-up refused")
        app.screen.query_one("#log-next", Input).value = "20.12."
        await wait_for(pilot, lambda: not error.display, "the refusal gone")


async def test_future_date_is_asked(make_app: MakeApp, data_dir: Path, shown: Shown) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot)
        app.screen.query_one("#log-date", Input).value = days(3)
        await pilot.press("ctrl+s")
        await wait_for(pilot, on(app, ConfirmScreen), "the question")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await wait_for(pilot, on(app, LogContactScreen), "back in the dialog")
        assert isinstance(app.screen, LogContactScreen) and not results
        await pilot.press("ctrl+s")
        await wait_for(pilot, on(app, ConfirmScreen), "the question again")
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(results), "logged")
        assert results and results[0] is not None
        assert _disk(data_dir)["contacts"][-1]["date"] == days(3)


async def test_escape_cancels_and_a_huge_paste_is_cut(make_app: MakeApp, data_dir: Path) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: results == [None], "cancelled")
        assert results == [None]
        results = await _open(app, pilot)
        note = app.screen.query_one("#log-note", TextArea)
        note.focus()
        await wait_for(pilot, lambda: app.focused is note, "the note focused")
        note.post_message(Paste("word " * 20_000))  # 100 KB
        await wait_for(pilot, lambda: 0 < len(note.text) <= NOTE_MAX, "the paste, cut")
        assert 0 < len(note.text) <= NOTE_MAX
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "word" in _disk(data_dir)["contacts"][-1].get("note", ""))
        assert len(_disk(data_dir)["contacts"][-1]["note"]) <= NOTE_MAX


async def test_logging_someone_without_a_rhythm_keeps_their_planned_follow_up(
    make_app: MakeApp, data_dir: Path
) -> None:
    """No circle, so no rhythm: the date the user planned stays (it used to be wiped)."""
    from coach.data.store import Store

    progress = seed(data_dir)
    progress.answers["strategy/people"].append(
        {"id": "p-nora", "name": "Nora Nocircle", "follow_up": days(13)}
    )
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot, "p-nora")
        assert app.screen.query_one("#log-next", Input).value == days(13)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(results), what="the contact is logged")
        nora = next(r for r in _disk(data_dir)["answers"]["strategy/people"] if r["id"] == "p-nora")
        assert nora["follow_up"] == days(13)
        logged = results[0]
        assert logged is not None and logged.follow_up is not None
        assert logged.follow_up.isoformat() == days(13)


async def test_typing_at_once_writes_the_note_not_the_date(
    make_app: MakeApp, data_dir: Path
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot)
        await pilot.press(*"Said hi")
        note = app.screen.query_one("#log-note", TextArea)
        await wait_for(pilot, lambda: note.text == "Said hi", what="the note gets the typing")
        assert app.screen.query_one("#log-date", Input).value == days(0)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(results), what="the contact is logged")
        assert _disk(data_dir)["contacts"][-1]["note"] == "Said hi"


async def test_quitting_with_a_note_typed_asks_first(make_app: MakeApp, data_dir: Path) -> None:
    """ctrl+q over a form holding typing asks, as esc does: no keeps the note there, yes
    (or ctrl+q again) quits. Nothing is logged either way."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        app.screen.query_one("#log-note", TextArea).insert("half typed note")
        await pilot.press("ctrl+q")
        await wait_for(pilot, on(app, ConfirmScreen), "the question")
        await pilot.press("n")
        await wait_for(pilot, on(app, LogContactScreen), "back in the form")
        assert app.screen.query_one("#log-note", TextArea).text == "half typed note"
        assert not app.quitting
        await pilot.press("ctrl+q")
        await wait_for(pilot, on(app, ConfirmScreen), "asked again")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.quitting, "a second ctrl+q quits")
    assert len(_disk(data_dir)["contacts"]) == 1, "nothing logged (the seed's one contact)"


async def test_a_changed_date_alone_counts_as_typed(make_app: MakeApp, data_dir: Path) -> None:
    """The follow-up changed, no note: esc asks too (a user trial lost a typed date to
    ctrl+q); a dialog left as it opened closes at once."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LogContactScreen), "closed")
        assert not isinstance(app.screen, ConfirmScreen), "nothing typed: no question"
        await _open(app, pilot)
        app.screen.query_one("#log-next", Input).value = "3.1."
        await pilot.press("escape")
        await wait_for(pilot, on(app, ConfirmScreen), "the question")


async def test_the_kept_date_hint_goes_when_the_date_is_changed(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """Cleo's follow-up is planned ahead: "your planned date stays" shows while the box
    holds it, and goes once the user types another date."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "p-cleo")
        hint = app.screen.query_one("#log-kept-hint")
        assert hint.display
        app.screen.query_one("#log-next", Input).value = "3.1."
        await wait_for(pilot, lambda: not hint.display, "the hint gone")


@pytest.mark.parametrize(("lang", "none"), [("en", "No date"), ("de", "Kein Datum")])
async def test_at_60_columns_no_date_is_on_screen_whole(
    make_app: MakeApp, data_dir: Path, shown: Shown, lang: str, none: str
) -> None:
    """At 60 columns "No date" was cut off at the dialog's edge: "+2 weeks" gives way."""
    from coach import i18n

    seed(data_dir)
    app = make_app()
    i18n.set_language(lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await _open(app, pilot)
        await wait_for(pilot, shows(app, none), f"{none!r} whole")
        await pilot.resize_terminal(80, 24)
        two = "+2 weeks" if lang == "en" else "+2 Wochen"
        await wait_for(pilot, shows(app, two, none), "all three at 80 columns")


async def test_a_note_typed_in_a_burst_keeps_its_backspaces_and_the_scale_its_number(
    make_app: MakeApp, data_dir: Path
) -> None:
    """A week-eight trial over a laggy line: "xyz123", six Backspaces, "Kurzer Anruf",
    Tab, "4" in one burst saved the note "xyz123Kurzer Anruf" and no number."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        note = await _focused_in_dialog(app, pilot, "#log-note", TextArea)
        burst(app, [*"xyz123", *["backspace"] * 6, *"Kurzer", "space", *"Anruf", "tab", "4"])
        felt = app.screen.query_one("#log-felt", Input)
        await wait_for(pilot, lambda: felt.value == "4", "the number in the next box")
        assert note.text == "Kurzer Anruf"


async def test_enter_in_a_burst_moves_on_before_the_next_keys(
    make_app: MakeApp, data_dir: Path
) -> None:
    """A regression trial: "3", Enter, "abc" sent together left "3a" in the felt box (it
    takes two characters) and "bc" nowhere: the form moved the focus after the keys."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        felt = await _focused_in_dialog(app, pilot, "#log-felt", Input)
        burst(app, ["3", "enter", "a", "b", "c"])
        follow = app.screen.query_one("#log-next", Input)
        await wait_for(pilot, lambda: follow.value.endswith("abc"), "the next box")
        assert felt.value == "3"


async def test_the_0_to_10_boxes_take_digits_only(make_app: MakeApp, data_dir: Path) -> None:
    """A regression trial: "How was it?" took letters, said wrong only when saving."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        felt = await _focused_in_dialog(app, pilot, "#log-felt", Input)
        await pilot.press("x", "5")
        await wait_for(pilot, lambda: felt.value == "5", "only the digit")


async def test_a_next_step_left_as_it_was_is_kept_exactly(
    make_app: MakeApp, data_dir: Path
) -> None:
    """A next step holding controls and a line break (from an import or the shell) stays
    byte for byte when a contact is logged without touching its box (the box once held
    the step as shown, marks and all, and saved that back)."""
    from coach.data.store import Store

    step = "Reply to \x1b[1mAnna\x1b[0m\u2028then\u200bcall\nsoon"
    progress = seed(data_dir)
    for record in progress.answers["strategy/people"]:
        if record["id"] == "p-ada":
            record["next_step"] = step
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await _open(app, pilot)
        box = app.screen.query_one("#log-step", Input)
        assert box.value == step
        drawn = [s.text for line in box.render_lines(Region(0, 0, *box.outer_size)) for s in line]
        assert not any("\n" in text or "\x1b" in text for text in drawn), drawn  # (the filter)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(results), "logged")
    ada = next(r for r in _disk(data_dir)["answers"]["strategy/people"] if r["id"] == "p-ada")
    assert ada["next_step"] == step


async def test_a_contact_logged_twice_says_u_takes_the_second_back(
    make_app: MakeApp, data_dir: Path
) -> None:
    from coach.tui.textual_private import notification_texts

    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for n in (1, 2):
            results = await _open(app, pilot)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: bool(results), f"logged ({n})")  # noqa: B023
        said = " ".join(notification_texts(app))
        assert "logged already: if it was one contact, u takes this one back" in said, said
        await pilot.press("u")
        logged = lambda: len(app.progress.contacts.entries())  # noqa: E731
        await wait_for(pilot, lambda: logged() == 2, "the second off (Dora's stays)")

"""Today in the UI: what is due, logging and snoozing from it, the break, nothing due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from textual.widgets import Input, OptionList

from coach.data.book import Book
from coach.data.store import Store
from coach.i18n import short_date
from coach.tui.app import CoachApp
from coach.tui.dialogs.common import WelcomeScreen
from coach.tui.dialogs.log_dialog import LogContactScreen
from coach.tui.dialogs.pause_dialog import PauseScreen
from coach.tui.screens.main_screen import MainScreen
from coach.tui.screens.today_screen import TodayScreen
from tui.conftest import MakeApp, Shown, on, shows, start, wait_for
from tui.today_helpers import days, seed


def _disk(data_dir):
    return Book(data_dir).load().to_doc(export=True)


def _record(data_dir: Path, pid: str) -> dict[str, Any]:
    return next(r for r in _disk(data_dir)["answers"]["strategy/people"] if r["id"] == pid)


def _highlight(app: CoachApp, pid: str) -> None:
    listing = app.screen.query_one("#today-people", OptionList)
    listing.highlighted = listing.get_option_index(pid)


async def _open_break(app: CoachApp, pilot: Any) -> None:
    """Today, then ``b``: the break dialog, built (its date box there)."""
    await start(pilot)
    await pilot.press("b")
    await wait_for(pilot, on(app, PauseScreen), "the break dialog")
    await wait_for(pilot, lambda: bool(app.screen.query("#pause-until")), "its date box")


def _due(app: CoachApp) -> list[str]:
    agenda = cast(TodayScreen, app.screen).agenda
    assert agenda is not None
    return [f.person.id for f in agenda.follow_ups]


async def test_opens_on_today_with_due_and_overdue_in_words(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, TodayScreen), "something is due: the coach opens on Today"
        text = shown(app)
        five_ago = short_date(dt.date.fromisoformat(days(-5)), "en")
        assert f"Ada Lovelace — planned for {five_ago}" in text  # words, not debt
        assert "Ben [b]Bold[/b] — planned for today" in text, "names are text, never markup"
        assert "Cleo Future" not in text, "a follow-up in 10 days is not due"
        assert text.index("Ada Lovelace") < text.index("Ben [b]Bold[/b]"), "oldest first"
        assert "It's been a while" in text and "Dora Quiet" in text
        assert "Meetup in Köln" in text, "an event in 5 days is coming up"
        assert "This week: 0 of 2" in text
        await pilot.press("escape")
        await wait_for(pilot, on(app, MainScreen), "the steps")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("t")
        await wait_for(pilot, on(app, TodayScreen), "Today")
        assert isinstance(app.screen, TodayScreen), "t opens Today from the steps"


async def test_logging_from_today_takes_the_person_off_and_saves(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("l")  # the first person due (Ada) is highlighted when Today opens
        await pilot.wait_for_animation()
        await wait_for(pilot, on(app, LogContactScreen), "the log dialog")
        assert isinstance(app.screen, LogContactScreen)
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(app, "This week: 1 of 2"), "Ada logged")
        assert isinstance(app.screen, TodayScreen)
        assert "Ada Lovelace" not in shown(app), "logged: Ada is off the due list"
        # On disk while the app runs (the app's saver wrote it).
        contacts = [c for c in _disk(data_dir)["contacts"] if c["person"] == "p-ada"]
        assert len(contacts) == 1 and contacts[0]["date"] == days(0)
        assert _record(data_dir, "p-ada")["follow_up"] == days(90)  # warm: every 90 days
        assert "This week: 1 of 2" in shown(app)


async def test_snooze_moves_the_follow_up_a_week(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        _highlight(app, "p-ben")
        await pilot.press("z")
        await wait_for(pilot, lambda: _due(app) == ["p-ada"], "Ben snoozed")
        assert _record(data_dir, "p-ben")["follow_up"] == days(7)
        assert _due(app) == ["p-ada"]
        assert "Ben [b]Bold[/b]" not in shown(app).split("Follow-ups in the next")[0]
        assert not _disk(data_dir)["contacts"][1:], "snoozing logs no contact"


async def test_pause_empties_the_due_list_and_ends(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_break(app, pilot)
        assert isinstance(app.screen, PauseScreen)
        app.screen.query_one("#pause-until", Input).value = days(10)
        await pilot.click("#pause-start")
        await wait_for(
            pilot,
            lambda: "b End break" in shown(app).splitlines()[-1] and "until" in shown(app),
            "the break, and the footer offering its end",
        )
        assert isinstance(app.screen, TodayScreen)
        assert _disk(data_dir)["pause_until"] == days(10)
        text = shown(app)
        assert "taking a break until" in text
        assert "overdue" not in text and "Ada Lovelace" not in text
        assert "This week: 0 of 2" in text, "the break screen still shows the week"
        footer = text.splitlines()[-1]
        assert "b End break" in footer, footer  # not "Break": b now ends it
        assert "l Log" not in footer and "z Snooze" not in footer, "nobody to log or snooze"
        await pilot.press("b")
        await wait_for(pilot, shows(app, "You're on a break"), "the break dialog")
        assert "You're on a break" in shown(app), "the dialog is not 'Take a break' again"
        await pilot.click("#pause-end")
        await wait_for(
            pilot,
            lambda: "Ada Lovelace" in shown(app) and "l Log" in shown(app).splitlines()[-1],
            "the break ended, and the footer offering l again",
        )
        assert _disk(data_dir)["pause_until"] is None
        assert "Ada Lovelace" in shown(app)
        footer = shown(app).splitlines()[-1]
        assert "l Log" in footer and "b Break" in footer, footer


async def test_a_break_in_the_past_is_refused(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_break(app, pilot)
        app.screen.query_one("#pause-until", Input).value = days(-1)
        await pilot.click("#pause-start")
        await wait_for(pilot, shows(app, "from today on"), "the refusal")
        assert isinstance(app.screen, PauseScreen)
        assert "from today on" in shown(app)
        assert _disk(data_dir).get("pause_until") is None


async def test_a_break_until_the_calendars_last_day_is_taken(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """ "Until 9999-12-31" closed the coach with "Something unexpected went wrong": the day
    it would be back on is past the calendar's end."""
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_break(app, pilot)
        app.screen.query_one("#pause-until", Input).value = "9999-12-31"
        await pilot.click("#pause-start")
        await wait_for(pilot, shows(app, "taking a break until"), "the break")
        assert app.crash is None and isinstance(app.screen, TodayScreen)
    assert _disk(data_dir)["pause_until"] == "9999-12-31"


async def test_nothing_due_shows_a_suggestion(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    from coach.data.progress import Progress

    progress = Progress()
    progress.welcome_seen = True
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, MainScreen), "nothing due, steps not done: the steps"
        await pilot.press("t")
        await wait_for(pilot, shows(app, "Nothing is due today. One small idea:"), "Today")
        text = shown(app)
        assert "Nothing is due today. One small idea:" in text
        assert app.course.meta.agenda is not None
        suggestions = app.course.meta.agenda.suggestions
        assert any(s["en"][:30] in text.replace("\n", " ") for s in suggestions)


async def test_other_content_without_people(
    make_app: MakeApp, data_dir: Path, other_content: Path, shown: Shown
) -> None:
    from coach.data.progress import Progress

    progress = Progress()
    progress.welcome_seen = True
    Store(data_dir).save(progress)
    app = make_app(content=other_content)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, MainScreen), "nothing to follow up: it opens on the steps"
        await pilot.press("t")
        await wait_for(pilot, shows(app, "nothing is ever due here"), "Today")
        assert isinstance(app.screen, TodayScreen)
        text = shown(app)
        assert "Today," in text and "nothing is ever due here" in text
        await pilot.press("l", "z", "b", "enter")  # nothing to act on: nothing happens
        await pilot.pause()  # nothing to wait for: nothing may happen
        assert isinstance(app.screen, TodayScreen)


async def test_welcome_comes_first_for_a_new_user(make_app: MakeApp, data_dir: Path) -> None:
    """The welcome for someone new; Today, as promised, for someone who used only the shell
    so far (people imported, contacts logged) and has a follow-up due."""
    from coach.data.progress import Progress

    Store(data_dir).save(Progress())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("q")  # "quit with q whenever you like", its text says
        await wait_for(pilot, lambda: app.return_code == 0, "q quits from the welcome")
    seed(data_dir, steps_seen=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_german_today(make_app: MakeApp, data_dir: Path, shown: Shown) -> None:
    seed(data_dir)
    app = make_app(lang="de")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        text = shown(app)
        five_ago = short_date(dt.date.fromisoformat(days(-5)), "de")
        assert f"Ada Lovelace — geplant für {five_ago}" in text
        assert "Ben [b]Bold[/b] — für heute geplant" in text
        assert "Diese Woche: 0 von 2" in text


async def test_t_in_a_text_field_is_just_a_letter(make_app: MakeApp, data_dir: Path) -> None:
    from textual.widgets import TextArea

    from tui.step_helpers import field_box, open_step

    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, "why")  # from Today to the steps
        area = field_box(view, "why/my_why").query_one(TextArea)
        area.focus()
        await pilot.press(*"to talk", "t")
        await wait_for(pilot, lambda: "to talkt" in area.text, "the typed t")
        assert isinstance(app.screen, MainScreen)
        assert "to talkt" in area.text


async def test_palette_opens_today(make_app: MakeApp, data_dir: Path) -> None:
    from coach.data.progress import Progress

    progress = Progress()
    progress.welcome_seen = True
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: bool(app.screen.query(OptionList)), "the palette")
        await pilot.press(*"Today")
        await wait_for(  # the palette searches in the background
            pilot,
            lambda: any(
                "Today" in str(o.prompt) for o in app.screen.query(OptionList).first().options
            ),
            "Today offered",
        )
        await pilot.press("enter")
        await wait_for(pilot, on(app, TodayScreen), "Today")


async def test_going_to_a_step_and_switching_language_from_today(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    from coach.tui.widgets.step_view import StepView

    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, TodayScreen)
        app.set_language("de")
        five_ago = short_date(dt.date.fromisoformat(days(-5)), "de")
        await wait_for(  # the footer speaks German too
            pilot,
            shows(app, f"Ada Lovelace — geplant für {five_ago}", "Festhalten"),
            "Today and its footer in German",
        )
        await pilot.press("u")  # taken back: English again, without a restart
        await wait_for(pilot, shows(app, "Ada Lovelace — planned for"), "Today in English")
        assert app.lang == "en"
        from coach.tui.textual_private import notification_texts

        assert any(text.startswith("Taken back") for text in notification_texts(app)), "said in it"
        app.set_language("de")
        await wait_for(pilot, shows(app, "Festhalten"), "German again")
        last = app.course.steps[-1].id
        app.go_to_step(last)  # as the palette's "Go to step" does
        await wait_for(
            pilot,
            lambda: on(app, MainScreen)() and app.screen.query_one(StepView).step_id == last,
            "the last step",
        )
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(StepView).step_id == last
        await pilot.press("t")
        await wait_for(pilot, on(app, TodayScreen), "Today")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("escape")
        await wait_for(pilot, on(app, MainScreen), "the steps")
        assert isinstance(app.screen, MainScreen), "escape goes back to the steps"
    assert Book(data_dir).load().to_doc(export=True)["current_step"] == last


async def test_log_or_snooze_with_nobody_listed_says_where_everyone_is(
    make_app: MakeApp, data_dir: Path
) -> None:
    """With nobody listed the footer does not offer l and z; pressed anyway (from habit),
    they point to the people screen instead of doing nothing."""
    from coach.data.progress import Progress
    from coach.tui.textual_private import notification_texts, screen_lines

    progress = Progress()
    progress.welcome_seen = True
    progress.answers["strategy/people"] = [{"id": "p-ann", "name": "Ann", "follow_up": days(9)}]
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="the steps")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today opens")
        footer = screen_lines(app)[-1]
        assert "l Log" not in footer and "z Snooze" not in footer, "not offered: " + footer
        for key in ("l", "z"):
            app.clear_notifications()
            await pilot.press(key)
            await wait_for(pilot, lambda: bool(notification_texts(app)), what=f"{key} says why")
            assert "P shows all your people" in notification_texts(app)[-1]
            assert isinstance(app.screen, TodayScreen), f"{key} opened nothing"
        assert _record(data_dir, "p-ann")["follow_up"] == days(9), "nobody was snoozed"


async def test_c_on_today_saves_the_calendar_and_says_where(
    make_app: MakeApp, data_dir: Path
) -> None:
    """Issue 12: the calendar from the UI, saved where sheets go (here the data folder:
    tests run with their own one), 0600, parsed back with one entry per follow-up."""
    import icalendar

    from coach.tui.textual_private import notification_texts

    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("c")
        target = data_dir / "coach-calendar.ics"
        for _ in range(50):
            if target.exists():
                break
            await pilot.pause(0.05)
        told = notification_texts(app)
        assert any(str(target) in m and "calendar" in m for m in told), told
    assert target.stat().st_mode & 0o777 == 0o600
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    follow_ups = [r for r in _disk(data_dir)["answers"]["strategy/people"] if r.get("follow_up")]
    assert sum(str(e["UID"]).startswith("follow-up-") for e in events) == len(follow_ups)


async def test_saving_goes_on_after_the_calendar_was_saved(
    make_app: MakeApp, data_dir: Path
) -> None:
    """`c` writes the .ics and nothing else: a tick after it is on disk while the coach
    runs, and quitting does not hang (the calendar once closed the saving thread for good,
    so every later change was lost)."""
    from coach.tui.widgets.checklist import Checklist
    from coach.tui.widgets.step_view import StepView

    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        await pilot.press("c")
        target = data_dir / "coach-calendar.ics"
        await wait_for(pilot, target.exists, what="the calendar is saved")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="the step")
        checklist = app.screen.query_one(Checklist)
        await wait_for(pilot, lambda: app.focused is checklist, what="the checklist")
        step = app.screen.query_one(StepView).step_id
        before = set(_disk(data_dir).get("ticks", {}))
        await pilot.press("space")
        await wait_for(
            pilot,
            lambda: set(_disk(data_dir).get("ticks", {})) - before,
            what="the tick on disk while the coach runs",
        )
        new = set(_disk(data_dir)["ticks"]) - before
        assert len(new) == 1 and new.pop().startswith(f"{step}/"), new

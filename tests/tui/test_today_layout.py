"""How Today is laid out: the width and the rows it has, long names and titles wrapped
under their text, what comes above what."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import OptionList

from coach.data.store import Store
from coach.i18n import short_date
from coach.tui.screens.today_screen import TodayScreen
from tui.conftest import MakeApp, Shown, on, shows, start, wait_for
from tui.today_helpers import days, seed


async def test_nothing_due_on_a_wide_screen_uses_its_whole_width(
    make_app: MakeApp, shown: Shown
) -> None:
    """At 120x40 the empty list of people kept the left three fifths of the screen, and the
    idea for the day sat squeezed in the right column."""
    app = make_app()
    app.progress.welcome_seen = True
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("t")
        await wait_for(pilot, shows(app, "Nothing is due today. One small idea:"), "Today")
        line = next(x for x in shown(app).splitlines() if "Nothing is due today" in x)
        assert line.index("Nothing is due today") < 4, line


async def test_long_quiet_list_is_cut_kindly(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    seed(data_dir, quiet=9)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        text = shown(app) + "\n".join(
            str(o.prompt) for o in app.screen.query_one("#today-people", OptionList).options
        )
        assert "and 5 more" in text
        assert "neglect" not in text.lower()


async def test_the_list_grows_into_rows_left_empty_below_it(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """At 80x24 long next steps filled the list's 60% and cut the next days' follow-up off
    (its heading shown, nothing under it) above empty rows."""
    progress = seed(data_dir)
    long_step = "Ask about the talk on supply chains and send the slides, then suggest coffee"
    people = progress.answers["strategy/people"]
    for record in people:
        record["next_step"] = long_step
    people[2]["follow_up"] = days(3)  # Cleo: in the next 7 days
    people += [
        {"id": f"p-x{n}", "name": f"Extra {n}", "follow_up": days(0), "next_step": long_step}
        for n in range(3)
    ]
    progress.answers["strategy/people"] = [p for p in people if p["id"] != "p-dora"]
    progress.answers["fun/offline_events"] = []
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await wait_for(pilot, shows(app, "Cleo Future"), "the next days' follow-up shown")
        listing = app.screen.query_one("#today-people", OptionList)
        whole = lambda: listing.size.height == listing.virtual_size.height  # noqa: E731
        await wait_for(pilot, whole, "every line of the list shown, none cut off")
        assert listing.size.height > 24 * 6 // 10, "grown past its 60%"


async def test_nobody_to_get_back_to_is_said_above_whats_coming(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """ "Nobody to get back to right now" stood below the follow-ups of the next days, as if
    about them (a German new user's trial); and the events' days are in words there too."""
    progress = seed(data_dir)
    for record in progress.answers["strategy/people"]:
        if record.get("follow_up", "") <= days(0):
            record["follow_up"] = days(3)  # nobody due, Ada and Ben in three days
        record.pop("closeness", None)  # nobody to get back in touch with either
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await wait_for(pilot, on(app, TodayScreen), "Today")
        await wait_for(pilot, lambda: "Nobody to get back to" in shown(app), "said")
        text = shown(app)
        assert text.index("Nobody to get back to") < text.index("Follow-ups in the next 7 days")
        event_day = short_date(dt.date.fromisoformat(days(5)), "en")
        assert f"• {event_day}  Meetup in Köln" in text


async def test_a_long_event_wraps_under_its_title_not_under_the_bullet(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """What's coming at 60 columns: an event whose title takes two rows goes on under the
    title, as the follow-ups above it do (it went on at the left edge, under the bullet)."""
    progress = seed(data_dir)
    title = "Regional meetup of people who work in developer relations and documentation"
    progress.answers["fun/offline_events"] = [{"id": "e-1", "name": title, "date": days(5)}]
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(60, 40)) as pilot:
        await start(pilot)
        await wait_for(pilot, lambda: "Regional meetup" in shown(app), "the event")
        lines = shown(app).splitlines()
        first = next(n for n, line in enumerate(lines) if "Regional meetup" in line)
        start_col = lines[first].index("• ") + 2
        assert lines[first + 1][:start_col].strip() == "", lines[first : first + 2]
        assert lines[first + 1][start_col:].strip(), "the title goes on in the next row"

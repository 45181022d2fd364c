"""Today after the seven steps (issue 22): what's coming, planned posts ticked off, a cursor
that stops at the ends and keeps its place, the habit's sparkline, the courage record, and
coming back after a gap with its three ways."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from textual.widgets import OptionList, SelectionList

from coach.data.book import Book
from coach.data.progress import now
from coach.tui.dialogs.log_dialog import LogContactScreen
from coach.tui.screens.catch_up_screen import FocusScreen, LetGoScreen, SpreadScreen
from coach.tui.screens.today_screen import TodayScreen
from coach.tui.textual_private import notification_texts
from tui.conftest import MakeApp, Shown, wait_for
from tui.today_helpers import TODAY, days, seed


def _disk(data_dir):
    return Book(data_dir).load().to_doc(export=True)


def _record(data_dir, pid):
    return next(r for r in _disk(data_dir)["answers"]["strategy/people"] if r["id"] == pid)


def _listing(app) -> OptionList:
    return app.screen.query_one("#today-people", OptionList)


def describe_undo(app) -> str:
    from coach.application.words import describe

    done = app.session.next_undo()
    return describe(done.do, done.say) if done is not None else ""


async def _today(app, pilot) -> None:
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, TodayScreen) and _listing(app).option_count > 0,
        what="Today",
    )


def _gone_for(data_dir, n: int = 10, *, overdue: int = 0, **extra: object) -> None:
    """Seeded, last changed ``n`` days ago, with ``overdue`` more people long overdue."""
    progress = seed(data_dir, **extra)  # type: ignore[arg-type]
    progress.answers["strategy/people"] += [
        {"id": f"p-late{i}", "name": f"Late {i:02d}", "circle": "colleagues",
         "follow_up": days(-30 - i), "next_step": "Say hello"}
        for i in range(overdue)
    ]  # fmt: skip
    progress.updated_at = now() - dt.timedelta(days=n)
    from coach.data.store import Store

    Store(data_dir).save(progress)


async def test_the_cursor_stops_at_the_ends(make_app, data_dir):
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        listing = _listing(app)
        first = listing.highlighted
        assert first is not None and listing.get_option_at_index(first).id == "p-ada"
        await pilot.press("up")
        await wait_for(pilot, lambda: listing.highlighted == first, what="stays on top")
        for _ in range(listing.option_count + 2):
            await pilot.press("down")
        last = max(
            i for i in range(listing.option_count) if not listing.get_option_at_index(i).disabled
        )
        await wait_for(pilot, lambda: listing.highlighted == last, what="stops at the bottom")
        await pilot.press("down")
        assert listing.highlighted == last


async def test_coming_up_and_a_planned_post_ticked_off(make_app, data_dir, shown):
    seed(data_dir)
    from coach.data.store import Store

    store = Store(data_dir)
    progress = store.load()
    progress.answers["strategy/people"][2]["follow_up"] = days(3)  # Cleo: in 3 days
    progress.answers["posting/posts"] = [{"id": "post-1", "topic": "What tickets taught me",
                                          "planned_on": days(2)}]  # fmt: skip
    store.save(progress)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        text = shown(app)
        assert "Follow-ups in the next 7 days" in text and "Cleo Future" in text
        assert "What tickets taught me" in text
        listing = _listing(app)
        listing.highlighted = listing.get_option_index("post:post-1")
        await pilot.press("space")
        await wait_for(
            pilot, lambda: "What tickets taught me" not in shown(app), what="the post ticked off"
        )
        posts = _disk(data_dir)["answers"]["posting/posts"]
        assert posts[0]["posted_on"] == TODAY.isoformat() and posts[0]["status"] == "posted"


async def test_undoing_a_post_ticked_off_puts_the_cursor_back_on_it(make_app, data_dir):
    """It stayed on the post below (where the ticked one had gone from): the next space
    marked that one posted."""
    seed(data_dir)
    from coach.data.store import Store

    store = Store(data_dir)
    progress = store.load()
    progress.answers["posting/posts"] = [
        {"id": "post-1", "topic": "What tickets taught me", "planned_on": days(2)},
        {"id": "post-2", "topic": "A tool I like", "planned_on": days(3)},
    ]
    store.save(progress)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        listing = _listing(app)
        listing.highlighted = listing.get_option_index("post:post-1")
        await pilot.press("space")
        await wait_for(
            pilot, lambda: "post:post-1" not in _ids(listing), what="the post ticked off"
        )
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == "post:post-2"  # the row below, in place
        await pilot.press("u")
        await wait_for(pilot, lambda: "post:post-1" in _ids(listing), what="the post back")
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == "post:post-1"


def _ids(listing: OptionList) -> list[str | None]:
    return [listing.get_option_at_index(i).id for i in range(listing.option_count)]


async def test_the_cursor_keeps_its_place_after_a_snooze_and_a_log(make_app, data_dir):
    _gone_for(data_dir, 0, overdue=3)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        listing = _listing(app)
        listing.highlighted = listing.get_option_index("p-late1")
        place = listing.highlighted
        await pilot.press("z")
        await wait_for(pilot, lambda: _record(data_dir, "p-late1")["follow_up"] == days(7))
        assert listing.highlighted == place
        option = listing.highlighted_option
        assert option is not None and option.id != "p-late1"
        moved_to = option.id
        await pilot.press("l")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, LogContactScreen) and app.screen.query("#log-save"),
        )
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: moved_to not in [o.id for o in _listing(app).options],
            what="the logged person off the list",
        )
        assert _listing(app).highlighted == place


async def test_the_sparkline_shows_twelve_weeks(make_app, data_dir, shown):
    progress = seed(data_dir)
    progress.contacts.append({"id": "c-w", "person": "p-dora", "date": days(-8), "kind": "call"})
    from coach.data.store import Store

    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        assert "Last 12 weeks" in shown(app)


async def test_the_courage_record_after_five_pairs(make_app, data_dir, shown):
    progress = seed(data_dir)
    for i in range(5):
        progress.contacts.append({"id": f"c-p{i}", "person": "p-dora", "date": days(-i * 7),
                                  "kind": "call", "expected": 6, "felt": 3})  # fmt: skip
    from coach.data.store import Store

    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        assert "You expected 6 on average; it felt like 3." in shown(app)


async def test_coming_back_after_a_gap_greets_and_spreads(make_app, data_dir, shown):
    _gone_for(data_dir, 10, overdue=9)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        text = shown(app)
        assert "Welcome back" in text and "overdue" not in text
        assert "and 6 more, all on the people screen" in text
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, SpreadScreen))
        assert "get new dates" in shown(app)
        # Every new date before anything is saved (it said "and 6 more, on the people
        # screen", where the new dates are not until they are saved).
        lines = shown(app).splitlines()
        for i in range(9):  # each with its new date on its line
            (line,) = [x for x in lines if f"Late {i:02d}" in x]
            assert re.search(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ ", line), line
        assert "people screen" not in shown(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        late = [r for r in _disk(data_dir)["answers"]["strategy/people"]
                if r.get("follow_up") and r["follow_up"] < TODAY.isoformat()]  # fmt: skip
        assert late == []
        await wait_for(pilot, lambda: "Welcome back" not in shown(app), what="greeting gone")
        await pilot.press("u")  # the spread taken back: the late ones, the greeting, w g f
        await wait_for(pilot, lambda: "Welcome back" in shown(app), what="greeting back")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, SpreadScreen), what="w offered")


async def test_the_spread_says_when_its_list_goes_on_below(make_app, data_dir, shown):
    """A week-eight trial: "10 follow-ups get new dates" over seven names at 80x24, the
    other three found only by scrolling a list whose thin bar went unseen."""
    _gone_for(data_dir, 10, overdue=12)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _spread_open(app, pilot)
        await wait_for(pilot, lambda: "More below: ↓ scrolls" in shown(app), "the hint")
        await pilot.press(*["down"] * 12)  # (from the buttons: Tab went to Cancel first)
        await wait_for(pilot, lambda: "Late 00" in shown(app), "the list's end (the latest date)")
        await wait_for(pilot, lambda: "More below" not in shown(app), "no more below")
    roomy = make_app()
    async with roomy.run_test(size=(120, 50)) as pilot:
        await _spread_open(roomy, pilot)
        await wait_for(pilot, lambda: "Late 11" in shown(roomy), "every name")
        assert "More below" not in shown(roomy)


async def test_let_some_go_keeps_its_title_and_hint_in_sight_at_80x24(make_app, data_dir, shown):
    """With thirteen waiting the dialog opened scrolled down to its list: the title and the
    one line that says space picks were above the screen."""
    _gone_for(data_dir, 10, overdue=13)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _today(app, pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, LetGoScreen), what="let go")
        await wait_for(pilot, lambda: "Let some go" in shown(app), what="the title")
        assert "(space)" in shown(app)


async def _spread_open(app, pilot) -> None:
    await _today(app, pilot)
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, SpreadScreen), what="the spread")


async def test_nothing_due_is_said_once(make_app, data_dir, shown):
    """A week-eight trial after a catch-up: "Nobody to get back to right now." and
    "Nothing is due today. One small idea:" one under the other."""
    progress = seed(data_dir)
    progress.answers.pop("fun/offline_events")  # nothing coming up: an idea is offered
    for record in progress.answers["strategy/people"]:
        record.pop("follow_up", None)
    progress.contacts = [
        {"id": f"c-{r['id']}", "person": r["id"], "date": days(-1), "kind": "call"}
        for r in progress.answers["strategy/people"]
    ]
    from coach.data.store import Store

    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        app.action_today()
        await wait_for(pilot, lambda: "Nothing is due today" in shown(app), "the idea")
        assert "Nobody to get back to" not in shown(app)


async def _let_the_first_go(app, pilot) -> None:
    """Today, then g: Late 00 picked in the list and let go (ctrl+s), back on Today."""
    await _today(app, pilot)
    await pilot.press("g")
    await wait_for(pilot, lambda: isinstance(app.screen, LetGoScreen))
    app.screen.query_one(SelectionList).select("p-late0")
    await pilot.press("ctrl+s")  # enter picks in the list, as space does: ctrl+s saves
    await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))


async def test_coming_back_let_some_go_and_one_at_a_time(make_app, data_dir, shown):
    _gone_for(data_dir, 10, overdue=2)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _let_the_first_go(app, pilot)
        assert "follow_up" not in _record(data_dir, "p-late0")
        assert any("(u takes it back)" in m for m in notification_texts(app)), "said, with u"
        assert app.session.next_undo() is not None
        assert describe_undo(app) == "let the follow-up with Late 00 go"  # not "spread"
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FocusScreen))
        await wait_for(pilot, lambda: "1 of 2" in shown(app))
        first = app.screen.person.id
        await pilot.press("z")
        await wait_for(pilot, lambda: "2 of 2" in shown(app))
        assert _record(data_dir, first)["follow_up"] == days(7)
        assert any("comes back on" in text for text in notification_texts(app)), "said"
        await pilot.press("u")  # u in the dialog too: back to the one it took back
        await wait_for(pilot, lambda: "1 of 2" in shown(app), what="back to the first")
        assert _record(data_dir, first)["follow_up"] != days(7)
        await pilot.press("U")  # what u's notice offers: the snooze again, and on
        await wait_for(pilot, lambda: "2 of 2" in shown(app), what="redone, on to the next")
        assert _record(data_dir, first)["follow_up"] == days(7)
        await pilot.press("u")  # and u takes the redone snooze back, here too
        await wait_for(pilot, lambda: "1 of 2" in shown(app), what="back to the first again")
        assert _record(data_dir, first)["follow_up"] != days(7)
        await pilot.press("z")
        await wait_for(pilot, lambda: "2 of 2" in shown(app))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))


async def test_u_in_one_at_a_time_redoes_only_its_own_undo(make_app, data_dir, shown):
    """One at a time: a snooze, u there, then an undo in a shell (the let-go made on
    Today): U in the dialog made that shell's undo again and moved on as if the snooze
    were back (a review of the diff); it says the newest undo was not made here."""
    from coach.application.session import Session
    from coach.data import paths

    _gone_for(data_dir, 10, overdue=2)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _let_the_first_go(app, pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: "1 of 2" in shown(app))
        first = app.screen.person.id
        await pilot.press("z")
        await wait_for(pilot, lambda: "2 of 2" in shown(app))
        await pilot.press("u")
        await wait_for(pilot, lambda: "1 of 2" in shown(app))
        assert Session(data_dir, paths.bundled_content_dir()).undo() is not None  # the let-go
        await pilot.press("U")
        said = "The newest undo was not made here"
        await wait_for(pilot, lambda: any(said in m for m in notification_texts(app)), "said")
        assert "1 of 2" in shown(app)
        assert _record(data_dir, first)["follow_up"] != days(7)
        assert "follow_up" in _record(data_dir, "p-late0"), "the shell's undo stands"


async def _one_at_a_time(app, pilot, shown) -> FocusScreen:
    """From Today, catch-up's one at a time (f), on its first person."""
    await _today(app, pilot)
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(app.screen, FocusScreen))
    await wait_for(pilot, lambda: "1 of " in shown(app))
    assert isinstance(app.screen, FocusScreen)
    return app.screen


async def test_one_at_a_time_passes_over_someone_changed_in_another_shell(
    make_app, data_dir, shown
):
    """A follow-up set from the shell while the dialog showed that person: g let them go on
    what the screen still said, and the new date was lost."""
    from coach.application.session import Session
    from coach.domain import people

    _gone_for(data_dir, 10, overdue=3)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _one_at_a_time(app, pilot, shown)
        assert screen.person is not None
        first = screen.person
        shell = Session.from_options(str(data_dir), None, "en")
        again = people.by_id(shell.course, shell.progress, first.id)
        assert again is not None
        shell.set_follow_up(again, TODAY + dt.timedelta(days=14))
        await pilot.press("g")  # at once (the app's own look for changes may come first)
        await wait_for(
            pilot,
            lambda: any("Changed meanwhile" in text for text in notification_texts(app)),
            what="on to the next one, said",
        )
        assert _record(data_dir, first.id)["follow_up"] == days(14), "the shell's date stays"
        assert screen.person is None or screen.person.id != first.id


async def test_u_one_at_a_time_takes_back_only_its_own_change(make_app, data_dir, shown):
    """A contact logged in the shell after a snooze here was the newest change: u here took
    it back (the shell's contact gone) and went back a person as if it were its own."""
    from coach.application.session import Session
    from coach.domain import people

    _gone_for(data_dir, 10, overdue=3)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _one_at_a_time(app, pilot, shown)
        await pilot.press("z")
        await wait_for(pilot, lambda: "2 of " in shown(app))
        shell = Session.from_options(str(data_dir), None, "en")
        cleo = people.by_id(shell.course, shell.progress, "p-cleo")
        assert cleo is not None
        shell.log_contact(cleo, on=TODAY, kind="message", note="from the shell")
        app.look_for_changes()
        await pilot.press("u")
        await wait_for(
            pilot,
            lambda: any("not made here" in text for text in notification_texts(app)),
            what="said, nothing taken back",
        )
        assert "2 of " in shown(app)
        assert [c for c in Session.from_options(str(data_dir), None, "en").history()
                if c.get("note") == "from the shell"], "the shell's contact stays"  # fmt: skip


async def test_the_cursor_keeps_its_place_after_the_end_of_a_break(make_app, data_dir):
    from coach.tui.dialogs.pause_dialog import PauseScreen

    _gone_for(data_dir, 0, overdue=3)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        listing = _listing(app)
        listing.highlighted = listing.get_option_index("p-late1")
        place = listing.highlighted
        await pilot.press("b")
        await wait_for(
            pilot, lambda: isinstance(app.screen, PauseScreen) and app.screen.query("#pause-start")
        )
        await pilot.click("#pause-start")
        await wait_for(pilot, lambda: app.screen.agenda.paused_until is not None, what="on a break")
        await pilot.press("b")
        await wait_for(
            pilot, lambda: isinstance(app.screen, PauseScreen) and app.screen.query("#pause-end")
        )
        await pilot.click("#pause-end")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, TodayScreen)
                and app.screen.agenda is not None
                and app.screen.agenda.paused_until is None
            ),
        )
        await wait_for(pilot, lambda: _listing(app).highlighted == place, what="the same row")
        assert getattr(_listing(app).highlighted_option, "id", None) == "p-late1"
        # and the list has the keys again (hidden for the break, it had lost the focus:
        # up and down did nothing, and l and z went to a person the dim cursor was on)
        await wait_for(pilot, lambda: _listing(app).has_focus, what="the list's focus back")
        await pilot.press("tab")  # away, to the scrolling body (it shows no focus)
        await wait_for(pilot, lambda: not _listing(app).has_focus, what="tabbed away")
        app.screen.fill(in_place=True)  # what a change (a break taken back, say) does
        await wait_for(pilot, lambda: _listing(app).has_focus, what="the list's keys again")


async def test_the_today_the_coach_opens_on_leaves_out_who_was_let_go(
    make_app: MakeApp, data_dir: Path, shown: Shown
) -> None:
    """Dora (close, last in touch 100 days ago) was let go: Today opened again with t left
    her out of "It's been a while", the Today the coach opens on did not."""
    from coach.application.session import Session

    seed(data_dir)  # Ada overdue: the coach opens on Today
    session = Session.from_options(str(data_dir), None, "en")
    session.move_follow_ups({"p-dora": TODAY + dt.timedelta(days=3)})
    session.move_follow_ups({"p-dora": None})
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: "Ada Lovelace" in shown(app), "Today, first")
        assert isinstance(app.screen, TodayScreen)
        assert "Dora Quiet" not in shown(app)


async def test_the_ways_to_catch_up_work_without_a_gap_too(make_app, data_dir, shown):
    """w, g and f did nothing, silently, unless Today had greeted the user back after a gap
    (the help lists them): with follow-ups overdue they open, with none they say so."""
    _gone_for(data_dir, 0)  # in use today: no greeting, Ada five days overdue
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _today(app, pilot)
        assert "Welcome back" not in shown(app)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, LetGoScreen), what="g opens")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="back")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, SpreadScreen), what="w opens")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="spread")
        await pilot.press("f")
        said = "Nothing is waiting: no follow-up lies in the past."
        await wait_for(pilot, lambda: said in notification_texts(app), what="f says so")

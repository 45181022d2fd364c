"""Next steps that stay true, from the log dialog (issue 22): the next small step is asked
(pre-filled: saving keeps it), a follow-up planned ahead is kept, a past one is asked about,
and "how was it" / "how uneasy" are saved when given and never required."""

from __future__ import annotations

from coach.data.book import Book
from coach.domain import people
from coach.tui.dialogs.common import ConfirmScreen
from coach.tui.dialogs.log_dialog import LogContactScreen
from tui.conftest import wait_for
from tui.today_helpers import days, seed


def _disk(data_dir):
    return Book(data_dir).load().to_doc(export=True)


def _record(data_dir, pid):
    return next(r for r in _disk(data_dir)["answers"]["strategy/people"] if r["id"] == pid)


async def _open(app, pilot, pid):
    results: list = []
    person = people.by_id(app.course, app.progress, pid)
    assert person is not None
    app.push_screen(LogContactScreen(person), results.append)
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, LogContactScreen) and app.screen.query("#log-save"),
        what="the dialog",
    )
    return results


async def test_the_next_step_is_prefilled_and_kept_and_a_planned_date_stays(
    make_app, data_dir, shown
):
    seed(data_dir)
    progress_people = _disk(data_dir)["answers"]["strategy/people"]
    assert any(p["id"] == "p-cleo" for p in progress_people)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        cleo = people.by_id(app.course, app.progress, "p-cleo")
        app.session.set_next_step(cleo, "Ask for 20 min")
        results = await _open(app, pilot, "p-cleo")
        assert app.screen.query_one("#log-step").value == "Ask for 20 min"
        assert app.screen.query_one("#log-next").value == days(10), "planned ahead: kept"
        assert "Kept your planned" in shown(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: results, what="the dialog closing")
        cleo = _record(data_dir, "p-cleo")
        assert cleo["follow_up"] == days(10) and cleo["next_step"] == "Ask for 20 min"


async def test_a_new_step_with_how_uneasy_and_how_it_felt(make_app, data_dir):
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        results = await _open(app, pilot, "p-ada")
        app.screen.query_one("#log-step").value = "Invite her to the meetup"
        app.screen.query_one("#log-uneasy").value = "6"
        app.screen.query_one("#log-felt").value = "2"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: results, what="the dialog closing")
        ada = _record(data_dir, "p-ada")
        assert ada["next_step"] == "Invite her to the meetup" and ada["expected"] == 6
        assert _disk(data_dir)["contacts"][-1]["felt"] == 2
        # The next contact carries how the step looked beforehand.
        results = await _open(app, pilot, "p-ada")
        app.screen.query_one("#log-felt").value = "3"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: results, what="the dialog closing")
        contact = _disk(data_dir)["contacts"][-1]
        assert contact["expected"] == 6 and contact["felt"] == 3


async def test_an_odd_felt_is_said_and_nothing_saved(make_app, data_dir, shown):
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open(app, pilot, "p-ada")
        app.screen.query_one("#log-felt").value = "12"
        before = len(_disk(data_dir)["contacts"])
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "A number from 0 to 10" in shown(app), what="the error")
        # Two 0-10 fields, the message below both: it names the one it is about.
        assert "How hard was it? A number from 0 to 10" in shown(app)
        assert isinstance(app.screen, LogContactScreen)
        assert len(_disk(data_dir)["contacts"]) == before


async def test_a_past_follow_up_is_asked_about(make_app, data_dir, shown):
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        results = await _open(app, pilot, "p-ada")
        app.screen.query_one("#log-next").value = days(-3)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        assert "in the past" in shown(app)
        await pilot.press("escape")  # no: back to the dialog, nothing saved
        await wait_for(pilot, lambda: isinstance(app.screen, LogContactScreen), what="back")
        assert not results
        assert _record(data_dir, "p-ada")["follow_up"] == days(-5)

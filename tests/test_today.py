"""Today from the command line: ``coach today`` (``coach log``: test_log_cli.py), and the
agenda it shares with the sheet and the UI.

Each test builds a saved state around a fixed "today" (set in-process), runs the real CLI
and checks what a user would see: who is due, in which order, what logging changes on disk.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from today_cli_helpers import PEOPLE, POSTS, TODAY, day, person, save, state, today_json

from coach import dates
from coach.application.session import Session
from coach.cli import today_cli
from coach.content.loader import load_course
from coach.data import merge, merge_meta, paths
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain import agenda, people


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def test_due_and_overdue_follow_ups_oldest_first(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    data = today_json(run_cli)
    assert data["date"] == TODAY.isoformat()
    assert [(f["person"], f["due"], f["overdue"]) for f in data["follow_ups"]] == [
        ("Jana Krüger", day(-7), True),
        ("Tom Weber", day(0), False),
    ]
    assert data["follow_ups"][0]["next_step"] == "Ask"


def test_reconnect_follows_the_rhythm_of_closeness(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    reconnect = {r["person"]: r["last_contact"] for r in today_json(run_cli)["reconnect"]}
    assert reconnect["Sam Okafor"] == day(-100)  # warm: 90 days, last 100 days ago
    assert "Lea Braun" not in reconnect  # in touch three days ago
    assert "Imported Person" not in reconnect  # no closeness: no rhythm
    assert "Priya Natarajan" not in reconnect  # a follow-up is already planned


def test_a_follow_up_let_go_restarts_the_rhythm(
    run_cli: Any, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone whose follow-up was let go while catching up is not listed under "It's been
    a while" at once (the same nag in other words): their rhythm counts from that day."""
    state(coach_home)
    noon = dt.datetime.combine(TODAY, dt.time(12)).timestamp()
    monkeypatch.setattr(merge_meta, "wall_ms_now", lambda: int(noon * 1000))
    session = Session(coach_home, paths.bundled_content_dir())
    session.move_follow_ups({"p-old": TODAY + dt.timedelta(days=3)})  # planned, then let go
    session.move_follow_ups({"p-old": None})
    assert session.let_go_days() == {"p-old": TODAY}
    assert "Sam Okafor" not in {r["person"] for r in today_json(run_cli)["reconnect"]}
    monkeypatch.setattr(dates, "local_today", lambda: TODAY + dt.timedelta(days=91))
    back = {r["person"]: r["last_contact"] for r in today_json(run_cli)["reconnect"]}
    assert back["Sam Okafor"] == day(-100)  # warm: 90 days after letting go, said as it was


def test_a_let_go_day_goes_with_an_export(
    run_cli: Any, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day someone was let go is in their entry: on another computer (a new data
    folder) Sam is not under "It's been a while" the day after the import, and comes back
    90 days after the day he was let go, as he would have at home."""
    state(coach_home)
    session = Session(coach_home, paths.bundled_content_dir())
    session.move_follow_ups({"p-old": TODAY + dt.timedelta(days=3)})  # planned, then let go
    session.move_follow_ups({"p-old": None})
    assert Session(coach_home, paths.bundled_content_dir()).let_go_days() == {"p-old": TODAY}
    export = tmp_path / "export.json"
    assert run_cli("export", "-o", export).code == 0
    monkeypatch.setattr(dates, "local_today", lambda: TODAY + dt.timedelta(days=10))
    other = tmp_path / "other-computer"
    assert run_cli("import", export, home=other).code == 0
    assert Session(other, paths.bundled_content_dir()).let_go_days() == {"p-old": TODAY}
    assert "Sam Okafor" not in {r["person"] for r in today_json(run_cli, home=other)["reconnect"]}
    monkeypatch.setattr(dates, "local_today", lambda: TODAY + dt.timedelta(days=91))
    back = {r["person"] for r in today_json(run_cli, home=other)["reconnect"]}
    assert "Sam Okafor" in back


def test_taking_back_a_logged_contact_lets_no_one_go(run_cli: Any, coach_home: Path) -> None:
    """Sam is under "It's been a while"; a contact with him logged (a follow-up set by his
    rhythm) and taken back with undo: he is there again, not let go until next time (a
    week-eight user's trial: the undo's cleared date counted as letting him go)."""
    state(coach_home)
    assert "Sam Okafor" in {r["person"] for r in today_json(run_cli)["reconnect"]}
    assert run_cli("log", "sam", "--note", "coffee").code == 0
    assert "Sam Okafor" not in {r["person"] for r in today_json(run_cli)["reconnect"]}
    assert run_cli("undo", "--yes").code == 0
    assert "Sam Okafor" in {r["person"] for r in today_json(run_cli)["reconnect"]}
    assert Session(coach_home, paths.bundled_content_dir()).let_go_days() == {}


def test_someone_let_go_by_an_earlier_build_stays_let_go(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few builds of this round kept the day someone was let go only as the stamp of
    that change (a review of the diff: after upgrading they were back under "It's been a
    while"): this device's let-go operations still say the day."""
    state(coach_home)
    noon = dt.datetime.combine(TODAY, dt.time(12)).timestamp()
    for clock in (merge_meta, merge):
        monkeypatch.setattr(clock, "wall_ms_now", lambda: int(noon * 1000))
    session = Session(coach_home, paths.bundled_content_dir())
    session.move_follow_ups({"p-old": TODAY + dt.timedelta(days=3)})
    path = ["f", PEOPLE, "p-old", "follow_up"]
    session.book.commit("let_go", [(path, None)], {"count": 1})  # as those builds did
    assert Session(coach_home, paths.bundled_content_dir()).let_go_days() == {"p-old": TODAY}


def test_clearing_a_follow_up_in_the_form_lets_go_and_its_undo_does_not(
    coach_home: Path,
) -> None:
    state(coach_home)
    session = Session(coach_home, paths.bundled_content_dir())
    session.change_person("p-later", {"follow_up": None})
    assert session.let_go_days() == {"p-later": TODAY}
    assert session.undo() is not None
    assert session.let_go_days() == {}


def test_a_rhythm_starts_with_the_first_contact(run_cli: Any, coach_home: Path) -> None:
    """Someone close but never contacted is new, not someone it has been a while with; a
    yearly tier keeps someone out of Today for almost a year."""
    save(
        coach_home,
        strategy__people=[
            person("p-never", "Nina Never", closeness="close"),
            person("p-year", "Yara Yearly", closeness="yearly"),
            person("p-nowandthen", "Otto Seldom", closeness="now_and_then"),
        ],
    )
    progress = Book(coach_home).load()
    progress.contacts = [
        {"id": "c1", "person": "p-year", "date": day(-300), "kind": "message"},
        {"id": "c2", "person": "p-nowandthen", "date": day(-2000), "kind": "message"},
    ]
    Store(coach_home).save(progress)
    assert today_json(run_cli)["reconnect"] == []
    progress.contacts.append({"id": "c3", "person": "p-never", "date": day(-31), "kind": "call"})
    Store(coach_home).save(progress)
    assert [r["person"] for r in today_json(run_cli)["reconnect"]] == ["Nina Never"]


def test_events_and_posts_of_the_next_two_weeks(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    data = today_json(run_cli)
    assert data["events"] == [{"name": "UX meetup", "date": day(5)}]
    assert data["posts"] == [{"topic": "What tickets taught me", "date": day(4)}]


def test_a_planned_post_not_marked_posted_still_waits(run_cli: Any, coach_home: Path) -> None:
    """A post planned for a day gone by vanished from Today the day after (a user back
    after a gap never saw it again); it waits for its tick for four weeks."""
    state(coach_home)
    progress = Book(coach_home).load()
    progress.answers[POSTS] = [
        *progress.answers[POSTS],
        {"id": "q3", "topic": "Waiting since last week", "planned_on": day(-8)},
        {"id": "q4", "topic": "Long gone", "planned_on": day(-40)},
    ]
    Store(coach_home).save(progress)
    topics = [p["topic"] for p in today_json(run_cli)["posts"]]
    assert topics == ["Waiting since last week", "What tickets taught me"]
    text = run_cli("today").out
    waiting = text.index("Planned posts not marked as posted yet")
    assert waiting < text.index("Waiting since last week") < text.index("Coming up")
    assert "Long gone" not in text


def test_week_counts_contacts_and_posts_against_the_target(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)  # Friday: a call on Tuesday, a contact on Thursday, a post on Thursday
    week = today_json(run_cli)["week"]
    assert week == {"done": 3, "target": 2}  # the content's default target


def test_a_contact_for_a_later_day_counts_once_its_day_has_come(
    run_cli: Any, coach_home: Path
) -> None:
    """A contact logged for a later day of this week (the UI asks, then logs it) counted in
    ``weeks`` already and in ``week`` not yet: both count this week up to today."""
    contacts = [
        {"id": "c1", "person": "p-old", "date": day(-1), "kind": "call"},
        {"id": "c2", "person": "p-old", "date": day(1), "kind": "call"},  # Saturday
    ]
    state(coach_home, contacts)
    data = today_json(run_cli)
    assert data["weeks"][-1] == 1
    assert data["week"]["done"] == 2  # that contact and Thursday's post


def test_the_users_own_weekly_target_wins(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, posting__weekly_target=5)
    assert today_json(run_cli)["week"]["target"] == 5


def test_a_pause_makes_nothing_due(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    progress = Book(coach_home).load()
    progress.pause_until = day(10)
    Store(coach_home).save(progress)
    data = today_json(run_cli)
    assert data["follow_ups"] == [] and data["reconnect"] == []
    assert data["paused_until"] == day(10)
    text = run_cli("today").out
    assert "break" in text and "overdue" not in text


def test_a_break_brings_no_small_idea(run_cli: Any, coach_home: Path) -> None:
    """Nothing due gives one small idea; on a break nothing is asked, not even that."""
    assert today_json(run_cli)["suggestion"]
    progress = Book(coach_home).load()
    progress.pause_until = day(10)
    Store(coach_home).save(progress)
    data = today_json(run_cli)
    assert data["paused_until"] == day(10) and data["suggestion"] is None
    assert "small idea" not in run_cli("today").out


def test_nothing_due_gives_one_suggestion(run_cli: Any, coach_home: Path) -> None:
    data = today_json(run_cli)
    assert data["follow_ups"] == data["reconnect"] == data["events"] == data["posts"] == []
    assert data["suggestion"]
    assert data["suggestion"] in run_cli("today").out


def test_plain_text_names_the_overdue_person_without_escape_codes(
    run_cli: Any, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    state(coach_home)
    result = run_cli("today")
    assert result.code == 0
    assert "Jana Krüger — planned for Fri 20 Nov" in result.out and "overdue" not in result.out
    assert "\x1b" not in result.out
    assert result.out.index("Jana Krüger") < result.out.index("Tom Weber")


def test_today_in_german(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    out = run_cli("--lang", "de", "today").out
    assert "geplant für Fr 20. Nov." in out and "Schon eine Weile her" in out


def test_renaming_keeps_the_history(coach_home: Path) -> None:
    course = load_course(FIXTURES.parent.parent / "content")
    state(coach_home)
    progress = Book(coach_home).load()
    records = progress.answers[PEOPLE]
    records[3] = {**records[3], "name": "Samuel Okafor"}
    progress.set_answer(PEOPLE, records)
    sam = people.find(course, progress, "Samuel")[0]
    assert sam.id == "p-old" and sam.last_contact == TODAY - dt.timedelta(days=100)


def test_new_records_get_ids_and_keep_them(coach_home: Path) -> None:
    progress = Progress()
    progress.set_answer(PEOPLE, [{"name": "Ada"}, {"name": "Bo"}])
    ids = [r["id"] for r in progress.answers[PEOPLE]]
    assert len(set(ids)) == 2 and all(re.fullmatch(r"[0-9a-f]{12}", i) for i in ids)
    progress.set_answer(PEOPLE, [*progress.answers[PEOPLE], {"name": "Cy"}])
    assert [r["id"] for r in progress.answers[PEOPLE]][:2] == ids


def test_render_today_matches_the_agenda(coach_home: Path) -> None:
    course = load_course(FIXTURES.parent.parent / "content")
    state(coach_home)
    a = agenda.today(course, Book(coach_home).load(), TODAY, "en", None)
    text = today_cli.render_today(a, "en")
    assert "UX meetup" in text and "What tickets taught me" in text
    assert "Sam Okafor" in text and "about 3 months ago" in text


def test_the_sheet_shows_last_contact_overdue_and_this_week(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    assert run_cli("log", "Sam", "--on", day(-2)).code == 0
    store = Store(coach_home)
    progress = store.load()  # a follow-up that has since passed (--next refuses a past one)
    for record in progress.answers[PEOPLE]:
        if record["id"] == "p-old":
            record["follow_up"] = day(-1)
    store.save(progress)
    text = run_cli("sheet").out
    sam = text[text.index("Sam Okafor") :]
    assert f"Last contact: {day(-2)}" in sam[:400]
    assert "My plan" in text and "2 small contacts a week" in text  # the plan, not a count
    assert "The last 12 weeks" in text and "1 small contacts in 12 weeks" not in text
    html = run_cli("sheet", "--format", "html").out
    assert "Last contact" in html and "overdue" in html
    assert "<svg" in html and "<rect" in html and "stroke-dasharray" in html


def test_a_follow_up_saved_with_a_time_is_due_on_today_as_on_the_sheet(
    run_cli: Any, coach_home: Path
) -> None:
    """One reader of saved dates: a hand-edited "2026-11-20T09:00" is the 20th everywhere.
    The sheet marked it overdue while Today never listed it."""
    save(coach_home, strategy__people=[person("p-t", "Jana Krüger", follow_up=f"{day(-7)}T09:00")])
    data = today_json(run_cli)
    assert [(f["person"], f["due"], f["overdue"]) for f in data["follow_ups"]] == [
        ("Jana Krüger", day(-7), True)
    ]
    assert "overdue" in run_cli("sheet", "--format", "html").out


@pytest.mark.parametrize(
    ("lang", "option", "word", "forms"),
    [
        ("en", "--next", "tomorrow", ("2026-03-31", "+Nd", "+Nw", "none")),
        ("de", "--next", "morgen", ("31.03.2026", "+Nd", "+Nw", "keine")),
        ("en", "--on", "yesterday", ("2026-03-31", "-Nd", "-Nw")),
        ("de", "--on", "gestern", ("31.03.2026", "-Nd", "-Nw")),
    ],
)
def test_a_date_word_is_answered_with_the_forms_the_option_takes(
    run_cli: Any, coach_home: Path, lang: str, option: str, word: str, forms: tuple[str, ...]
) -> None:
    """``--next tomorrow``: one line that says what to write instead; nothing saved."""
    state(coach_home)
    before = Book(coach_home).load()
    result = run_cli("--lang", lang, "log", "Tom", option, word)
    assert result.code == 1 and result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert word in result.err and option in result.err
    for form in forms:
        assert form in result.err, form
    assert Book(coach_home).load() == before


@pytest.mark.parametrize(
    "records",
    [
        [],
        [person("a", "Ann", follow_up=day(1))],
        [person("a", "Ann", follow_up=day(0))],
        [person("a", "Ann", follow_up=f"{day(-1)}T18:00")],
        [person("a", "  ", follow_up=day(-3))],  # no name: not listed, so not due
        [{"name": "No id", "follow_up": day(-3)}],
        [person("a", "Ann", follow_up="soon"), person("b", "Bo", follow_up=day(-40))],
    ],
)
def test_the_opening_check_agrees_with_todays_follow_ups(
    coach_home: Path, records: list[dict[str, Any]]
) -> None:
    """The UI decides between Today and the steps with people.any_due (no agenda built):
    it must say "due" exactly when Today lists a follow-up."""
    course = load_course(FIXTURES.parent.parent / "content")
    progress = save(coach_home, strategy__people=records)
    listed = bool(agenda.today(course, progress, TODAY, "en", None).follow_ups)
    assert people.any_due(course, progress, TODAY) == listed


def test_a_snooze_is_a_week_after_the_follow_up_or_after_today(coach_home: Path) -> None:
    """One rule wherever ``z`` is pressed (Today, catch-up, the people list, a person's
    page): due or overdue, a week from today; still ahead, a week after its day."""
    from coach.application.session import Session

    state(coach_home)
    session = Session.from_options(str(coach_home), None, "en")
    everyone = {p.id: p for p in people.people(session.course_to_read, session.progress)}
    moved = {pid: session.snooze(everyone[pid]) for pid in ("p-late", "p-now", "p-later", "p-old")}
    assert moved == {
        "p-late": TODAY + dt.timedelta(days=7),
        "p-now": TODAY + dt.timedelta(days=7),
        "p-later": TODAY + dt.timedelta(days=12),
        "p-old": TODAY + dt.timedelta(days=7),  # no follow-up yet: a week from today
    }
    again = Book(coach_home).load().answers[PEOPLE]
    assert {r["id"]: r.get("follow_up") for r in again if r["id"] in moved} == {
        pid: when.isoformat() for pid, when in moved.items() if when is not None
    }
    logged = sorted(str(c["id"]) for c in Book(coach_home).load().contacts.entries())
    assert logged == ["c1", "c2", "c3"], "a snooze logs no contact"

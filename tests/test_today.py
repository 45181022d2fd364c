"""Today and the contact log from the command line: ``coach today`` and ``coach log``.

Each test builds a saved state around a fixed "today" (set in-process), runs the real CLI
and checks what a user would see: who is due, in which order, what logging changes on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, OTHER_CONTENT

from coach import dates
from coach.cli import today_cli
from coach.content.loader import load_course
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain import agenda, people

TODAY = dt.date(2026, 11, 27)  # a Friday
PEOPLE = "strategy/people"
EVENTS = "fun/offline_events"
POSTS = "posting/posts"


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def person(pid: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, **fields}


def save(home: Path, **answers: Any) -> Progress:
    progress = Progress(language="en")
    for key, value in answers.items():
        progress.answers[key.replace("__", "/")] = value
    Store(home).save(progress)
    return progress


def state(home: Path, contacts: list[dict[str, Any]] | None = None) -> None:
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [
        person("p-late", "Jana Krüger", circle="colleagues", follow_up=day(-7), next_step="Ask"),
        person("p-now", "Tom Weber", circle="field", closeness="loose", follow_up=day(0)),
        person("p-later", "Priya Natarajan", circle="friends", follow_up=day(5)),
        person("p-old", "Sam Okafor", circle="colleagues", closeness="warm"),
        person("p-fresh", "Lea Braun", circle="colleagues", closeness="close"),
        person("p-new", "Imported Person", circle="unsorted"),
    ]
    progress.answers[EVENTS] = [
        {"id": "e1", "name": "UX meetup", "date": day(5)},
        {"id": "e2", "name": "Far away", "date": day(30)},
        {"id": "e3", "name": "Last week", "date": day(-3)},
    ]
    progress.answers[POSTS] = [
        {"id": "q1", "topic": "What tickets taught me", "planned_on": day(4)},
        {"id": "q2", "topic": "Already out", "planned_on": day(2), "posted_on": day(-1)},
    ]
    progress.contacts = contacts or [
        {"id": "c1", "person": "p-old", "date": day(-100), "kind": "message"},
        {"id": "c2", "person": "p-fresh", "date": day(-3), "kind": "call"},
        {"id": "c3", "person": "ghost", "date": day(-1), "kind": "met", "note": "kept"},
    ]
    Store(home).save(progress)


def today_json(run_cli: Any) -> dict[str, Any]:
    result = run_cli("today", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


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


def test_log_takes_the_person_off_the_due_list(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    result = run_cli("log", "jana", "--note", "Coffee on Tuesday", "--next", "+14d")
    assert result.code == 0, result.err
    assert "Jana Krüger" in result.out
    data = today_json(run_cli)
    assert [f["person"] for f in data["follow_ups"]] == ["Tom Weber"]
    exported = json.loads(run_cli("export").out)
    note = [c for c in exported["contacts"] if c.get("note") == "Coffee on Tuesday"]
    assert note and note[0]["person"] == "p-late" and note[0]["date"] == TODAY.isoformat()
    jana = next(p for p in exported["answers"][PEOPLE] if p["id"] == "p-late")
    assert jana["follow_up"] == day(14)
    assert jana["status"] == "interacted"  # moved forward by the contact


def test_without_next_the_rhythm_sets_the_follow_up(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    assert run_cli("log", "Tom").code == 0
    tom = next(p for p in Book(coach_home).load().answers[PEOPLE] if p["id"] == "p-now")
    assert tom["follow_up"] == day(180)  # loose: about twice a year


def test_a_contact_logged_late_never_gets_a_follow_up_in_the_past(
    run_cli: Any, coach_home: Path
) -> None:
    """Logged 200 days after it happened, with a rhythm of 180 days: the follow-up was 20
    days overdue the moment it was saved. It is tomorrow at the earliest."""
    state(coach_home)
    assert run_cli("log", "Tom", "--on", day(-200)).code == 0
    tom = next(p for p in Book(coach_home).load().answers[PEOPLE] if p["id"] == "p-now")
    assert tom["follow_up"] == day(1)


def test_without_a_rhythm_a_planned_follow_up_is_kept(run_cli: Any, coach_home: Path) -> None:
    """No circle, no rhythm: logging keeps a follow-up still ahead, clears one now past."""
    save(
        coach_home,
        strategy__people=[
            person("p-ahead", "Nora Ahead", follow_up=day(13)),
            person("p-past", "Olaf Past", follow_up=day(-2)),
        ],
    )
    result = run_cli("log", "nora")
    assert result.code == 0, result.err
    assert "Kept your planned Thu 10 Dec; --next changes it." in result.out
    assert run_cli("log", "olaf").code == 0
    saved = {p["id"]: p for p in Book(coach_home).load().answers[PEOPLE]}
    assert saved["p-ahead"]["follow_up"] == day(13)
    assert "follow_up" not in saved["p-past"]


def test_next_none_clears_the_follow_up(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    assert run_cli("log", "Tom", "--next", "none").code == 0
    tom = next(p for p in Book(coach_home).load().answers[PEOPLE] if p["id"] == "p-now")
    assert "follow_up" not in tom


def test_a_status_already_further_stays(run_cli: Any, coach_home: Path) -> None:
    progress = Progress()
    progress.answers[PEOPLE] = [person("p1", "Ada", status="connected")]
    Store(coach_home).save(progress)
    assert run_cli("log", "ada").code == 0
    assert Book(coach_home).load().answers[PEOPLE][0]["status"] == "connected"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["log", "e"], "more than one"),  # Jana Krüger, Tom Weber, ...
        (["log", "nobody-like-this"], "Nobody"),
        (["log", "jana", "--next", "2026-02-30"], "February 2026 has 28 days."),
        (["log", "jana", "--on", "31.04.2026"], "April 2026 has 30 days."),
        (["log", "jana", "--kind", "telepathy"], "telepathy"),
        (["log", "jana", "--on", "2027-01-05"], "future"),
    ],
)
def test_bad_log_input_is_one_line_and_changes_nothing(
    run_cli: Any, coach_home: Path, argv: list[str], words: str
) -> None:
    state(coach_home)
    before = (coach_home / "progress.json").read_bytes()
    result = run_cli(*argv)
    assert result.code == 1
    assert words in result.err and "Traceback" not in result.err
    assert (coach_home / "progress.json").read_bytes() == before


def test_several_matches_are_named(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    err = run_cli("log", "a").err  # Jana, Sam, Lea, Priya, ...
    for name in ("Jana Krüger", "Sam Okafor", "Lea Braun"):
        assert name in err


def test_an_exact_name_wins_over_a_longer_one(run_cli: Any, coach_home: Path) -> None:
    progress = Progress()
    progress.answers[PEOPLE] = [person("a", "Tom"), person("b", "Tomás Ruiz")]
    Store(coach_home).save(progress)
    assert run_cli("log", "tom").code == 0
    assert [c["person"] for c in Book(coach_home).load().contacts] == ["a"]


def test_accents_and_case_are_set_aside_when_matching(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    assert run_cli("log", "KRUGER").code == 0
    assert Book(coach_home).load().contacts[-1]["person"] == "p-late"


def test_spacing_is_set_aside_as_the_import_does(run_cli: Any, coach_home: Path) -> None:
    """One name key for log, matching and import: the import takes "Jana  Krüger" and
    "jana krüger" for one person, so coach log finds her by either."""
    from coach.formats.contacts_import import name_key

    save(coach_home, strategy__people=[person("p-j", "Jana  Krüger", circle="colleagues")])
    assert name_key("Jana  Krüger") == name_key("jana krüger")
    result = run_cli("log", "jana krüger")
    assert result.code == 0, result.err
    assert Book(coach_home).load().contacts[-1]["person"] == "p-j"
    assert run_cli("log", " JANA   KRUGER ").code == 0


def test_a_date_in_the_past_is_accepted_gently(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    result = run_cli("log", "Sam", "--on", day(-20))
    assert result.code == 0 and "ago" in result.out
    assert Book(coach_home).load().contacts[-1]["date"] == day(-20)


def test_markup_and_escapes_in_a_note_are_kept_as_text(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    note = "[b]bold[/b] [@click=app.quit]x[/] \x1b]0;PWNED\x07 done"
    assert run_cli("log", "Sam", "--note", note).code == 0
    saved = Book(coach_home).load().contacts[-1]["note"]
    assert "[b]bold[/b]" in saved and "[@click=app.quit]x[/]" in saved
    assert "\x1b" not in saved and "\x07" not in saved


def test_a_huge_note_is_refused_not_cut(run_cli: Any, coach_home: Path) -> None:
    """Over the limit: one line naming it, nothing logged (issue 25: it was cut silently)."""
    state(coach_home)
    before = len(Book(coach_home).load().contacts)
    result = run_cli("log", "Sam", "--note", "word " * 20_000)  # 100 KB
    assert result.code == 1 and "20,000" in result.err
    assert len(Book(coach_home).load().contacts) == before


def test_contacts_of_a_removed_person_are_kept_not_shown(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    data = today_json(run_cli)
    assert "ghost" not in json.dumps(data)
    assert run_cli("log", "Sam").code == 0
    assert any(c["person"] == "ghost" for c in Book(coach_home).load().contacts)


def test_a_person_without_a_name_is_left_out(run_cli: Any, coach_home: Path) -> None:
    progress = Progress()
    progress.answers[PEOPLE] = [
        {"id": "x", "name": "  ", "follow_up": day(-1)},
        person("y", "Ada", follow_up=day(-1)),
    ]
    Store(coach_home).save(progress)
    assert [f["person"] for f in today_json(run_cli)["follow_ups"]] == ["Ada"]


def test_other_content_without_people(run_cli: Any, coach_home: Path) -> None:
    result = run_cli("--content", OTHER_CONTENT, "today", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["follow_ups"] == [] and data["week"] == {"done": 0, "target": 0}
    log = run_cli("--content", OTHER_CONTENT, "log", "anyone")
    assert log.code == 1 and "no people" in log.err


def test_a_version_1_export_keeps_its_people_and_dates(run_cli: Any, coach_home: Path) -> None:
    v1 = FIXTURES / "progress" / "v1.json"
    assert run_cli("import", v1).code == 0
    old = json.loads(v1.read_text())["answers"][PEOPLE]
    course = load_course(FIXTURES.parent.parent / "content")
    everyone = people.people(course, Book(coach_home).load())
    assert [(p.name, p.follow_up and p.follow_up.isoformat()) for p in everyone] == [
        (r["name"], r.get("follow_up")) for r in old
    ]
    # the same file imported again gets the same ids (two machines agree)
    ids = [p.id for p in everyone]
    assert run_cli("import", v1).code == 0
    assert [p.id for p in people.people(course, Book(coach_home).load())] == ids


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
    a = agenda.today(course, Book(coach_home).load(), TODAY, "en")
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
    listed = bool(agenda.today(course, progress, TODAY, "en").follow_ups)
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

"""The contact log from the command line: ``coach log`` takes a person off the due list,
sets the next follow-up by rhythm or plan, finds a person by name as the import does, and
refuses bad input in one line without changing anything; and the people behind it (a
removed person's contacts kept, a person without a name, content without people, a
version 1 export).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import linkedin_csv
from conftest import FIXTURES, OTHER_CONTENT
from today_cli_helpers import PEOPLE, TODAY, day, person, save, state, today_json

from coach import dates
from coach.content.loader import load_course
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain import people


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def test_log_takes_the_person_off_the_due_list(run_cli: Any, coach_home: Path) -> None:
    state(coach_home)
    result = run_cli("log", "jana", "--note", "Coffee on Tuesday", "--next", "+14d")
    assert result.code == 0, result.err
    assert "Jana Krüger" in result.out
    # Days said as Today lists them (it said 2026-12-11 beside "Kept your planned Thu 5 Nov")
    assert "Logged your contact with Jana Krüger on Fri 27 Nov." in result.out
    assert "Next follow-up: Fri 11 Dec." in result.out
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


def test_two_people_of_one_name_are_told_apart_by_more_than_the_id(
    run_cli: Any, coach_home: Path
) -> None:
    """Two Anna Schmidts (a LinkedIn import brings them): where each works and when the
    user was last in touch stand beside the ids, so the user knows which id to type."""
    progress = Progress()
    progress.answers[PEOPLE] = [
        person("a1", "Anna Schmidt", company="Acme GmbH"),
        person("a2", "Anna Schmidt"),
    ]
    progress.contacts.append({"id": "c1", "person": "a2", "date": day(-10), "kind": "call"})
    Store(coach_home).save(progress)
    result = run_cli("log", "anna")
    assert result.code == 1
    lines = result.err.splitlines()
    assert any("Anna Schmidt · Acme GmbH  (coach log a1)" in line for line in lines), lines
    assert any(
        "Anna Schmidt · last contact " in line and line.endswith("(coach log a2)") for line in lines
    ), lines


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


def test_umlauts_typed_without_them_find_the_name(run_cli: Any, coach_home: Path) -> None:
    """`coach log mueller` did not find Müller (a keyboard or a shell without umlauts);
    "muller" and "müller" still do, and the import still tells the two spellings apart."""
    from coach.formats.contacts_import import name_key

    save(
        coach_home,
        strategy__people=[
            person("p-m", "Jürgen Müller", circle="colleagues"),
            person("p-s", "Sabine Schaefer", circle="colleagues"),
        ],
    )
    for typed in ("mueller", "juergen", "muller", "Müller", "Schäfer"):
        result = run_cli("log", typed)
        assert result.code == 0, (typed, result.err)
    logged = [c["person"] for c in Book(coach_home).load().contacts]
    assert logged == ["p-m"] * 4 + ["p-s"], "both ways: typed out, and typed with umlauts"
    assert name_key("Jürgen Müller") != name_key("Juergen Mueller")
    assert run_cli("log", "eller").code == 1, "no umlaut typed: Müller's spelling is no match"


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
    assert "\x1b]0;PWNED\x07" in saved, "saved exactly as written (RELIABILITY 6)"


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


def test_an_unknown_name_points_to_where_everyone_is_listed(run_cli: Any, coach_home: Path) -> None:
    """It said 'coach today' shows who is there; today lists only who is due."""
    state(coach_home)
    result = run_cli("log", "Nobody Known", "--note", "hi")
    assert result.code == 1
    assert "The people screen (P in the coach) lists everyone." in result.err
    assert "coach today" not in result.err


def test_undoing_a_log_takes_back_the_status_it_moved_after_an_import(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    """Imported with LinkedIn's 'Connected On', a person has one contact of the content's
    connected kind; logging them moved their status, and undo left it moved (that contact
    was taken for one holding the status up)."""
    csv = linkedin_csv(
        tmp_path / "Connections.csv", "Anne,Weber,,anne@example.com,Acme,Dev,01 Mar 2024"
    )
    assert run_cli("import-contacts", str(csv), "--yes").code == 0
    logged = run_cli("log", "Anne", "--note", "hi", "--next", "none")
    assert logged.code == 0 and "Status moved" in logged.out
    assert run_cli("undo", "--yes").code == 0
    anne = next(p for p in Book(coach_home).load().answers[PEOPLE] if p["name"] == "Anne Weber")
    assert anne.get("status") is None, anne


def test_history_of_someone_without_contacts_names_them(run_cli: Any, coach_home: Path) -> None:
    """It said "No contacts logged yet.", as if nobody had any."""
    state(coach_home)  # contacts with Sam and Lea; none with Tom
    said = run_cli("--lang", "en", "history", "Tom Weber").out
    assert 'No contacts with Tom Weber logged yet. coach log "Tom Weber" logs the first.' in said
    german = run_cli("--lang", "de", "history", "Tom Weber").out
    assert "Noch keine Kontakte mit Tom Weber eingetragen." in german


def test_next_step_is_set_kept_and_said(run_cli: Any, coach_home: Path) -> None:
    """The shell could not change a person's next small step: a log left "Invite for a
    walk" after the walk (a week-eight user). --next-step sets or clears it; without it the
    log says which step stands."""
    state(coach_home)

    def jana() -> dict[str, Any]:
        listed = json.loads(run_cli("export").out)["answers"][PEOPLE]
        return next(p for p in listed if p["id"] == "p-late")

    assert jana()["next_step"] == "Ask"
    kept = run_cli("log", "jana", "--note", "walk")
    assert kept.code == 0, kept.err
    assert "Their next small step is still “Ask”; --next-step changes it." in kept.out
    assert jana()["next_step"] == "Ask"
    set_ = run_cli("log", "jana", "--next-step", "Send the photos")
    assert set_.code == 0 and "Next small step: Send the photos." in set_.out
    assert jana()["next_step"] == "Send the photos"
    cleared = run_cli("log", "jana", "--next-step", "none")
    assert cleared.code == 0 and "No next small step for them now." in cleared.out
    assert not jana().get("next_step")
    assert run_cli("log", "jana", "--next-step", "Ask again").code == 0
    assert run_cli("log", "jana", "--next-step", "keine").code == 0  # (as --next keine)
    assert not jana().get("next_step")
    assert run_cli("log", "jana", "--next-step", " ").code == 2
    assert run_cli("log", "--edit", "x", "--next-step", "y").code == 2
    assert len(json.loads(run_cli("export").out)["contacts"]) >= 3


def test_a_name_that_fits_more_than_twenty_says_how_to_narrow_it(
    run_cli: Any, coach_home: Path
) -> None:
    """ "… and 5 more (run 'coach validate' for the full list)": validate checks content."""
    everyone = [person(f"p{n:02d}", f"Person {n:02d} Müller") for n in range(25)]
    save(coach_home, strategy__people=everyone)
    result = run_cli("log", "mueller")
    assert result.code == 1
    assert "… and 5 more: type more of the name, or use the id" in result.err
    assert "validate" not in result.err


def test_letters_with_a_stroke_are_set_aside_like_accents(run_cli: Any, coach_home: Path) -> None:
    """Łukasz sorted after Zoë and "lukasz" did not find him: Unicode keeps ł, ø whole."""
    save(coach_home, strategy__people=[person("p1", "Łukasz Øster"), person("p2", "Zoë Lang")])
    assert run_cli("log", "lukasz oster", "--note", "hi").code == 0
    assert sorted(["Zoë", "Łukasz", "Lara"], key=people.fold) == ["Lara", "Łukasz", "Zoë"]


def test_a_contact_logged_twice_says_how_to_remove_one(run_cli: Any, coach_home: Path) -> None:
    """The same kind of contact with Jana on the same day, logged again (a week-eight
    user logged the Stammtisch twice, five minutes apart): logged, and said, with the
    ids; another kind, or another day, is said nothing of."""
    state(coach_home)
    first = run_cli("log", "jana", "--kind", "call")
    assert first.code == 0 and "logged already" not in first.out
    again = run_cli("log", "jana", "--kind", "call")
    assert again.code == 0
    ids = [c["id"] for c in json.loads(run_cli("history", "jana", "--json").out)]
    assert len(ids) == 2
    assert f"logged already ({ids[1]})" in again.out
    assert f"coach log --delete {ids[0]} removes this one" in again.out
    other = run_cli("log", "jana", "--kind", "message")
    earlier = run_cli("log", "jana", "--kind", "call", "--on", "-1d")
    assert "logged already" not in other.out + earlier.out

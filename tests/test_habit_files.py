"""The months after the steps, in files: a calendar kept current as people and follow-ups
change, and an import of contacts that enriches the people already there (issue 22)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import linkedin_csv
from habit_helpers import PEOPLE, TARGET, TODAY, day, eleven_overdue, save, saved_people

from coach import dates
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain import habit, people
from coach.domain.people import Person


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


# -- the kept calendar ----------------------------------------------------------------------------
def test_a_kept_calendar_shows_a_new_follow_up(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    save(coach_home, [{"id": "a", "name": "Ada Lovelace", "circle": "friends"}])
    target = tmp_path / "coach.ics"
    result = run_cli("calendar", "--keep", "-o", target)
    assert result.code == 0, result.err
    assert str(target) in result.out, "said where --stop says its own: standard output"
    assert target.exists()
    assert run_cli("log", "Ada", "--next", "+5d").code == 0
    text = target.read_text(encoding="utf-8")
    assert "Ada Lovelace" in text and day(5).replace("-", "") in text
    assert run_cli("calendar", "--stop").code == 0
    target.unlink()
    assert run_cli("log", "Ada", "--next", "+6d").code == 0
    assert not target.exists()


def test_a_kept_calendar_follows_a_change_made_elsewhere_once_it_is_folded_in(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    """A follow-up moved in another shell (or carried from another device) reached the open
    coach's screens but not the calendar it keeps current, until it changed something."""
    from coach.application.session import Session

    save(coach_home, [{"id": "a", "name": "Ada Lovelace", "circle": "friends"}])
    target = tmp_path / "coach.ics"
    assert run_cli("calendar", "--keep", "-o", target).code == 0
    open_coach = Session.from_options(str(coach_home), None, "en")
    assert open_coach.progress is not None  # (loaded, as the open UI has it)
    assert run_cli("log", "Ada", "--next", "+9d").code == 0  # the other shell
    target.write_text("stale", encoding="utf-8")  # (what the file held before that change)
    assert open_coach.refresh()
    assert day(9).replace("-", "") in target.read_text(encoding="utf-8")


def test_a_kept_calendar_that_vanishes_comes_back_and_a_read_only_one_is_said(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    save(coach_home, [{"id": "a", "name": "Ada Lovelace"}])
    folder = tmp_path / "cal"
    folder.mkdir()
    target = folder / "coach.ics"
    assert run_cli("calendar", "--keep", "-o", target).code == 0
    target.unlink()
    assert run_cli("log", "Ada", "--next", "+5d").code == 0
    assert target.exists()
    target.unlink()
    target.mkdir()  # cannot be written (as a read-only file cannot, also for root)
    result = run_cli("log", "Ada", "--next", "+7d")
    assert result.code == 0
    assert "Could not keep the calendar" in result.err and len(result.err.splitlines()) == 1
    assert saved_people(coach_home)["a"]["follow_up"] == day(7)


def test_keep_needs_a_file(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, [])
    result = run_cli("calendar", "--keep")
    assert result.code == 2 and "--keep -o FILE" in result.err


def test_an_events_note_is_in_its_calendar_description(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, [])
    store = Store(coach_home)
    progress = store.load()
    progress.answers["fun/offline_events"] = [
        {"id": "e1", "name": "UX meetup", "date": day(5), "note": "Bring cards; ask Jana"}
    ]
    store.save(progress)
    result = run_cli("calendar")
    assert result.code == 0
    unfolded = result.out.replace("\r\n ", "").replace("\n ", "")
    assert "DESCRIPTION:Bring cards\\; ask Jana" in unfolded


def test_the_sheet_shows_the_plan_the_weeks_and_after_five_pairs_the_courage(
    run_cli: Any, coach_home: Path
) -> None:
    save(coach_home, [{"id": "a", "name": "Ada", "expected": 6}], **{TARGET: 3})
    for n in range(4):
        assert run_cli("log", "Ada", "--on", f"-{n * 3 + 1}d", "--felt", "2").code == 0
    text = run_cli("sheet").out
    assert "3 small contacts a week" in text and "The last 12 weeks" in text
    assert "You expected" not in text  # four pairs: not yet
    assert run_cli("log", "Ada", "--felt", "4").code == 0
    text = run_cli("sheet").out
    assert "You expected 6 on average; it felt like 2." in text
    html = run_cli("sheet", "--format", "html").out
    assert html.count("<svg") == 2 and "You expected 6 on average" in html


# -- import that enriches ---------------------------------------------------------------------
def test_import_fills_empty_fields_and_names_who_is_new(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    save(coach_home, [{"id": "a", "name": "Ada Lovelace", "company": "Own Co"}])
    rows = ["Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical,Countess,01 Dec 2025"]
    rows += [f"New,Person{i},,,Co{i},,02 Dec 2025" for i in range(12)]
    file = linkedin_csv(tmp_path / "Connections.csv", *rows)
    result = run_cli("import-contacts", file, "--yes")
    assert result.code == 0, result.err
    assert "one already there gets empty fields filled from the file" in result.out
    assert "New Person0" in result.out and "and 2 more" in result.out
    ada = saved_people(coach_home)["a"]
    assert ada["company"] == "Own Co", "a field the user filled is never overwritten"
    assert ada["position"] == "Countess" and "linkedin.com/in/ada" in ada["profile"]
    assert "Filled the empty fields of one person already there." in result.out


def test_import_with_nobody_new_says_what_it_filled_not_added_0(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    save(coach_home, [{"id": "a", "name": "Ada Lovelace"}])
    file = linkedin_csv(tmp_path / "Connections.csv", "Ada,Lovelace,,ada@example.org,,,")
    result = run_cli("--lang", "en", "import-contacts", file, "--yes")
    assert result.code == 0, result.err
    assert "Added" not in result.out
    assert "Filled the empty fields of one person already there. (The list before" in result.out
    assert saved_people(coach_home)["a"]["email"] == "ada@example.org"


def test_dry_run_works_while_the_coach_is_open(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    save(coach_home, [])
    file = linkedin_csv(tmp_path / "Connections.csv", "Bo,Berg,,,,,")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from coach.data.store import Store; from pathlib import Path;"
         "Store(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(30)",
         str(coach_home)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = run_cli("import-contacts", file, "--dry-run")
        assert result.code == 0, result.err
        assert "Bo Berg" in result.out
    finally:
        holder.kill()
        holder.wait()


VCARDS = """BEGIN:VCARD
VERSION:4.0
FN:Bea Birthday
TEL;TYPE=cell:+49 170 1234567
BDAY:--0415
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Lea Leap
BDAY:2000-02-29
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Noyear Leap
BDAY:--0229
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Odd Day
BDAY:2001-02-29
END:VCARD
"""


def test_a_vcards_phone_and_birthday_are_kept(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    save(coach_home, [])
    file = tmp_path / "cards.vcf"
    file.write_text(VCARDS, encoding="utf-8")
    result = run_cli("import-contacts", file, "--yes")
    assert result.code == 0, result.err
    people = {p["name"]: p for p in saved_people(coach_home).values()}
    assert people["Bea Birthday"]["phone"] == "+49 170 1234567"
    assert people["Bea Birthday"]["birthday"] == "--04-15"
    assert people["Lea Leap"]["birthday"] == "2000-02-29"
    assert people["Noyear Leap"]["birthday"] == "--02-29"
    assert people["Odd Day"]["birthday"] == "2001-02-29", "not a day: kept as written"


def test_linkedins_connected_on_becomes_a_first_contact(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    save(coach_home, [])
    file = linkedin_csv(
        tmp_path / "Connections.csv", "Cem,Yilmaz,https://www.linkedin.com/in/cem,,,,22 Sep 2025"
    )
    assert run_cli("import-contacts", file, "--yes").code == 0
    cem = next(iter(saved_people(coach_home).values()))
    contact = Book(coach_home).load().contacts[-1]
    assert contact["person"] == cem["id"] and contact["kind"] == "connected"
    assert contact["date"] == "2025-09-22"
    assert run_cli("import-contacts", file, "--yes").code == 0  # twice: nothing more
    assert len(Book(coach_home).load().contacts) == 1


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("03 Okt 2025", "2025-10-03"),  # in German
        ("3. Oktober 2025", "2025-10-03"),
        ("15 Mär 2025", "2025-03-15"),
        ("22 Sept. 2025", "2025-09-22"),
        ("22.09.2025", "2025-09-22"),
        ("2025-09-22", "2025-09-22"),
        ("10/01/25", None),  # whose tenth, whose January: said, never guessed
        ("31 Feb 2025", None),
        ("2025-02-30", None),  # (a form refuses it: read alike)
    ],
)
def test_connected_on_in_the_months_of_either_language(
    run_cli: Any, coach_home: Path, tmp_path: Path, written: str, day: str | None
) -> None:
    """A "Connected On" in German month names was dropped without a word; one the coach
    cannot read is still dropped (no day is guessed), and the summary says so."""
    save(coach_home, [])
    file = linkedin_csv(tmp_path / "Connections.csv", f"Cem,Yilmaz,,,,,{written}")
    result = run_cli("--lang", "en", "import-contacts", file, "--yes")
    assert result.code == 0, result.err
    said = "has a “Connected On” the coach cannot read" in result.out
    assert said == (day is None)
    days = [c["date"] for c in Book(coach_home).load().contacts]
    assert days == ([day] if day else [])


def test_a_long_log_with_felt_still_loads_packed_and_the_record_reads_its_summary(
    coach_home: Path,
) -> None:
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [{"id": "a", "name": "Ada"}]
    for i in range(3000):
        entry = {"id": f"c{i}", "person": "a", "date": day(-(i % 70)), "kind": "call"}
        if i % 100 == 0:
            entry.update({"expected": 7, "felt": 2})  # type: ignore[dict-item]
        progress.contacts.append(entry)
    Store(coach_home).save(progress)
    loaded = Book(coach_home).load()
    assert loaded.contacts.is_packed, "whole numbers keep the quick load"
    found = habit.courage(loaded, TODAY)
    assert found is not None and found.pairs == 30
    assert (found.expected, found.felt) == (7, 2)
    assert loaded.contacts.is_packed, "read from the summary, not by unpacking the log"


@pytest.mark.parametrize("offset", range(7))
def test_catch_up_on_any_weekday_keeps_every_week_within_the_target(offset: int) -> None:
    on = TODAY + dt.timedelta(days=offset)
    late = [Person(f"p{i}", f"P{i}", None, on - dt.timedelta(days=30 + i)) for i in range(11)]
    plan = habit.spread(late, on, weeks=4, per_week=3)
    assert all(d > on and d.weekday() < 5 for d in plan.dates.values())
    weeks: dict[dt.date, int] = {}
    for d in plan.dates.values():
        weeks[habit.monday(d)] = weeks.get(habit.monday(d), 0) + 1
    assert max(weeks.values()) <= 3


def test_keep_refuses_the_coachs_own_files_in_one_line(run_cli: Any, coach_home: Path) -> None:
    save(coach_home, [])
    before = (coach_home / "progress.json").read_bytes()
    result = run_cli("calendar", "--keep", "-o", coach_home / "progress.json")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert (coach_home / "progress.json").read_bytes() == before


@pytest.mark.parametrize("weeks", [4, 6, 7, 10])
def test_catch_up_uses_the_weeks_asked_for_when_they_have_room(
    run_cli: Any, coach_home: Path, weeks: int
) -> None:
    """8 people at 3 a week over 6 weeks went into the first 3 weeks and said "over 3
    weeks" (a regression trial: --weeks 6 printed "over 4 weeks", the same dates as 4)."""
    save(coach_home, eleven_overdue()[:8], **{TARGET: 3})
    result = run_cli("catch-up", "--weeks", str(weeks), "--yes")
    assert result.code == 0, result.err
    assert f"over {min(weeks, 8)} weeks" in result.out
    dates = [dt.date.fromisoformat(p["follow_up"]) for p in saved_people(coach_home).values()]
    used = {habit.monday(d) for d in dates}
    assert len(used) == min(weeks, 8)


def test_one_left_over_is_listed_and_more_than_planned_is_no_sum_gone_wrong(
    run_cli: Any, coach_home: Path
) -> None:
    """Six overdue after a gap showed five names and "and one more" (the line its name
    would take); five contacts against a plan of two read "5 of 2"."""
    assert [habit.listed(n) for n in (4, 5, 6, 7)] == [4, 5, 6, 5]
    save(coach_home, eleven_overdue()[:6], **{TARGET: 2})
    text = run_cli("today").out
    assert "more (coach today" not in text and "Person 05" in text
    for i in range(5):
        assert run_cli("log", f"Person {i:02d}", "--note", "hello").code == 0
    text = run_cli("today").out
    assert "This week: 5 small contacts, more than the 2 you planned" in text
    assert "5 of 2" not in text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("1990-04-15", "1990-04-15"),
        ("15.04.1990", "1990-04-15"),
        ("15.4.", "--04-15"),
        ("--0415", "--04-15"),
        ("29.02.", "--02-29"),  # without a year: a leap year's
        ("29.02.2023", None),
        ("30.02.", None),
        ("1990-13-01", None),
        ("0000-01-01", None),
        ("15.04.90", None),  # which century: not guessed
        ("15.041990", None),
        ("mid-April", None),
        ("15.04.2030", None),  # after today (TODAY: 2026)
        ("0001-01-01", None),  # (before 1900)
    ],
)
def test_a_birthday_is_kept_in_one_form(typed: str, kept: str | None) -> None:
    """One rule for the person form and the import: 1990-04-15, or --04-15 without the
    year; anything that is no day of a year is None (the form refuses it, an import keeps
    it as written)."""
    assert people.birthday(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("jana@example.org", "jana@example.org"),
        (" jana@example.org ", "jana@example.org"),
        ("jana at example.org", None),
        ("jana@example", None),
        ("jana@@example.org", None),
        ("@example.org", None),
        ("mailto:jana@example.org", "jana@example.org"),
        ("jana@example..org", None),
        ("jana@example.org.", None),
        ("MAILTO:jana@example.org?subject=Hi", "jana@example.org"),
        ("<jana@example.org>", "jana@example.org"),
    ],
)
def test_an_email_address_has_an_at_and_a_domain(typed: str, kept: str | None) -> None:
    assert people.email(typed) == kept

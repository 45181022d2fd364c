"""``coach import-contacts`` again and again: nobody twice (matched by profile, e-mail,
name), what a file knows filled into people already there, and nobody the user removed
brought back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import linkedin_csv
from conftest import Result
from contacts_helpers import CSV_FILE, PEOPLE, VCF_FILE, csv_rows, saved_people, seed, write_csv

from coach.data.book import Book


def test_someone_removed_from_the_list_is_not_brought_back_by_the_next_import(
    run_cli: Callable[..., Result], coach_home: Path
) -> None:
    """Two connections removed after the first import (one of them with a contact logged,
    which goes with them): importing the same file again adds neither, and says so;
    ``--include-removed`` adds them again (as new people: their old contacts stay gone)."""
    from coach.application.session import Session
    from coach.data import paths

    assert run_cli("import-contacts", CSV_FILE, "--yes").code == 0
    first, second = saved_people(coach_home)[:2]
    assert run_cli("log", first["id"], "--note", "coffee").code == 0
    session = Session(coach_home, paths.bundled_content_dir())
    for person in (first, second):
        session.remove_record(PEOPLE, person["id"])
    assert len(saved_people(coach_home)) == 58

    again = run_cli("import-contacts", CSV_FILE, "--yes")
    assert again.code == 0, again.err
    assert "none new" in again.out, again.out
    assert "58 already" in again.out
    assert "2 you removed from your list earlier, left out" in again.out
    assert len(saved_people(coach_home)) == 58

    back = run_cli("import-contacts", CSV_FILE, "--yes", "--include-removed")
    assert back.code == 0, back.err
    assert "2 new" in back.out and "you removed" not in back.out
    names = [p["name"] for p in saved_people(coach_home)]
    assert len(names) == 60 and {first["name"], second["name"]} <= set(names)
    assert run_cli("history", "--json").out.count("coffee") == 0  # removed with them


def test_someone_removed_and_added_again_by_hand_is_already_there(
    run_cli: Callable[..., Result], coach_home: Path
) -> None:
    """Removed, then added again by hand: the person on the list is the one the file
    names (already there, their empty fields filled), not someone removed."""
    from coach.application.session import Session
    from coach.data import paths

    assert run_cli("import-contacts", CSV_FILE, "--yes").code == 0
    first = saved_people(coach_home)[0]
    session = Session(coach_home, paths.bundled_content_dir())
    session.remove_record(PEOPLE, first["id"])
    session.add_people([{"name": first["name"], "circle": "friends"}])
    again = run_cli("import-contacts", CSV_FILE, "--yes")
    assert "60 already" in again.out and "you removed" not in again.out, again.out


def test_someone_removed_stays_removed_after_an_export_and_import_elsewhere(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    from coach.application.session import Session
    from coach.data import paths

    assert run_cli("import-contacts", VCF_FILE, "--yes").code == 0
    gone = next(p for p in saved_people(coach_home) if p["name"] == "Tom Weber")
    Session(coach_home, paths.bundled_content_dir()).remove_record(PEOPLE, gone["id"])
    export = tmp_path / "export.json"
    assert run_cli("export", "-o", export).code == 0
    other = tmp_path / "new-computer"
    assert run_cli("import", export, home=other).code == 0
    out = run_cli("import-contacts", VCF_FILE, "--dry-run", home=other).out
    assert "1 you removed from your list earlier" in out and "none new" in out, out


def test_people_an_undo_took_away_are_not_removed_people(
    run_cli: Callable[..., Result], coach_home: Path
) -> None:
    """Import, undo, import again: the second import adds them (they were not removed by
    the user; the undo only took the first import back)."""
    assert run_cli("import-contacts", VCF_FILE, "--yes").code == 0
    assert run_cli("undo", "--yes").code == 0
    again = run_cli("import-contacts", VCF_FILE, "--dry-run").out
    assert "3 new" in again and "you removed" not in again, again


def test_someone_removed_by_name_alone_is_not_every_namesake(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    from coach.application.session import Session
    from coach.data import paths

    rows = [
        csv_rows()[0],
        ["Anna", "Schmidt", "https://www.linkedin.com/in/anna-z", "", "Acme", "UX", ""],
        ["Anna", "Schmidt", "https://www.linkedin.com/in/anna-w", "", "Beta", "PM", ""],
    ]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), encoding="utf-8")
    session = Session(coach_home, paths.bundled_content_dir())
    session.add_people([{"id": "a1", "name": "Anna Schmidt"}])
    session.remove_record(PEOPLE, "a1")
    out = run_cli("import-contacts", source, "--dry-run").out
    assert "2 new" in out and "you removed" not in out, out


def test_someone_removed_before_sync_was_on_stays_removed_on_the_other_device(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    """The laptop removed Tom, then its journal was folded away (only the snapshot says
    so); sync goes on: the desktop leaves Tom out of the same file too."""
    import shutil

    from coach.application.session import Session
    from coach.data import paths

    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    sync_l, sync_d = tmp_path / "Sync-laptop", tmp_path / "Sync-desktop"
    seed(laptop)
    session = Session(laptop, paths.bundled_content_dir())
    session.add_people([{"id": "p-tom", "name": "Tom Weber", "email": "tom.weber@example.net"}])
    session.remove_record(PEOPLE, "p-tom")
    session.book.compact(force=True)
    for journal in (laptop / "journal").glob("*.jsonl"):
        journal.write_bytes(b"")  # (trimmed: the snapshot holds it all)
    said = "1 you removed from your list earlier"
    assert said in run_cli("--data-dir", laptop, "import-contacts", VCF_FILE, "--dry-run").out
    assert run_cli("--data-dir", laptop, "sync", "--folder", sync_l).code == 0
    shutil.copytree(sync_l, sync_d)
    assert run_cli("--data-dir", desktop, "sync", "--folder", sync_d).code == 0
    out = run_cli("--data-dir", desktop, "import-contacts", VCF_FILE, "--dry-run").out
    assert said in out, out


def test_someone_already_there_is_not_added(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    seed(
        coach_home,
        [
            {"id": "a", "name": "Someone Else", "profile": "HTTP://LinkedIn.com/in/Jana-K/"},
            {"id": "b", "name": "Another", "email": "TOM@Example.org"},
            {"id": "c", "name": "jurgen  MULLER"},
            {"id": "d", "name": "Anna Schmidt", "profile": "https://www.linkedin.com/in/anna-1"},
        ],
    )
    header = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    rows = [
        header,
        ["Jana", "Krüger", "https://www.linkedin.com/in/jana-k", "", "", "", ""],  # profile
        ["Tom", "Weber", "", "tom@example.ORG", "", "", ""],  # e-mail
        ["Jürgen", "Müller", "", "", "", "", ""],  # name, accents and case aside
        ["Anna", "Schmidt", "https://www.linkedin.com/in/anna-2", "", "", "", ""],  # another Anna
        ["New", "Person", "", "", "", "", ""],
        ["new", "person", "", "", "", "", ""],  # twice in the file
    ]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), "utf-8")
    result = run_cli("import-contacts", source, "--yes")
    assert result.code == 0, result.err
    assert "2 new" in result.out and "3 already in your people list" in result.out
    assert "1 listed twice in the file (taken once)" in result.out  # not "already there"
    names = [p["name"] for p in saved_people(coach_home)]
    assert names[4:] == ["Anna Schmidt", "New Person"]


def test_someone_listed_twice_in_one_file_keeps_what_either_row_knows(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    """Two rows of one profile, the e-mail on one of them: the person was taken once and the
    e-mail lost (a vCard imported next, matched by that e-mail, then added them again)."""
    seed(coach_home)
    url = "https://www.linkedin.com/in/annaberger"
    rows = [
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        ["  Anna ", " Berger ", url, "anna.berger@uni-wien.ac.at", "", "", "12 Mar 2021"],
        ["Dr. Anna", "Berger", url, "", "Uni Wien", "Researcher", ""],
    ]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), "utf-8")
    result = run_cli("import-contacts", source, "--yes")
    assert result.code == 0 and "1 listed twice in the file (taken once)" in result.out
    (anna,) = [p for p in saved_people(coach_home) if "Berger" in p["name"]]
    assert anna["name"] == "Anna Berger"  # the first row's
    assert anna["email"] == "anna.berger@uni-wien.ac.at"
    assert (anna["company"], anna["position"]) == ("Uni Wien", "Researcher")  # the second's
    again = run_cli("import-contacts", source, "--dry-run")
    assert "fill" not in again.out and "Email" not in again.out, again.out
    # Already there now, the two rows are one person there and one listed twice
    assert "1 already in your people list" in again.out, again.out
    assert "1 listed twice in the file (taken once)" in again.out


def test_the_day_connected_comes_in_whichever_file_is_imported_first(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    """A phone's vCard imported before LinkedIn's file: the people it added were matched
    by the CSV, their fields filled, but the day they connected was never logged (the CSV
    first logs it). Now it is, once: a second import adds no second one."""
    seed(coach_home)
    card = tmp_path / "phone.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Emilie Dupont\r\n"
        b"EMAIL:emilie@example.org\r\nEND:VCARD\r\n"
    )
    assert run_cli("import-contacts", card, "--yes").code == 0
    rows = [
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        ["Emilie", "Dupont", "https://www.linkedin.com/in/edupont", "", "Acme", "", "12 Mar 2021"],
    ]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), "utf-8")
    result = run_cli("import-contacts", source, "--yes")
    assert result.code == 0, result.err
    assert "one already there gets the day you connected as a first contact" in result.out
    history = json.loads(run_cli("history", "Emilie", "--json").out)
    assert [(c["date"], c["kind"]) for c in history] == [("2021-03-12", "connected")]
    again = run_cli("import-contacts", source, "--yes")
    assert "the day you connected" not in again.out
    assert len(json.loads(run_cli("history", "Emilie", "--json").out)) == 1
    # A day after today is no first contact (none is logged): not promised either
    rows[1] = ["Max", "Muster", "", "max@example.org", "", "", "1 Jan 2099"]
    source.write_text(write_csv(source, rows), "utf-8")
    assert run_cli("import-contacts", source, "--yes").code == 0
    later = run_cli("import-contacts", source, "--yes")
    assert "the day you connected" not in later.out, later.out


def test_the_day_connected_is_logged_only_before_the_first_contact(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    """A newer LinkedIn file says Lena connected on 20 Nov, after two contacts logged with
    her: that day is no first contact (it became her newest contact and counted in that
    week: a week-eight user's re-import). Ole's contacts came after the day he connected:
    his is logged, as the first."""
    seed(
        coach_home,
        [
            {"id": "p-lena", "name": "Lena Hoffmann", "circle": "friends"},
            {"id": "p-ole", "name": "Ole Berg", "circle": "friends"},
        ],
    )
    for who, on in (("lena", "2026-10-02"), ("lena", "2026-11-03"), ("ole", "2026-11-04")):
        assert run_cli("log", who, "--on", on, "--next", "none").code == 0
    source = linkedin_csv(
        tmp_path / "Connections.csv",
        "Lena,Hoffmann,,lena@example.org,,,20 Nov 2026",
        "Ole,Berg,,ole@example.org,,,12 Mar 2021",
    )
    result = run_cli("import-contacts", source, "--yes")
    assert result.code == 0, result.err
    assert "one already there gets the day you connected" in result.out, result.out
    lena = json.loads(run_cli("history", "Lena", "--json").out)
    assert [c["date"] for c in lena] == ["2026-11-03", "2026-10-02"]
    ole = json.loads(run_cli("history", "Ole", "--json").out)
    assert [(c["date"], c["kind"]) for c in ole][-1] == ("2021-03-12", "connected")


def test_a_connected_on_after_today_logs_no_first_contact(
    run_cli: Callable[..., Result],
    coach_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No contact is dated in the future (``coach log`` refuses one), nor moved to today
    (it would count as this week's, which the user did not make): a person whose "Connected
    On" is after today (a file edited, or from a time zone ahead) is imported without a
    first contact, and the summary says so; one before today keeps its day."""
    monkeypatch.setattr("coach.dates.local_today", lambda: dt.date(2026, 12, 7))
    seed(coach_home)
    rows = [
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        ["Ahead", "Zone", "", "", "", "", "08 Dec 2026"],
        ["Far", "Later", "", "", "", "", "10 Jan 2031"],
        ["On", "Time", "", "", "", "", "06 Dec 2026"],
    ]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), "utf-8")
    result = run_cli("--lang", "en", "import-contacts", source, "--yes")
    assert result.code == 0, result.err
    assert "2 of the new ones connected after today, says the file: no first" in result.out
    ids = {p["name"]: p["id"] for p in saved_people(coach_home)}
    assert {"Ahead Zone", "Far Later", "On Time"} <= set(ids)
    days = {c["person"]: c["date"] for c in Book(coach_home).load().to_doc()["contacts"]}
    assert days == {ids["On Time"]: "2026-12-06"}
    today = json.loads(run_cli("today", "--json").out)
    assert today["week"]["done"] == today["weeks"][-1] == 0  # (the 6th was last week's Sunday)


def test_a_phone_card_with_only_a_name_is_the_one_removed_and_counted_once(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    """Tom was removed (he had an e-mail); a phone's cards name him, twice, with a phone
    number only: he is the one removed, left out and counted once (a review: he came back
    as new, and a row listed twice counted as two removed)."""
    from coach.application.session import Session
    from coach.data import paths

    seed(coach_home)
    session = Session(coach_home, paths.bundled_content_dir())
    session.add_people([{"id": "p-tom", "name": "Tom Weber", "email": "tom@example.net"}])
    session.remove_record(PEOPLE, "p-tom")
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tom Weber\r\nTEL:+49 30 1234\r\nEND:VCARD\r\n"
    phone = tmp_path / "phone.vcf"
    phone.write_bytes(card * 2)
    out = run_cli("import-contacts", phone, "--dry-run").out
    assert "none new" in out and "1 you removed from your list earlier" in out, out

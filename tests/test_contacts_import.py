"""``coach import-contacts``: LinkedIn's Connections.csv and vCards become people, once.

Every bad file must give one line, exit 1 and leave the saved file byte for byte as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, OTHER_CONTENT, Result

from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.formats import contacts_import

CONTACTS = FIXTURES / "contacts"
CSV_FILE = CONTACTS / "Connections.csv"
VCF_FILE = CONTACTS / "four-cards.vcf"
PEOPLE = "strategy/people"
NEWLINES = {"crlf": "\r\n", "cr": "\r"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def saved_people(home: Path) -> list[dict[str, Any]]:
    doc = Book(home).load().to_doc(export=True)
    people = doc["answers"].get(PEOPLE, [])
    assert isinstance(people, list)
    return people


def seed(home: Path, people: list[dict[str, Any]] | None = None) -> bytes:
    """A saved state with a few people; returns the saved bytes."""
    progress = Progress(language="en")
    progress.answers[PEOPLE] = people or [{"id": "p1", "name": "Already Here", "circle": "friends"}]
    Store(home).save(progress)
    return (home / "progress.json").read_bytes()


def csv_rows() -> list[list[str]]:
    text = CSV_FILE.read_text("utf-8")
    start = text.index("First Name")
    return list(csv.reader(io.StringIO(text[start:])))


def write_csv(
    path: Path, rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n"
) -> str:
    out = io.StringIO()
    out.write('Notes:\n"Some of the email addresses are missing, see https://x.example/?a=1,2"\n\n')
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue().replace("\n", newline) if newline != "\n" else out.getvalue()


# -- LinkedIn ------------------------------------------------------------------------------
def test_sixty_connections_become_sixty_people_and_again_still_sixty(
    run_cli: Callable[..., Result], coach_home: Path
) -> None:
    first = run_cli("import-contacts", CSV_FILE, "--yes")
    assert first.code == 0, first.err
    assert "60 new" in first.out
    people = saved_people(coach_home)
    assert len(people) == 60
    rows = csv_rows()[1:]
    assert {p["name"] for p in people} == {f"{r[0]} {r[1]}" for r in rows}
    companies = {p.get("company") for p in people}
    assert {"Acme, Inc.", 'The "Good" Company', "Wayne Enterprises, Ltd."} <= companies
    assert "Head of People, EMEA" in {p.get("position") for p in people}
    jana = next(p for p in people if p.get("email"))
    assert jana["network"] == "linkedin"
    assert jana["circle"] == "unsorted"
    assert "follow_up" not in jana
    assert all(isinstance(p["id"], str) and p["id"] for p in people)
    assert len({p["id"] for p in people}) == 60
    without_url = [p for p, r in zip(people, rows, strict=True) if not r[2]]
    assert without_url and all("profile" not in p for p in without_url)

    again = run_cli("import-contacts", CSV_FILE, "--yes")
    assert again.code == 0, again.err
    assert "60 already" in again.out
    assert len(saved_people(coach_home)) == 60


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


@pytest.mark.parametrize(
    "variant",
    ["bom", "crlf", "cr", "latin1", "cp1252", "semicolon", "bom-crlf-semicolon", "utf16"],
)
def test_spreadsheet_resaves_read_the_same(
    variant: str, run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    rows = csv_rows()
    rows[1][0] = "Zoë–Chloé"  # an en dash: in cp1252, not in Latin-1
    delimiter = ";" if "semicolon" in variant else ","
    newline = next((NEWLINES[k] for k in ("crlf", "cr") if k in variant.split("-")), "\n")
    text = write_csv(tmp_path / "x", rows, delimiter=delimiter, newline=newline)
    if variant == "latin1":
        rows[1][0] = "Zoë Chloé"
        text = write_csv(tmp_path / "x", rows)
        data = text.encode("latin-1")
    elif variant == "cp1252":
        data = text.encode("cp1252")
    elif variant == "utf16":
        data = text.encode("utf-16")
    else:
        data = ("\ufeff" if "bom" in variant else "").encode() + text.encode("utf-8")
    source = tmp_path / "Connections.csv"
    source.write_bytes(data)

    result = run_cli("import-contacts", source, "--yes")
    assert result.code == 0, result.err
    people = saved_people(coach_home)
    assert [p["name"] for p in people] == [f"{r[0]} {r[1]}" for r in rows[1:]]
    assert {p.get("company") for p in people} >= {"Acme, Inc.", 'The "Good" Company'}


def test_csv_injection_and_markup_are_kept_as_text(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    rows = [
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        [
            "=cmd|' /C calc'!A0",
            "[b]Bold[/b]",
            "",
            "",
            "+SUM(1;2)",
            "@x \x1b[31mred\x1b[0m",
            "1 Jan 2024",
        ],
    ]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), "utf-8")
    assert run_cli("import-contacts", source, "--yes").code == 0
    (person,) = saved_people(coach_home)
    assert person["name"] == "=cmd|' /C calc'!A0 [b]Bold[/b]"
    assert person["company"] == "+SUM(1;2)"
    assert person["position"] == "@x \x1b[31mred\x1b[0m", "kept as written (RELIABILITY 6)"


def test_line_separators_and_no_break_spaces_are_kept_as_written(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    """A vCard's lines end at CR and LF only: a name or note holding U+2028 or U+0085 was
    cut there without a word (str.splitlines); a CSV's no-break space stays one."""
    card = tmp_path / "one.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\u2028Lee\r\n"
        "NOTE:before\u2028after the break\x85and more\r\nEND:VCARD\r\n",
        "utf-8",
    )
    assert run_cli("import-contacts", card, "--yes").code == 0
    (person,) = saved_people(coach_home)
    assert person["name"] == "Ann\u2028Lee"
    assert person["note"] == "before\u2028after the break\x85and more"
    rows = [
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        ["Zoë\u00a0Marie", "Weiß", "", "", "Acme  GmbH", "", "1 Jan 2024"],
    ]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), "utf-8")
    assert run_cli("import-contacts", source, "--yes").code == 0
    zoe = saved_people(coach_home)[-1]
    assert zoe["name"] == "Zoë\u00a0Marie Weiß" and zoe["company"] == "Acme GmbH"


def test_rows_without_a_name_are_skipped_and_counted(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    rows = [*csv_rows()[:4], ["", "", "https://www.linkedin.com/in/nobody", "", "X", "", ""]]
    source = tmp_path / "Connections.csv"
    source.write_text(write_csv(source, rows), "utf-8")
    result = run_cli("import-contacts", source, "--yes")
    assert result.code == 0
    assert "1 skipped: it has no name" in result.out
    assert len(saved_people(coach_home)) == 3


# -- vCard ---------------------------------------------------------------------------------
def test_four_cards_add_three_with_readable_notes_and_no_photo(
    run_cli: Callable[..., Result], coach_home: Path
) -> None:
    result = run_cli("import-contacts", VCF_FILE, "--yes")
    assert result.code == 0, result.err
    assert "3 new" in result.out and "1 skipped: it has no name" in result.out
    people = {p["name"]: p for p in saved_people(coach_home)}
    assert set(people) == {"Jürgen Müller", "Zoë Nguyen", "Tom Weber"}
    jurgen = people["Jürgen Müller"]  # 2.1, quoted-printable with a soft line break
    assert jurgen["note"] == (
        "Met at the UX meetup in Köln, talked about accessibility and größere Schriften.\n"
        "Send him the article."
    )
    assert jurgen["company"] == "Müller & Söhne"
    assert jurgen["email"] == "juergen.mueller@example.de"
    zoe = people["Zoë Nguyen"]  # 4.0
    assert zoe["company"] == "Initech, LLC"
    assert zoe["position"] == "Data Scientist"
    assert zoe["profile"] == "https://www.linkedin.com/in/zoe-nguyen"
    assert zoe["network"] == "linkedin"
    assert zoe["note"] == "Knows everyone in the Berlin data scene.\nAsk about the meetup."
    tom = people["Tom Weber"]  # 3.0 with a 200 KB photo
    assert tom["note"] == "Runs the product guild. Prefers a short message over a call."

    exported = run_cli("export")
    assert exported.code == 0
    assert len(exported.out) < 40_000  # the file is 200 KB, almost all of it the photo
    assert "/9j/" not in exported.out

    again = run_cli("import-contacts", VCF_FILE, "--yes")
    assert again.code == 0 and "3 already" in again.out
    assert len(saved_people(coach_home)) == 3


def test_a_latin1_quoted_printable_card_and_a_nested_agent(tmp_path: Path) -> None:
    source = tmp_path / "old.vcf"
    source.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:G=FCnther;Fran=E7ois\r\n"
        b"NOTE;QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Line one=0D=0A=\r\n"
        b"line two; with =\r\nsemicolon\r\n"
        b"AGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Secret Agent\r\nEND:VCARD\r\n"
        b"TITLE:Chef\r\nEND:VCARD\r\n"
    )
    found = contacts_import.read(source)
    (card,) = found.contacts
    assert card.name == "François Günther"
    assert card.note == "Line one\nline two; with semicolon"
    assert card.position == "Chef"


def test_markup_and_escape_sequences_in_a_card_are_stored_as_text(
    run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    source = tmp_path / "evil.vcf"
    source.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\n"
        b"FN:[@click=app.quit]Eve[/] \x1b]0;pwned\x07\x1b[31mRed\r\n"
        b"NOTE:[link=http://x]y[/link]\\n\x1b[2J\xc2\x9b31mcleared\r\n"  # C1 CSI in UTF-8
        b"END:VCARD\r\n"
    )
    done = run_cli("import-contacts", source, "--yes")
    assert done.code == 0
    (person,) = saved_people(coach_home)
    assert person["name"] == "[@click=app.quit]Eve[/] \x1b]0;pwned\x07\x1b[31mRed"
    assert person["note"] == "[link=http://x]y[/link]\n\x1b[2J\x9b31mcleared"
    said = run_cli("log", "Eve")
    assert said.code == 0 and "Eve[/] {U+001B}]0;pwned{U+0007}{U+001B}[31mRed" in said.out
    assert not CONTROL.search(done.out + done.err + said.out), "kept, and never shown raw"


# -- nothing twice -------------------------------------------------------------------------
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


# -- the CLI's promises --------------------------------------------------------------------
def test_dry_run_changes_nothing(run_cli: Callable[..., Result], coach_home: Path) -> None:
    before = seed(coach_home)
    result = run_cli("import-contacts", CSV_FILE, "--dry-run")
    assert result.code == 0
    assert "60 new" in result.out
    assert (coach_home / "progress.json").read_bytes() == before
    assert not (coach_home / "backups").exists() or not any((coach_home / "backups").iterdir())


def test_without_a_terminal_it_needs_yes(run_cli: Callable[..., Result], coach_home: Path) -> None:
    before = seed(coach_home)
    result = run_cli("import-contacts", CSV_FILE)
    assert result.code == 1
    assert "--yes" in result.err and len(result.err.strip().splitlines()) == 1
    assert (coach_home / "progress.json").read_bytes() == before


def test_an_import_is_backed_up_first(run_cli: Callable[..., Result], coach_home: Path) -> None:
    before = seed(coach_home)
    result = run_cli("import-contacts", VCF_FILE, "--yes")
    assert result.code == 0
    (backup,) = (coach_home / "backups").glob("*before-contacts*")
    assert backup.read_bytes() == before
    assert oct(backup.stat().st_mode & 0o777) == "0o600"


def _huge(path: Path) -> None:
    with path.open("wb") as f:
        f.truncate(contacts_import.MAX_BYTES + 1)  # sparse: no disk used


def _fifo(path: Path) -> None:
    os.mkfifo(path)


BAD: dict[str, tuple[Callable[[Path], object], str]] = {
    "binary.csv": (lambda p: p.write_bytes(bytes(range(256)) * 40), "not a text file"),
    "binary-no-nul.csv": (lambda p: p.write_bytes(bytes(range(1, 32)) * 400), "not a text file"),
    "empty.csv": (lambda p: p.write_bytes(b""), "is empty"),
    "blank.vcf": (lambda p: p.write_bytes(b"\r\n \n"), "is empty"),
    "huge.csv": (_huge, "larger than 20 MB"),
    "notes.txt": (lambda p: p.write_text("Dear diary,\nnothing here.\n"), "not a contacts file"),
    "broken.csv": (
        lambda p: p.write_text('First Name,Last Name,Company\nJana,"Krüger,Acme\nTom,Weber,X\n'),
        "broken quoting",
    ),
    "folder.csv": (lambda p: p.mkdir(), "not a regular file"),
    "fifo.csv": (_fifo, "not a regular file"),
    "missing.csv": (lambda p: None, "Cannot read"),
    "deep-quoting.csv": (
        lambda p: p.write_text('First Name,Last Name\nJana,"' + '""' * 200_000 + '"\n'),
        "longer than 128 KB",
    ),
    "too-many.vcf": (
        lambda p: p.write_text("BEGIN:VCARD\nFN:x\nEND:VCARD\n" * 30_001),
        "more than 30,000 contacts",
    ),
    "cards-without-cards.vcf": (
        lambda p: p.write_text("BEGIN:VCARD\nVERSION:3.0\n"),
        "not a contacts",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_one_line_and_changes_nothing(
    name: str, run_cli: Callable[..., Result], coach_home: Path, tmp_path: Path
) -> None:
    before = seed(coach_home)
    make, expected = BAD[name]
    source = tmp_path / name
    make(source)
    result = run_cli("import-contacts", source, "--yes")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert expected in lines[0]
    assert name in lines[0]
    assert "Traceback" not in result.err
    assert (coach_home / "progress.json").read_bytes() == before
    assert not (coach_home / "backups").exists() or not any((coach_home / "backups").iterdir())


def test_german_summary(run_cli: Callable[..., Result], coach_home: Path) -> None:
    result = run_cli("--lang", "de", "import-contacts", VCF_FILE, "--dry-run")
    assert result.code == 0
    assert "3 neu" in result.out and "1 übersprungen: ohne Namen" in result.out


def test_content_without_people_is_one_line(run_cli: Callable[..., Result]) -> None:
    result = run_cli("--content", OTHER_CONTENT, "import-contacts", CSV_FILE, "--yes")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "no people list" in result.err


def test_a_missing_file_argument_is_a_usage_error(run_cli: Callable[..., Result]) -> None:
    assert run_cli("import-contacts").code == 2


def test_a_card_with_ten_thousand_addresses_and_a_runaway_note(tmp_path: Path) -> None:
    source = tmp_path / "odd.vcf"
    emails = "".join(f"EMAIL:m{i}@example.org\n" for i in range(10_000))
    note = "NOTE:" + "word, " * 1_000_000 + "\n" + " folded\n" * 100_000
    source.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:Many\n{emails}{note}END:VCARD\n", "utf-8")
    (card,) = contacts_import.read(source).contacts
    assert card.email == "m0@example.org"
    assert card.note.startswith("word, word,")
    assert len(card.note) == contacts_import.NOTE_MAX


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "added"), [("n\n", 0), ("\n", 0), ("y\n", 3), ("", 0)])
def test_on_a_terminal_it_asks(
    answer: str, added: int, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib

    from coach.cli.main import main

    before = seed(coach_home)
    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["import-contacts", str(VCF_FILE)])
    assert code == 0
    assert "Add these 3 new people to your people list? [y/N]" in out.getvalue()
    assert len(saved_people(coach_home)) == 1 + added
    if not added:
        assert (coach_home / "progress.json").read_bytes() == before


def test_an_outlook_csv_is_read_but_not_called_linkedin(tmp_path: Path) -> None:
    source = tmp_path / "outlook.csv"
    source.write_text(
        "First Name,Middle Name,Last Name,Company,Job Title,E-mail Address\n"
        'Jana,,Krüger,"Acme, Inc.",CEO,jana@example.org\n',
        "utf-8",
    )
    (contact,) = contacts_import.read(source).contacts
    assert (contact.name, contact.company, contact.position, contact.email) == (
        "Jana Krüger",
        "Acme, Inc.",
        "CEO",
        "jana@example.org",
    )
    assert contact.network == ""


def test_a_social_profile_in_a_card_is_the_linkedin_profile(tmp_path: Path) -> None:
    source = tmp_path / "apple.vcf"
    source.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jana\nitem1.URL:https://jana.example\n"
        "X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/jana\nEND:VCARD\n",
        "utf-8",
    )
    (contact,) = contacts_import.read(source).contacts
    assert contact.profile == "https://www.linkedin.com/in/jana"
    assert contact.network == "linkedin"

"""``coach import-contacts``: LinkedIn's Connections.csv and vCards become people, once.

Every bad file must give one line, exit 1 and leave the saved file byte for byte as it was.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OTHER_CONTENT, Result
from contacts_helpers import (
    CONTROL,
    CSV_FILE,
    NEWLINES,
    VCF_FILE,
    csv_rows,
    saved_people,
    seed,
    write_csv,
)

from coach.formats import contacts_import


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

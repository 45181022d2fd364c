"""Hostile input, round three (issue 25): invisible characters, a vCard that hung the
parser, ``-o`` onto links, FIFOs and devices, a huge calendar, one true line per problem."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach import dates
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import dump
from coach.formats import contacts_import

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def coach(
    *argv: str, home: Path, stdin: bytes = b"", timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """``python -m coach`` in a subprocess, output as bytes (CRLF stays CRLF)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COACH_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "coach", *argv],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )


# -- the vCard parser ------------------------------------------------------------------------
def evil_card(params: int = 29) -> str:
    """The issue's card: an EMAIL line with many TYPE= parameters and an empty one."""
    types = ";".join(f"TYPE=t{i}" for i in range(params))
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jana Test\r\nN:Test;Jana;;;\r\n"
        f"EMAIL;{types};:jana@example.com\r\nEND:VCARD\r\n"
    )


def test_the_29_parameter_card_returns_at_once_with_its_contact(tmp_path):
    source = tmp_path / "evil.vcf"
    source.write_text(evil_card(), encoding="utf-8", newline="")
    started = time.process_time()  # CPU: a busy test machine does not make it fail
    (contact,) = contacts_import.read(source).contacts
    assert time.process_time() - started < 3
    assert (contact.name, contact.email) == ("Jana Test", "jana@example.com")


def test_nothing_from_the_parser_reaches_stderr(tmp_path):
    # A parameter list vobject could not match: it logged "Skipped line" to stderr.
    source = tmp_path / "odd.vcf"
    source.write_text(
        'BEGIN:VCARD\r\nFN:Jana\r\nEMAIL;TYPE=a;:j@x.de\r\nNOTE;X="a:b\r\nEND:VCARD\r\n',
        encoding="utf-8",
    )
    proc = coach("import-contacts", str(source), "--dry-run", home=tmp_path / "h", timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert b"1 new" in proc.stdout


def _shapes() -> dict[str, str]:
    evil = evil_card().replace("FN:Jana Test", "FN:Jana {i}")
    return {
        "evil cards": "".join(evil.replace("{i}", str(i)) for i in range(MB // 340)),
        "small cards": "".join(f"BEGIN:VCARD\r\nFN:N{i}\r\nEND:VCARD\r\n" for i in range(25_000)),
        "full cards": "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jana {i}\r\nN:K;J;;;\r\nEMAIL:a{i}@b.c\r\n"
            f"ORG:Acme, Inc.\r\nURL:https://linkedin.com/in/x{i}\r\nNOTE:hi\r\nEND:VCARD\r\n"
            for i in range(MB // 150)
        ),
        "one long parameter list": "BEGIN:VCARD\r\nFN:A\r\nEMAIL;"
        + ";".join("TYPE=" + "a" * 50 for _ in range(MB // 56))
        + ";:x@y\r\nEND:VCARD\r\n",
        "folded note": "BEGIN:VCARD\r\nFN:A\r\nNOTE:"
        + "\r\n ".join("x\\" * 35 for _ in range(MB // 73))
        + "\r\nEND:VCARD\r\n",
    }


@pytest.mark.parametrize("shape", list(_shapes()))
def test_a_megabyte_of_any_shape_is_read_in_about_a_second(shape):
    raw = _shapes()[shape].encode("utf-8")
    started = time.process_time()  # CPU: a busy test machine does not make it fail
    contacts_import.parse(raw, Path("x.vcf"))
    elapsed = time.process_time() - started
    assert elapsed < max(len(raw) / MB, 1), f"{shape}: {elapsed:.1f} s"


# -- invisible characters ----------------------------------------------------------------------
INVISIBLES = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\ufeff"
)
RAW_INVISIBLE = re.compile(f"[{INVISIBLES}]")
PEOPLE = "strategy/people"


def test_invisible_characters_never_reach_stdout_raw_and_are_kept_exactly(
    run_cli, coach_home, tmp_path, monkeypatch
):

    monkeypatch.setattr(dates, "local_today", lambda: dt.date(2026, 11, 27))
    name = "Jana \u202eikswoK\u202c Krüger\u200b\ufeff"
    step = "Ask\u2066 her\u2069 for\u2028 20\u200d minutes"
    note = "met at \u202dthe\u2029 meetup\u200e " + INVISIBLES
    doc = json.loads(dump(Progress(language="en")))
    doc["answers"] = {
        PEOPLE: [{"id": "p1", "name": name, "follow_up": "2026-11-20", "next_step": step}],
        "strategy/goal": "A job " + INVISIBLES,
    }
    doc["contacts"] = [{"id": "c1", "person": "p1", "date": "2026-11-01", "note": note}]
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    assert run_cli("import", source).code == 0
    logged = run_cli("log", "Jana", "--note", "again " + INVISIBLES, "--next", "2026-11-27")
    assert logged.code == 0, logged.err
    assert RAW_INVISIBLE.search(logged.out + logged.err) is None
    commands = [
        ["today"],
        ["today", "--json"],
        ["status"],
        ["status", "--json"],
        ["sheet"],
        ["sheet", "--format", "markdown"],
        ["sheet", "--format", "html"],
        ["calendar"],
        ["export"],
    ]
    for lang in ("en", "de"):
        for command in commands:
            result = run_cli("--lang", lang, *command)
            assert result.code == 0, (command, result.err)
            found = RAW_INVISIBLE.search(result.out + result.err)
            assert found is None, f"{command}: {found.group()!r} raw on stdout"
    shown_today = run_cli("today").out
    assert "{U+202E}" in shown_today  # seen, not silently dropped
    as_json = json.loads(run_cli("today", "--json").out)
    assert as_json["follow_ups"][0]["person"] == name.strip()
    saved = Book(coach_home).load().to_doc(export=True)
    assert saved["answers"][PEOPLE][0]["name"] == name  # kept exactly as written
    assert saved["answers"][PEOPLE][0]["next_step"] == step
    assert [c["note"] for c in saved["contacts"]] == [note, "again " + INVISIBLES]
    exported = json.loads(run_cli("export").out)
    assert exported["answers"][PEOPLE][0]["name"] == name


def test_safe_text_for_widgets_marks_invisibles_but_keeps_emoji():
    from coach.safetext import shown
    from coach.tui.safe import plain, styled

    assert str(plain("a\u202eb")) == "a{U+202E}b"
    assert "\u202e" not in str(styled("[b]$n[/b]", n="a\u202eb"))
    assert shown("👩🏽\u200d💻") == "👩🏽\u200d💻"  # one emoji: its joiner stays
    assert shown("a\u2028b", single_line=True) == "a b"
    assert RAW_INVISIBLE.search(shown(INVISIBLES)) is None


def imported(run_cli, tmp_path: Path, people: list[dict]) -> None:
    doc = json.loads(dump(Progress(language="en")))
    doc["answers"] = {PEOPLE: people}
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    assert run_cli("import", source).code == 0


# -- -o -------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["calendar", "sheet", "export"])
def test_output_onto_a_symlink_is_refused_and_the_link_and_its_target_stay(
    command, run_cli, tmp_path
):
    target = tmp_path / "real.txt"
    target.write_text("mine\n", encoding="utf-8")
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    result = run_cli(command, "-o", link)
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1 and "symbolic link" in result.err
    assert link.is_symlink() and target.read_text("utf-8") == "mine\n"


@pytest.mark.parametrize("command", ["calendar", "sheet", "export"])
def test_output_onto_a_fifo_without_a_reader_returns(command, tmp_path):
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    proc = coach(command, "-o", str(fifo), home=tmp_path / "h", timeout=30)
    assert proc.returncode == 1
    assert len(proc.stderr.decode().strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("lang", ["en", "de"])
def test_sheet_onto_the_saved_progress_is_one_line(lang, run_cli, coach_home):
    run_cli("status")  # makes the data folder
    coach_home.mkdir(parents=True, exist_ok=True)
    result = run_cli("--lang", lang, "sheet", "-o", coach_home / "progress.json")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1, result.err


# -- the calendar ---------------------------------------------------------------------------
def test_the_calendar_on_stdout_has_crlf_line_ends(run_cli, tmp_path):
    imported(run_cli, tmp_path, [{"id": "p", "name": "Ana", "follow_up": "2026-12-01"}])
    proc = coach("calendar", home=Path(os.environ["COACH_HOME"]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert proc.stdout.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in proc.stdout.replace(b"\r\n", b"")


def test_the_count_is_the_entries_written(run_cli, tmp_path):
    name = "Ana BEGIN:VEVENT\nBEGIN:VEVENT"
    imported(run_cli, tmp_path, [{"id": "p", "name": name, "follow_up": "2026-12-01"}])
    result = run_cli("calendar", "-o", tmp_path / "a.ics")
    assert result.code == 0, result.err
    assert "Saved one calendar entry" in result.err


def test_hostile_names_read_back_the_same_in_two_readers(run_cli, tmp_path):
    import icalendar
    import vobject  # type: ignore[import-untyped]

    from coach.safetext import shown

    names = [
        "Tom; Weber, Jr. \\ back",
        "Ünïcödé " * 20,
        "日本語の名前" * 15,
        "rtl \u202eevil\u202c and " + "x" * 74,
        "line\nbreak and\ttab",
    ]
    people = [
        {"id": f"p{i}", "name": n, "follow_up": "2026-12-01", "next_step": n}
        for i, n in enumerate(names)
    ]
    imported(run_cli, tmp_path, people)
    target = tmp_path / "a.ics"
    assert run_cli("calendar", "-o", target).code == 0
    data = target.read_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    ours = icalendar.Calendar.from_ical(data).walk("VEVENT")
    theirs = vobject.readOne(data.decode("utf-8")).vevent_list
    assert [str(e["UID"]) for e in ours] == [e.uid.value for e in theirs]
    assert [str(e["UID"]) for e in ours] == [f"follow-up-p{i}@coach.invalid" for i in range(5)]
    for event, other, name in zip(ours, theirs, names, strict=True):
        wanted = f"Get in touch with {shown(name.strip(), single_line=True)}"
        assert str(event["SUMMARY"]) == other.summary.value == wanted


def test_100000_follow_ups_take_at_most_3_seconds():
    import datetime as dt_

    from coach.content.loader import load_course
    from coach.formats.calendar_export import Calendar

    course = load_course(ROOT / "content")
    progress = Progress(language="en")
    day = dt_.date(2026, 12, 1)
    progress.answers[PEOPLE] = [
        {
            "id": f"p{i:06d}",
            "name": f"Person {i}",
            "follow_up": (day + dt_.timedelta(i % 900)).isoformat(),
            "next_step": "Ask, kindly",
        }
        for i in range(100_000)
    ]
    started = time.process_time()  # CPU: a busy test machine does not make it fail
    calendar = Calendar(course, progress, "en", dt_.datetime(2026, 12, 6, tzinfo=dt_.UTC))
    size = sum(len(chunk) for chunk in calendar.chunks())
    assert time.process_time() - started <= 3
    assert calendar.entries == 100_000 and size > 100_000 * 200


# -- one true line for each problem ---------------------------------------------------------
@pytest.mark.parametrize(
    ("held_by", "said"),
    [
        ("", "another coach command. "),
        ("123 command", "another coach command (pid 123)"),
        ("123 app", "the coach, open in another terminal (pid 123)"),
        ("123", "another coach (pid 123)"),
    ],
)
def test_a_lock_refusal_names_who_holds_it(held_by, said, coach_home):
    from coach.data.store import Locked

    message = Locked(coach_home, held_by).message()
    assert said in message
    assert "?" not in message and "window" not in message


def test_a_command_racing_a_command_names_it(tmp_path, run_cli, monkeypatch):
    """The lock file says who holds it: a command run while another command holds it. The
    holder is another process; the refused command runs in this one, waiting a fifth of a
    second for the lock instead of ``LOCK_WAIT`` (this lock is held for good)."""
    from coach.data import store

    monkeypatch.setattr(store, "LOCK_WAIT", 0.2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom coach.data.store import Store\n"
            "with Store(Path(sys.argv[1])).locked():\n"
            "    print('holding', flush=True)\n    time.sleep(60)\n",
            str(tmp_path / "h"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        result = run_cli("--lang", "de", "--data-dir", tmp_path / "h", "reset", "--yes")
        err = result.err
        assert result.code == 1 and len(err.strip().splitlines()) == 1, err
        assert f"anderen coach-Befehl benutzt (PID {holder.pid})" in err
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_note_over_the_limit_is_refused_with_the_limit_named(lang, run_cli, coach_home, tmp_path):
    imported(run_cli, tmp_path, [{"id": "p", "name": "Ana"}])
    before = (coach_home / "progress.json").read_bytes()
    result = run_cli("--lang", lang, "log", "Ana", "--note", "x" * 130_000)
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "130" in result.err and "20" in result.err  # its length and the limit
    assert (coach_home / "progress.json").read_bytes() == before


def test_a_note_at_the_limit_is_saved_whole(run_cli, coach_home, tmp_path):
    from coach.application.session import NOTE_MAX

    imported(run_cli, tmp_path, [{"id": "p", "name": "Ana"}])
    assert run_cli("log", "Ana", "--note", "x" * NOTE_MAX).code == 0
    saved = Book(coach_home).load().to_doc(export=True)
    assert saved["contacts"][-1]["note"] == "x" * NOTE_MAX


def test_note_dash_reads_the_note_from_stdin(run_cli, coach_home, tmp_path):
    imported(run_cli, tmp_path, [{"id": "p", "name": "Ana"}])
    result = run_cli("log", "Ana", "--note", "-", stdin="text\n")
    assert result.code == 0, result.err
    saved = Book(coach_home).load().to_doc(export=True)
    assert saved["contacts"][-1]["note"] == "text"
    too_long = run_cli("log", "Ana", "--note", "-", stdin="y" * 30_000)
    assert too_long.code == 1 and "20" in too_long.err


# -- content-driven -------------------------------------------------------------------------
def other_content(tmp_path: Path) -> Path:
    """The shipped content with its own contact kinds and LinkedIn's network id renamed."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    meta = (root / "coach.yaml").read_text("utf-8")
    meta = meta.replace("    - id: comment\n", "    - id: coffee\n")
    meta = meta.replace("import_network: linkedin", "import_network: li")
    (root / "coach.yaml").write_text(meta, "utf-8")
    networks = (root / "networks.yaml").read_text("utf-8")
    (root / "networks.yaml").write_text(networks.replace("- id: linkedin", "- id: li"), "utf-8")
    return root


def test_log_help_lists_the_contents_kinds(run_cli, tmp_path):
    root = other_content(tmp_path)
    out = run_cli("--content", root, "log", "--help").out
    assert "coffee" in " ".join(out.split()) and "comment" not in out
    assert "comment" in run_cli("log", "--help").out


def test_the_imports_network_comes_from_the_content(run_cli, coach_home, tmp_path):
    root = other_content(tmp_path)
    source = tmp_path / "Connections.csv"
    source.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Jana,Krüger,https://www.linkedin.com/in/jana,,Acme,Dev,01 Jan 2024\n",
        encoding="utf-8",
    )
    result = run_cli("--content", root, "import-contacts", source, "--yes")
    assert result.code == 0, result.err
    saved = Book(coach_home).load().to_doc(export=True)
    (person,) = saved["answers"][PEOPLE]
    assert person["network"] == "li"


def test_an_import_network_that_is_no_network_is_a_content_error(run_cli, tmp_path):
    root = other_content(tmp_path)
    meta = (
        (root / "coach.yaml")
        .read_text("utf-8")
        .replace("import_network: li", "import_network: nope")
    )
    (root / "coach.yaml").write_text(meta, "utf-8")
    result = run_cli("validate", root)
    assert result.code == 1 and "import_network" in result.err


def test_invisible_characters_in_content_are_made_visible_when_it_is_loaded(tmp_path):
    import shutil

    from coach.content.loader import load_course

    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    step = next(iter(sorted((root / "steps").glob("*.yaml"))))
    text = step.read_text("utf-8")
    title = 'title:\n  en: "Why a network helps"'
    assert title in text
    step.write_text(text.replace(title, 'title:\n  en: "Why \\u202ea network helps"'), "utf-8")
    course = load_course(root)
    assert course.steps[0].title["en"] == "Why {U+202E}a network helps"

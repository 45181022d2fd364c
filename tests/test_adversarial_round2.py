"""The adversarial pass over this round's new inputs and outputs (issue 16, last paragraph).

Hostile saved data read by ``today``, ``log`` and ``calendar``; ``coach log``'s dates at
the calendar's ends; ``-o`` onto things that are not plain files. Each test is a failure the
pass found in the installed coach, kept so that it cannot come back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject  # type: ignore[import-untyped]  # no stubs published
from conftest import RunCli
from test_hostile import HOSTILE, assert_no_control

from coach import dates
from coach.cli import ask, today_cli
from coach.cli.main import main
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import dump
from coach.errors import UserError
from coach.i18n import format_date

TODAY = dt.date(2026, 11, 27)
PEOPLE = "strategy/people"
EVENTS = "fun/offline_events"
POSTS = "posting/posts"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def imported(run_cli: Any, tmp_path: Path, **fields: Any) -> None:
    """A progress file with ``fields`` set, brought in as a user would: ``coach import``."""
    doc = json.loads(dump(Progress(language="en")))
    doc.update(fields)
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("import", source)
    assert result.code == 0, result.err


def saved(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = Book(home).load().to_doc(export=True)
    return data


def calendar_uids(path: Path) -> list[str]:
    """The UIDs of ``path``'s entries, after checking that both readers take the file."""
    data = path.read_bytes()
    parsed = vobject.readOne(data.decode("utf-8"))
    events = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert len(parsed.vevent_list) == len(events)
    return [str(e["UID"]) for e in events]


def test_two_people_with_one_id_are_logged_apart(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    """A file where two people share an id: logging B used to move A's follow-up."""
    imported(
        run_cli,
        tmp_path,
        answers={
            PEOPLE: [
                {"id": "same", "name": "Anna", "follow_up": "2026-12-01"},
                {"id": "same", "name": "Bert", "follow_up": "2026-12-02"},
            ]
        },
    )
    result = run_cli("log", "Bert", "--next", "2027-01-05")
    assert result.code == 0, result.err
    anna, bert = saved(coach_home)["answers"][PEOPLE]
    assert (anna["name"], anna["follow_up"]) == ("Anna", "2026-12-01")
    assert (bert["name"], bert["follow_up"]) == ("Bert", "2027-01-05")
    assert anna["id"] != bert["id"]
    (contact,) = saved(coach_home)["contacts"]
    assert contact["person"] == bert["id"]


def test_odd_record_ids_are_replaced_the_same_way_on_every_load(
    run_cli: RunCli, coach_home: Path, tmp_path: Path
) -> None:
    """Ids that are not text, empty or another record's get one of their own, the same on
    every read of the file (a calendar's UIDs must not change while nothing is saved)."""
    doc = json.loads(dump(Progress(language="en")))
    doc["answers"] = {
        PEOPLE: [
            {"id": "same", "name": "A", "follow_up": "2026-12-01"},
            {"id": "same", "name": "B", "follow_up": "2026-12-02"},
            {"id": ["x"], "name": "C", "follow_up": "2026-12-03"},
            {"id": "", "name": "D", "follow_up": "2026-12-04"},
        ]
    }
    coach_home.mkdir(parents=True)
    (coach_home / "progress.json").write_text(json.dumps(doc), encoding="utf-8")
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run_cli("calendar", "-o", first).code == 0
    assert run_cli("calendar", "-o", second).code == 0
    uids = calendar_uids(first)
    assert len(uids) == len(set(uids)) == 4
    assert uids == calendar_uids(second)


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_people_notes_and_ids_never_reach_today_log_or_calendar(
    hostile: str, run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    ids = [hostile, hostile + "2", "plain"]
    imported(
        run_cli,
        tmp_path,
        answers={
            PEOPLE: [
                {"id": ids[0], "name": hostile, "follow_up": "2026-11-20", "next_step": hostile},
                {"id": ids[1], "name": "Ann " + hostile, "circle": "colleagues"},
                {"id": ids[2], "name": "Bob", "follow_up": hostile},
            ],
            EVENTS: [{"id": hostile, "name": hostile, "date": "2026-11-30"}],
            POSTS: [{"id": hostile, "topic": hostile, "planned_on": "2026-12-01"}],
        },
        contacts=[
            {"id": "c1", "person": ids[1][:64], "date": "2026-01-01", "note": hostile},
            {"id": "c2", "person": "plain", "date": "2026-11-01", "note": hostile, "at": hostile},
        ],
    )
    # (A note over 20,000 characters is refused since issue 25: the longest is cut here.)
    logged = run_cli("log", "Bob", "--note", hostile[:20_000], "--next", "+3d")
    assert logged.code == 0, logged.err
    assert_no_control(logged.out + logged.err, "log")
    note = saved(coach_home)["contacts"][-1].get("note", "")
    assert note == hostile[:20_000], "saved as written (RELIABILITY 6)"
    ics = tmp_path / "plan.ics"
    for lang in ("en", "de"):
        for command in (["today"], ["today", "--json"], ["calendar"], ["calendar", "-o", ics]):
            result = run_cli("--lang", lang, *command)
            assert result.code == 0, (command, result.err)
            # The calendar's lines end in CRLF on stdout too (RFC 5545): no other \r.
            assert_no_control((result.out + result.err).replace("\r\n", "\n"), command)
            if command[-1] == "--json":
                shown = json.loads(result.out)
                assert shown["follow_ups"][0]["person"] == hostile.strip()
        assert_no_control(ics.read_text("utf-8").replace("\r\n", "\n"), "calendar file")
        uids = calendar_uids(ics)
        assert len(uids) == len(set(uids)) == 4


def test_an_unterminated_eight_bit_osc_in_a_name_keeps_today_json_whole(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """The output gate strips an 8-bit OSC to the end of its line: in ``today --json`` that
    took the closing quote, so the JSON no longer parsed."""
    name = "Jo \u009dno end"
    imported(
        run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": name, "follow_up": "2026-11-20"}]}
    )
    result = run_cli("today", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["follow_ups"][0]["person"] == name
    assert_no_control(result.out, "today --json")


def test_a_contact_on_the_last_day_of_the_calendar_has_no_follow_up(
    run_cli: Any, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """9999-12-31 plus the circle's 60 days is past the calendar's end: a crash before."""
    imported(run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": "Ana", "circle": "friends"}]})
    monkeypatch.setattr(ask, "yes", lambda question: True)  # "yes, log it anyway"
    result = run_cli("log", "Ana", "--on", "9999-12-31")
    assert result.code == 0, result.err
    assert "follow_up" not in saved(coach_home)["answers"][PEOPLE][0]
    assert saved(coach_home)["contacts"][0]["date"] == "9999-12-31"


def test_a_relative_date_past_the_calendars_end_is_one_clear_message() -> None:
    with pytest.raises(UserError):
        today_cli.parse_day("+2w", base=dt.date.max)


@pytest.mark.parametrize(("lang", "shown"), [("en", "0001-01-01"), ("de", "01.01.0001")])
def test_early_years_are_written_with_four_digits(lang: str, shown: str) -> None:
    assert format_date(dt.date(1, 1, 1), lang) == shown


@pytest.mark.parametrize("command", ["calendar", "sheet", "export"])
def test_output_onto_a_fifo_is_refused_not_replaced(
    command: str, run_cli: Any, tmp_path: Path
) -> None:
    """``-o`` onto a FIFO is refused in one line (issue 25: with no reader, writing to it
    blocked forever); ``calendar`` used to rename a file over it."""
    imported(
        run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": "Ana", "follow_up": "2026-12-01"}]}
    )
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run_cli(command, "-o", fifo)
        with contextlib.suppress(BlockingIOError):
            assert os.read(reader, 1 << 16) == b""
    finally:
        os.close(reader)
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1, result.err
    assert "not a regular file" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("command", ["calendar", "sheet", "export"])
def test_an_output_name_too_long_is_one_clear_line(
    command: str, run_cli: Any, tmp_path: Path
) -> None:
    result = run_cli(command, "-o", tmp_path / ("x" * 300))
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert not (tmp_path / "coach-home" / "logs").exists()  # no crash log


def test_a_question_with_stdin_closed_is_a_no_not_a_crash(
    run_cli: Any, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``coach log --on FUTURE <&-`` and ``coach import-contacts FILE <&-``: Python starts
    with ``sys.stdin`` None; asking used to end in "Something unexpected went wrong"."""
    imported(run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": "Ana"}]})
    before = (coach_home / "progress.json").read_bytes()
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Zed,Zulu,,,,,01 Jan 2020\n",
        encoding="utf-8",
    )
    for command in (["log", "Ana", "--on", "2027-01-01"], ["import-contacts", str(csv)]):
        monkeypatch.setattr("sys.stdin", None)  # run_cli would give an empty stdin instead
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(command)
        assert code == 1, (command, err.getvalue())
        assert "unexpected" not in err.getvalue()
        assert not (coach_home / "logs").exists()
    assert (coach_home / "progress.json").read_bytes() == before


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59-23:59"])
def test_a_last_change_far_in_the_future_still_makes_a_calendar(
    stamp: str, run_cli: Any, tmp_path: Path
) -> None:
    """SEQUENCE counts minutes to the last change: in year 9999 that is past the 32 bits
    an iCalendar integer has, and icalendar refused it (a crash)."""
    imported(
        run_cli,
        tmp_path,
        updated_at=stamp,
        answers={PEOPLE: [{"id": "p", "name": "Ana", "follow_up": "2026-12-01"}]},
    )
    ics = tmp_path / "plan.ics"
    result = run_cli("calendar", "-o", ics)
    assert result.code == 0, result.err
    assert len(calendar_uids(ics)) == 1


def test_log_under_a_c_locale_keeps_the_letters_typed(
    run_proc: Any, coach_home: Path, tmp_path: Path
) -> None:
    """With ``LC_ALL=C`` (cron, a bare ssh, a container) Python reads arguments as ASCII:
    "Jürgen" found nobody and a note "été" was saved as "??t??"."""
    doc = json.loads(dump(Progress(language="en")))
    doc["answers"] = {PEOPLE: [{"id": "p", "name": "Jürgen"}]}
    coach_home.mkdir(parents=True)
    (coach_home / "progress.json").write_text(json.dumps(doc), encoding="utf-8")
    env = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    result = run_proc("log", "jürgen", "--note", "été, naïve", "--on", "2020-01-01", env=env)
    assert result.code == 0, result.err
    assert saved(coach_home)["contacts"][0]["note"] == "été, naïve"


@pytest.mark.parametrize("command", ["calendar", "sheet", "export"])
def test_output_into_the_data_folder_is_refused(
    command: str, run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    """``-o progress.json`` typed in the data folder replaced the saved state with a
    calendar: the next start found it broken, the last change gone. The coach's own files
    there are refused."""
    imported(run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": "Ana"}]})
    before = (coach_home / "progress.json").read_bytes()
    for target in (coach_home / "progress.json", coach_home / "backups" / "x.ics"):
        result = run_cli(command, "-o", target)
        assert result.code == 1
        assert str(coach_home) in result.err.splitlines()[-1]
    assert (coach_home / "progress.json").read_bytes() == before
    assert not (coach_home / "backups" / "x.ics").exists()
    # Other files there are the user's own (``--data-dir .`` keeps everything in one place).
    assert run_cli(command, "-o", coach_home / f"mine.{command}").code == 0


def test_output_into_another_data_folder_is_refused(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    """``export -o ../desktop/progress.json`` replaced another data folder's saved state (a
    second device's on this machine); a folder that only holds an export of that name is
    the user's."""
    imported(run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": "Ana"}]})
    other = tmp_path / "desktop"
    assert run_cli("--data-dir", other, "log", "Ana", "--note", "there").code == 1  # (nobody)
    assert run_cli("--data-dir", other, "reset", "--yes").code == 0
    before = (other / "progress.json").read_bytes()
    result = run_cli("export", "-o", other / "progress.json")
    assert result.code == 1 and "one of the coach's own files" in result.err
    assert (other / "progress.json").read_bytes() == before
    mine = tmp_path / "exports"
    mine.mkdir()
    for _ in range(2):  # (the second time, the folder holds a progress.json: still mine)
        assert run_cli("export", "-o", mine / "progress.json").code == 0
    (mine / "journal").mkdir()  # a folder of the user's named journal is theirs too
    assert run_cli("sheet", "-o", mine / "journal" / "sheet.md").code == 0
    assert run_cli("export", "-o", mine / "progress.json").code == 0


@pytest.mark.parametrize(
    "command", [("calendar",), ("sheet",), ("export",), ("calendar", "--keep")]
)
def test_output_over_a_journal_or_the_device_file_is_refused(
    command: tuple[str, ...], run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    """``export -o journal/<device>.jsonl`` said "Saved" and replaced every change with an
    export (all people gone, "96 lines … skipped"); ``calendar --keep -o`` there rewrote the
    journal after every change, each "Logged" lost. The journal, the device file and the
    journals in the sync folder are the coach's own as much as the saved state."""
    imported(run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": "Ana"}]})
    assert run_cli("sync", "--folder", tmp_path / "sync").code == 0
    assert run_cli("log", "Ana", "--note", "kept").code == 0
    own = [
        *sorted((coach_home / "journal").glob("*.jsonl")),
        coach_home / "device.json",
        *sorted((tmp_path / "sync").glob("*.jsonl")),
        tmp_path / "sync" / "README-coach.txt",
        tmp_path / "sync" / "other-device.jsonl",  # one not carried here yet
    ]
    assert len(own) == 5
    before = {path: path.read_bytes() for path in own if path.exists()}
    for target in own:
        result = run_cli(*command, "-o", target)
        assert result.code == 1, (target, result.out)
        assert str(target) in result.err.splitlines()[-1]
    assert {path: path.read_bytes() for path in own if path.exists()} == before
    assert run_cli("history", "Ana").out.count("kept") == 1
    # The user's other files in the sync folder are theirs.
    assert run_cli(*command, "-o", tmp_path / "sync" / f"mine.{command[0]}").code == 0


def test_a_kept_calendar_is_a_file_not_standard_output(run_cli: Any, tmp_path: Path) -> None:
    """``calendar --keep -o /dev/stdout`` was taken and then failed after every change."""
    imported(run_cli, tmp_path, answers={PEOPLE: [{"id": "p", "name": "Ana"}]})
    for name in ("-", "/dev/stdout"):
        result = run_cli("calendar", "--keep", "-o", name)
        assert result.code == 2 and "--keep needs the file" in result.err
    assert "No calendar file is being kept" in run_cli("calendar", "--stop").out

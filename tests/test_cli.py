"""The command line as CONTRACT.md describes it, in-process and (a few) in a subprocess:
version, help, status, validate, where, one-line failures (export, import and reset:
test_cli_data.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from cli_helpers import STEP_IDS, assert_one_line_error, saved, status_json
from conftest import CONTENT, OTHER_CONTENT, RunCli

from coach import __version__
from coach.content.loader import load_course
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store

CONTRACT_COMMANDS = ["status", "sheet", "validate", "export", "import", "reset", "where"]


# -- version, help, usage -------------------------------------------------------------------
def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"coach {__version__}"


def test_help_lists_every_command_and_option(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.code == 0
    for command in CONTRACT_COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.out, re.M), f"{command} not in --help"
    for option in ("--data-dir", "--content", "--lang", "--version"):
        assert option in result.out


def test_help_in_german(run_cli: RunCli) -> None:
    result = run_cli("--lang", "de", "--help")
    assert result.code == 0
    assert "show this help message" not in result.out
    assert "Fortschritt" in result.out


def test_help_in_the_language_chosen_in_the_coach(run_cli: RunCli, coach_home: Path) -> None:
    """German chosen in the coach: its commands spoke German, their --help English (the
    help says the default language is "your saved choice")."""
    Store(coach_home).save(Progress(language="de"))
    result = run_cli("log", "--help")
    assert result.code == 0 and "festhalten, dass du mit jemandem Kontakt hattest" in result.out
    assert "record that you were" in run_cli("--lang", "en", "log", "--help").out
    assert not (coach_home / "journal").exists(), "the help writes nothing"


def test_a_usage_error_in_the_language_chosen_in_the_coach(
    run_cli: RunCli, coach_home: Path
) -> None:
    """German chosen in the coach: a typo's complaint came in English."""
    Store(coach_home).save(Progress(language="de"))
    result = run_cli("stauts")
    assert result.code == 2
    assert result.err.count("Aufruf:") == 1 and "usage:" not in result.err, result.err
    assert "ungültige Wahl" in result.err, result.err
    english = run_cli("--lang", "en", "stauts")
    assert english.code == 2 and "usage:" in english.err and "invalid choice" in english.err
    Store(coach_home).save(Progress(language="en"))
    again = run_cli("stauts")
    assert again.err.count("usage:") == 1 and "invalid choice" in again.err


@pytest.mark.parametrize(
    ("argv", "said"),
    [(["history", "--jsn"], "--jsn"), (["log", "Bob", "Berg", "--note", "hi"], "Berg")],
)
def test_a_commands_unknown_argument_shows_that_commands_usage(
    run_cli: RunCli, argv: list[str], said: str
) -> None:
    """``coach history --jsn`` showed the usage of ``coach`` itself (every command), as if
    the command were the mistake; the command's own usage says what it takes, once."""
    result = run_cli("--lang", "en", *argv)
    assert result.code == 2
    assert result.err.count("usage:") == 1
    assert f"usage: coach {argv[0]} " in result.err, result.err
    assert f"coach {argv[0]}: error: unrecognized arguments: {said}" in result.err


@pytest.mark.parametrize("argv", [["bogus"], ["status", "--bogus"], ["--lang", "fr", "status"]])
def test_wrong_usage_exits_2(run_cli: RunCli, argv: list[str]) -> None:
    result = run_cli(*argv)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert "usage:" in result.err


# -- status ---------------------------------------------------------------------------------
def test_status_text(run_cli: RunCli) -> None:
    result = run_cli("status")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Your progress: 0 of 43 done"
    assert len(lines) == 1 + 7
    assert lines[1].startswith("▸") and "Why a network helps" in lines[1]
    assert lines[2].rstrip().endswith("0/5")


def test_status_json_shape(run_cli: RunCli) -> None:
    report = status_json(run_cli)
    assert set(report) == {"current_step", "steps", "overall"}
    assert report["current_step"] == "why"
    assert [s["id"] for s in report["steps"]] == STEP_IDS
    for step in report["steps"]:
        assert set(step) == {"id", "title", "done", "total"}
        assert isinstance(step["title"], str) and step["title"]
        assert step["done"] == 0 and 4 <= step["total"] <= 8
    assert report["overall"] == {
        "done": 0,
        "total": sum(s["total"] for s in report["steps"]),
    }


def test_status_json_reflects_saved_ticks(run_cli: RunCli, coach_home: Path) -> None:
    saved(
        coach_home,
        "why/read-why",
        "networks/pick-first",
        "accounts/linkedin/created",
        "gone/forgotten",
        networks__picked=["linkedin"],
    )
    report = status_json(run_cli)
    by_id = {s["id"]: (s["done"], s["total"]) for s in report["steps"]}
    assert report["current_step"] == "networks"
    assert by_id["why"] == (1, 5)
    assert by_id["networks"] == (1, 5)
    assert by_id["accounts"] == (1, 7 + 7)
    # Overall: every step's own item, and of the network's 7 only the one that is done.
    assert report["overall"] == {"done": 3, "total": 43 + 1}


def test_status_text_marks_the_current_step(run_cli: RunCli, coach_home: Path) -> None:
    saved(coach_home, "why/read-why")
    lines = run_cli("status").out.splitlines()
    assert lines[0] == "Your progress: 1 of 43 done"
    marked = [line for line in lines if line.startswith("▸")]
    assert len(marked) == 1 and "Pick your networks" in marked[0]


def test_data_dir_beats_coach_home(run_cli: RunCli, tmp_path: Path, coach_home: Path) -> None:
    other = tmp_path / "elsewhere"
    saved(other, "why/read-why")
    saved(coach_home)
    assert status_json(run_cli)["overall"]["done"] == 0
    assert status_json(run_cli, "--data-dir", other)["overall"]["done"] == 1
    where = run_cli("where", "--data-dir", other)
    assert f"Data folder: {other}" in where.out


def test_content_option_switches_the_course(run_cli: RunCli) -> None:
    report = status_json(run_cli, "--content", OTHER_CONTENT)
    assert [(s["id"], s["total"]) for s in report["steps"]] == [
        ("seeds", 2),
        ("care", 3),
        ("harvest", 6),
    ]
    assert report["current_step"] == "seeds"


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "de", "--content", "{other}", "status", "--json"],
        ["status", "--json", "--lang", "de", "--content", "{other}"],
        ["--lang=de", "status", "--content={other}", "--json"],
    ],
)
def test_global_options_before_or_after_the_command(run_cli: RunCli, argv: list[str]) -> None:
    result = run_cli(*(a.format(other=OTHER_CONTENT) for a in argv))
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert [s["title"] for s in report["steps"]] == ["Samen säen", "Pflegen", "Ernten und teilen"]


def test_data_dir_after_the_command(run_cli: RunCli, tmp_path: Path) -> None:
    saved(tmp_path / "d", "why/read-why", "why/write-why")
    assert status_json(run_cli, "--data-dir", tmp_path / "d")["overall"]["done"] == 2


def test_lang_de_gives_german_status(run_cli: RunCli) -> None:
    result = run_cli("--lang", "de", "status")
    assert result.code == 0
    assert result.out.splitlines()[0] == "Dein Fortschritt: 0 von 43 erledigt"
    german = [s.title["de"] for s in load_course(CONTENT).steps]
    for title in german:
        assert title in result.out
    assert "Why a network helps" not in result.out


def test_locale_and_saved_language(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert run_cli("status").out.startswith("Dein Fortschritt")
    assert run_cli("status", "--lang", "en").out.startswith("Your progress")
    monkeypatch.setenv("LANG", "C")
    assert run_cli("status").out.startswith("Your progress")
    Store(coach_home).save(Progress(language="de"))
    assert run_cli("status").out.startswith("Dein Fortschritt")
    assert run_cli("status", "--lang", "en").out.startswith("Your progress")


def test_a_language_switched_in_the_open_ui_speaks_in_the_shell_at_once(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The switch is a line in the journal until the snapshot is next written (the UI
    still open): the shell's commands read it there, with a snapshot and without one."""
    from coach.application.session import Session

    monkeypatch.setenv("LANG", "C")
    for with_snapshot in (True, False):
        if with_snapshot:
            Store(coach_home).save(Progress(language="en"))
        session = Session.from_options(str(coach_home), None, None)
        session.set_language("de")  # as the palette's "Switch language" does
        if with_snapshot:
            saved_doc = json.loads((coach_home / "progress.json").read_text("utf-8"))
            assert saved_doc["language"] == "en", "the switch is in the journal only"
        assert run_cli("status").out.startswith("Dein Fortschritt"), with_snapshot
        assert run_cli("status", "--lang", "en").out.startswith("Your progress")
        shutil.rmtree(coach_home)


# -- validate, where ----------------------------------------------------------------------
def test_validate_exit_codes(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("validate").code == 0
    ok = run_cli("validate", OTHER_CONTENT)
    assert ok.code == 0 and "3 steps, 11 checklist items" in ok.out
    via_option = run_cli("--content", OTHER_CONTENT, "validate")
    assert via_option.code == 0 and "3 steps" in via_option.out
    broken = tmp_path / "broken"
    broken.mkdir()
    result = run_cli("validate", broken)
    assert result.code == 1
    assert "coach.yaml:1: (top): file is missing" in result.err


def test_where_prints_the_data_folder_and_files(run_cli: RunCli, coach_home: Path) -> None:
    result = run_cli("where")
    assert result.code == 0
    assert f"Data folder: {coach_home}" in result.out
    saved(coach_home, "why/read-why")
    assert "progress.json" in run_cli("where").out


def test_where_sizes_in_the_languages_number_format(run_cli: RunCli, coach_home: Path) -> None:
    saved(coach_home, why__goal="x" * 2000)
    size = f"{(coach_home / 'progress.json').stat().st_size:,}"
    assert f"progress.json  ({size} B)" in run_cli("--lang", "en", "where").out
    german = size.replace(",", ".")
    assert f"progress.json  ({german} B)" in run_cli("--lang", "de", "where").out


def test_where_names_the_sync_folder_and_the_kept_calendar(
    run_cli: RunCli, coach_home: Path, tmp_path: Path
) -> None:
    """Both are this device's settings (device.json): ``where`` reads them without the
    state, so a broken progress.json is still only looked at, never set aside."""
    saved(coach_home, "why/read-why")
    assert "Sync folder" not in run_cli("--lang", "en", "where").out
    assert run_cli("sync", "--folder", tmp_path / "Sync").code == 0
    calendar = tmp_path / "coach.ics"
    assert run_cli("calendar", "-o", calendar, "--keep").code == 0
    (coach_home / "progress.json").write_text("{broken", encoding="utf-8")
    result = run_cli("--lang", "en", "where")
    assert result.code == 0, result.err
    assert f"Sync folder: {tmp_path / 'Sync'}" in result.out
    assert f"Calendar:    {calendar}  (kept current)" in result.out
    assert (coach_home / "progress.json").read_text(encoding="utf-8") == "{broken"
    assert "Kalender:" in run_cli("--lang", "de", "where").out


# -- failures are one message, never a traceback ------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["--content", "/no/such/folder", "status"],
        ["import", "/no/such/file.json"],
        ["export", "-o", "{tmp}"],
        ["reset"],
    ],
)
def test_failures_are_one_message(run_cli: RunCli, tmp_path: Path, argv: list[str]) -> None:
    result = run_cli(*(a.format(tmp=tmp_path) for a in argv))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.startswith("coach: ")


def test_no_command_without_a_terminal_is_a_message(run_cli: RunCli) -> None:
    assert_one_line_error(run_cli())


# -- the real program, in a subprocess --------------------------------------------------------
def test_subprocess_version_and_help(run_proc: RunCli) -> None:
    version = run_proc("--version")
    assert version.code == 0 and version.out.strip() == f"coach {__version__}"
    assert run_proc("--help").code == 0
    assert run_proc("bogus").code == 2


def test_subprocess_status_json_is_plain(run_proc: RunCli, coach_home: Path) -> None:
    saved(coach_home, "why/read-why")
    result = run_proc("status", "--json")
    assert result.code == 0
    assert json.loads(result.out)["overall"]["done"] == 1
    text = run_proc("status")
    assert "\x1b" not in text.out  # piped output has no colour codes


def test_subprocess_german_locale(run_proc: RunCli) -> None:
    result = run_proc("status", env={"LANG": "de_DE.UTF-8"})
    assert result.out.startswith("Dein Fortschritt")


def test_subprocess_failures(run_proc: RunCli, tmp_path: Path, coach_home: Path) -> None:
    saved(coach_home, "why/read-why")
    (tmp_path / "bad.json").write_text("{oops")
    for argv in (["import", tmp_path / "bad.json"], ["reset"], ["reset", "--step", "x", "--yes"]):
        result = run_proc(*argv)
        assert result.code == 1, argv
        assert "Traceback" not in result.err
        # one line; an unknown step is followed by the list of steps to choose from
        steps = len(STEP_IDS) if "--step" in argv else 0
        assert len(result.err.strip().splitlines()) == 1 + steps
    assert Book(coach_home).load().is_ticked("why/read-why")


def test_an_empty_data_folder_is_refused_not_read_as_the_usual_one(run_cli: RunCli) -> None:
    """coach --data-dir "" (a script's variable left unset) used the user's own data."""
    result = run_cli("--data-dir", "", "where")
    assert result.code == 2
    assert "give a folder (an empty one would mean your usual data folder)" in result.err
    assert "Data folder" not in result.out


def test_an_option_is_taken_only_as_written(run_cli: RunCli, coach_home: Path) -> None:
    """``coach log Tom --not hallo`` logged the contact (argparse took --not for --note)."""
    saved(coach_home)
    result = run_cli("--lang", "en", "log", "Tom", "--not", "hallo")
    assert result.code == 2 and "unrecognized arguments: --not hallo" in result.err
    assert "[--next DATE|+Nd|+Nw|none]" in result.err  # (the usage names none too)
    assert run_cli("history", "--json").out.strip() == "[]"


@pytest.mark.parametrize(
    "argv",
    [
        ["sheet", "-o", ""],
        ["export", "-o", " "],
        ["calendar", "-o", ""],
        ["log", "Tom", "--on", ""],
        ["log", "Tom", "--next", ""],
        ["log", "Tom", "--kind", ""],
        ["history", ""],
        ["import", ""],
        ["import-contacts", ""],
        ["restore", ""],
        ["validate", ""],
        ["--content", "", "status"],
    ],
)
def test_an_empty_value_is_refused_not_read_as_none_given(
    run_cli: RunCli, coach_home: Path, argv: list[str]
) -> None:
    """A script's variable left unset: ``-o ""`` printed to the terminal, ``--on ""`` logged
    today, ``history ""`` listed everyone, ``--content ""`` read the bundled content."""
    saved(coach_home)
    before = run_cli("export").out
    result = run_cli(*argv)
    assert result.code == 2, result
    assert "empty: give a value" in result.err and result.out == ""
    assert run_cli("export").out == before


def test_an_empty_step_resets_nothing(run_cli: RunCli, coach_home: Path) -> None:
    """``reset --step ""`` reset every step (a script's ``--step "$STEP"``, unset)."""
    saved(coach_home, "why/read-why")
    result = run_cli("reset", "--step", "", "--yes")
    assert result.code == 1 and "There is no step ''" in result.err
    assert Book(coach_home).load().is_ticked("why/read-why")


def test_a_data_folder_the_system_refuses_is_named_with_the_reason(
    run_cli: RunCli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable data folder (no permission) said "details are in (no log could be
    written)": a crash, where the user can mend it if told which file and why."""
    import pathlib

    saved(coach_home)
    real = pathlib.Path.exists

    def refused(self: Path) -> bool:
        if self.name == "progress.json":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "exists", refused)
    result = run_cli("status")
    assert_one_line_error(result)
    assert f"Cannot use {coach_home / 'progress.json'}: " in result.err
    assert "unexpected" not in result.err


def test_where_says_a_data_folder_that_is_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("")
    result = run_cli("--data-dir", afile, "where")
    assert_one_line_error(result)
    assert f"Cannot read {afile}: " in result.err and result.out == ""

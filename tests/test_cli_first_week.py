"""Command-line moments of a new user's first week (issue 13): the sheet's file format from
its name, what ``reset --step`` also changes, and refusing before asking while the coach is
open; date messages that say what is wrong."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import RunCli

from coach import i18n
from coach.cli.main import main
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain.answers import InvalidValue, Prefer, date_note, parse_date


def saved(home: Path) -> Progress:
    progress = Progress(current_step="accounts")
    progress.set_answer("networks/picked", ["linkedin", "mastodon"])
    progress.set_tick("accounts/linkedin/created", True)
    progress.set_tick("networks/pick-first", True)
    Store(home).save(progress)
    return progress


# -- coach sheet -o FILE picks the format from the name -------------------------------------
@pytest.mark.parametrize(
    ("name", "looks_like"),
    [
        ("plan.html", "<!DOCTYPE html>"),
        ("plan.HTM", "<!DOCTYPE html>"),
        ("plan.md", "# "),
        ("plan.markdown", "# "),
        ("plan.txt", "===="),
        ("plan", "===="),
    ],
)
def test_sheet_output_name_picks_the_format(
    run_cli: RunCli, coach_home: Path, tmp_path: Path, name: str, looks_like: str
) -> None:
    saved(coach_home)
    target = tmp_path / name
    result = run_cli("sheet", "-o", target)
    assert result.code == 0, result.err
    text = target.read_text("utf-8")
    assert looks_like in text.splitlines()[0] + text.splitlines()[1]
    assert "<" not in text or looks_like.startswith("<")
    assert "plain text" not in result.err


def test_sheet_format_option_still_wins(run_cli: RunCli, coach_home: Path, tmp_path: Path) -> None:
    saved(coach_home)
    target = tmp_path / "plan.html"
    assert run_cli("sheet", "--format", "markdown", "-o", target).code == 0
    assert target.read_text("utf-8").startswith("# ")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_an_unknown_extension_gets_text_and_says_so(
    run_cli: RunCli, coach_home: Path, tmp_path: Path, lang: str
) -> None:
    saved(coach_home)
    target = tmp_path / "plan.odt"
    result = run_cli("--lang", lang, "sheet", "-o", target)
    assert result.code == 0
    assert "<html" not in target.read_text("utf-8")
    assert ".odt" in result.err and "--format" in result.err


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_pdf_is_refused_with_the_way_to_one(
    run_cli: RunCli, coach_home: Path, tmp_path: Path, lang: str
) -> None:
    """Text in a file named .pdf would be a PDF no reader opens: refused, saying how
    (the HTML sheet, printed from a browser); nothing is written."""
    saved(coach_home)
    target = tmp_path / "plan.pdf"
    for fmt in ([], ["--format", "html"]):
        result = run_cli("--lang", lang, "sheet", *fmt, "-o", target)
        assert result.code == 1 and "PDF" in result.err, result.err
        assert f"coach sheet -o {tmp_path / 'plan.html'}" in result.err  # its folder too
        assert not target.exists()


# -- coach reset --step ------------------------------------------------------------------
class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def answer_reset(monkeypatch: pytest.MonkeyPatch, answer: str, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", FakeTerminal(answer))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(["reset", *argv])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("lang", "said"), [("en", "LinkedIn, Mastodon"), ("de", "Hinweis")])
def test_reset_of_the_picks_says_what_else_changes_before_asking(
    monkeypatch: pytest.MonkeyPatch, coach_home: Path, lang: str, said: str
) -> None:
    saved(coach_home)
    code, out, _ = answer_reset(monkeypatch, "n\n", "--lang", lang, "--step", "2")
    assert code == 0
    note, question = out.index(said), out.index("[j/N]" if lang == "de" else "[y/N]")
    assert note < question
    assert "3" in out[:question] and ("Konten" if lang == "de" else "accounts") in out[:question]
    assert Book(coach_home).load().answer("networks/picked") == ["linkedin", "mastodon"]


def test_reset_of_a_step_nothing_depends_on_asks_only(
    monkeypatch: pytest.MonkeyPatch, coach_home: Path
) -> None:
    saved(coach_home)
    _, out, _ = answer_reset(monkeypatch, "n\n", "--step", "1")
    assert "Note" not in out


def test_reset_names_items_the_steps_answers_ticked_elsewhere(
    monkeypatch: pytest.MonkeyPatch, coach_home: Path, tmp_path: Path
) -> None:
    """An item of step 3 ticked by step 4's list: clearing step 4 unticks it; say so."""
    import shutil

    from conftest import CONTENT

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    step = root / "steps" / "03-accounts.yaml"
    text = step.read_text("utf-8").replace(
        "  - id: passwords\n",
        "    done_when: {records: sightseeing/watchlist}\n  - id: passwords\n",
        1,
    )
    assert "done_when: {records: sightseeing/watchlist}" in text
    step.write_text(text, "utf-8")
    progress = Progress()
    progress.set_answer("sightseeing/watchlist", [{"name": "Ana"}])
    Store(coach_home).save(progress)
    _, out, _ = answer_reset(monkeypatch, "n\n", "--content", str(root), "--step", "4")
    assert "1 item that your answers here ticked" in out


@contextlib.contextmanager
def coach_open(home: Path) -> Iterator[None]:
    """The store's lock held as an open coach holds it (a lock of another open file)."""
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / "progress.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


@pytest.mark.parametrize("argv", [["--step", "2"], ["--step", "networks"], []])
def test_reset_works_while_the_coach_is_open_and_the_open_coach_sees_it(
    monkeypatch, coach_home: Path, argv: list[str]
) -> None:
    from coach.application.session import Session
    from coach.data import paths

    saved(coach_home)
    open_coach = Session(coach_home, paths.bundled_content_dir())
    assert open_coach.progress.answer("networks/picked")
    code, out, _ = answer_reset(monkeypatch, "y\n", *argv)
    assert code == 0 and out
    assert open_coach.refresh() is True
    assert open_coach.progress.answer("networks/picked") is None


def test_a_lock_held_too_long_is_refused_naming_its_holder(monkeypatch, coach_home: Path) -> None:
    from coach.data import store

    saved(coach_home)
    monkeypatch.setattr(store, "LOCK_WAIT", 0.1)
    with coach_open(coach_home):
        code, _, err = answer_reset(monkeypatch, "y\n", "--yes")
    assert code == 1
    assert "is in use by" in err and len(err.strip().splitlines()) == 1


def test_reset_still_clears_the_step_when_told_yes(
    monkeypatch: pytest.MonkeyPatch, coach_home: Path
) -> None:
    saved(coach_home)
    code, _, _ = answer_reset(monkeypatch, "y\n", "--step", "2")
    assert code == 0
    progress = Book(coach_home).load()
    assert progress.answer("networks/picked") is None
    assert not progress.is_ticked("networks/pick-first")
    assert progress.is_ticked("accounts/linkedin/created"), "kept, shown again on a new pick"


# -- dates -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        ("en", "2026-02-30", "February 2026 has 28 days."),
        ("en", "2028-02-30", "February 2028 has 29 days."),
        ("en", "31.04.2026", "April 2026 has 30 days."),
        ("en", "2026-06-31", "June 2026 has 30 days."),
        ("de", "30.02.2026", "Der Februar 2026 hat 28 Tage."),
        ("de", "2100-02-29", "Der Februar 2100 hat 28 Tage."),
        ("de", "2000-02-30", "Der Februar 2000 hat 29 Tage."),
        ("de", "31.04.2026", "Der April 2026 hat 30 Tage."),
    ],
)
def test_a_date_not_in_the_calendar_says_how_long_its_month_is(
    lang: str, typed: str, said: str
) -> None:
    i18n.set_language(lang)
    with pytest.raises(InvalidValue) as caught:
        parse_date(typed)
    assert str(caught.value) == said


@pytest.mark.parametrize(("lang", "hint"), [("en", "2026-03-31"), ("de", "31.03.2026")])
@pytest.mark.parametrize(
    "typed", ["2026-13-01", "tomorrow", "2026/03/01", "1.2.3", "31.13.2026", "2026-02-3"]
)
def test_a_malformed_date_still_gets_the_format_hint(lang: str, hint: str, typed: str) -> None:
    i18n.set_language(lang)
    with pytest.raises(InvalidValue) as caught:
        parse_date(typed)
    assert hint in str(caught.value) and typed in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2028-02-29", dt.date(2028, 2, 29)),
        ("29.02.2028", dt.date(2028, 2, 29)),
        ("1.3.2026", dt.date(2026, 3, 1)),
        (" 01.12.2026 ", dt.date(2026, 12, 1)),
    ],
)
def test_real_dates_are_taken(typed: str, day: dt.date) -> None:
    assert parse_date(typed) == day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("31.12.", dt.date(2026, 12, 31)),
        ("30.11.", dt.date(2026, 11, 30)),  # last week, not next year
        ("3.1.", dt.date(2027, 1, 3)),  # next month, not eleven months ago
        ("24.12", dt.date(2026, 12, 24)),
    ],
)
def test_a_day_and_month_without_a_year_is_the_nearest_such_day(typed: str, day: dt.date) -> None:
    """On 7 Dec 2026 (German users write "31.12." for the last day of the year)."""
    assert parse_date(typed, dt.date(2026, 12, 7)) == day
    with pytest.raises(InvalidValue):
        parse_date(typed)  # without a day to count from, a year is needed
    i18n.set_language("de")
    with pytest.raises(InvalidValue) as caught:
        parse_date("30.2.", dt.date(2026, 12, 7))
    assert str(caught.value) == "Der Februar 2027 hat 28 Tage."  # the nearest February
    with pytest.raises(InvalidValue) as caught:
        parse_date("0.1.", dt.date(2026, 12, 7))
    assert "kein gültiges Datum" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "prefer", "day"),
    [
        ("15.6.", "ahead", dt.date(2027, 6, 15)),  # a follow-up: the next 15 June
        ("28.2.", "back", dt.date(2026, 2, 28)),  # a contact that happened: the last one
        ("29.2.", "ahead", dt.date(2028, 2, 29)),  # the next 29 February there is
        ("29.2.", "near", dt.date(2028, 2, 29)),
        ("7.12.", "ahead", dt.date(2026, 12, 7)),  # today is on or after today
        ("7.12.", "back", dt.date(2026, 12, 7)),
    ],
)
def test_a_day_and_month_looks_the_way_the_date_points(
    typed: str, prefer: Prefer, day: dt.date
) -> None:
    assert parse_date(typed, dt.date(2026, 12, 7), prefer) == day


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_date_in_the_past_gets_a_gentle_note(lang: str) -> None:
    i18n.set_language(lang)
    today = dt.date(2026, 11, 27)
    assert date_note("2026-11-26", today) is not None
    assert date_note("2026-11-27", today) is None
    assert date_note("2027-01-01", today) is None
    assert date_note("not a date", today) is None

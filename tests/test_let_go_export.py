"""The days people were let go, carried by an export (``let_go``) into ``coach import``:
the import says them again only where it changes that person's follow-up, never over a
date set later, and its undo takes all of it back (an adversarial review's cases)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from today_cli_helpers import PEOPLE, TODAY, state

from coach import dates
from coach.application.session import Session
from coach.data import merge, merge_meta, paths

NOON = int(dt.datetime.combine(TODAY, dt.time(12)).timestamp() * 1000)


class Clock:
    """This computer's clock and "today", set by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ms = NOON
        for module in (merge_meta, merge):
            monkeypatch.setattr(module, "wall_ms_now", lambda: self.ms)
        monkeypatch.setattr(
            dates, "local_today", lambda: dt.datetime.fromtimestamp(self.ms / 1000).date()
        )

    def at(self, days: int, hour: int = 12) -> None:
        when = dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(hour))
        self.ms = int(when.timestamp() * 1000)


def _session(home: Path) -> Session:
    return Session(home, paths.bundled_content_dir())


def _follow_up(home: Path, pid: str) -> Any:
    records = _session(home).progress.answers[PEOPLE]
    return next(p for p in records if p["id"] == pid).get("follow_up")


def _let_go_and_export(home: Path, run_cli: Any, target: Path, clock: Clock, pid: str) -> None:
    """``pid`` gets a follow-up, then is let go, now; the state is exported to ``target``."""
    _session(home).move_follow_ups({pid: TODAY + dt.timedelta(days=3)})
    clock.ms += 1000
    _session(home).move_follow_ups({pid: None})
    assert run_cli("export", "-o", target, home=home).code == 0


def test_an_import_takes_away_a_follow_up_set_after_the_let_go_day(
    run_cli: Any, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import replaces the state: a date given after the export's let-go day goes too
    (the back-dated stamp lost to it, and the date stayed)."""
    clock = Clock(monkeypatch)
    state(coach_home)
    export = tmp_path / "export.json"
    _let_go_and_export(coach_home, run_cli, export, clock, "p-old")
    clock.at(5)
    _session(coach_home).move_follow_ups({"p-old": TODAY + dt.timedelta(days=10)})
    clock.at(6)
    assert run_cli("import", export).code == 0
    assert _follow_up(coach_home, "p-old") is None
    assert _session(coach_home).let_go_days() == {"p-old": TODAY + dt.timedelta(days=6)}


def test_someone_let_go_this_morning_is_let_go_after_an_import_this_morning(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    clock.at(0, hour=8)
    home, other = tmp_path / "laptop", tmp_path / "desktop"
    state(home)
    export = tmp_path / "export.json"
    _let_go_and_export(home, run_cli, export, clock, "p-late")
    clock.at(0, hour=9)
    assert run_cli("import", export, home=other).code == 0
    assert _session(other).let_go_days() == {"p-late": TODAY}


def test_the_same_export_imported_again_changes_nothing_and_undo_takes_the_first_back(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    home, other = tmp_path / "laptop", tmp_path / "desktop"
    state(home)
    export = tmp_path / "export.json"
    _let_go_and_export(home, run_cli, export, clock, "p-late")
    clock.at(3)
    assert run_cli("import", export, home=other).code == 0
    imported = run_cli("export", home=other).out
    clock.ms += 1000
    assert run_cli("import", export, home=other).code == 0
    assert run_cli("export", home=other).out == imported
    clock.ms += 1000
    assert run_cli("undo", "--yes", home=other).code == 0
    assert PEOPLE not in json.loads(run_cli("export", home=other).out)["answers"]


def test_undoing_an_import_leaves_no_let_go_day_behind(
    run_cli: Any, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sam, here with no date and never let go; the export let him go: the import changes
    nothing of his, so it says no day for him (an undo could not take a stamp back)."""
    clock = Clock(monkeypatch)
    state(coach_home)
    other = tmp_path / "other"
    state(other)
    export = tmp_path / "export.json"
    _let_go_and_export(other, run_cli, export, clock, "p-old")
    clock.at(3)
    before = run_cli("export").out
    assert run_cli("import", export).code == 0
    clock.ms += 1000
    assert run_cli("undo", "--yes").code == 0
    after = run_cli("export").out
    drop = ("updated_at",)
    assert {k: v for k, v in json.loads(after).items() if k not in drop} == {
        k: v for k, v in json.loads(before).items() if k not in drop
    }


@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31", "9999-12-31", "2026-13-01"])
def test_a_let_go_day_no_clock_can_say_is_left_out(
    run_cli: Any, coach_home: Path, tmp_path: Path, day: str
) -> None:
    state(coach_home)
    export = tmp_path / "export.json"
    assert run_cli("export", "-o", export).code == 0
    doc = json.loads(export.read_text(encoding="utf-8"))
    doc["let_go"] = {"p-old": day}
    export.write_text(json.dumps(doc), encoding="utf-8")
    other = tmp_path / "other"
    result = run_cli("import", export, home=other)
    assert result.code == 0, result.err
    assert _session(other).let_go_days() == {}
    assert "let_go" not in json.loads(run_cli("export", home=other).out)

"""The day someone was let go, in their entry (``let_go_on``), through ``coach export`` and
``coach import``: the import's state is the export's, a second import of it changes
nothing, and its undo takes all of it back (an adversarial review's cases)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from today_cli_helpers import PEOPLE, TODAY, state

from coach import dates
from coach.application.session import Session
from coach.data import paths


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "local_today", lambda: TODAY)


def _session(home: Path) -> Session:
    return Session(home, paths.bundled_content_dir())


def _sam(home: Path) -> dict[str, Any]:
    records = _session(home).progress.answers[PEOPLE]
    found: dict[str, Any] = next(p for p in records if p["id"] == "p-old")
    return found


def _let_go_and_export(home: Path, run_cli: Any, target: Path) -> None:
    """Sam gets a follow-up, then is let go, today; the state is exported to ``target``."""
    _session(home).move_follow_ups({"p-old": TODAY + dt.timedelta(days=3)})
    _session(home).move_follow_ups({"p-old": None})
    assert run_cli("export", "-o", target, home=home).code == 0


def test_an_import_takes_away_a_follow_up_set_after_the_let_go_day(
    run_cli: Any, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state(coach_home)
    export = tmp_path / "export.json"
    _let_go_and_export(coach_home, run_cli, export)
    monkeypatch.setattr(dates, "local_today", lambda: TODAY + dt.timedelta(days=5))
    _session(coach_home).move_follow_ups({"p-old": TODAY + dt.timedelta(days=10)})
    assert run_cli("import", export).code == 0
    assert "follow_up" not in _sam(coach_home)
    assert _session(coach_home).let_go_days() == {"p-old": TODAY}


def test_the_same_export_imported_again_changes_nothing_and_undo_takes_the_first_back(
    run_cli: Any, tmp_path: Path
) -> None:
    home, other = tmp_path / "laptop", tmp_path / "desktop"
    state(home)
    export = tmp_path / "export.json"
    _let_go_and_export(home, run_cli, export)
    assert run_cli("import", export, home=other).code == 0
    imported = run_cli("export", home=other).out
    assert run_cli("import", export, home=other).code == 0
    assert run_cli("export", home=other).out == imported
    assert run_cli("undo", "--yes", home=other).code == 0
    assert PEOPLE not in json.loads(run_cli("export", home=other).out)["answers"]


def test_undoing_an_import_leaves_no_let_go_day_behind(
    run_cli: Any, coach_home: Path, tmp_path: Path
) -> None:
    state(coach_home)
    other = tmp_path / "other"
    state(other)
    export = tmp_path / "export.json"
    _let_go_and_export(other, run_cli, export)
    before = json.loads(run_cli("export").out)
    assert run_cli("import", export).code == 0
    assert _session(coach_home).let_go_days() == {"p-old": TODAY}
    assert run_cli("undo", "--yes").code == 0
    after = json.loads(run_cli("export").out)
    assert {**after, "updated_at": None} == {**before, "updated_at": None}
    assert _session(coach_home).let_go_days() == {}


@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31", "9999-12-31", "2026-13-01", 7])
def test_a_let_go_day_of_any_shape_in_a_file_breaks_nothing(
    run_cli: Any, coach_home: Path, tmp_path: Path, day: object
) -> None:
    """A hand-edited export: the day is kept as written (as any field is); Today, the sheet
    and the calendar still work, a day that is no date lets no one go."""
    state(coach_home)
    export = tmp_path / "export.json"
    assert run_cli("export", "-o", export).code == 0
    doc = json.loads(export.read_text(encoding="utf-8"))
    sam = next(p for p in doc["answers"][PEOPLE] if p["id"] == "p-old")
    sam["let_go_on"] = day
    export.write_text(json.dumps(doc), encoding="utf-8")
    other = tmp_path / "other"
    result = run_cli("import", export, home=other)
    assert result.code == 0, result.err
    for command in (["today", "--json"], ["sheet"], ["calendar"], ["status"]):
        assert run_cli(*command, home=other).code == 0, command
    let_go = _session(other).let_go_days()
    assert let_go == ({} if dates.day(day) is None else {"p-old": dates.day(day)})

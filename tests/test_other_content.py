"""A whole different content folder drives the same CLI: nothing is tied to the bundled steps."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import OTHER_CONTENT, RunCli

from coach.data.progress import Progress
from coach.data.store import Store


def status(run_cli: RunCli, *argv: str) -> dict:
    result = run_cli("--content", OTHER_CONTENT, "status", "--json", *argv)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_status_text_shows_the_three_steps(run_cli: RunCli) -> None:
    result = run_cli("status", "--content", OTHER_CONTENT)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Your progress: 0 of 11 done"
    assert len(lines) == 4
    for line, (title, total) in zip(
        lines[1:],
        [("Sow the seeds", 2), ("Care for them", 3), ("Harvest and share", 6)],
        strict=True,
    ):
        assert title in line and line.rstrip().endswith(f"0/{total}")


def test_validate_counts_its_steps_and_items(run_cli: RunCli) -> None:
    result = run_cli("--content", OTHER_CONTENT, "validate")
    assert result.code == 0
    assert result.err == ""
    assert "3 steps, 11 checklist items, no warnings" in result.out


def test_inline_choice_drives_the_per_choice_checklist(run_cli: RunCli, coach_home: Path) -> None:
    progress = Progress(current_step="care")
    progress.set_answer("seeds/plants", ["mint", "basil"])
    for key in ("seeds/soil", "care/basil/sprouted", "care/mint/repotted", "care/tomato/x"):
        progress.set_tick(key, True)
    Store(coach_home).save(progress)
    report = status(run_cli)
    assert report["current_step"] == "care"
    assert [(s["id"], s["done"], s["total"]) for s in report["steps"]] == [
        ("seeds", 1, 2),
        ("care", 2, 3 + 2 * 2),
        ("harvest", 0, 6),
    ]
    # Overall: the steps' own 11 items, and the generated ones only once done (2).
    assert report["overall"] == {"done": 3, "total": 11 + 2}


def test_german_titles(run_cli: RunCli) -> None:
    report = status(run_cli, "--lang", "de")
    assert [s["title"] for s in report["steps"]] == ["Samen säen", "Pflegen", "Ernten und teilen"]


def test_export_and_records_answers(run_cli: RunCli, coach_home: Path) -> None:
    progress = Progress()
    progress.set_answer("harvest/swaps", [{"who": "Ada", "when": "2026-05-01"}])
    progress.set_tick("harvest/recipe", True)
    Store(coach_home).save(progress)
    result = run_cli("--content", OTHER_CONTENT, "export")
    assert result.code == 0
    data = json.loads(result.out)
    # every record gets a stable id when it is saved
    [swap] = data["answers"]["harvest/swaps"]
    assert {k: v for k, v in swap.items() if k != "id"} == {"who": "Ada", "when": "2026-05-01"}
    assert isinstance(swap["id"], str) and swap["id"]
    assert set(data["ticks"]) == {"harvest/recipe"}


def test_switching_content_keeps_the_other_course_ticks(run_cli: RunCli, coach_home: Path) -> None:
    progress = Progress(current_step="accounts")
    progress.set_tick("why/read-why", True)
    Store(coach_home).save(progress)
    assert status(run_cli)["current_step"] == "seeds"  # unknown here: the first step
    result = run_cli("--content", OTHER_CONTENT, "reset", "--step", "harvest", "--yes")
    assert result.code == 0
    back = json.loads(run_cli("status", "--json").out)
    assert back["current_step"] == "accounts"
    assert back["steps"][0]["done"] == 1


def test_reset_names_this_course_steps(run_cli: RunCli) -> None:
    result = run_cli("--content", OTHER_CONTENT, "reset", "--step", "why", "--yes")
    assert result.code == 1
    assert [line.split()[:2] for line in result.err.splitlines()[1:]] == [
        ["1", "seeds"],
        ["2", "care"],
        ["3", "harvest"],
    ]

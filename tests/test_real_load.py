"""The real content load, as a user's first start does it: the YAML files read and validated
by pydantic (``real_load``, not the worker's cached compile that most tests get), checked by
what the user sees. Expectations are written by hand from the shipped content's words."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import CONTENT, OTHER_CONTENT, Result

RunCli = Callable[..., Result]

SHIPPED_EN = [
    "Your progress: 0 of 43 done",
    "1. Why a network helps",
    "2. Pick your networks",
    "3. Set up your accounts",
    "4. Social media sightseeing",
    "5. Your plan on paper",
    "6. Get active",
    "7. Have fun, stay present",
]
SHIPPED_DE = [
    "Dein Fortschritt: 0 von 43 erledigt",
    "1. Warum ein Netzwerk hilft",
    "2. Deine Netzwerke wählen",
    "3. Konten einrichten",
    "4. Social-Media-Sightseeing",
    "5. Dein Plan auf Papier",
    "6. Aktiv werden",
    "7. Spaß haben, präsent bleiben",
]


def shows(result: Result, expected: list[str]) -> None:
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == len(expected), result.out
    for line, words in zip(lines, expected, strict=True):
        assert words in line, (words, line)


def test_the_shipped_content_loads_and_status_shows_its_seven_steps(
    run_cli: RunCli, real_load: list[Path]
) -> None:
    shows(run_cli("status"), SHIPPED_EN)
    assert [p.resolve() for p in real_load] == [CONTENT.resolve()], "the YAML was loaded"
    shows(run_cli("--lang", "de", "status"), SHIPPED_DE)


def test_validate_reads_the_shipped_content_whole(run_cli: RunCli) -> None:
    result = run_cli("validate")
    assert result.code == 0, result.err
    assert "7 steps, 47 checklist items, 4 of them optional, no warnings" in result.out


def test_the_other_content_loads_and_shows_its_own_three_steps(
    run_cli: RunCli, real_load: list[Path]
) -> None:
    shows(
        run_cli("--content", OTHER_CONTENT, "--lang", "de", "status"),
        ["Dein Fortschritt: 0 von 11 erledigt", "1. Samen säen", "2. Pflegen", "3. Ernten"],
    )
    assert [p.resolve() for p in real_load] == [OTHER_CONTENT.resolve()]


def test_an_edited_content_file_is_loaded_again_not_taken_from_a_cache(
    run_cli: RunCli, real_load: list[Path], tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(OTHER_CONTENT, content)
    shows(run_cli("--content", content, "status"), ["0 of 11 done", "1. Sow the seeds", "2.", "3."])
    step = next(f for f in (content / "steps").iterdir() if "Sow the seeds" in f.read_text())
    step.write_text(step.read_text().replace("Sow the seeds", "Sow the first seeds"))
    shows(
        run_cli("--content", content, "status"), ["0 of 11 done", "1. Sow the first seeds", "", ""]
    )
    assert len(real_load) == 2


def test_a_broken_content_file_is_told_with_its_place(
    run_cli: RunCli, real_load: list[Path], tmp_path: Path
) -> None:
    """pydantic's check of a field runs on the real load: a wrong type is reported by file."""
    content = tmp_path / "content"
    shutil.copytree(OTHER_CONTENT, content)
    step = next(f for f in (content / "steps").iterdir() if "Sow the seeds" in f.read_text())
    step.write_text(step.read_text().replace('en: "Sow the seeds"', "en: [1, 2]"))
    result = run_cli("--content", content, "status")
    assert result.code != 0
    assert step.name in result.err and "title" in result.err, result.err
    assert result.out == ""
    assert real_load, "the YAML was loaded"

"""The bundled content loads, and every kind of broken content is reported at the right line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, OTHER_CONTENT, RunCli, content_with

from coach.content.loader import ContentError, check_course, load_course

STEP_IDS = ["why", "networks", "accounts", "sightseeing", "strategy", "posting", "fun"]


# -- the bundled content -----------------------------------------------------------------
def test_bundled_content_has_the_seven_steps_in_order() -> None:
    course = load_course(CONTENT)
    assert [s.id for s in course.steps] == STEP_IDS
    assert course.languages == ["en", "de"]


@pytest.mark.parametrize("step_id", STEP_IDS)
def test_bundled_step_is_complete_in_both_languages(step_id: str) -> None:
    step = load_course(CONTENT).step(step_id)
    assert step is not None
    ids = [item.id for item in step.checklist]
    assert 4 <= len(ids) <= 8, f"{step_id} has {len(ids)} checklist items"
    assert len(set(ids)) == len(ids)
    for name in ("title", "body", "first_action"):
        text = getattr(step, name)
        assert text is not None, f"{step_id}.{name} is missing"
        for lang in ("en", "de"):
            assert text.get(lang, "").strip(), f"{step_id}.{name} has no {lang}"
    for item in step.checklist:
        assert item.text.get("en") and item.text.get("de"), f"{step_id}/{item.id}"


# A checklist line is cut off beyond about this many characters at 80 to 100 columns.
CHECKLIST_WIDTH = 62


def test_bundled_checklist_items_fit_on_one_line() -> None:
    course = load_course(CONTENT)
    too_long = [
        f"{step.id}/{item.id} [{lang}]: {text}"
        for step in course.steps
        for item in [
            *step.checklist,
            *(step.per_choice_checklist.items if step.per_choice_checklist else []),
        ]
        for lang, text in item.text.items()
        if len(text) > CHECKLIST_WIDTH
    ]
    assert too_long == []


def test_validate_bundled_content_is_clean(run_cli: RunCli) -> None:
    result = run_cli("validate")
    assert result.code == 0
    assert result.err == ""  # no problems, not even warnings
    assert "7 steps" in result.out


# -- broken content -------------------------------------------------------------------------
def make_content(tmp_path: Path, extra_step: str | None = None, name: str = "40-x.yaml") -> Path:
    """A copy of the small test course, with one more step file if given."""
    folder = tmp_path / "content"
    shutil.copytree(OTHER_CONTENT, folder)
    if extra_step is not None:
        (folder / "steps" / name).write_text(extra_step, encoding="utf-8")
    return folder


def line_of(text: str, marker: str) -> int:
    lines = text.splitlines()
    hits = [n for n, line in enumerate(lines, 1) if marker in line]
    assert len(hits) == 1, f"marker {marker!r} must be on exactly one line"
    return hits[0]


HEAD = "id: x\ntitle: {en: T, de: T}\nbody: {en: B, de: B}\n"

BROKEN = {
    "unknown key": (HEAD + "colour: blue\n", "colour:", "colour", "unknown key"),
    "missing field in an item": (
        HEAD + "checklist:\n  - id: a\n    text: {en: A, de: A}\n  - id: b-no-text\n",
        "b-no-text",
        "checklist.1.text",
        "required field is missing",
    ),
    "duplicate item id": (
        HEAD + "checklist:\n  - id: a\n    text: {en: A, de: A}\n"
        "  - id: b\n    text: {en: B, de: B}\n  - id: a # again\n    text: {en: A, de: A}\n",
        "# again",
        "checklist.2.id",
        "duplicate id 'a'",
    ),
    "checklist is a string": (
        HEAD + "checklist: do the things\n",
        "checklist:",
        "checklist",
        "valid list",
    ),
    "invalid id characters": (
        HEAD + "checklist:\n  - id: Not OK!\n    text: {en: A, de: A}\n",
        "Not OK!",
        "checklist.0.id",
        "lowercase letters",
    ),
    "unknown field kind": (
        HEAD + "fields:\n  - id: f\n    label: {en: L, de: L}\n    kind: slider\n",
        "kind: slider",
        "fields.0.kind",
        "unknown kind 'slider'",
    ),
    "choice field with a missing catalog": (
        HEAD + "fields:\n  - id: f\n    kind: choice\n    label: {en: L, de: L}\n"
        "    catalog: birds\n",
        "catalog: birds",
        "fields.0.catalog",
        "no catalog named 'birds'",
    ),
    "per_choice_checklist on a records field": (
        HEAD + "per_choice_checklist:\n  field: harvest/swaps\n  items:\n"
        "    - id: a\n      text: {en: A, de: A}\n",
        "harvest/swaps",
        "per_choice_checklist.field",
        "'harvest/swaps' is not a choice field",
    ),
    "template starts something that is not a list": (
        HEAD + "templates:\n  - id: t\n    title: {en: T, de: T}\n    text: {en: X, de: X}\n"
        "    starts:\n      field: harvest/nothing\n      text: note\n",
        "harvest/nothing",
        "templates.0.starts.field",
        "'harvest/nothing' is not a list",
    ),
    "placeholders differ": (
        HEAD + "checklist:\n  - id: a\n    text:\n      en: Write to [Name]\n"
        "      de: Schreib jemandem\n",
        "text:",
        "checklist.0.text",
        "placeholders differ",
    ),
    "yes/no read as a boolean": (
        "id: x\ntitle:\n  en: T\n  de: no\nbody: {en: B, de: B}\n",
        "de: no",
        "title.de",
        'put it in quotes: "no"',
    ),
    "duplicate step id across files": (
        "# a comment first, so the id is not on line 1\n\nid: seeds\n"
        "title: {en: T, de: T}\nbody: {en: B, de: B}\n",
        "id: seeds",
        "id",
        "duplicate step id 'seeds' (also in 10-seeds.yaml)",
    ),
    "YAML syntax error": (
        "id: x\ntitle:\n  en: T\n de: T\nbody: {en: B, de: B}\n",
        " de: T",
        "(top)",
        "not valid YAML",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_step_is_reported_at_its_line(tmp_path: Path, run_cli: RunCli, case: str) -> None:
    text, marker, path, message = BROKEN[case]
    folder = make_content(tmp_path, text)
    result = run_cli("validate", folder)
    assert result.code == 1
    expected = f"{folder / 'steps' / '40-x.yaml'}:{line_of(text, marker)}: {path}: "
    lines = [line for line in result.err.splitlines() if line.startswith(expected)]
    assert lines, f"no line starting {expected!r} in:\n{result.err}"
    assert message in lines[0]
    assert "Traceback" not in result.err
    assert re.search(r"\d+ problems? found$", result.err.splitlines()[-1])


def test_broken_content_stops_other_commands_with_the_problem(
    tmp_path: Path, run_cli: RunCli
) -> None:
    text, marker, *_ = BROKEN["unknown field kind"]
    folder = make_content(tmp_path, text)
    with pytest.raises(ContentError):
        load_course(folder)
    result = run_cli("status", "--content", folder)
    assert result.code == 1
    assert f"40-x.yaml:{line_of(text, marker)}: fields.0.kind" in result.err
    assert "Traceback" not in result.err


def test_missing_translation_is_a_warning_only(tmp_path: Path, run_cli: RunCli) -> None:
    text = HEAD.replace("body: {en: B, de: B}", "body:\n  en: only English")
    folder = make_content(tmp_path, text)
    result = run_cli("validate", folder)
    assert result.code == 0
    assert f"40-x.yaml:{line_of(text, 'body:')}: body: warning: missing de" in result.err
    assert "1 warning)" in result.out
    course, problems = check_course(folder)
    assert course is not None and all(p.warning for p in problems)


def test_plain_string_text_warns_about_the_other_language(tmp_path: Path, run_cli: RunCli) -> None:
    text = HEAD.replace("title: {en: T, de: T}", "title: Plain title")
    result = run_cli("validate", make_content(tmp_path, text))
    assert result.code == 0
    assert "title: warning: missing de" in result.err


def test_missing_coach_yaml(tmp_path: Path, run_cli: RunCli) -> None:
    folder = make_content(tmp_path)
    (folder / "coach.yaml").unlink()
    result = run_cli("validate", folder)
    assert result.code == 1
    assert f"{folder / 'coach.yaml'}:1: (top): file is missing" in result.err


def test_empty_steps_folder(tmp_path: Path, run_cli: RunCli) -> None:
    folder = make_content(tmp_path)
    for file in (folder / "steps").iterdir():
        file.unlink()
    result = run_cli("validate", folder)
    assert result.code == 1
    assert "no step files" in result.err


@pytest.mark.parametrize("command", [["validate", "{dir}"], ["--content", "{dir}", "status"]])
def test_folder_that_does_not_exist(tmp_path: Path, run_cli: RunCli, command: list[str]) -> None:
    missing = tmp_path / "nowhere"
    result = run_cli(*(c.format(dir=missing) for c in command))
    assert result.code == 1
    assert "no such content folder" in result.err
    assert "Traceback" not in result.err


def test_other_content_loads_with_its_own_shape() -> None:
    course = load_course(OTHER_CONTENT)
    assert [s.id for s in course.steps] == ["seeds", "care", "harvest"]
    assert [len(s.checklist) for s in course.steps] == [2, 3, 6]
    care = course.step("care")
    assert care is not None and care.per_choice_checklist is not None
    assert care.per_choice_checklist.field == "seeds/plants"


def test_steps_follow_file_name_order_across_suffixes(tmp_path: Path) -> None:
    folder = make_content(tmp_path)
    steps = folder / "steps"
    (steps / "10-seeds.yaml").rename(steps / "05-seeds.yml")
    (steps / "._20-care.yaml").write_bytes(b"\x00\x05\x16\x07 AppleDouble litter \xff")
    assert [s.id for s in load_course(folder).steps] == ["seeds", "care", "harvest"]


def test_catalog_problems_point_into_the_catalog_file(tmp_path: Path, run_cli: RunCli) -> None:
    folder = make_content(tmp_path)
    meta = folder / "coach.yaml"
    meta.write_text(meta.read_text() + "catalogs:\n  birds: birds.yaml\n  bugs: bugs.yaml\n")
    birds = "entries:\n  - id: robin\n    name: {en: Robin, de: Rotkehlchen}\n    wings: 2\n"
    (folder / "birds.yaml").write_text(birds)
    result = run_cli("validate", folder)
    assert result.code == 1
    assert f"{folder / 'birds.yaml'}:{line_of(birds, 'wings')}: entries.0.wings: unknown key" in (
        result.err
    )
    assert f"{folder / 'bugs.yaml'}:1: (top): file is missing" in result.err


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ('  en: "again"\n', "coach.yaml:4: title.en: duplicate key 'en'"),  # unread coach.yaml
        (None, "networkz.yaml:1: (top): file is missing"),  # a named catalog not there
    ],
)
def test_one_broken_file_is_one_problem_not_a_cascade(
    tmp_path: Path, run_cli: RunCli, edit: str | None, said: str
) -> None:
    """A duplicate key in coach.yaml also reported "no catalog named 'networks'" for each
    of the six fields that use it; a missing catalog file, a network id not an option."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    meta = folder / "coach.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    if edit is not None:
        lines.insert(3, edit)
    else:
        lines = [line.replace("networks.yaml", "networkz.yaml") for line in lines]
    meta.write_text("".join(lines), encoding="utf-8")
    result = run_cli("validate", folder)
    assert result.code == 1
    problems = [line for line in result.err.splitlines() if line.startswith(str(folder) + "/")]
    assert len(problems) == 1 and said in problems[0], result.err


@pytest.mark.parametrize("key", ["next_step", "id"])
def test_let_go_on_naming_a_field_of_the_list_is_refused(
    tmp_path: Path, run_cli: RunCli, key: str
) -> None:
    """Letting someone go writes the key ``let_go_on`` names: a field of the list (their
    next step) would be overwritten with a date (a review of the diff)."""
    folder = content_with(tmp_path, "coach.yaml", "let_go_on: let_go_on\n", f"let_go_on: {key}\n")
    result = run_cli("validate", folder)
    assert result.code == 1 and "let_go_on" in result.err and "a key of its own" in result.err

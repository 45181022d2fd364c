"""``coach validate`` warns about Markdown in a step's text that the step view does not draw
(it would show mangled), pointing at the file's line; what the view draws passes quietly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, OTHER_CONTENT, RunCli

from coach.content.loader import check_course
from coach.content.markdown_check import HARD_BREAK, IMAGE, RULE, SETEXT, TABLE, unrendered

STEP = Path("steps") / "01-why.yaml"
ANCHOR = "    ### How\n"  # a line of the English body of the first step

EXTRAS = {
    TABLE: "    | Network | Why |\n    |---------|-----|\n    | LinkedIn | jobs |\n\n",
    SETEXT: "    Where to start\n    --------------\n\n",
    RULE: "    ***\n\n",
    HARD_BREAK: "    First line  \n    second line\n\n",
    IMAGE: "    ![a photo](photo.png)\n\n",
}


def content_with(tmp_path: Path, extra: str) -> tuple[Path, str]:
    """A copy of the bundled content whose first step's English text has ``extra`` in it."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    file = root / STEP
    text = file.read_text(encoding="utf-8")
    assert ANCHOR in text
    text = text.replace(ANCHOR, extra + ANCHOR, 1)
    file.write_text(text, encoding="utf-8")
    return root, text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("message", EXTRAS, ids=["table", "setext", "rule", "hard-break", "image"])
def test_validate_warns_with_file_and_line(tmp_path: Path, run_cli: RunCli, message: str) -> None:
    extra = EXTRAS[message]
    root, text = content_with(tmp_path, extra)
    result = run_cli("validate", root)
    assert result.code == 0, "a warning, not an error: the content still works"
    line = line_of(text, extra.strip("\n").split("\n")[0])
    expected = f"{root / STEP}:{line}: body.en: warning: {message}"
    assert expected in result.err.splitlines(), result.err
    assert "1 warning" in result.out


def test_bundled_and_other_content_have_none() -> None:
    for root in (CONTENT, OTHER_CONTENT):
        _, problems = check_course(root)
        assert [p for p in problems if "not rendered" in p.message] == []


def test_what_the_view_draws_is_not_reported() -> None:
    drawn = "\n".join(
        [
            "# Heading",
            "",
            "A paragraph with **bold**, *italic*, `code` and a [link](https://example.org).",
            "",
            "- an item",
            "  - a nested item",
            "1. a number",
            "",
            "> a quote",
            "",
            "```",
            "| a | b |",
            "|---|---|",
            "---",
            "```",
            "A line ending in a space ",
            "and the next.",
        ]
    )
    assert unrendered(drawn) == []


def test_each_construct_is_found_where_it_stands() -> None:
    text = "Intro\n\n| a | b |\n| - | - |\n\nTitle\n=====\n\n---\n\nend\\\nnext"
    assert unrendered(text) == [(2, TABLE), (5, SETEXT), (8, RULE), (10, HARD_BREAK)]


def test_a_plain_string_body_is_checked_too(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(OTHER_CONTENT, root)
    step = sorted((root / "steps").glob("*.yaml"))[0]
    text = step.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("body:"))
    # Replace the body (whatever its form) with a plain one-language literal block.
    end = at + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    lines[at:end] = ["body: |", "  Some text", "  ***", "  more"]
    step.write_text("\n".join(lines), encoding="utf-8")
    _, problems = check_course(root)
    found = [p for p in problems if p.message == RULE]
    assert [(p.file, p.line, p.path) for p in found] == [(step, at + 3, ("body",))]

"""Malicious and broken content files: each rejected with ``file:line: field.path: message``.

Every case runs the real ``coach validate DIR``: exit 1, precise lines on stderr, no
traceback. The cases that could blow up the interpreter itself (an alias bomb, thousands of
nested brackets) and the bundled content run it in a subprocess, guarded by a timeout; the
rest call the same ``main`` in the test's process (a subprocess costs ~0.4 s of CPU each).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import call_main

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad_content"
STEP = "steps/01-why.yaml"
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<path>\S+): (?P<message>.+)$")


def validate(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``coach validate folder`` in this process (``home``: its COACH_HOME)."""
    done = call_main("validate", folder, home=home)
    return subprocess.CompletedProcess(["coach", "validate"], done.code, done.out, done.err)


def validate_in_subprocess(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``python -m coach validate folder``: a crash or a blow-up stays in that process."""
    env = {**os.environ, "COACH_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "coach", "validate", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def content_with(tmp_path: Path, text: str | bytes, rel: str = STEP) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    target = folder / rel
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    return folder


def problems(result: subprocess.CompletedProcess[str]) -> list[re.Match[str]]:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    found = [m for line in result.stderr.splitlines() if (m := PROBLEM_LINE.match(line))]
    assert found, result.stderr
    return found


def assert_one(
    tmp_path: Path, text: str | bytes, line: int, path: str, words: str, rel: str = STEP,
    *, run: Callable[[Path, Path], subprocess.CompletedProcess[str]] = validate,
) -> None:  # fmt: skip
    folder = content_with(tmp_path, text, rel)
    found = problems(run(folder, tmp_path / "home"))
    wanted = [
        m for m in found if m["file"].endswith(rel) and m["line"] == str(line) and m["path"] == path
    ]
    assert wanted, [m.group(0) for m in found]
    assert words in wanted[0]["message"], wanted[0].group(0)


def test_bundled_content_is_fine(tmp_path: Path) -> None:
    result = validate_in_subprocess(CONTENT, tmp_path / "home")
    assert result.returncode == 0, result.stderr


def test_billion_laughs_is_rejected_at_the_first_alias(tmp_path: Path) -> None:
    text = (BAD / "billion_laughs.yaml").read_text()
    assert_one(tmp_path, text, 3, "b.0", "aliases", run=validate_in_subprocess)


def test_python_tags_construct_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/coach-owned")
    text = (BAD / "python_tag.yaml").read_text().replace("/tmp/coach-owned", str(marker))
    assert_one(tmp_path, text, 3, "title.en", "tag:yaml.org,2002:python/object/apply:os.system")
    assert not marker.exists()


def test_duplicate_keys_name_both_lines(tmp_path: Path) -> None:
    assert_one(tmp_path, (BAD / "duplicate_keys.yaml").read_text(), 8, "title", "first on line 2")


def test_merge_keys_are_rejected(tmp_path: Path) -> None:
    text = (BAD / "merge_key.yaml").read_text()
    folder = content_with(tmp_path, text)
    found = problems(validate(folder, tmp_path / "home"))
    # the anchor's alias or the merge key, either way the file is refused at its line
    assert any(m["file"].endswith(STEP) and m["line"] == "4" for m in found), found


def test_wrong_types_name_the_field(tmp_path: Path) -> None:
    assert_one(tmp_path, (BAD / "wrong_types.yaml").read_text(), 8, "checklist", "list")


def test_five_thousand_nested_brackets(tmp_path: Path) -> None:
    # Our event builder or, in newer PyYAML, libyaml itself stops this; either way the user
    # gets one line at the right place, the same words, and no traceback.
    text = "id: why\ntitle:\n  en: " + "[" * 5000 + "]" * 5000 + "\n"
    folder = content_with(tmp_path, text)
    found = problems(validate_in_subprocess(folder, tmp_path / "home"))
    assert len(found) == 1, [m.group(0) for m in found]
    assert found[0]["file"].endswith(STEP) and found[0]["line"] == "3", found[0].group(0)
    assert "nested more than" in found[0]["message"], found[0].group(0)


def test_deep_block_sequence_does_not_crash(tmp_path: Path) -> None:
    # libyaml's own composer segfaults on this; the event-based builder refuses it
    text = "id: why\ntitle:\n  en: \n    " + "- " * 5000 + "x\n"
    folder = content_with(tmp_path, text)
    found = problems(validate(folder, tmp_path / "home"))
    assert any("nested more than" in m["message"] and m["line"] == "4" for m in found)


def test_deep_block_mappings(tmp_path: Path) -> None:
    text = "id: why\n" + "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v\n"
    folder = content_with(tmp_path, text)
    found = problems(validate(folder, tmp_path / "home"))
    assert any("nested more than" in m["message"] for m in found), found


def test_fifty_megabytes_is_refused_before_reading(tmp_path: Path) -> None:
    folder = content_with(tmp_path, "")
    with (folder / STEP).open("wb") as handle:
        chunk = b"# " + b"x" * (1 << 20 - 3) + b"\n"
        for _ in range(50):
            handle.write(chunk)
    found = problems(validate(folder, tmp_path / "home"))
    assert any(m["line"] == "1" and "too large" in m["message"] for m in found), found


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("no", "true/false"),
        ("yes", "true/false"),
        ("on", "true/false"),
        ("1.10", "float"),
        ("12:30", "int"),
        ("2024-01-01", "date"),
        ("42", "int"),
        ("~", "null"),
    ],
)
def test_yaml_11_surprises_in_text_are_errors(tmp_path: Path, raw: str, shown: str) -> None:
    text = (CONTENT / STEP).read_text(encoding="utf-8")
    original = '  en: "Why a network helps"'
    assert original in text
    changed = text.replace(original, f"  en: {raw}", 1)
    folder = content_with(tmp_path, changed)
    found = problems(validate(folder, tmp_path / "home"))
    assert len(found) == 1, [m.group(0) for m in found]
    match = found[0]
    assert match["file"].endswith(STEP)
    assert (match["line"], match["path"]) == ("3", "title.en")
    assert shown in match["message"] and f'"{raw}"' in match["message"]


def test_impossible_date_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = (CONTENT / STEP).read_text(encoding="utf-8")
    changed = text.replace('  en: "Why a network helps"', "  en: 2024-13-45", 1)
    assert_one(tmp_path, changed, 3, "title.en", "put it in quotes")


def test_two_documents_are_refused(tmp_path: Path) -> None:
    text = (CONTENT / STEP).read_text(encoding="utf-8") + "---\nid: other\n"
    folder = content_with(tmp_path, text)
    found = problems(validate(folder, tmp_path / "home"))
    assert any("one document" in m["message"] for m in found), found


def test_not_utf8_and_syntax_errors(tmp_path: Path) -> None:
    assert_one(tmp_path, b"id: why\ntitle: \xff\xfe\n", 1, "(top)", "UTF-8")
    assert_one(tmp_path / "b", "id: why\ntitle: [unclosed\n", 3, "(top)", "not valid YAML")


def test_escape_sequences_in_content_never_reach_the_screen(tmp_path: Path) -> None:
    from coach.content.yamlsafe import LineMap, load_text

    data = load_text('t: "a\\e]0;evil\\x07b\\e[31mc\\x9b31md"\n', LineMap(tmp_path / "x.yaml"))
    assert data == {"t": "a{U+001B}]0;evil{U+0007}b{U+001B}[31mc{U+009B}31md"}

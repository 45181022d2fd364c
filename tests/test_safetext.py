"""User text is text: saved exactly as written, shown with controls as visible marks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import call_main

from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.safetext import INVISIBLE, has_invisible, shown, typed, unseen

ROOT = Path(__file__).resolve().parent.parent

MARKUP = ["[bold]Ana[/", "Hi [Name]", "[@click=app.quit]x[/]", "[link=https://x]y[/link]", "[/]"]
ESCAPES = [
    "\x1b]0;evil\x07",
    "\x1b[31m",
    "a\x1b[2J\x1b[Hb",
    "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\",
    "\x9b31mred",
    "\x9d0;title\x9c",
    "\x1bPq#0;2;0;0;0\x1b\\",
    "bell\x07del\x7f",
    "c1\x85\x90x",
]


@pytest.mark.parametrize(
    "text",
    [
        *MARKUP,
        *ESCAPES,
        "Tab\there\nand a new line",
        "Grüße aus Köln: Ähre, Öl, Übung, ß",
        "Emoji 👩🏽‍💻 🇩🇪 ❤️",
        "Maths: 1 < 2 > 0 & [x] {y} \\n not a newline",
        "Right-to-left שלום and combining é",
        "A bidi \u202eoverride and a zero\u200bwidth space",
        "",
    ],
)
def test_text_is_saved_exactly_as_written(text: str) -> None:
    """RELIABILITY 6: what a user types is saved as written, controls included."""
    assert typed(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b]0;evil\x07Hi", "{U+001B}]0;evil{U+0007}Hi"),
        ("\x1b[31mred\x1b[0m", "{U+001B}[31mred{U+001B}[0m"),
        ("a\x9b31mb", "a{U+009B}31mb"),
        ("a\x9d2;t\x9cb", "a{U+009D}2;t{U+009C}b"),
        ("nul\x00bs\x08cr\rff\x0cvt\x0b", "nul{U+0000}bs{U+0008}cr\nff{U+000C}vt{U+000B}"),
        ("del\x7fc1\x85\x9f", "del{U+007F}c1{U+0085}{U+009F}"),
        ("windows\r\nline", "windows\nline"),
        ("end\x1b", "end{U+001B}"),
        ("a\u202eb", "a{U+202E}b"),
        ("Emoji 👩🏽‍💻 kept", "Emoji 👩🏽‍💻 kept"),
        ("a lone joiner\u200d", "a lone joiner{U+200D}"),
    ],
)
def test_controls_are_shown_as_marks(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_a_paste_with_carriage_returns_keeps_its_lines() -> None:
    """Many terminals paste a line end as a lone CR: the lines stay apart (a user trial
    saw "Line oneLine two" saved), and a one-line field gets spaces between them."""
    assert typed("Line one\rLine two\r\nLine three") == "Line one\nLine two\nLine three"
    assert typed("Lea Schmidt\rsecond\rthird", single_line=True) == "Lea Schmidt second third"


def test_single_line() -> None:
    assert typed("a\nb\tc\x1b[1m", single_line=True) == "a b c\x1b[1m"
    assert shown("a\nb\tc\x1b[1m", single_line=True) == "a b c{U+001B}[1m"


@pytest.mark.parametrize("text", MARKUP + ESCAPES)
def test_shown_leaves_nothing_a_terminal_obeys(text: str) -> None:
    out = shown(text)
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in out)
    assert not any(0x7F <= ord(c) <= 0x9F for c in out)
    assert shown(out) == out, "showing twice is the same as once"
    assert unseen(text).isprintable() or set(unseen(text)) & set("\t\n")


def test_printable_text_has_nothing_to_mark() -> None:
    """``typed``, ``shown`` and ``unseen`` pass printable text by without a pattern (the
    coach looks at every line it draws): that holds only while every control and every
    invisible character is unprintable to ``str.isprintable``."""
    pattern = re.compile(f"[{INVISIBLE}]")
    invisible = [chr(c) for c in range(0x10000) if pattern.match(chr(c))]
    assert len(invisible) == 33
    controls = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"]
    for char in invisible + controls:
        assert not char.isprintable(), f"U+{ord(char):04X}"
        assert has_invisible(char)
    for char in invisible + controls:
        assert unseen(f"a{char}b") == "ab"
        if char not in "\r\u2028\u2029":  # (line ends)
            assert shown(f"a{char}b") == f"a{{U+{ord(char):04X}}}b"
    assert unseen("a ─ ▐ b") == "a ─ ▐ b"


# -- through the store and the CLI ---------------------------------------------------------
def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``coach --lang en ARGS`` on ``home``, in this process (the CLI's own writing: a
    terminal's bytes are what tests/test_hostile.py checks, in subprocesses)."""
    done = call_main("--lang", "en", *args, home=home)
    shown = (done.out.encode("utf-8"), done.err.encode("utf-8"))
    return subprocess.CompletedProcess(["coach", *args], done.code, *shown)


def no_terminal_controls(raw: bytes) -> None:
    assert b"\x1b" not in raw
    text = raw.decode("utf-8")
    assert not any(0x7F <= ord(c) <= 0x9F for c in text)
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in text)


def every_text_field(
    progress: Progress, strings: list[str], transform: Callable[[str], str]
) -> dict[str, object]:
    answers: dict[str, object] = {}
    for n, text in enumerate(strings):
        answers[f"why/field{n}"] = transform(text)
    answers["sightseeing/watchlist"] = [
        {"name": transform(s), "why": transform(s), "network": "linkedin"} for s in strings
    ]
    answers["networks/picked"] = [transform(s) for s in strings]
    for key, value in answers.items():
        progress.set_answer(key, value)
    return dict(progress.answers)


def test_markup_and_escapes_survive_save_reload_export_import(tmp_path: Path) -> None:
    """RELIABILITY 6: saved, reloaded, exported and imported exactly as written; no
    control reaches the terminal on the way."""
    home = tmp_path / "home"
    progress = Progress()
    answers = every_text_field(progress, MARKUP + ESCAPES, lambda s: s)
    Store(home).save(progress)
    assert Book(home).load().answers == answers

    exported = run_cli(home, "export")
    assert exported.returncode == 0, exported.stderr
    no_terminal_controls(exported.stdout)
    assert json.loads(exported.stdout)["answers"] == answers

    out = tmp_path / "export.json"
    assert run_cli(home, "export", "-o", str(out)).returncode == 0
    other = tmp_path / "other"
    imported = run_cli(other, "import", str(out))
    assert imported.returncode == 0, imported.stderr
    assert Book(other).load().answers == answers

    status = run_cli(home, "status")
    assert status.returncode == 0
    no_terminal_controls(status.stdout + status.stderr)


def test_escapes_in_content_never_reach_the_terminal(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    step = content / "steps" / "01-why.yaml"
    text = step.read_text(encoding="utf-8")
    evil = '  en: "\\e]0;owned\\a\\e[31mWhy a network helps\\x9b2J"'
    step.write_text(text.replace('  en: "Why a network helps"', evil, 1), encoding="utf-8")
    for args in (["status"], ["status", "--json"], ["validate", str(content)]):
        result = run_cli(tmp_path / "home", "--content", str(content), *args)
        assert result.returncode == 0, result.stderr
        no_terminal_controls(result.stdout + result.stderr)
    said = run_cli(tmp_path / "home", "--content", str(content), "status", "--json")
    marked = "{U+001B}]0;owned{U+0007}{U+001B}[31mWhy a network helps{U+009B}2J"
    assert json.loads(said.stdout)["steps"][0]["title"] == marked  # content is only shown
    plain = run_cli(tmp_path / "home", "--content", str(content), "status").stdout.decode()
    assert marked in plain

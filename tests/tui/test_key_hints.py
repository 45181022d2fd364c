"""Key hints wrap between hints, never between a key and its words."""

from __future__ import annotations

from coach.tui.key_hints import KeyHints

HINTS = "l log a contact · z a week later · g let go · n skip · u undo · esc done"


def test_a_key_stays_with_its_words_at_every_width() -> None:
    hints = KeyHints(HINTS)
    for width in range(20, 80):
        rows = [row.plain for row in hints.rows(width)]
        assert " · ".join(rows) == HINTS
        assert all(len(row) <= width for row in rows), width
        assert not any(row.endswith((" u", " esc")) or row in ("undo", "done") for row in rows)


def test_a_hint_wider_than_the_row_wraps_within_itself() -> None:
    hints = KeyHints("enter or e: correct what was logged · d: remove")
    assert [row.plain for row in hints.rows(12)] == [
        "enter or e: correct what was logged",
        "d: remove",
    ]


def test_a_sentence_before_the_hints_wraps_as_text_and_the_hints_start_a_row() -> None:
    hints = KeyHints("w spread them · g let some go", lead="Welcome back. Three ways on:")
    assert [row.plain for row in hints.rows(20)] == [
        "Welcome back. Three",
        "ways on:",
        "w spread them",
        "g let some go",
    ]
    assert str(hints) == "Welcome back. Three ways on: w spread them · g let some go"

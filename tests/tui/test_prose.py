"""A step's explanation: the Markdown that step texts use, rendered as a person reads it."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from coach.tui.widgets import prose


def rendered(text: str, width: int = 40) -> list[str]:
    return [line.plain.rstrip() for line in prose.render(text).lines(width)]


def test_headings_paragraphs_and_emphasis_lose_their_marks() -> None:
    lines = rendered("### Why\n\nA **small** step, *every* week, `today`.\nSame paragraph.")
    assert lines == ["Why", "", "A small step, every week, today. Same", "paragraph."]


def test_list_items_wrap_under_their_text_and_nest() -> None:
    text = (
        "1. Collect people in circles, from close to far:\n"
        "   - colleagues\n"
        "   - people in your field and people outside it\n"
        "2. Add a date"
    )
    lines = rendered(text, width=32)
    assert lines[0].startswith("1.") and "Collect people" in lines[0]
    text_column = lines[0].index("Collect")
    assert lines[1][:text_column].strip() == ""  # wrapped under the text, not the number
    nested = [line for line in lines if "◦" in line]
    assert len(nested) == 2 and nested[0].index("◦") == text_column  # under its parent's text
    assert lines[-1].startswith("2.") and lines[-1].endswith("Add a date")


def test_bullets_continuation_lines_and_quotes() -> None:
    lines = rendered("- one\n  more of one\n- two\n\n> quoted **words**")
    assert lines[0].startswith("•") and lines[0].endswith("one more of one")
    assert lines[1].startswith("•") and lines[1].endswith("two")
    assert lines[3].startswith("▌") and lines[3].endswith("quoted words")


def test_markup_and_escapes_are_shown_as_written() -> None:
    lines = rendered(r"[b]not bold[/b] \*stars\* 2 * 3 * 4 snake_case_name [site](https://x.test)")
    # A link keeps its address in sight: a terminal cannot always open it.
    assert lines == ["[b]not bold[/b] *stars* 2 * 3 * 4", "snake_case_name site (https://x.test)"]


def test_fenced_code_is_kept_line_by_line() -> None:
    lines = rendered("```\n  keep   this\n# not a heading\n```\nafter")
    assert lines == ["  keep   this", "# not a heading", "", "after"]


def test_every_bundled_step_renders_without_markdown_marks(tmp_path: Path) -> None:
    from conftest import CONTENT

    from coach.content.course import tr
    from coach.content.loader import load_course

    course = load_course(CONTENT)
    for step in course.steps:
        for lang in ("en", "de"):
            out = "\n".join(rendered(tr(step.body, lang), width=60))
            assert "**" not in out and "###" not in out, (step.id, lang)
            assert out.strip()


def test_nesting_follows_the_indent_and_survives_blank_lines_between_items() -> None:
    lines = rendered("- one\n\n- two\n\n    - under two\n        - deeper\n- three")
    assert lines == ["• one", "• two", "  ◦ under two", "    ▪ deeper", "• three"]
    numbered = rendered("9. nine\n10. ten")
    assert numbered == [" 9. nine", "10. ten"]  # numbers right-aligned, texts in one column


def test_a_head_goes_above_the_text_wrapped_and_set_off_by_a_blank_line() -> None:
    """The step's summary is drawn with its text (one widget): above it, wrapped as a
    paragraph, a blank line between; without the gap the text follows at once."""
    head = [Content("Find your own reason, so the next steps have a direction.")]
    lines = [line.plain.rstrip() for line in prose.render("Some text.", head).lines(30)]
    assert lines == [
        "Find your own reason, so the",
        "next steps have a direction.",
        "",
        "Some text.",
    ]
    close = prose.render("Some text.", head, gap=False).lines(80)
    assert [line.plain.rstrip() for line in close][1:] == ["Some text."]

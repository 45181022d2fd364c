"""The strategy sheet: goldens per format and language, escaping, layout and order."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import content_with
from sheet_helpers import FIXTURES, HOSTILE, TODAY, course, hostile_progress, progress

from coach.sheet import render
from coach.sheet.document import Bullets, Hint, Table, build
from coach.sheet.markdown import escape

GOLDEN = FIXTURES / "golden"
SUFFIX = {"text": "txt", "markdown": "md", "html": "html"}
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("state", ["full", "empty"])
@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_golden(state: str, lang: str, fmt: str) -> None:
    out = render(course(), progress(state), fmt, lang, today=TODAY)
    path = GOLDEN / f"{state}.{lang}.{SUFFIX[fmt]}"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, "utf-8")
    assert path.exists(), f"missing golden {path.name}; run with UPDATE_GOLDEN=1"
    assert out == path.read_text("utf-8"), f"{path.name} differs (UPDATE_GOLDEN=1 to accept)"


# -- what is on the sheet ------------------------------------------------------------------


def test_full_sheet_has_name_why_date_and_setup_state() -> None:
    text = render(course(), progress("full"), "text", "de", today=TODAY)
    assert "Alex Beispiel · Erstellt am 04.05.2026" in text
    assert "Five real conversations with UX researchers" in text
    assert "31.10.2026" in text  # goal date in German style
    assert "https://hci.social/@alex_b" in text
    # Mastodon: two ticks, and its link noted in step 3 ticks "link" by the data.
    assert "Eingerichtet: 6/7" in text and "Eingerichtet: 3/7" in text


def test_people_grouped_by_circle_and_sorted_by_follow_up() -> None:
    doc = build(course(), progress("full"), "en", today=TODAY)
    people = next(s for s in doc.sections if s.id == "people")
    (table,) = people.blocks  # one table, the circle a column of it (issue 13)
    assert isinstance(table, Table) and table.group_header == "Circle"
    groups: dict[str, list[str]] = {}
    for group, row in zip(table.groups, table.rows, strict=True):
        groups.setdefault(group, []).append(row[0])
    assert list(groups) == [
        "Colleagues",
        "Friends",
        "People in my field",
        "Outside my field",
        "Not sorted yet",
    ]
    # soonest follow-up first, no date last
    assert groups["Colleagues"] == ["Jana Krüger", "Tom Weber"]
    assert groups["People in my field"] == ["Dr. Maren Olsen", "UX Research Hamburg e.V."]


def test_events_today_or_later_soonest_first() -> None:
    doc = build(course(), progress("full"), "en", today=TODAY)
    rhythm = next(s for s in doc.sections if s.id == "rhythm")
    habits = next(b for b in rhythm.blocks if isinstance(b, Bullets))
    events = next(b for b in rhythm.blocks if isinstance(b, Table))
    assert habits.items == [
        "Comment with my own experience",
        "Answer comments on my posts, at eye level",
    ]
    names = [row[0] for row in events.rows]
    # the past Stammtisch is gone; today's coffee counts; the undated barcamp comes last
    assert names == [
        "Research Ops coffee",
        "UX Research Hamburg meetup",
        "World Usability Day",
        "UX Barcamp Hamburg",
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_empty_sections_show_what_to_do(fmt: str) -> None:
    out = render(course(), progress("empty"), fmt, "en", today=TODAY)
    assert "Pick your networks in step 2" in out
    assert "Add people you" in out and "step 5" in out
    assert "None" not in out
    doc = build(course(), progress("empty"), "en", today=TODAY)
    for section in doc.sections:
        assert section.blocks, section.id
        if section.id != "progress":
            assert isinstance(section.blocks[0], Hint), section.id


def test_half_filled_section_shows_the_part_hint() -> None:
    p = progress("empty")
    p.answers["fun/online_habits"] = ["write-article"]
    out = render(course(), p, "text", "en", today=TODAY)
    assert "Write a short, relevant article" in out
    assert "No upcoming events" in out


# -- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["full", "empty"])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_text_fits_80_columns_without_escape_codes(state: str, lang: str) -> None:
    p = hostile_progress() if state == "full" else progress(state)
    p.answers["why/goal"] = "x" * 200 + " \x1b[31mred\x1b[0m \x1b]8;;http://e.test\x07link"
    out = render(course(), p, "text", lang, today=TODAY)
    assert "\x1b" not in out and "\x07" not in out
    too_long = [line for line in out.splitlines() if len(line) > 80]
    assert not too_long


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("state", ["full", "empty", "hostile"])
def test_html_is_self_contained_and_escaped(state: str) -> None:
    p = hostile_progress() if state == "hostile" else progress(state)
    out = render(course(), p, "html", "en", today=TODAY)
    parser = _Collect()
    parser.feed(out)
    parser.close()
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    for _, attrs in parser.tags:
        for key in ("src", "href"):
            assert not (attrs.get(key) or "").startswith(("http:", "https:", "//")), attrs
    assert "@page" in out and "size: A4" in out
    assert "page-break-inside: avoid" in out or "break-inside: avoid" in out
    assert not re.search(r"url\(|@import", out)
    if state == "hostile":
        assert "<script>" not in out
        assert HOSTILE in "".join(parser.text)


def _markdown_to_text(md: str) -> tuple[str, str]:
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    parser = _Collect()
    parser.feed(html)
    return html, "".join(parser.text)


@pytest.mark.parametrize(
    "value",
    [
        HOSTILE,
        "**x**",
        "[Name]",
        "<script>alert(1)</script>",
        "a|b",
        "# heading",
        "1. list",
        "- item",
        "---",
        "&amp; &copy;",
        "`code` _u_ ~~s~~",
        "[link](http://x.test)",
        "back\\slash\\*",
    ],
)
def test_markdown_escape_round_trips(value: str) -> None:
    html, text = _markdown_to_text(escape(value))
    assert text.strip() == value
    assert "<script" not in html and "<strong" not in html and "<a " not in html
    # inside a table cell too
    html, text = _markdown_to_text(f"| h |\n| --- |\n| {escape(value)} |\n")
    assert [part for part in text.split("\n") if part] == ["h", value]
    assert html.count("<td>") == 1


def test_markdown_sheet_shows_user_text_literally() -> None:
    out = render(course(), hostile_progress(), "markdown", "en", today=TODAY)
    html, text = _markdown_to_text(out)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert text.count(HOSTILE) >= 3  # byline, my why, the person's row
    assert "# not a heading" in text and "1. not a list" in text
    assert "<h1>My networking strategy</h1>" in html
    assert "<table>" in html


# -- the layout is checked against the content ----------------------------------------------


def test_layout_references_are_checked_with_file_and_line(tmp_path: Path) -> None:
    import shutil

    from coach.content.loader import check_course

    root = tmp_path / "content"
    shutil.copytree(FIXTURES.parent.parent.parent / "content", root)
    sheet = root / "sheet.yaml"
    text = sheet.read_text("utf-8")
    text = text.replace("source: strategy/people", "source: strategy/persons")
    text = text.replace("sort_by: follow_up", "sort_by: nope")
    text = text.replace("checklist: accounts", "checklist: sightseeing")
    sheet.write_text(text, "utf-8")
    course_, problems = check_course(root)
    assert course_ is None
    lines = text.splitlines()
    shown = [str(p) for p in problems]
    persons = next(i for i, line in enumerate(lines, 1) if "strategy/persons" in line)
    assert any(
        s.startswith(f"{sheet}:{persons}: sections.2.parts.0.source: step 'strategy' has no field")
        for s in shown
    ), shown
    assert any("sections.1.parts.0.checklist" in s and "sightseeing" in s for s in shown), shown
    assert any("sections.2.parts.0.sort_by" in s for s in shown) is False  # source already wrong


def test_layout_schema_errors_name_the_field(tmp_path: Path) -> None:
    import shutil

    from coach.content.loader import check_course

    root = tmp_path / "content"
    shutil.copytree(FIXTURES.parent.parent.parent / "content", root)
    sheet = root / "sheet.yaml"
    sheet.write_text(
        sheet.read_text("utf-8").replace("kind: progress", "kind: progress\n        colour: red"),
        "utf-8",
    )
    _, problems = check_course(root)
    assert any("sections.8.parts.0.colour: unknown key" in str(p) for p in problems), problems


def test_another_content_folder_can_have_its_own_sheet(tmp_path: Path) -> None:
    import shutil

    from coach.content.loader import load_course

    root = tmp_path / "content"
    shutil.copytree(FIXTURES.parent.parent.parent / "content", root)
    (root / "sheet.yaml").write_text(
        """
title: {en: Watching, de: Beobachtet}
sections:
  - id: watch
    title: {en: Accounts, de: Konten}
    empty_hint: {en: Add some in step 4, de: Trag in Schritt 4 welche ein}
    parts:
      - kind: records
        source: sightseeing/watchlist
        group_by: network
        sort_by: name
        columns: [name, why, done]
""",
        "utf-8",
    )
    p = progress("empty")
    p.answers["sightseeing/watchlist"] = [
        {"name": "zed", "network": "mastodon", "done": ["followed", "liked"]},
        {"name": "Amy", "network": "mastodon", "why": "good threads"},
        {"name": "Bo", "network": "linkedin"},
    ]
    out = render(load_course(root), p, "text", "en", today=TODAY)
    assert out.index("LinkedIn") < out.index("Bo") < out.index("Mastodon")
    assert out.index("Amy") < out.index("zed")
    assert "What I've done: Followed, Liked a post" in out
    empty = render(load_course(root), progress("empty"), "markdown", "de", today=TODAY)
    assert "*Trag in Schritt 4 welche ein*" in empty


def test_sheet_without_layout_is_a_clear_error(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    root = tmp_path / "content"
    shutil.copytree(FIXTURES.parent.parent.parent / "content", root)
    (root / "sheet.yaml").unlink()
    repo = FIXTURES.parent.parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--lang", "en", "--content", str(root), "sheet"],
        cwd=repo,
        env={**os.environ, "COACH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "coach: This content folder has no strategy sheet (sheet.yaml)."


@pytest.mark.parametrize(
    ("lang", "one"),
    [("en", "1 small contact in 12 weeks"), ("de", "1 kleiner Kontakt in 12 Wochen")],
)
def test_one_contact_in_the_weeks_is_said_in_the_singular(lang: str, one: str) -> None:
    state = progress("full")
    state.started_at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)  # (twelve weeks begun)
    state.contacts = [{"id": "c1", "person": "p1", "date": "2026-05-01", "kind": "call"}]
    for fmt in ("text", "markdown", "html"):
        shown = render(course(), state, fmt, lang, today=TODAY)
        assert one in shown, fmt
        assert "dashed" not in shown and "gestrichelt" not in shown  # the plan is in words


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "1 small contact in 2 weeks; my plan:"), ("de", "1 kleiner Kontakt in 2 Wochen; mein")],
)
def test_the_weeks_before_the_user_began_are_no_weeks_missed(lang: str, said: str) -> None:
    """On the first days the sheet said "1 small contact in 12 weeks" over eleven empty
    weeks (a new user's trial); and "your plan" beside "My plan"."""
    state = progress("full")
    state.started_at = dt.datetime.combine(TODAY - dt.timedelta(days=6), dt.time(), dt.UTC)
    state.contacts = [{"id": "c1", "person": "p1", "date": TODAY.isoformat(), "kind": "call"}]
    text = render(course(), state, "text", lang, today=TODAY)
    assert said in text
    label = {"en": "small contacts a week", "de": "kleine Kontakte pro Woche"}[lang]
    (line,) = [x for x in text.splitlines() if x.endswith(label) and "▁" in x]
    assert line.startswith(f"    {' ' * 10}▁") and line[15] != " ", line  # ten weeks: blank


def test_people_without_a_plan_are_counted_not_listed() -> None:
    """After importing 400 connections the sheet listed every one of them, 1,300 lines:
    the people part lists those with a next step or a follow-up, and counts the rest."""
    state = progress("full")
    key = "strategy/people"
    planned = [r for r in state.answers[key] if r.get("next_step") or r.get("follow_up")]
    imported = [{"id": f"imp{n}", "name": f"Connection {n}", "circle": "field"} for n in range(3)]
    state.answers[key] = planned + imported
    text = " ".join(render(course(), state, "text", "en", today=TODAY).split())
    assert "Connection 0" not in text and planned[0]["name"] in text
    said = "3 more entries are not listed here; nothing yet in: Next small step / Follow up on."
    assert said in text
    state.answers[key] = imported[:1]
    german = " ".join(render(course(), state, "text", "de", today=TODAY).split())
    assert "Ein weiterer Eintrag steht nicht hier; noch nichts in: Nächster kleiner Schritt" in (
        german
    )
    assert "Trag in Schritt 5" not in german  # (not "add people": someone is there)


def test_only_with_names_columns_of_the_list(tmp_path: Path) -> None:

    from coach.content.loader import check_course

    root = content_with(tmp_path, "sheet.yaml", "[next_step, follow_up]", "[next_step, nosuch]")
    _, problems = check_course(root)
    assert any("only_with.1" in str(p) and "nosuch" in str(p) for p in problems), problems


# -- a person's why (under_first) ------------------------------------------------------------
WHYS = ("Moved from support to product last year", "Runs the monthly meetup")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_each_persons_why_is_on_the_sheet(fmt: str) -> None:
    out = render(course(), progress("full"), fmt, "en", today=TODAY)
    assert all(why in out for why in WHYS), fmt
    if fmt == "html":  # under the name, not a column of its own: the table fits the page
        assert f'Jana Krüger<span class="under">{WHYS[0]}</span></td>' in out
        assert "<th>Why</th>" not in out
    if fmt == "text":
        assert f"  • Jana Krüger\n    Why: {WHYS[0]}\n" in out


def test_under_first_names_a_field_of_the_list(tmp_path: Path) -> None:
    from coach.content.loader import check_course

    root = content_with(tmp_path, "sheet.yaml", "under_first: why", "under_first: reason")
    _, problems = check_course(root)
    assert any("sections.2.parts.0.under_first" in str(p) for p in problems), problems

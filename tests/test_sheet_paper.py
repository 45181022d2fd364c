"""The sheet on paper (issue 13): one people table with the circle as a column, overdue
follow-ups said in words (against the day the sheet is made), a box to tick by hand per
person, and nothing that breaks a word or a date in the middle."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import content_with
from sheet_helpers import TODAY, course, progress

from coach.content.loader import check_course
from coach.sheet import render
from coach.sheet.document import Heading, Table, build

LATER = dt.date(2026, 5, 10)  # Priya (05-06) and Maren (05-08) are overdue, Jana (05-12) not


class Rows(HTMLParser):
    """The people table's rows as cell texts, and each row's classes and boxes."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[tuple[str, list[str], int]]] = []
        self.in_people = False
        self.cell: list[str] | None = None
        self.row: tuple[str, list[str], int] | None = None
        self.under = False  # in the small print under a name (test_sheet.py has it)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self.in_people = a.get("id") == "people"
        elif tag == "table" and self.in_people:
            self.tables.append([])
        elif tag == "tr" and self.in_people:
            self.row = (a.get("class") or "", [], 0)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.row[1].append("")
        elif tag == "span" and a.get("class") == "tick" and self.row is not None:
            self.row = (self.row[0], self.row[1], self.row[2] + 1)
        elif tag == "span" and a.get("class") == "under":
            self.under = True

    def handle_data(self, data: str) -> None:
        if self.cell is not None and self.row is not None and not self.under:
            self.row[1][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self.under = False
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None


def people_rows(lang: str = "en", today: dt.date = TODAY) -> list[tuple[str, list[str], int]]:
    parser = Rows()
    parser.feed(render(course(), progress("full"), "html", lang, today=today))
    assert len(parser.tables) == 1, "one table for all the people"
    return parser.tables[0]


def test_one_people_table_with_the_circle_as_a_column() -> None:
    head, *rows = people_rows()
    assert head[1] == [
        "",
        "Name",
        "Circle",
        "Next small step",
        "Follow up on",
        "Network",
        "Status",
        "Last contact",
    ]
    assert all(len(cells) == len(head[1]) for _, cells, _ in rows), "columns line up"
    circles = [cells[2] for _, cells, _ in rows]
    assert circles[:3] == ["Colleagues", "Colleagues", "Friends"]
    assert circles[-1] == "Not sorted yet"
    assert next(c for _, c, _ in rows if c[1] == "Tom Weber")[2] == "Colleagues"
    starts = [cls for cls, _, _ in rows].count("group-start")
    assert starts == len(dict.fromkeys(circles)) - 1, "each new circle begins visibly"


def test_a_box_to_tick_by_hand_per_person() -> None:
    head, *rows = people_rows("de")
    assert head[2] == 0 and all(boxes == 1 for _, _, boxes in rows)
    assert len(rows) == len(progress("full").answer("strategy/people"))


@pytest.mark.parametrize(("lang", "word"), [("en", "still open"), ("de", "noch offen")])
def test_overdue_follow_ups_are_said_in_words_in_every_format(lang: str, word: str) -> None:
    _, *rows = people_rows(lang, LATER)
    late = {cells[1] for cls, cells, _ in rows if "overdue" in cls}
    assert late == {"Priya N.", "Dr. Maren Olsen"}
    for _, cells, _ in rows:
        assert cells[4].endswith(word) == (cells[1] in late), cells
    for fmt in ("text", "markdown"):
        out = render(course(), progress("full"), fmt, lang, today=LATER)
        assert out.count(f"({word})") == 2, fmt
        priya = next(
            line for line in out.splitlines() if "06.05.2026" in line or "2026-05-06" in line
        )
        assert f"({word})" in priya
    on_the_day = render(course(), progress("full"), "text", lang, today=TODAY)
    assert word not in on_the_day, "nothing is overdue on the day the dates were set"
    on_a_break = progress("full")
    on_a_break.pause_until = (LATER + dt.timedelta(days=3)).isoformat()
    during = render(course(), on_a_break, "text", lang, today=LATER)
    assert f"({word})" not in during, "nothing is overdue during a break, as on Today"


def test_text_and_markdown_keep_a_heading_per_circle() -> None:
    out = render(course(), progress("full"), "markdown", "en", today=TODAY)
    assert "### Colleagues" in out and "### Not sorted yet" in out
    doc = build(course(), progress("full"), "en", today=TODAY)
    people = next(s for s in doc.sections if s.id == "people")
    assert [type(b) for b in people.blocks] == [Table]
    assert not any(isinstance(b, Heading) for b in people.blocks)


def test_nothing_breaks_a_word_or_a_date_mid_way() -> None:
    html = render(course(), progress("full"), "html", "en", today=TODAY)
    css = html[html.index("<style>") : html.index("</style>")]
    table_css = re.sub(r"\ndd \{[^}]*\}", "", css)  # a field's long text is no table cell
    assert "anywhere" not in table_css
    assert "hyphens: auto" not in css
    assert re.search(r"td\.date \{ white-space: nowrap; \}", css)
    assert '<td class="date">2026-05-12</td>' in html
    # A long link may break after its separators only.
    assert "https://www.<wbr>linkedin.<wbr>com/<wbr>in/<wbr>alex-<wbr>" in html


def test_overdue_must_name_a_date_column(tmp_path: Path) -> None:
    root = content_with(tmp_path, "sheet.yaml", "overdue: follow_up", "overdue: name")
    course_, problems = check_course(root)
    assert course_ is None
    assert any("overdue" in str(p) and "a date" in str(p) for p in problems), problems

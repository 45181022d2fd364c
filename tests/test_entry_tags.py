"""Per-choice checklist items that fit only some entries (``for_tags``): an events platform
gets no profile photo, headline or about text to tick."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT, content_with, edit

from coach.content.content_types import Step
from coach.content.course import Course
from coach.content.loader import ContentError, load_course
from coach.data.progress import Progress
from coach.domain.status import checklist_groups, find_item, set_done, status_report
from coach.sheet.document import build
from coach.sheet.text import render_text


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(CONTENT)


def accounts(course: Course) -> Step:
    step = course.step("accounts")
    assert step is not None and step.per_choice_checklist is not None
    return step


def listed(course: Course, progress: Progress) -> dict[str | None, list[str]]:
    groups = checklist_groups(course, accounts(course), progress)
    return {g.entry: [item.id for _, item in g.items] for g in groups}


def test_an_events_platform_gets_only_the_items_that_fit_it(course: Course) -> None:
    progress = Progress()
    progress.set_answer("networks/picked", ["linkedin", "events"])
    shown = listed(course, progress)
    every = [item.id for item in accounts(course).per_choice_checklist.items]  # type: ignore[union-attr]
    assert shown["linkedin"] == every
    assert shown["events"] == ["created", "privacy"]
    own = len(accounts(course).checklist)
    steps = {s["id"]: s for s in status_report(course, progress, "en")["steps"]}
    assert steps["accounts"]["total"] == own + len(every) + 2


def test_an_item_not_listed_for_an_entry_is_not_found_there(course: Course) -> None:
    assert find_item(course, "accounts/events/photo") is None
    found = find_item(course, "accounts/events/privacy")
    assert found is not None and found[0].id == "privacy"
    assert find_item(course, "accounts/linkedin/photo") is not None


def test_the_sheet_counts_an_events_platforms_set_up_of_its_own_items(course: Course) -> None:
    progress = Progress()
    progress.set_answer("networks/picked", ["events"])
    for item in ("created", "privacy"):
        set_done(course, progress, f"accounts/events/{item}", True)
    text = render_text(build(course, progress, "en"))
    assert "Set up: 2/2" in text


# -- what `coach validate` says ----------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "old", "new", "said"),
    [
        (
            "steps/03-accounts.yaml",
            "for_tags: [profile]",
            "for_tags: [profiel]",
            "'profiel' is not a tag of any option of 'networks/picked'",
        ),
        (
            "steps/03-accounts.yaml",
            '      de: "Ich weiß, welche E-Mail-Adresse ich verwende"\n',
            '      de: "Ich weiß, welche E-Mail-Adresse ich verwende"\n    for_tags: [profile]\n',
            "for_tags is only for per_choice_checklist items",
        ),
    ],
)
def test_a_wrong_for_tags_is_reported_at_its_line(
    tmp_path: Path, name: str, old: str, new: str, said: str
) -> None:
    root = content_with(tmp_path, name, old, new)
    with pytest.raises(ContentError) as caught:
        load_course(root)
    problems = [str(p) for p in caught.value.problems]
    assert any(said in p and "03-accounts.yaml:" in p for p in problems), problems


def test_tags_of_an_options_list_serve_its_items(tmp_path: Path) -> None:
    """A per-choice checklist over a field with its own options: their tags count too."""
    kinds = (
        "fields:\n  - id: kinds\n    kind: multi_choice\n    label: {en: Kinds, de: Arten}\n"
        "    options:\n      - {id: social, label: {en: Social, de: Sozial}, tags: [profile]}\n"
        "      - {id: meet, label: {en: Meet, de: Treffen}}\n"
    )
    root = content_with(
        tmp_path,
        "steps/03-accounts.yaml",
        "  field: networks/picked\n",
        "  field: accounts/kinds\n",
    )
    edit(root / "steps" / "03-accounts.yaml", "fields:\n", kinds)
    edit(root / "steps" / "03-accounts.yaml", ", entry_field: network", "")
    edit(root / "sheet.yaml", "        checklist: accounts\n", "")
    course = load_course(root)
    progress = Progress()
    progress.set_answer("accounts/kinds", ["social", "meet"])
    shown = listed(course, progress)
    assert "photo" in shown["social"] and shown["meet"] == ["created", "privacy"]

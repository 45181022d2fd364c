"""``done_when`` over a list: any of several values (``where: {circle: [a, b]}``), fields a
record must have filled (``filled``) and every selected record having them (``every``);
step 5's "three people I know", "each has a next step" and "dates to follow up"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, content_with

from coach.content.content_types import ChecklistItem, DoneWhen, Step
from coach.content.course import Course
from coach.content.loader import ContentError, load_course
from coach.data.progress import Progress
from coach.domain.status import done_by_data, done_keys

KNOWN, NEXT, DATES = "strategy/three-known", "strategy/next-steps", "strategy/follow-up-dates"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(CONTENT)


def strategy(course: Course) -> Step:
    step = course.step("strategy")
    assert step is not None
    return step


def person(name: str, circle: str | None, **more: str) -> dict[str, Any]:
    record: dict[str, Any] = {"id": name.lower(), "name": name, **more}
    if circle:
        record["circle"] = circle
    return record


def done(course: Course, people: list[dict[str, Any]]) -> set[str]:
    progress = Progress()
    progress.set_answer("strategy/people", people)
    return done_keys(course, strategy(course), progress) & {KNOWN, NEXT, DATES}


def test_three_people_from_the_known_circles_tick_three_known(course: Course) -> None:
    known = [person("Jana", "colleagues"), person("Priya", "friends"), person("Tom", "field")]
    assert KNOWN not in done(course, known), "someone from the field is not yet known"
    known.append(person("Kai", "acquaintances"))
    assert KNOWN in done(course, known)


def test_each_person_with_a_next_step_and_a_date_ticks_both(course: Course) -> None:
    planned = {"next_step": "Ask for 15 minutes", "follow_up": "2026-05-12"}
    people = [person("Jana", "colleagues", **planned), person("Maren", "field", **planned)]
    assert done(course, people) == {NEXT, DATES}
    # Someone imported waits unsorted, without a plan: they do not hold the items back.
    people.append(person("Imported", "unsorted"))
    people.append(person("No circle", None))
    assert done(course, people) == {NEXT, DATES}
    # A sorted person without a next step (or with a blank one) does.
    people.append(person("Tom", "friends", next_step="  ", follow_up="2026-06-01"))
    assert done(course, people) == {DATES}
    people[-1] = person("Tom", "friends", next_step="Say hello")
    assert done(course, people) == {NEXT}


def test_an_empty_list_ticks_nothing(course: Course) -> None:
    assert done(course, []) == set()
    assert done(course, [person("Imported", "unsorted")]) == set()


def item(**rule: Any) -> ChecklistItem:
    return ChecklistItem(id="x", text={"en": "x"}, done_when=DoneWhen(**rule))


def test_every_with_a_count_needs_both() -> None:
    rule = item(records="s/list", filled=["date"], every=True, count=2)
    progress = Progress()
    progress.set_answer("s/list", [{"date": "2026-01-01"}])
    assert not done_by_data(rule, None, progress), "every one, but only one"
    progress.set_answer("s/list", [{"date": "2026-01-01"}, {"date": "2026-02-01"}])
    assert done_by_data(rule, None, progress)


def test_filled_without_every_counts_the_filled_ones() -> None:
    rule = item(records="s/list", filled=["note"], count=2, where={"kind": ["a", "b"]})
    progress = Progress()
    rows = [{"kind": "a", "note": "x"}, {"kind": "c", "note": "y"}, {"kind": "b"}]
    progress.set_answer("s/list", rows)
    assert not done_by_data(rule, None, progress)
    progress.set_answer("s/list", [*rows, {"kind": "b", "note": "z"}])
    assert done_by_data(rule, None, progress)


# -- what `coach validate` says ----------------------------------------------------------
RULE = "filled: [next_step]\n      every: true\n"


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (RULE, "filled: [next_stop]\n      every: true\n", "'next_stop' is not one of this list's"),
        ("[colleagues, friends, acquaintances]}", "[colleagues, frends]}", "'frends' is not an"),
        (
            "records: strategy/people\n      where: {circle: [colleagues, friends, acquaintances, "
            "field, outside]}\n      " + RULE,
            "answer: why/goal\n      every: true\n",
            "'every' go with 'records', not 'answer'",
        ),
    ],
)
def test_a_wrong_rule_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    root = content_with(tmp_path, "steps/05-strategy.yaml", old, new)
    with pytest.raises(ContentError) as caught:
        load_course(root)
    problems = [str(p) for p in caught.value.problems]
    assert any(said in p and "05-strategy.yaml:" in p for p in problems), problems

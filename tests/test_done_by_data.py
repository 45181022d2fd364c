"""Checklist items the user's data shows done (``done_when``), and an overall share that no
action of the user lowers."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, OTHER_CONTENT

from coach.content.content_types import Step
from coach.content.course import Course
from coach.content.loader import ContentError, load_course
from coach.data.book import Book
from coach.data.migrations import SCHEMA_VERSION
from coach.data.progress import Progress
from coach.data.progress_schema import validate
from coach.data.store import Store
from coach.domain.status import done_keys, overall, set_done, status_report

FOLLOWED = "sightseeing/followed"
LINK = "accounts/linkedin/link"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(CONTENT)


def watched(*done: list[str]) -> list[dict[str, object]]:
    return [{"name": f"Account {i}", "done": d} for i, d in enumerate(done)]


def counts(course: Course, progress: Progress) -> dict[str, tuple[int, int]]:
    report = status_report(course, progress, "en")
    return {s["id"]: (s["done"], s["total"]) for s in report["steps"]}


def step_of(course: Course, step_id: str) -> Step:
    step = course.step(step_id)
    assert step is not None, step_id
    return step


def own_and_per_network(course: Course) -> tuple[int, int]:
    """The accounts step's own items and those it adds per picked network (from content)."""
    step = step_of(course, "accounts")
    assert step.per_choice_checklist is not None
    return len(step.checklist), len(step.per_choice_checklist.items)


def test_three_followed_accounts_tick_the_item(course: Course) -> None:
    progress = Progress()
    step = step_of(course, "sightseeing")
    progress.set_answer("sightseeing/watchlist", watched(["followed"], ["liked"], ["followed"]))
    assert FOLLOWED not in done_keys(course, step, progress), "two followed are not three"
    progress.set_answer(
        "sightseeing/watchlist", watched(["followed"], ["liked", "followed"], ["followed"])
    )
    assert FOLLOWED in done_keys(course, step, progress)
    assert "sightseeing/liked" in done_keys(course, step, progress)  # (liked one: ticked too)
    assert counts(course, progress)["sightseeing"] == (2, len(step.checklist))
    assert status_report(course, progress, "en")["overall"]["done"] == 2
    assert progress.ticks == {}, "done by data is computed, not saved as a tick"


def test_a_noted_profile_link_ticks_its_networks_item_only(course: Course) -> None:
    progress = Progress()
    progress.set_answer("networks/picked", ["linkedin", "mastodon"])
    progress.set_answer("accounts/profile_links", [{"network": "linkedin", "url": "https://x"}])
    done = done_keys(course, step_of(course, "accounts"), progress)
    assert done == {LINK}
    own, per_network = own_and_per_network(course)
    assert counts(course, progress)["accounts"] == (1, own + 2 * per_network)


def test_the_user_can_untick_it_and_that_is_remembered(course: Course, tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    progress = Progress()
    progress.set_answer("sightseeing/watchlist", watched(*[["followed"]] * 3))
    set_done(course, progress, FOLLOWED, False)
    store.save(progress)
    loaded = store.load()
    sightseeing = course.step("sightseeing")
    assert sightseeing is not None
    assert FOLLOWED not in done_keys(course, sightseeing, loaded)
    assert Book(tmp_path / "data").load().to_doc(export=True)["unticks"].keys() == {FOLLOWED}
    # A fourth follow does not overrule the user; ticking again does.
    loaded.set_answer("sightseeing/watchlist", watched(*[["followed"]] * 4))
    assert FOLLOWED not in done_keys(course, step_of(course, "sightseeing"), loaded)
    set_done(course, loaded, FOLLOWED, True)
    assert FOLLOWED in done_keys(course, step_of(course, "sightseeing"), loaded)
    assert loaded.unticks == {}
    set_done(course, loaded, FOLLOWED, False)
    loaded.set_answer("sightseeing/watchlist", None)
    set_done(course, loaded, FOLLOWED, True)
    set_done(course, loaded, FOLLOWED, False)
    assert loaded.unticks == {}, "an untick of an item the data does not tick is not kept"


def test_an_untick_of_a_plain_item_saves_nothing_new(course: Course) -> None:
    progress = Progress()
    set_done(course, progress, "why/read-why", True)
    set_done(course, progress, "why/read-why", False)
    assert "unticks" not in progress.to_doc()


def test_files_with_and_without_unticks_are_valid(course: Course, tmp_path: Path) -> None:
    old = {"schema_version": SCHEMA_VERSION, "ticks": {"why/read-why": "2026-01-02T03:04:05Z"}}
    assert (
        Progress.from_doc(
            {**old, "started_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
        )
        is not None
    )
    assert validate(old).unticks == {}
    new = {**old, "unticks": {FOLLOWED: "2026-01-03T00:00:00Z"}}
    assert validate(new).is_unticked(FOLLOWED)
    with pytest.raises(ValueError):
        validate({**old, "unticks": {FOLLOWED: "off"}})


def test_a_coach_that_does_not_know_unticks_keeps_them(tmp_path: Path) -> None:
    """The key is top-level on purpose: older coaches keep unknown top-level keys."""
    doc = Progress(unticks={FOLLOWED: "2026-01-03T00:00:00Z"}).to_doc()
    assert doc["ticks"] == {} and FOLLOWED in doc["unticks"]


# -- the overall share -------------------------------------------------------------------
def share(course: Course, progress: Progress) -> float:
    done, total = overall(course, progress)
    return done / total


@pytest.mark.parametrize(
    "ticks",
    [
        (),
        ("why/read-why",),
        ("why/read-why", "accounts/email", "accounts/linkedin/created", "accounts/xing/photo"),
        ("why/read-why", "networks/pick-first", "accounts/mastodon/created"),
    ],
)
def test_picking_networks_never_lowers_the_overall_share(
    course: Course, ticks: tuple[str, ...]
) -> None:
    networks = [e.id for e in course.catalogs["networks"].entries][:4]
    for order in itertools.permutations(networks, 3):
        progress = Progress()
        for key in ticks:
            progress.set_tick(key, True)
        progress.set_answer("accounts/profile_links", [{"network": "mastodon", "url": "u"}])
        before = share(course, progress)
        picked: list[str] = []
        for network in order:
            picked.append(network)
            progress.set_answer("networks/picked", list(picked))
            now = share(course, progress)
            assert now >= before, (ticks, picked)
            before = now


def test_ticking_any_item_raises_the_overall_share(course: Course) -> None:
    progress = Progress()
    progress.set_answer("networks/picked", ["linkedin", "xing"])
    before = share(course, progress)
    for key in ("accounts/linkedin/created", "why/read-why", "accounts/xing/photo"):
        progress.set_tick(key, True)
        now = share(course, progress)
        assert now > before, key
        before = now


def test_the_bar_does_not_shrink_when_two_networks_are_picked(course: Course) -> None:
    """The issue's case (then 41 items), two networks picked; the overall share stays put."""
    progress = Progress()
    progress.set_tick("why/read-why", True)
    items = sum(1 for s in course.steps for i in s.checklist if not i.optional)  # optional: 0
    assert overall(course, progress) == (1, items)
    progress.set_answer("networks/picked", ["linkedin", "xing"])
    assert overall(course, progress) == (1, items)
    own, per_network = own_and_per_network(course)
    assert counts(course, progress)["accounts"] == (0, own + 2 * per_network), "all its work"


# -- the content's part ------------------------------------------------------------------
def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    step = root / "steps" / "04-sightseeing.yaml"
    text = step.read_text("utf-8")
    assert old in text
    step.write_text(text.replace(old, new), "utf-8")
    return root


@pytest.mark.parametrize(
    ("new", "said"),
    [
        ("{records: sightseeing/nothing, count: 3}", "is not a records field"),
        ("{records: sightseeing/watchlist, where: {done: waved}}", "is not an option of 'done'"),
        ("{records: sightseeing/watchlist, where: {mood: fine}}", "is not one of this list's"),
        ("{records: sightseeing/watchlist, entry_field: network}", "only for per_choice"),
        ("{answer: sightseeing/watchlist, records: sightseeing/watchlist}", "either 'records'"),
        ("{answer: nowhere/field}", "is not a field of any step"),
        ("{records: sightseeing/watchlist, count: 0}", "greater than 0"),
    ],
)
def test_a_wrong_done_when_is_reported_at_its_line(tmp_path: Path, new: str, said: str) -> None:
    old = "{records: sightseeing/watchlist, count: 3, where: {done: followed}}"
    root = broken_copy(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        load_course(root)
    problems = [str(p) for p in caught.value.problems]
    assert any(said in p and "04-sightseeing.yaml:" in p and "done_when" in p for p in problems)


def test_an_answer_rule_ticks_once_the_field_has_a_value(tmp_path: Path) -> None:
    root = broken_copy(
        tmp_path,
        "{records: sightseeing/watchlist, count: 3, where: {done: followed}}",
        "{answer: why/goal}",
    )
    course = load_course(root)
    progress = Progress()
    assert FOLLOWED not in done_keys(course, step_of(course, "sightseeing"), progress)
    progress.set_answer("why/goal", "A job")
    assert FOLLOWED in done_keys(course, step_of(course, "sightseeing"), progress)


def test_other_content_without_done_when_still_loads() -> None:
    assert load_course(OTHER_CONTENT).steps


def test_what_the_lists_show_ticks_the_items_that_say_it(course: Course) -> None:
    """A new user's trial: five accounts noted, a comment written, someone from the field
    and someone from outside it on the list, a group noted: none of those items ticked."""
    progress = Progress()
    progress.set_answer("sightseeing/watchlist", watched(["followed"], ["commented"], [], [], []))
    done = done_keys(course, step_of(course, "sightseeing"), progress)
    assert {"sightseeing/five-accounts", "sightseeing/first-comment"} <= done
    assert "sightseeing/liked" not in done
    progress.set_answer(
        "strategy/people",
        [
            {"id": "a", "name": "A", "circle": "field"},
            {"id": "b", "name": "B", "circle": "outside"},
        ],
    )
    progress.set_answer("strategy/places", [{"id": "g", "name": "UX Stammtisch"}])
    done = done_keys(course, step_of(course, "strategy"), progress)
    assert {"strategy/one-in-field", "strategy/one-outside", "strategy/where-noted"} <= done
    assert "strategy/three-known" not in done


@pytest.mark.parametrize(
    ("field", "item", "text"),
    [
        ("why/first_person", "why/first-person", "Jana from product"),
        ("accounts/headline", "accounts/headline-draft", "Support on the way into UX research"),
        ("accounts/about", "accounts/about-draft", "I listen to users.\nNow I study them."),
        ("posting/rhythm", "posting/rhythm", "One post every two weeks"),
    ],
)
def test_what_a_step_asks_for_has_a_field_that_ticks_its_item(
    course: Course, field: str, item: str, text: str
) -> None:
    """Step 1's one person, step 3's headline and about text and step 6's rhythm: each
    asked for, and now written where it is saved (the about text on several lines)."""
    found = course.field(field)
    assert found is not None, f"no field {field} to write it in"
    assert found.kind == ("long_text" if "\n" in text else "short_text")
    progress = Progress()
    step = step_of(course, item.split("/")[0])
    assert item not in done_keys(course, step, progress)
    progress.set_answer(field, text)
    assert item in done_keys(course, step, progress)


def test_three_post_ideas_tick_the_item(course: Course) -> None:
    progress = Progress()
    step = step_of(course, "posting")
    ideas = [{"id": str(i), "topic": f"Idea {i}"} for i in range(3)]
    progress.set_answer("posting/posts", ideas[:2])
    assert "posting/three-ideas" not in done_keys(course, step, progress)
    progress.set_answer("posting/posts", ideas)
    assert "posting/three-ideas" in done_keys(course, step, progress)


def test_an_answer_of_only_spaces_ticks_nothing(course: Course) -> None:
    """One rule for "filled in" in every ``done_when``: a reason of spaces is no reason
    (a list's field of spaces already counted as empty; an answer of spaces ticked)."""
    step = step_of(course, "why")
    progress = Progress()
    progress.set_answer("why/my_why", "   ")
    assert "why/write-why" not in done_keys(course, step, progress)
    progress.set_answer("why/my_why", "To find a job I like")
    assert "why/write-why" in done_keys(course, step, progress)

"""A finished step is celebrated once a run: unticked and ticked again (or taken back by an
undo and done again), it popped "All 7 steps done" every time."""

from __future__ import annotations

from pathlib import Path

from coach.content.loader import load_course
from coach.data.progress import Progress
from coach.domain.milestones import Celebrations
from coach.domain.status import checklist_groups

CONTENT = Path(__file__).resolve().parents[1] / "content"


def test_a_step_finished_again_is_not_celebrated_again() -> None:
    course = load_course(CONTENT)
    progress = Progress()
    for step in course.steps:
        for group in checklist_groups(course, step, progress):
            for key, _ in group.items:
                progress.set_tick(key, True)
    last = course.steps[-1]
    (key, _), *_ = checklist_groups(course, last, progress)[0].items
    progress.set_tick(key, False)
    celebrations = Celebrations(course, progress)
    progress.set_tick(key, True)
    finished, all_done = celebrations.check(progress)
    assert finished == [last.id] and all_done
    progress.set_tick(key, False)
    assert celebrations.check(progress) == ([], False)
    progress.set_tick(key, True)
    assert celebrations.check(progress) == ([], False), "said once, not at every tick"

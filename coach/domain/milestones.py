"""The moment a step is finished: which steps are ticked through, and which ones a change
finished since the last look (the UI says a warm line for one, and after the last one
offers "what now")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.content.course import tr
from coach.domain.status import step_status
from coach.i18n import t

if TYPE_CHECKING:
    from coach.content.course import Course
    from coach.data.progress import Progress


def done_steps(course: Course, progress: Progress) -> set[str]:
    """The steps whose checklist is ticked through (steps without items are left out:
    there is nothing to celebrate in them)."""
    done: set[str] = set()
    for step in course.steps:
        status = step_status(course, step, progress, "en")
        if status.total and status.done >= status.total:
            done.add(step.id)
    return done


def open_steps(course: Course, progress: Progress) -> int:
    """How many steps still have unticked items."""
    return sum(
        1
        for s in course.steps
        if (st := step_status(course, s, progress, "en")).total and st.done < st.total
    )


class Celebrations:
    """Remembers which steps were done, to notice the moment one is finished."""

    def __init__(self, course: Course, progress: Progress) -> None:
        self.course = course
        self.progress = progress
        self.done = done_steps(course, progress)
        self.said: set[str] = set(self.done)  # each step is celebrated once a run, at most
        self.all_said = open_steps(course, progress) == 0

    def check(self, progress: Progress) -> tuple[list[str], bool]:
        """The steps finished since the last look (for the first time this run: unticked
        and ticked again, or taken back by undo and done again, a step is no new
        achievement), and whether that finished them all, said once a run (a restored
        backup is a new start, not an achievement)."""
        now = done_steps(self.course, progress)
        before = self.done if progress is self.progress else now
        newly = now - before
        finished = [s.id for s in self.course.steps if s.id in newly - self.said]
        self.said |= newly
        self.done, self.progress = now, progress
        all_done = bool(newly) and not self.all_said and open_steps(self.course, progress) == 0
        self.all_said |= all_done
        return finished, all_done

    def line(self, step_id: str, lang: str) -> str:
        """The one warm line for a finished step."""
        step = self.course.step(step_id)
        title = tr(step.title, lang) if step is not None else step_id
        return t("celebrate.step", title=title)

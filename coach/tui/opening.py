"""Which screen the coach opens on: Today or the steps.

Asked before the first frame, so it stays light: the headless agenda and the step status,
no screen or dialog module (Today's screen and the log dialog are imported only when the
coach does open on Today, or when the user goes there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.domain import people
from coach.domain.status import step_status

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping

    from coach.content.course import Course
    from coach.data.progress import Progress
    from coach.domain.agenda import Agenda


def all_steps_done(course: Course, progress: Progress) -> bool:
    """Every step's checklist is ticked through (a step without items counts as done)."""
    return all(
        status.done >= status.total
        for status in (step_status(course, s, progress, "en") for s in course.steps)
    )


def opening_agenda(
    course: Course,
    progress: Progress,
    on: dt.date,
    lang: str,
    let_go: Callable[[], Mapping[str, dt.date]] | None = None,
) -> Agenda | None:
    """The day's agenda when the coach should open on Today: once the steps are done or
    whenever a follow-up is due (also before the welcome was seen: someone who used only
    the shell so far; a brand-new user, with nothing due, gets the welcome and the first
    step). None: open on the steps. ``let_go``: the session's :meth:`let_go_days`, asked
    only when the agenda is built."""
    if getattr(course.meta, "agenda", None) is None:
        return None  # a course without an agenda has nothing to open on (t still shows it)
    if not people.any_due(course, progress, on) and not all_steps_done(course, progress):
        return None  # the steps, decided without the agenda (nor its module) being built
    from coach.domain import agenda as agenda_mod

    agenda = agenda_mod.today(course, progress, on, lang, let_go() if let_go else None)
    return agenda if agenda.follow_ups or all_steps_done(course, progress) else None

"""Today's list: who to get back to and what's coming, one option a line, and its lines.

The cursor stops at the ends (from the top follow-up, up goes nowhere; it never wraps to the
bottom row). Lines are assembled from pieces, never parsed as markup: user text stays text.
Follow-ups are said in words, not debt ("planned for Mon 1 Dec", "planned a while ago").
"""

from __future__ import annotations

import datetime as dt

from textual.content import Content
from textual.widgets import OptionList

from coach.domain import agenda as agenda_mod
from coach.domain import habit
from coach.domain.habit import planned
from coach.i18n import ago, day_in_words, format_date, t
from coach.safetext import shown
from coach.tui.widgets.hanging import Hanging

POST_PREFIX = "post:"  # a planned post's option id: "post:<record id>"


class TodayList(OptionList):
    """An option list whose cursor stops at the first and the last enabled option."""

    def _step(self, direction: int) -> None:
        count = self.option_count
        if count == 0:
            return
        start = self.highlighted
        index = (start if start is not None else -direction) + direction
        while 0 <= index < count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)


def _name(text: str) -> str:
    return shown(text, single_line=True)  # invisible characters as marks


def follow_up_line(f: agenda_mod.FollowUp, on: dt.date, lang: str) -> Hanging:
    """ "• Jana Krüger — planned for Mon 1 Dec · Ask her for 20 minutes"."""
    parts: list[str | tuple[str, str]] = [(_name(f.person.name), "bold"), " — "]
    parts.append((planned(f.due, on, lang), "italic" if f.overdue else ""))
    if f.person.next_step:
        parts += [" · ", (_name(f.person.next_step), "italic")]
    return Hanging("• ", Content.assemble(*parts))


def upcoming_line(f: agenda_mod.FollowUp, lang: str) -> Hanging:
    parts: list[str | tuple[str, str]] = [(_name(f.person.name), "bold"), " — "]
    parts.append(day_in_words(f.due, lang))
    if f.person.next_step:
        parts += [" · ", (_name(f.person.next_step), "italic")]
    return Hanging("• ", Content.assemble(*parts))


def reconnect_line(r: agenda_mod.Reconnect, on: dt.date, lang: str) -> Hanging:
    last = r.person.last_contact
    said = (
        t("today.since", ago=ago((on - last).days), date=format_date(last, lang))
        if last
        else t("today.not_yet")
    )
    return Hanging("• ", Content.assemble((_name(r.person.name), "bold"), " — ", said))


def post_line(post: agenda_mod.Dated, lang: str) -> Hanging:
    """ "☐ Tue 1 Dec  What tickets taught me (planned post)": space ticks it off."""
    when = day_in_words(post.date, lang)
    return Hanging("☐ ", Content.assemble(
        when, "  ", (_name(post.title), "bold"), " ", (f"({t('today.post')})", "dim"),
    ))  # fmt: skip


def courage_lines(found: habit.Courage) -> Content:
    """ "You expected 6 on average; it felt like 3", and both week by week as a sparkline
    (never a score: how it looked against how it was)."""
    text = t("today.courage", expected=round(found.expected), felt=round(found.felt))
    expected = [round(w[0]) if w else None for w in found.weeks]
    felt = [round(w[1]) if w else None for w in found.weeks]
    return Content.assemble(
        (text, "italic"),
        f"\n{t('tui.today.expected')} ",
        (habit.scale_line(expected), "$warning"),
        f"\n{t('tui.today.felt')} ",
        (habit.scale_line(felt), "$success"),
    )

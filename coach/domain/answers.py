"""Turning what the user typed into a saved answer, with a clear message when it can't be.

Used by the UI's forms and by the tests; no Textual here. Every message is a catalog key,
so validation speaks the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from coach import dates
from coach.content.course import Course, is_choice, tr
from coach.domain.limits import NOTE_MAX, SHORT_TEXT_MAX
from coach.domain.status import answer_key, overall, step_status
from coach.i18n import show_date, t, tn
from coach.safetext import typed


class InvalidValue(ValueError):
    """The typed value cannot be saved; ``str(exc)`` says why, in the user's language."""


class NotADate(InvalidValue):
    """Not a date in any form the coach reads (unlike 2026-02-30, whose month is named):
    a caller may answer with the forms it takes."""


def text_limit(field: Any) -> int:
    """The characters a text field takes: its content's ``max_length``, else the default
    for its kind (a line or a note)."""
    return int(field.max_length or (SHORT_TEXT_MAX if field.kind == "short_text" else NOTE_MAX))


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # not 2026-02-3: half typed
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
Prefer = Literal["near", "ahead", "back"]  # which year a day and month alone is in
_DAY_MONTH = re.compile(r"(\d{1,2})\.(\d{1,2})\.?")  # 31.12. as many write it in German


def parse_date(raw: str, base: dt.date | None = None, prefer: Prefer = "near") -> dt.date:
    """``2026-11-23`` or ``23.11.2026``; with ``base``, ``23.11.`` too: that day in the
    year that puts it nearest ``base`` (on 7 Dec, 3.1. is next January, 30.11. last week),
    or with ``prefer`` "ahead" the first on or after it (a follow-up), "back" the last on
    or before it (a contact that happened). A date written right but not in the calendar
    (2026-02-30) is refused with how many days its month has; anything else with the form
    to write it in."""
    raw = raw.strip()
    iso, dotted = _ISO.fullmatch(raw), _DOTTED.fullmatch(raw)
    short = _DAY_MONTH.fullmatch(raw) if base is not None else None
    if iso:
        year, month, day = (int(p) for p in iso.groups())
    elif dotted:
        day, month, year = (int(p) for p in dotted.groups())
    elif short and base is not None:
        day, month = (int(p) for p in short.groups())
        if not (1 <= day <= 31 and 1 <= month <= 12):
            raise NotADate(t("field.bad_date", value=raw))
        near = _nearest(day, month, base, prefer)
        if near is not None:
            return near
        # Not a day in any year (31.02.): said for the year the date was meant in (for a
        # break on 7 December, next February's, not the one that is over).
        year = base.year + _year_step(month, base, prefer)
    else:
        raise NotADate(t("field.bad_date", value=raw))
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    if 1 <= month <= 12 and dt.MINYEAR <= year <= dt.MAXYEAR:
        import calendar  # only for a date that is not in it (~1.5 ms at every start else)

        days = calendar.monthrange(year, month)[1]
        month_name = t("date.months").split(",")[month - 1]
        raise InvalidValue(t("field.month_days", month=month_name, year=year, days=days))
    raise NotADate(t("field.bad_date", value=raw))


def _year_step(month: int, base: dt.date, prefer: Prefer) -> int:
    """0, 1 or -1: the year, from ``base``'s, whose ``month`` is meant."""
    if prefer == "ahead":
        return 1 if month < base.month else 0
    if prefer == "back":
        return -1 if month > base.month else 0
    return 1 if month - base.month < -6 else -1 if month - base.month > 6 else 0


def _nearest(day: int, month: int, base: dt.date, prefer: Prefer) -> dt.date | None:
    found = []
    for year in range(max(dt.MINYEAR, base.year - 8), min(dt.MAXYEAR, base.year + 8) + 1):
        try:  # (eight years either way: a 29 February is among them)
            found.append(dt.date(year, month, day))
        except ValueError:
            continue
    if prefer == "ahead":
        return min((d for d in found if d >= base), default=None)
    if prefer == "back":
        return max((d for d in found if d <= base), default=None)
    return min(found, key=lambda d: (abs((d - base).days), -d.toordinal()), default=None)


def date_note(value: Any, today: dt.date | None = None) -> str | None:
    """A gentle word when a saved date (ISO text) lies in the past, else None."""
    when = dates.day(value)
    if when is None or when >= (today or dates.local_today()):
        return None
    return t("field.date_past")


_RELATIVE = re.compile(r"([+-])(\d{1,4})([dw])")


def parse_day(raw: str, base: dt.date, prefer: Prefer = "near") -> dt.date:
    """A date as the user types it anywhere (CLI, forms, the log dialog): 2026-12-01,
    01.12.2026, or +14d / -2d / +2w counted from ``base``; :class:`InvalidValue` if not."""
    match = _RELATIVE.fullmatch(raw.strip())
    if not match:
        return parse_date(raw, base, prefer)
    days = int(match[2]) * (7 if match[3] == "w" else 1)
    try:
        return base + dt.timedelta(days=-days if match[1] == "-" else days)
    except OverflowError:  # past the calendar's end (9999-12-31 + 14d)
        raise NotADate(t("field.bad_date", value=raw.strip())) from None


def parse(field: Any, raw: Any, prefer: Prefer = "near") -> Any:
    """The value to save for ``raw`` (None means "no answer"), or :class:`InvalidValue`;
    ``prefer``: which year a date typed as day and month alone is in (:func:`parse_date`)."""
    kind = getattr(field, "kind", None)
    if kind in ("short_text", "long_text"):
        text = typed(str(raw or ""), single_line=field.kind == "short_text")
        if field.kind == "short_text":
            text = text.strip()
        if not text.strip():
            if field.required:
                raise InvalidValue(t("field.required"))
            return None
        if len(text) > (limit := text_limit(field)):
            raise InvalidValue(t("field.too_long", max=limit))
        return text
    if kind == "number":
        text = str(raw or "").strip()
        if not text:
            if field.required:
                raise InvalidValue(t("field.required"))
            return None
        try:
            number = int(text)
        except ValueError:
            raise InvalidValue(t("field.bad_number", value=text)) from None
        if field.min is not None and number < field.min:
            raise InvalidValue(t("field.too_small", min=field.min))
        if field.max is not None and number > field.max:
            raise InvalidValue(t("field.too_big", max=field.max))
        return number
    if kind == "date":
        text = str(raw or "").strip()
        if not text:
            if field.required:
                raise InvalidValue(t("field.required"))
            return None
        return parse_date(text, dates.local_today(), prefer).isoformat()
    if is_choice(field):
        if field.kind == "multi_choice":
            values = [v for v in (raw or []) if isinstance(v, str)]
            if not values and field.required:
                raise InvalidValue(t("field.pick_one"))
            return values or None
        if not raw:
            if field.required:
                raise InvalidValue(t("field.pick_one"))
            return None
        return str(raw)
    return raw


def display(course: Course, field: Any, value: Any, lang: str) -> str:
    """A saved value as the user reads it: option labels, dates in their style."""
    if value is None or value == "" or value == []:
        return ""
    if is_choice(field):
        fallback = course.languages[0]  # a label the course has not in ``lang``
        labels = {o.id: tr(o.label, lang, fallback) for o in course.options_for(field)}
        values = value if isinstance(value, list) else [value]
        # Only ids are looked up; anything else (e.g. from a hand-edited import) is shown.
        return ", ".join(labels.get(v, v) if isinstance(v, str) else str(v) for v in values)
    if getattr(field, "kind", None) == "date":
        return show_date(value, lang)  # an imported non-date is never shown as it is
    return str(value)


def records(progress: Any, key: str) -> list[dict[str, Any]]:
    """The saved records of a records field (a list of dicts; anything else is ignored)."""
    value = progress.answer(key)
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def achievements(course: Course, progress: Any, lang: str) -> list[str]:
    """What the user has done so far, one sentence each, computed from their progress."""
    lines: list[str] = []
    statuses = [step_status(course, s, progress, lang) for s in course.steps]
    done, total = overall(course, progress)
    complete = sum(1 for s in statuses if s.total and s.done == s.total)
    lines.append(t("summary.ticks", done=done, total=total))
    lines.append(tn("summary.steps", complete, total=len(statuses)))
    for step in course.steps:
        for field in step.fields:
            key = answer_key(step.id, field.id)
            label = tr(field.label, lang)
            if field.kind == "records":
                count = len(records(progress, key))
                if count:
                    lines.append(tn("summary.records", count, label=label))
            elif field.kind == "multi_choice":
                picked = progress.answer(key) or []
                if picked:
                    lines.append(
                        t("summary.picked", label=label, value=display(course, field, picked, lang))
                    )
    days = (progress.updated_at - progress.started_at).days
    lines.append(tn("summary.days", max(days, 0)))  # (started today: "today", not "a day")
    return lines

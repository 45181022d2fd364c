"""The user-interface message catalog: every string the coach shows, in every language.

Messages live in ``coach/locales/<lang>/`` as one ``MESSAGES`` dict per language (merged
from one module per area: ``cli``, ``ui``, ``people``), keyed by a stable message id;
placeholders use ``str.format`` names (``{count}``). English is the
fallback. A test checks that every language has every key with the same placeholders.
Content text (steps, catalogs) is translated in the content YAML, not here.

A message that counts something has one key per plural form (``validate.problems.one``,
``validate.problems.other``, optionally ``.zero``) and is looked up with :func:`tn`.
"""

from __future__ import annotations

import errno
import importlib
import os
from collections.abc import Mapping

from coach import dates

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE
_catalogs: dict[str, dict[str, str]] = {}


def catalog(lang: str) -> dict[str, str]:
    """The messages of ``lang`` (imported on first use)."""
    if lang not in _catalogs:
        module = importlib.import_module(f"coach.locales.{lang}")
        _catalogs[lang] = module.MESSAGES
    return _catalogs[lang]


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def get_language() -> str:
    return _current


def _lookup(key: str, lang: str | None = None) -> str | None:
    text = catalog(lang or _current).get(key)
    return catalog(DEFAULT_LANGUAGE).get(key) if text is None else text


def t(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in. A sentence
    that ends in an abbreviation ends with its full stop ("... am Mo 21. Dez."), not two."""
    text = _lookup(key)
    if text is None:
        text = key
    if not values:
        return text
    text = text.format(**values)
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


def tn(key: str, count: int, /, *, in_lang: str | None = None, **values: object) -> str:
    """The plural form of ``key`` that fits ``count`` (filled in as ``{count}``), in the
    current language or ``in_lang`` (the sheet's, say).

    English and German share one rule: ``.one`` for exactly 1, ``.other`` otherwise; a
    ``.zero`` form, where a message has one, is used for 0 ("no warnings").
    """
    forms = (["zero"] if count == 0 else []) + ["one" if count == 1 else "other"]
    for form in forms:
        text = _lookup(f"{key}.{form}", in_lang)
        if text is not None:
            return text.format(count=format_number(count, in_lang), **values)
    return key


def ago(days: int) -> str:
    """ "3 days ago", "about 5 weeks ago", "about 4 months ago", "about 13 years ago"
    (from two years on: "163 months" said nothing)."""
    if days < 14:
        return tn("today.days_ago", days)
    if days < 60:
        return tn("today.weeks_ago", round(days / 7))
    if days < 730:
        return tn("today.months_ago", round(days / 30))
    return tn("today.years_ago", round(days / 365.25))


def format_number(value: int, lang: str | None = None) -> str:
    """A whole number with the language's thousands separator: 1,103 / 1.103."""
    text = f"{value:,}"
    return text.replace(",", ".") if (lang or _current) == "de" else text


# The OS errors a user can run into with their files, in their words. Anything else keeps
# the system's own text (English: Python does not translate ``strerror``).
_OS_ERRORS = {
    errno.ENOENT: "oserror.not_found",
    errno.EISDIR: "oserror.is_dir",
    errno.ENOTDIR: "oserror.not_dir",
    errno.EACCES: "oserror.access",
    errno.EPERM: "oserror.not_permitted",
    errno.ENOSPC: "oserror.disk_full",
    errno.EROFS: "oserror.read_only",
    errno.EEXIST: "oserror.exists",
    errno.EBADF: "oserror.closed",
    errno.ELOOP: "oserror.link",
    errno.EFBIG: "oserror.too_large",
}


def os_error(exc: BaseException) -> str:
    """What went wrong in an ``OSError``, in the user's language where we know the error."""
    key = _OS_ERRORS.get(getattr(exc, "errno", None) or -1)
    said = getattr(exc, "strerror", None)
    if isinstance(said, str) and said.startswith("oserror."):  # raised by the coach itself
        key = said
    if key is not None:
        return t(key)
    return getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__


def language_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the locale asks for (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), if we have it."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        code = value.split(".")[0].split("_")[0].split("@")[0].lower()
        # The first variable that is set decides, as in POSIX; "C"/"POSIX" mean English.
        return code if code in LANGUAGES else None
    return None


def resolve_language(
    cli: str | None, saved: str | None, environ: Mapping[str, str] | None = None
) -> str:
    """``--lang`` wins, then the choice saved from the UI, then the locale, then English."""
    for candidate in (cli, saved, language_from_env(environ)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def format_date(value: object, lang: str | None = None) -> str:
    """A date (or datetime, or a saved date as :func:`coach.dates.day` reads it) in the
    language's usual style: 2026-11-23 / 23.11.2026; a text that is no date, as it is."""
    import datetime as _dt

    if isinstance(value, str):
        read = dates.day(value)
        if read is None:
            return value
        value = read
    if not isinstance(value, _dt.date):
        return str(value)
    if (lang or _current) == "de":
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"  # strftime: "1-01-01"


def short_date(value: object, lang: str | None = None, today: object = None) -> str:
    """A date in words, as people say it: "Mon 1 Dec" / "Mo 1. Dez."; with ``today``
    (``coach.dates.local_today()``), a date in another year says it: "Sat 16 Oct 2027"."""
    import datetime as _dt

    if not isinstance(value, _dt.date):
        return format_date(value, lang)
    cat = catalog(lang or _current)
    days = (
        cat.get("date.weekdays_short") or catalog(DEFAULT_LANGUAGE)["date.weekdays_short"]
    ).split(",")
    months = (cat.get("date.months_short") or catalog(DEFAULT_LANGUAGE)["date.months_short"]).split(
        ","
    )
    form = cat.get("date.short") or catalog(DEFAULT_LANGUAGE)["date.short"]
    said = form.format(weekday=days[value.weekday()], day=value.day, month=months[value.month - 1])
    if isinstance(today, _dt.date) and today.year != value.year:
        said += f" {value.year}"
    return said


def day_in_words(value: object, lang: str | None = None) -> str:
    """A day the coach says back after a change (a contact logged on it, the follow-up it
    set, a snooze) as Today lists days: "Mon 14 Dec", the year only when not this one;
    a text that is no date, as it is."""
    read = dates.day(value) if isinstance(value, str) else value
    return short_date(read, lang, dates.local_today()) if read is not None else str(value)


def birthday_text(kept: str, lang: str | None = None) -> str:
    """A birthday as the coach keeps it (``1990-04-15``, ``--04-15``: read by
    :func:`coach.domain.people.birthday`) in words: "15 April 1990" / "15. April 1990",
    "15 April" without the year."""
    year, month, day = kept[:4], int(kept[-5:-3]), int(kept[-2:])
    cat = catalog(lang or _current)
    months = (cat.get("date.months") or catalog(DEFAULT_LANGUAGE)["date.months"]).split(",")
    form = cat.get("date.birthday") or catalog(DEFAULT_LANGUAGE)["date.birthday"]
    said = form.format(day=day, month=months[month - 1])
    return said if kept.startswith("--") else f"{said} {year}"


def birthday_typed(kept: str, lang: str | None = None) -> str:
    """A birthday as kept (see :func:`birthday_text`) as the user types it in ``lang``:
    15.04.1990 in German, as kept in English; 15.04. without the year in both, as the
    help says (the form reads every one back)."""
    day, month, year = kept[-2:], kept[-5:-3], kept[:4]
    if kept.startswith("--"):
        return f"{day}.{month}."
    return f"{day}.{month}.{year}" if (lang or _current) == "de" else kept


def show_date(value: object, lang: str | None = None) -> str:
    """A saved date as :func:`format_date` shows it, or "not a date" in ``lang`` for a value
    that is none (a hand-edited or imported file): never the odd value itself."""
    import datetime as _dt

    if isinstance(value, str):
        value = dates.day(value)
    if not isinstance(value, _dt.date):
        text = catalog(lang or _current).get("value.not_a_date")
        return text or catalog(DEFAULT_LANGUAGE)["value.not_a_date"]
    return format_date(value, lang)

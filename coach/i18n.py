"""The user-interface message catalog: every string the coach shows, in every language.

Messages live in ``coach/locales/<lang>.py`` as one ``MESSAGES`` dict each, keyed by a
stable message id; placeholders use ``str.format`` names (``{count}``). English is the
fallback. A test checks that every language has every key with the same placeholders.
Content text (steps, catalogs) is translated in the content YAML, not here.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping

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


def t(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in."""
    text = catalog(_current).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


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
    """A date (or datetime) in the language's usual style: 2026-11-23 / 23.11.2026."""
    import datetime as _dt

    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if not isinstance(value, _dt.date):
        return str(value)
    if (lang or _current) == "de":
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return value.strftime("%Y-%m-%d")

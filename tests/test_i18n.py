"""The message catalogs are complete and consistent, and the language is chosen as promised."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from conftest import ROOT

from coach import i18n
from coach.locales import de, en

EN, DE = en.MESSAGES, de.MESSAGES

# Values that are rightly the same in both languages (add a key with a reason).
# Each language is offered in its own words in both catalogs; "ID" is German too.
SAME_IN_BOTH: set[str] = {
    "cmd.lang_en",
    "sheet.screen.save_markdown_short",  # the format's name, in every language
    "sheet.screen.save_html_short",
    "cmd.lang_de",
    "cli.metavar.id",
    "cli.metavar.person",
    "cli.metavar.text",
    "calendar.event",  # the event's own name, as the user wrote it
    "people.col_name",  # "Name" in both
    "log.id",  # a command to type: "coach log ID"
}


def placeholders(text: str) -> list[str]:
    """The ``{name}`` and ``%(name)s`` / ``%s`` placeholders of a message, sorted."""
    names = [f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    names += re.findall(r"%(?:\([a-z_]+\))?[sdr]", text)
    return sorted(names)


def test_both_catalogs_have_the_same_keys() -> None:
    assert sorted(set(EN) - set(DE)) == [], "missing in de.py"
    assert sorted(set(DE) - set(EN)) == [], "missing in en.py"


def test_same_placeholders_in_both_languages() -> None:
    """Every key at once (one behaviour, not one test per key); the message names each
    key whose German placeholders differ from the English ones."""
    wrong = sorted(k for k in EN if k in DE and placeholders(DE[k]) != placeholders(EN[k]))
    assert wrong == [], f"placeholders differ in: {', '.join(wrong)}"


def test_german_is_translated() -> None:
    """Every key has words in both languages, and German differs from English (but for
    SAME_IN_BOTH); the message names the failing keys."""
    empty = sorted(k for k in EN if not (EN[k].strip() and DE.get(k, "").strip()))
    assert empty == [], f"empty or missing in a language: {', '.join(empty)}"
    same = sorted(k for k in EN if k not in SAME_IN_BOTH and DE.get(k) == EN[k])
    assert same == [], f"not translated: {', '.join(same)}"


def test_whitelist_is_not_stale() -> None:
    for key in SAME_IN_BOTH:
        assert EN.get(key) == DE.get(key), f"{key} no longer needs the whitelist"


def test_yes_words_fit_the_prompt() -> None:
    # The prompt shows "j/N" in German, so "j" must be accepted as yes.
    for catalog in (EN, DE):
        first = catalog["reset.yes_no"].split("/")[0].lower()
        assert first in catalog["reset.yes_words"].split(",")


# -- every key the code uses exists ---------------------------------------------------------
CALL = re.compile(r"""\bt\(\s*(f?)(["'])((?:(?!\2).)+)\2""")
PLURAL_CALL = re.compile(r"""\btn\(\s*(["'])((?:(?!\1).)+)\1""")
STORE_KEY = re.compile(r"""(?:StoreError|__init__)\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def source_files() -> list[Path]:
    return sorted(p for p in (ROOT / "coach").rglob("*.py") if "locales" not in p.parts)


def used_keys() -> tuple[set[str], set[str]]:
    """Literal keys and f-string key patterns used with ``t(...)`` in the code."""
    literal: set[str] = set()
    patterns: set[str] = set()
    for file in source_files():
        text = file.read_text(encoding="utf-8")
        for is_f, _, key in CALL.findall(text):
            (patterns if is_f and "{" in key else literal).add(key)
        for _, key in PLURAL_CALL.findall(text):  # tn("x", n) needs x.one and x.other
            literal.update({f"{key}.one", f"{key}.other"})
        literal.update(STORE_KEY.findall(text))
    return literal, patterns


def test_the_scan_finds_keys() -> None:
    literal, patterns = used_keys()
    assert {"status.overall", "reset.yes_no", "store.broken", "summary.days.one"} <= literal
    assert "cli.{name}.help" in patterns


def test_every_literal_key_exists_in_english() -> None:
    literal, _ = used_keys()
    assert sorted(k for k in literal if k not in EN) == []


def test_every_f_string_key_matches_something() -> None:
    _, patterns = used_keys()
    for pattern in patterns:
        regex = re.sub(r"\\\{[^}]*\\\}", "[a-z_]+", re.escape(pattern))
        assert any(re.fullmatch(regex, k) for k in EN), pattern


def test_every_command_has_its_help() -> None:
    from coach.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sub.choices is not None
    for name in sub.choices:
        assert f"cli.{name}.help" in EN and f"cli.{name}.help" in DE


def test_argparse_words_are_in_the_catalogs() -> None:
    source = (ROOT / "coach" / "cli" / "main.py").read_text(encoding="utf-8")
    for key in re.findall(r'"(argparse\.[a-z_]+)"', source):
        assert key in EN and key in DE, key


# -- choosing the language -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("cli", "saved", "env", "expected"),
    [
        ("de", "en", {"LC_ALL": "en_US.UTF-8"}, "de"),
        ("en", "de", {"LANG": "de_DE.UTF-8"}, "en"),
        (None, "de", {"LC_ALL": "en_US.UTF-8"}, "de"),
        (None, "en", {"LANG": "de_DE.UTF-8"}, "en"),
        (None, None, {"LC_ALL": "de_DE.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_US"}, "de"),
        (None, None, {"LC_MESSAGES": "de_DE.UTF-8", "LANG": "en_US"}, "de"),
        (None, None, {"LC_MESSAGES": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),
        (None, None, {"LANG": "de_DE.UTF-8"}, "de"),
        (None, None, {"LANG": "de_AT@euro"}, "de"),
        (None, None, {"LANG": "de"}, "de"),
        (None, None, {"LANG": "C"}, "en"),
        (None, None, {"LANG": "POSIX"}, "en"),
        (None, None, {"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "en"),
        (None, None, {"LC_ALL": "", "LANG": "de_DE.UTF-8"}, "de"),
        (None, None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, None, {}, "en"),
        (None, "xx", {}, "en"),
    ],
)
def test_resolve_language(
    cli: str | None, saved: str | None, env: dict[str, str], expected: str
) -> None:
    assert i18n.resolve_language(cli, saved, env) == expected


def test_resolve_language_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.resolve_language(None, None) == "en"
    monkeypatch.setenv("LC_MESSAGES", "de_CH.UTF-8")
    assert i18n.resolve_language(None, None) == "de"


def test_t_fills_values_and_falls_back_to_english() -> None:
    i18n.set_language("de")
    assert i18n.t("status.overall", done=1, total=2) == "Dein Fortschritt: 1 von 2 erledigt"
    assert i18n.t("no.such.key") == "no.such.key"
    i18n.set_language("fr")
    assert i18n.get_language() == "en"


# -- plurals, numbers, OS errors -----------------------------------------------------------
def test_plural_keys_come_in_complete_sets() -> None:
    for catalog in (EN, DE):
        bases = {k.rsplit(".", 1)[0] for k in catalog if k.endswith((".one", ".other", ".zero"))}
        for base in bases:
            assert f"{base}.one" in catalog and f"{base}.other" in catalog, base


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("en", 0, "no warnings"),
        ("en", 1, "1 warning"),
        ("en", 2, "2 warnings"),
        ("en", 1234, "1,234 warnings"),
        ("de", 0, "keine Warnungen"),
        ("de", 1, "1 Warnung"),
        ("de", 1234, "1.234 Warnungen"),
    ],
)
def test_tn_picks_the_plural_form(lang: str, count: int, expected: str) -> None:
    i18n.set_language(lang)
    try:
        assert i18n.tn("validate.warnings", count) == expected
    finally:
        i18n.set_language("en")


def test_tn_without_a_zero_form_uses_other() -> None:
    i18n.set_language("de")
    try:
        zero = "Leere Felder bei 0 Personen ergänzt, die schon da waren."
        assert i18n.tn("contacts.filled_done", 0) == zero
        assert i18n.tn("summary.days", 1) == "Du bist seit einem Tag dabei."
        assert i18n.tn("summary.days", 0) == "Du bist seit heute dabei."  # (its own zero)
    finally:
        i18n.set_language("en")


def test_format_number() -> None:
    assert i18n.format_number(1103, "en") == "1,103"
    assert i18n.format_number(1103, "de") == "1.103"
    assert i18n.format_number(12, "de") == "12"


def test_os_errors_are_told_in_the_users_language() -> None:
    import errno
    import os

    i18n.set_language("de")
    try:
        for code in (errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS, errno.EISDIR):
            text = i18n.os_error(OSError(code, os.strerror(code)))
            assert text != os.strerror(code), code
        assert i18n.os_error(OSError(errno.ENOSPC, "x")) == DE["oserror.disk_full"]
        # an error we have no words for keeps the system's text
        assert i18n.os_error(OSError(errno.EIO, os.strerror(errno.EIO))) == os.strerror(errno.EIO)
    finally:
        i18n.set_language("en")


def test_a_short_date_in_another_year_says_the_year() -> None:
    """ "Dein geplanter Termin Sa 16. Okt. bleibt" was a date a year ahead (a user trial)."""
    import datetime as dt

    from coach.i18n import short_date

    today = dt.date(2026, 12, 7)
    assert short_date(dt.date(2027, 10, 16), "de", today) == "Sa 16. Okt. 2027"
    assert short_date(dt.date(2026, 12, 8), "en", today) == "Tue 8 Dec"
    assert short_date(dt.date(2025, 12, 31), "en", today) == "Wed 31 Dec 2025"


def test_a_sentence_ending_in_an_abbreviation_has_one_full_stop() -> None:
    """A week-eight trial saw "Wir sehen uns am Mo 21. Dez.." after taking a break."""
    i18n.set_language("de")
    try:
        assert i18n.t("pause.started", date="Mo 21. Dez.").endswith("am Mo 21. Dez.")
        assert i18n.t("pause.started", date="Do 21. Mai").endswith("am Do 21. Mai.")
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(
    ("days", "en", "de"),
    [
        (3, "3 days ago", "vor 3 Tagen"),
        (90, "about 3 months ago", "vor etwa 3 Monaten"),
        (729, "about 24 months ago", "vor etwa 24 Monaten"),
        (4957, "about 14 years ago", "vor etwa 14 Jahren"),  # it said "about 165 months"
        (800, "about 2 years ago", "vor etwa 2 Jahren"),
    ],
)
def test_a_long_time_ago_is_said_in_years(days: int, en: str, de: str) -> None:
    try:
        i18n.set_language("en")
        assert i18n.ago(days) == en
        i18n.set_language("de")
        assert i18n.ago(days) == de
    finally:
        i18n.set_language("en")

"""The shipped content as of 2026 (issue 14): the facts, sources and scripts users rely on.

Also the template ``max_length`` check: a connection note LinkedIn cuts off at 200
characters must fit as written in every language, and `coach validate` says where it doesn't.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import CONTENT, RunCli

from coach.content.content_types import Template
from coach.content.loader import load_course

LANGS = ("en", "de")


def all_templates() -> list[Template]:
    return [template for step in load_course(CONTENT).steps for template in step.templates]


def all_text(lang: str) -> str:
    """Every step body, first action, checklist item, field help and catalog detail."""
    course = load_course(CONTENT)
    parts: list[str] = []
    for step in course.steps:
        parts += [step.body.get(lang, ""), (step.first_action or {}).get(lang, "")]
        parts += [item.text[lang] for item in step.checklist]
        parts += [(field.help or {}).get(lang, "") for field in step.fields]
    for catalog in course.catalogs.values():
        for entry in catalog.entries:
            parts += [text[lang] for text in entry.details.values()]
    return "\n".join(parts)


def test_validate_is_clean(run_cli: RunCli) -> None:
    result = run_cli("validate")
    assert result.code == 0
    assert result.err == ""


def test_bluesky_is_in_the_catalog_with_every_detail() -> None:
    catalog = load_course(CONTENT).catalogs["networks"]
    entries = {entry.id: entry for entry in catalog.entries}
    assert "bluesky" in entries
    for entry in catalog.entries:
        assert set(entry.details) == set(catalog.details), entry.id
        for key, text in entry.details.items():
            for lang in LANGS:
                assert text.get(lang, "").strip(), f"{entry.id}.{key} has no {lang}"


def test_catalog_says_what_changed_by_2026() -> None:
    entries = {e.id: e for e in load_course(CONTENT).catalogs["networks"].entries}
    xing = " ".join(t["en"] for t in entries["xing"].details.values())
    assert "2023" in xing and "groups" in xing
    linkedin_privacy = entries["linkedin"].details["privacy"]
    assert "Data for Generative AI Improvement" in linkedin_privacy["en"]
    assert "200" in " ".join(t["en"] for t in entries["linkedin"].details.values())
    x_privacy = entries["x"].details["privacy"]["en"]
    assert "block" in x_privacy and "2024" in x_privacy
    mastodon = entries["mastodon"].details["effort"]
    assert "suggestions" in mastodon["en"] and "vorschläge" in mastodon["de"]
    assert "rarely" in entries["pinterest"].details["for"]["en"]


def test_the_iab_source_is_named_in_both_languages() -> None:
    for lang in LANGS:
        text = all_text(lang)
        assert "IAB" in text and "18/2017" in text, lang
        assert "SocialMediaStatistik.de" in text, lang


def test_at_least_twelve_templates_with_unique_ids() -> None:
    templates = all_templates()
    assert len(templates) >= 12
    assert len({t.id for t in templates}) == len(templates)


def test_every_limited_template_fits_in_every_language() -> None:
    limited = [t for t in all_templates() if t.max_length is not None]
    assert limited, "no template has a max_length"
    for template in limited:
        assert set(template.text) == set(LANGS), template.id
        for lang, text in template.text.items():
            assert len(text) <= (template.max_length or 0), f"{template.id} [{lang}]: {len(text)}"


def test_the_connection_notes_fit_linkedins_200_characters() -> None:
    notes = [t for t in all_templates() if "connection" in t.id and "note" in t.id]
    assert notes
    for template in notes:
        assert template.max_length is not None and template.max_length <= 200, template.id


def test_a_german_sie_variant_exists() -> None:
    sie = [t for t in all_templates() if "(Sie)" in t.title["de"]]
    assert sie
    for template in sie:
        assert re.search(r"\b(Sie|Ihnen|Ihr\w*)\b", template.text["de"]), template.id
        assert not re.search(r"\b(du|dich|dir|dein\w*)\b", template.text["de"]), template.id
        assert template.text["en"].strip()


def test_a_no_reply_yet_script_with_its_advice() -> None:
    nudge = [t for t in all_templates() if "nudge" in t.id or "no-reply" in t.id]
    assert nudge
    text = all_text("en")
    assert "silence is normal" in text.lower()
    assert "let it go" in text.lower()


def test_german_spelling_fixes() -> None:
    text = all_text("de") + " ".join(
        option.label["de"]
        for step in load_course(CONTENT).steps
        for field in step.fields
        for sub in [field, *getattr(field, "fields", [])]
        for option in (getattr(sub, "options", None) or [])
    )
    assert "geliket" not in text
    assert "Schalte " not in text  # one imperative style: "Schalt", "Prüf", "Wähl"


# -- the max_length check -------------------------------------------------------------------
def content_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def test_validate_reports_an_over_long_template_at_its_line(
    tmp_path: Path, run_cli: RunCli
) -> None:
    folder = content_copy(tmp_path)
    # The first template with a max_length (fields have max_length too: skip to templates).
    step_file, lines, at = next(
        (f, lines, i)
        for f in sorted((folder / "steps").glob("*.yaml"))
        if "templates:" in (lines := f.read_text("utf-8").splitlines())
        for i in range(lines.index("templates:"), len(lines))
        if lines[i].strip().startswith("max_length:")
    )
    lines[at] = lines[at].split("max_length:")[0] + "max_length: 20"
    step_file.write_text("\n".join(lines) + "\n", "utf-8")

    result = run_cli("validate", folder)
    assert result.code == 1
    problems = [line for line in result.err.splitlines() if "longer than max_length 20" in line]
    assert len(problems) == 2, result.err  # English and German both too long
    for lang in LANGS:
        pattern = (
            rf"^{re.escape(str(step_file))}:(\d+): templates\.\d+\.text\.{lang}: the {lang} text"
        )
        found = [m for p in problems if (m := re.match(pattern, p))]
        assert found, (lang, problems)
        line_no = int(found[0].group(1))
        assert lines[line_no - 1].strip().startswith(f"{lang}:")  # the text's own line


def test_a_template_within_its_limit_passes(tmp_path: Path, run_cli: RunCli) -> None:
    folder = content_copy(tmp_path)
    step_file = folder / "steps" / "99-extra.yaml"
    step_file.write_text(
        "id: extra\ntitle: {en: Extra, de: Extra}\nbody: {en: x, de: x}\n"
        "templates:\n  - id: short\n    title: {en: Short, de: Kurz}\n    max_length: 5\n"
        "    text: {en: Hello, de: Hallo}\n",
        "utf-8",
    )
    assert run_cli("validate", folder).code == 0
    step_file.write_text(step_file.read_text("utf-8").replace("de: Hallo", "de: Hallo!"), "utf-8")
    result = run_cli("validate", folder)
    assert result.code == 1
    assert f"{step_file}:8: templates.0.text.de: the de text is 6 characters" in result.err

"""How much text a field takes (coach.domain.limits): a person's name typed in the form
is held to what the contacts import keeps of a name, and a note to what a logged
contact's note may be. Before, a 540-character name was saved from the form while the
import cut the same name at 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT

from coach import i18n
from coach.content.loader import load_course
from coach.domain import answers, people
from coach.domain.limits import NOTE_MAX, SHORT_TEXT_MAX
from coach.formats import contacts_import


@pytest.fixture(scope="module")
def name_field() -> Any:
    course = load_course(CONTENT)
    spec = people.spec(course)
    field = course.subfield(spec.records, spec.name)
    assert field is not None and field.kind == "short_text" and not field.max_length
    return field


@pytest.mark.parametrize(("lang", "says"), [("en", "500"), ("de", "500")])
def test_a_name_longer_than_an_import_keeps_is_refused_naming_the_limit(
    name_field: Any, lang: str, says: str
) -> None:
    i18n.set_language(lang)
    try:
        assert answers.parse(name_field, "x" * SHORT_TEXT_MAX) == "x" * SHORT_TEXT_MAX
        with pytest.raises(answers.InvalidValue, match=says):
            answers.parse(name_field, "x" * (SHORT_TEXT_MAX + 40))
    finally:
        i18n.set_language("en")


def test_the_import_keeps_as_much_of_a_name_as_the_form_takes(tmp_path: Path) -> None:
    card = tmp_path / "long.vcf"
    card.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:{'y' * 540}\nEND:VCARD\n", encoding="utf-8")
    (contact,) = contacts_import.read(card).contacts
    assert len(contact.name) == SHORT_TEXT_MAX


def test_a_long_text_without_its_own_limit_takes_a_notes_length() -> None:
    class LongText:
        kind, required, max_length = "long_text", False, None

    assert answers.text_limit(LongText()) == NOTE_MAX
    with pytest.raises(answers.InvalidValue):
        answers.parse(LongText(), "z" * (NOTE_MAX + 1))

"""Deutsche Texte (German messages), one module per area; the areas' ids never overlap
(``tests/test_locale_areas.py``)."""

from coach.locales.de import cli, habit, months, ops, people, ui

MESSAGES: dict[str, str] = {
    **cli.MESSAGES,
    **ui.MESSAGES,
    **people.MESSAGES,
    **months.MESSAGES,
    **habit.MESSAGES,
    **ops.MESSAGES,
}

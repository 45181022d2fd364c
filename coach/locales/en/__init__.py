"""English messages (the fallback language), one module per area; the areas' ids never overlap
(``tests/test_locale_areas.py``)."""

from coach.locales.en import cli, habit, months, ops, people, ui

MESSAGES: dict[str, str] = {
    **cli.MESSAGES,
    **ui.MESSAGES,
    **people.MESSAGES,
    **months.MESSAGES,
    **habit.MESSAGES,
    **ops.MESSAGES,
}

"""A person's page lists their logged contacts and lets the user correct or remove one, and
u takes it back (issue 21); the shell's change shows on the open page (two writers)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, TextArea

from coach import dates
from coach.application.session import Session
from coach.data.book import Book
from coach.domain import people
from coach.tui.dialogs.common import ConfirmScreen
from coach.tui.dialogs.contact_fix import ContactEditScreen, ContactPickScreen
from coach.tui.screens.person_screen import PersonScreen
from tui.conftest import screen_text, shows, wait_for

KEY = "strategy/people"
ANA = {"id": "p-ana", "name": "Ana Lima", "circle": "colleagues"}
TWICE = [
    {"id": "c1", "person": "p-ana", "date": "2026-11-20", "kind": "call", "note": "coffee"},
    {"id": "c2", "person": "p-ana", "date": "2026-11-20", "kind": "call", "note": "coffee"},
]


def start(make_app, lang="en"):
    app = make_app(lang)
    app.progress.welcome_seen = True
    app.progress.set_answer(KEY, [ANA])
    app.progress.contacts = list(TWICE)
    return app


async def open_person(app, pilot) -> None:
    app.push_screen(PersonScreen("p-ana"))
    await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen), what="the page")


async def test_a_contact_logged_twice_is_removed_and_u_brings_it_back(make_app, data_dir):
    app = start(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_person(app, pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactPickScreen), what="picker")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="question")
        await pilot.press("y")
        await wait_for(pilot, lambda: len(app.progress.contacts) == 1, what="one removed")
        assert len(Book(data_dir).load().contacts) == 1  # on disk, not only on screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonScreen), what="the page")
        await pilot.press("u")
        await wait_for(pilot, lambda: len(app.progress.contacts) == 2, what="brought back")


async def test_u_in_the_list_brings_a_removed_contact_back_and_the_question_names_it(
    make_app, data_dir
):
    app = start(make_app)
    app.progress.contacts = [TWICE[0], {**TWICE[1], "note": "a walk", "date": "2026-11-21"}]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_person(app, pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactPickScreen), what="picker")
        await pilot.press("d")  # the newest first: the walk on 2026-11-21
        await wait_for(pilot, lambda: "a walk" in screen_text(app), what="the question names it")
        assert isinstance(app.screen, ConfirmScreen) and "2026-11-21" in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: len(app.progress.contacts) == 1, what="one removed")
        await pilot.press("u")  # still in the list: the toast said u brings it back
        await wait_for(pilot, lambda: len(app.progress.contacts) == 2, what="brought back")
        await wait_for(pilot, lambda: "a walk" in screen_text(app), what="listed again")
        assert isinstance(app.screen, ContactPickScreen)
        await pilot.press("U")  # the removal again, from the list too
        await wait_for(pilot, lambda: len(app.progress.contacts) == 1, what="removed again")
        await wait_for(pilot, lambda: "a walk" not in screen_text(app), what="off the list")


async def open_correction(app, pilot) -> ContactEditScreen:
    """The person's page, its contact list (c), and the newest contact's form (e)."""
    await open_person(app, pilot)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, ContactPickScreen), what="picker")
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ContactEditScreen), what="form")
    return app.screen


async def test_correcting_a_note_and_a_date(make_app, data_dir):
    """A date in the future is asked about first (it was saved at once), as when logging."""
    app = start(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_correction(app, pilot)
        later = dates.local_today() + dt.timedelta(days=3)
        form.query_one("#fix-date", Input).value = later.isoformat()
        form.action_save()
        await wait_for(pilot, shows(app, "Correct the contact to that day anyway?"), what="asked")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is form, what="back in the form")
        assert [c["date"] for c in app.progress.contacts] == ["2026-11-20"] * 2, "not saved"
        form.query_one("#fix-date", Input).value = "2026-11-21"
        form.query_one("#fix-note", TextArea).text = "tea, not coffee"
        form.action_save()
        await wait_for(
            pilot,
            lambda: any(c.get("note") == "tea, not coffee" for c in app.progress.contacts),
            what="the correction",
        )
        saved = {c["id"]: c for c in Book(data_dir).load().contacts}
        edited = [c for c in saved.values() if c.get("note") == "tea, not coffee"]
        assert edited and edited[0]["date"] == "2026-11-21"


async def test_what_was_said_about_a_field_goes_once_it_is_changed(make_app, data_dir):
    """A refused date's message stayed under its field after the date was mended (and a
    question about the future answered no): it goes as the field changes."""
    app = start(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_correction(app, pilot)
        form.query_one("#fix-date", Input).value = "2027-01-052026"
        form.action_save()
        await wait_for(pilot, lambda: form.query_one("#fix-error").display, what="refused")
        form.query_one("#fix-date", Input).value = "2026-11-21"
        await wait_for(pilot, lambda: not form.query_one("#fix-error").display, what="gone")
        form.query_one("#fix-felt", Input).value = "12"
        form.action_save()
        await wait_for(pilot, lambda: form.query_one("#fix-felt-error").display, what="felt")
        form.query_one("#fix-felt", Input).value = "2"
        await wait_for(pilot, lambda: not form.query_one("#fix-felt-error").display, what="felt ok")


async def test_in_german_the_date_reads_as_typed_and_how_it_felt_can_be_corrected(
    make_app, data_dir
):
    """The form shows the date as German dates are written (it showed 2026-11-21), and
    has "Wie war es?" as the shell's --felt has."""
    app = start(make_app, "de")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_correction(app, pilot)
        assert form.query_one("#fix-date", Input).value == "20.11.2026"
        # At 80x24 the whole form shows, its note's lines too (they had no room).
        await wait_for(pilot, shows(app, "Einen eingetragenen Kontakt", "coffee"), "the form")
        form.query_one("#fix-felt", Input).value = "11"
        form.action_save()
        await wait_for(pilot, shows(app, "Eine Zahl von 0 bis 10"), what="refused")
        assert form.query_one("#fix-felt-error").display  # under its own field
        assert not form.query_one("#fix-error").display
        assert isinstance(app.screen, ContactEditScreen)
        form.query_one("#fix-felt", Input).value = "4"
        form.action_save()
        await wait_for(pilot, lambda: isinstance(app.screen, ContactPickScreen), what="saved")
        (felt,) = [c for c in Book(data_dir).load().contacts if "felt" in c]
        assert felt["felt"] == 4 and felt["date"] == "2026-11-20"  # the date left as it was


async def test_a_log_from_the_shell_shows_on_the_open_page(make_app, data_dir):
    app = start(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        app.session.answer("why/name", "commit what is on screen first")
        await open_person(app, pilot)
        shell = Session.from_options(str(data_dir), None, "en")
        person = people.by_id(shell.course_to_read, shell.progress, "p-ana")
        assert person is not None
        shell.log_contact(person, on=dt.date(2026, 11, 26), kind="message", note="from the shell")
        await wait_for(
            pilot,
            lambda: "from the shell" in screen_text(app),
            timeout=5,
            what="the shell's contact on the page",
        )


async def test_a_correction_of_a_contact_removed_in_the_shell_says_so(make_app, data_dir):
    """Saved after another shell removed the contact, the form closed without a word."""
    from coach.data.progress import Progress
    from coach.data.store import Store
    from coach.tui.textual_private import notification_texts

    progress = Progress(welcome_seen=True)
    progress.set_answer(KEY, [ANA])
    progress.contacts = list(TWICE)
    Store(data_dir).save(progress)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_correction(app, pilot)
        Session.from_options(str(data_dir), None, "en").delete_contact(str(form.contact["id"]))
        app.look_for_changes()
        form.query_one("#fix-note", TextArea).text = "tea, not coffee"
        form.action_save()
        await wait_for(
            pilot,
            lambda: any("no longer in the log" in text for text in notification_texts(app)),
            what="said",
        )
        assert not [c for c in Book(data_dir).load().contacts if c.get("note") == "tea, not coffee"]


async def test_a_note_left_untouched_is_kept_exactly_when_another_field_is_corrected(
    make_app, data_dir
):
    """Textual's text box breaks a note's lines at U+2028 and U+0085 and joins them with a
    line feed: correcting only how it felt saved the note changed (RELIABILITY 6)."""
    written = "coffee\u2028then a walk\x85and more"
    app = start(make_app)
    app.progress.contacts = [{**TWICE[0], "note": written}]
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_correction(app, pilot)
        assert form.query_one("#fix-note", TextArea).text != written  # (Textual's lines)
        form.query_one("#fix-felt", Input).value = "3"
        form.action_save()
        await wait_for(pilot, lambda: app.progress.contacts[0].get("felt") == 3, what="saved")
    (saved,) = Book(data_dir).load().contacts
    assert saved["felt"] == 3 and saved["note"] == written


async def test_the_person_form_keeps_a_name_left_untouched_exactly(make_app, data_dir):
    """A name with a tab and a line separator (an import, the shell) was parsed again when
    another field was changed, and saved as "Ana Lee" with spaces."""
    from coach.tui.widgets.records import RecordForm

    name = "Ana\tLee\u2028x"
    app = start(make_app)
    app.progress.set_answer(KEY, [{**ANA, "name": name}])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_person(app, pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm), what="the form")
        form = app.screen
        assert form.focused is form.query_one("#f-name")
        assert not [w for w in form.focus_chain if w.has_class("form-fields")], (
            "the field area is no tab stop: the first field has the focus as it opens"
        )
        form.query_one("#f-why", Input).value = "met at the fair"
        form.action_save()
        await wait_for(
            pilot,
            lambda: people.by_id(app.course, app.progress, "p-ana").record.get("why"),  # type: ignore[union-attr]
            what="saved",
        )
    (ana,) = Book(data_dir).load().answers[KEY]
    assert ana["name"] == name and ana["why"] == "met at the fair"

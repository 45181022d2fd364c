"""Progress is keyed by ids only: it survives text edits, content changes and un-picking."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import CONTENT, OTHER_CONTENT

from coach.application.session import Session
from coach.content.loader import load_course
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store
from coach.domain.status import current_step_id, status_report


def counts(report: dict) -> dict[str, tuple[int, int]]:
    return {s["id"]: (s["done"], s["total"]) for s in report["steps"]}


def test_store_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    progress = Progress(current_step="networks", language="de")
    progress.set_tick("why/read-why", True)
    progress.set_answer("networks/picked", ["linkedin", "mastodon"])
    progress.set_answer("why/reason", "Ich möchte 🌱 wachsen")
    store.save(progress)
    loaded = Book(tmp_path / "data").load()
    assert loaded == progress
    assert loaded.answer("networks/picked") == ["linkedin", "mastodon"]


def test_no_file_means_a_fresh_start(tmp_path: Path) -> None:
    progress = Book(tmp_path / "empty").load()
    assert progress.ticks == {} and progress.answers == {}


def test_ticks_survive_editing_the_texts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    course = load_course(content)
    progress = Progress()
    for step in course.steps:
        for item in step.checklist[:2]:
            progress.set_tick(f"{step.id}/{item.id}", True)
    Store(tmp_path / "data").save(progress)
    before = counts(status_report(course, progress, "en"))

    # Rewrite every English title and item text; the ids stay.
    for file in (content / "steps").glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        text = text.replace('  en: "', '  en: "Edited: ')
        file.write_text(text, encoding="utf-8")
    edited = load_course(content)
    why = edited.step("why")
    assert why is not None and why.title["en"].startswith("Edited: ")
    after = counts(status_report(edited, Book(tmp_path / "data").load(), "en"))
    assert after == before
    assert all(done == 2 for done, _ in after.values())


def test_ticks_and_answers_for_unknown_ids_are_kept_on_save(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = Progress()
    old.set_tick("gone-step/gone-item", True)
    old.set_tick("why/no-longer-there", True)
    old.set_answer("gone-step/notes", "keep me")
    Store(data).save(old)
    raw = Book(data).load().to_doc(export=True)
    raw["from_a_newer_coach"] = {"keep": True}
    (data / "progress.json").write_text(json.dumps(raw))

    session = Session(data, CONTENT)
    status_report(session.course, session.progress, "en")  # the course does not know them
    session.tick("why/read-why", True)

    saved = Book(data).load().to_doc(export=True)
    assert {"gone-step/gone-item", "why/no-longer-there", "why/read-why"} <= set(saved["ticks"])
    assert saved["answers"]["gone-step/notes"] == "keep me"
    assert saved["from_a_newer_coach"] == {"keep": True}


def test_per_choice_items_count_only_for_picked_entries() -> None:
    course = load_course(CONTENT)
    progress = Progress()
    progress.set_tick("accounts/email", True)
    progress.set_tick("accounts/linkedin/created", True)
    progress.set_tick("accounts/linkedin/photo", True)
    progress.set_tick("accounts/xing/created", True)
    assert counts(status_report(course, progress, "en"))["accounts"] == (1, 7)

    progress.set_answer("networks/picked", ["linkedin"])
    assert counts(status_report(course, progress, "en"))["accounts"] == (3, 14)

    progress.set_answer("networks/picked", ["linkedin", "xing"])
    report = status_report(course, progress, "en")
    assert counts(report)["accounts"] == (4, 21)
    assert report["overall"]["total"] == 43 + 3  # generated items count once done

    # Un-picking hides the entry's items but keeps their ticks.
    progress.set_answer("networks/picked", ["xing"])
    assert counts(status_report(course, progress, "en"))["accounts"] == (2, 14)
    assert progress.is_ticked("accounts/linkedin/created")
    progress.set_answer("networks/picked", ["xing", "linkedin"])
    assert counts(status_report(course, progress, "en"))["accounts"] == (4, 21)


def test_per_choice_with_inline_options_in_other_content() -> None:
    course = load_course(OTHER_CONTENT)
    progress = Progress()
    progress.set_tick("care/basil/sprouted", True)
    assert counts(status_report(course, progress, "en"))["care"] == (0, 3)
    progress.set_answer("seeds/plants", ["basil", "mint", "not-an-option"])
    assert counts(status_report(course, progress, "en"))["care"] == (1, 3 + 2 * 2)


def test_current_step_falls_back_to_the_first() -> None:
    course = load_course(CONTENT)
    assert current_step_id(course, Progress(current_step="strategy")) == "strategy"
    assert current_step_id(course, Progress(current_step="no-such-step")) == "why"
    assert current_step_id(course, Progress()) == "why"
    other = load_course(OTHER_CONTENT)
    assert current_step_id(other, Progress(current_step="strategy")) == "seeds"


def test_status_report_titles_follow_the_language() -> None:
    course = load_course(CONTENT)
    assert (
        status_report(course, Progress(), "de")["steps"][0]["title"]
        == (course.steps[0].title["de"])
    )


def test_sheets_from_the_ui_go_to_documents_unless_a_data_folder_was_chosen(tmp_path: Path) -> None:
    from coach.data import paths

    assert paths.sheet_dir(tmp_path / "chosen") == tmp_path / "chosen"
    default = paths.sheet_dir(paths.default_data_dir())
    assert default != paths.default_data_dir()
    assert default.is_dir()


# -- the plain Progress and its two ways in (plain file / pydantic schema) ------------------
def test_values_orjson_cannot_write_are_still_saved(tmp_path: Path) -> None:
    """Integers beyond 64 bits and text no UTF-8 can hold: saved, never a crash or a file
    that no load accepts."""
    store = Store(tmp_path / "data")
    progress = Progress()
    progress.set_answer("why/big", 10**30)
    store.save(progress)
    assert Book(tmp_path / "data").load().answer("why/big") == 10**30
    progress.set_answer("why/note", "half an emoji \ud83d here")
    store.save(progress)
    loaded = Book(tmp_path / "data").load()
    assert loaded.answer("why/note") == "half an emoji ? here"
    assert loaded.answer("why/big") == 10**30


def test_stamps_without_a_zone_are_taken_as_utc(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    doc = {
        "schema_version": 1,
        "started_at": "2026-01-01T08:00:00",
        "updated_at": "2026-01-01T09:00:00Z",
    }
    (data / "progress.json").write_text(json.dumps(doc))
    progress = Book(data).load()
    progress.touch()  # now, with a zone: the two can be compared
    assert (progress.updated_at - progress.started_at).days >= 0
    assert progress.to_doc()["started_at"] == "2026-01-01T08:00:00Z"


def test_not_a_number_in_a_file_goes_through_the_schema_and_becomes_null(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    stamp = "2026-01-01T08:00:00Z"
    raw = f'{{"schema_version": 1, "started_at": "{stamp}", "updated_at": "{stamp}", '
    raw += '"answers": {"why/n": NaN}}'
    (data / "progress.json").write_text(raw)
    assert Book(data).load().answers == {"why/n": None}
    assert not list(data.glob("*.broken-*"))


def test_a_saved_file_is_taken_back_unchanged_without_the_schema(tmp_path: Path) -> None:
    progress = Progress(current_step="networks", language="de")
    progress.set_tick("why/read-why", True)
    progress.set_answer("strategy/people", [{"name": "Ana", "circle": "friends"}])
    progress.extra["from_a_newer_coach"] = {"keep": [1, 2]}
    Store(tmp_path).save(progress)
    doc = Book(tmp_path).load().to_doc(export=True)
    again = Progress.from_doc(doc)
    assert again == progress  # the plain way in takes what the coach writes

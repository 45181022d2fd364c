"""The UI on a real content load (``real_load``: the YAML read and validated, not the worker's
cached compile): a new user on the other content sees its first step and its welcome."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import MakeApp, screen_text, start, wait_for


async def test_the_other_content_opens_on_its_first_step(
    make_app: MakeApp, other_content: Path, real_load: list[Path]
) -> None:
    app = make_app(content=other_content)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("enter")  # past the welcome
        await wait_for(pilot, lambda: "Sow the seeds" in screen_text(app), what="step 1")
        assert "Pick what you want to grow." in screen_text(app)
    assert [p.resolve() for p in real_load] == [other_content.resolve()]

"""The roadmap's empty frame, in the coach's first frame: the roadmap
(:mod:`coach.tui.widgets.roadmap`) takes its place right after, and its module is loaded
only then."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static

from coach.i18n import t

ROADMAP = "roadmap"  # the roadmap's id (the styles and the main screen find it by it)


class RoadmapFrame(Static):
    """The roadmap's empty frame in the coach's first frame; the roadmap takes its place
    right after (building the list is a good part of the start, and the step is what the
    user came for). Same size and border, so nothing moves when it does."""

    _replaced = False

    def on_mount(self) -> None:
        self.border_title = t("ui.roadmap")
        self.call_after_refresh(self.replace)

    async def replace(self) -> None:
        """Put the roadmap in this frame's place (at once if a key asks for it first)."""
        parent = self.parent
        if self._replaced or not isinstance(parent, Widget) or not parent.is_attached:
            return  # (or the app is closing: a q typed while it started)
        from coach.tui.widgets.roadmap import Roadmap

        self._replaced = True
        await parent.mount(Roadmap(id=ROADMAP), after=self)
        await self.remove()

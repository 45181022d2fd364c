"""A widget made and mounted right after the first frame (as ``textual.lazy.Lazy``, which
takes a widget already made: here its class and module are not needed before), that gives up
quietly when the screen has gone by then: a ``q`` typed while the coach starts quit it
with "Something unexpected went wrong" (Lazy mounts into a parent the closing app has
taken away)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget


class Later(Widget):
    """Stands where ``make()``'s widget goes until the first frame is on screen, then makes
    way."""

    DEFAULT_CSS = "Later { display: none; }"

    def __init__(self, make: Callable[[], Widget]) -> None:
        super().__init__()
        self._make = make

    def on_mount(self) -> None:
        self.call_after_refresh(self._make_way)

    async def _make_way(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.is_attached or not self.is_attached:
            return  # the app is closing
        await parent.mount(self._make(), after=self)
        await self.remove()

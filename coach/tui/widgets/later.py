"""A widget mounted right after the first frame (as ``textual.lazy.Lazy``), that gives up
quietly when the screen has gone by then: a ``q`` typed while the coach starts quit it
with "Something unexpected went wrong" (Lazy mounts into a parent the closing app has
taken away)."""

from __future__ import annotations

from textual.widget import Widget


class Later(Widget):
    """Stands where ``widget`` goes until the first frame is on screen, then makes way."""

    DEFAULT_CSS = "Later { display: none; }"

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self._widget = widget

    def on_mount(self) -> None:
        self.call_after_refresh(self._make_way)

    async def _make_way(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.is_attached or not self.is_attached:
            return  # the app is closing
        await parent.mount(self._widget, after=self)
        await self.remove()

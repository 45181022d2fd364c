"""The footer of every screen: the keys that act where the focus is, in one line.

One widget draws them all. Textual's footer mounts a widget per key (and two styled parts
each), and mounts them again whenever the focus moves: on a step that was over a quarter
of the CPU an open and a few Tabs cost. Here a move that leaves the same keys costs
nothing, and one that changes them redraws a line.

Keys that need room leave first, and all still work (``?`` lists them): below 80 columns
the palette's ``^p``, below 70 also ``q`` (ctrl+q quits too); a screen's ``WIDE_KEYS`` only
from 100 columns on. Where the keys still do not fit, the palette gives its room first;
then the keys that do not fit are left out whole, and "…" says there are more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widget import Widget

from coach.records import Record
from coach.safetext import shown

if TYPE_CHECKING:
    from textual.screen import Screen

NARROW, CRAMPED, ROOMY = 70, 80, 100  # below: q and ^p leave; ^p leaves; wide keys leave
SEPARATOR = "▏"  # between the keys and the palette's key, on the right


class Key(Record):
    """A key the footer offers: what is pressed, how it is drawn, what it says."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool


class KeyFooter(Widget, can_focus=False):
    """The screen's keys (``Binding.show``) in one line, the palette's key on the right. A
    click on a key presses it. ``built`` holds every key of the bindings, ``drawn`` the
    ones that fit the width now (tests read them)."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    """
    # Actions whose keys leave first, below 70 columns: they still work, ? lists them.
    SPARE: ClassVar[frozenset[str]] = frozenset({"quit"})

    def __init__(self) -> None:
        super().__init__()
        self.built: tuple[Key, ...] = ()
        self.palette: Key | None = None
        self.drawn: tuple[Key, ...] = ()
        self.palette_drawn = False
        self.cut = False  # keys left out for want of room (they still work)
        self._spans: list[tuple[int, int, Key]] = []  # columns of each drawn key
        self._width = 0

    # -- what there is to show ---------------------------------------------------------
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        built, palette = self._keys_of(screen)
        if (built, palette) != (self.built, self.palette):  # a Tab that keeps them: nothing
            self.built, self.palette = built, palette
            self._fit(self._width)
            self.refresh()

    def keys_now(self) -> tuple[Key, ...]:
        """The keys the screen's bindings give now (``built`` once the footer has heard)."""
        return self._keys_of(self.screen)[0]

    def _keys_of(self, screen: Screen[object]) -> tuple[tuple[Key, ...], Key | None]:
        """The shown bindings (the first of each action, as Textual's footer takes them),
        and the palette's."""
        app = screen.app
        palette_key = app.COMMAND_PALETTE_BINDING
        keys: dict[str, Key] = {}
        palette: Key | None = None
        for _node, binding, enabled, _tip in screen.active_bindings.values():
            key = Key(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
            )
            if binding.key == palette_key:
                palette = key if app.ENABLE_COMMAND_PALETTE else None
            elif binding.show:
                keys.setdefault(binding.action, key)
        return tuple(keys.values()), palette

    # -- what fits ---------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)
        self.refresh()

    def _fit(self, width: int) -> None:
        """Which keys are drawn at ``width`` columns, and where."""
        self._width = width = width or self.app.size.width
        wide_only: frozenset[str] = getattr(self.screen, "WIDE_KEYS", frozenset())
        keys = [
            k
            for k in self.built
            if (width >= ROOMY or _name(k) not in wide_only)
            and (width >= NARROW or _name(k) not in self.SPARE)
        ]
        palette = self.palette if width >= CRAMPED else None
        room = width - (cell_len(SEPARATOR) + _width(palette) if palette else 0)
        if palette is not None and _line_width(keys) > room:
            palette, room = None, width  # the keys before the palette's key
        self.palette_drawn = palette is not None
        self._spans = []
        column = 0
        for key in keys:  # whole keys only; where one does not fit, "…" says there is more
            end = column + _width(key)
            if end > room or (end + 2 > room and key is not keys[-1]):
                break
            self._spans.append((column, end, key))
            column = end + 1
        self.drawn = tuple(key for _, _, key in self._spans)
        self.cut = len(self.drawn) < len(keys)

    def render(self) -> Content:
        width = self.size.width
        if width != self._width:  # (laid out before its size was known)
            self._fit(width)
        line = Content(" ").join([_drawn(key) for key in self.drawn])
        if self.cut:
            line = Content.assemble(line, " …")
        right = Content()
        if self.palette_drawn and self.palette is not None:
            right = Content.assemble((SEPARATOR, "$foreground 20%"), _drawn(self.palette))
        room = width - right.cell_length
        return Content.assemble(line, " " * max(room - line.cell_length, 0), right)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (a dimmed one rings the bell)."""
        chosen: Key | None = None
        for start, end, key in self._spans:
            if start <= event.x < end:
                chosen = key
        if (
            chosen is None
            and self.palette_drawn
            and event.x >= self.size.width - _width(self.palette)
        ):
            chosen = self.palette
        if chosen is None:
            return
        if chosen.enabled:
            self.app.simulate_key(chosen.key)
        else:
            self.app.bell()


def _name(key: Key) -> str:
    return key.action.split("(")[0]


def _width(key: Key | None) -> int:
    return cell_len(f"{key.display} {key.description}") if key is not None else 0


def _line_width(keys: list[Key]) -> int:
    return sum(_width(k) for k in keys) + max(len(keys) - 1, 0)


def _drawn(key: Key) -> Content:
    """A key and what it does, in the footer's colours (dim when it does nothing here).
    Assembled, not written as markup: a markup parse per key was a good part of drawing
    the footer, and the footer is drawn in the first frame and whenever the keys change."""
    look = "b $footer-key-foreground" if key.enabled else "b dim $footer-key-foreground"
    said = "$footer-description-foreground" if key.enabled else "dim"
    return Content.assemble((shown(key.display), look), " ", (shown(key.description), said))

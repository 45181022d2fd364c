"""Every use of Textual's private API, in one place.

Each of these has no public equivalent in Textual 8.2.8 (pinned in pyproject.toml). The rest
of the package and the tests use only what is here, and ``tests/tui/test_textual_private.py``
fails loudly when a Textual upgrade renames or changes any of it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from rich.align import Align
from rich.text import Text
from textual.app import App
from textual.binding import BindingsMap
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.widgets.option_list import Option

ReturnType = TypeVar("ReturnType")


# -- key labels (coach.tui.keys): a node's bindings with translated descriptions ------------
def class_bindings(node: DOMNode) -> BindingsMap | None:
    """The bindings the node's class declares, merged with its bases' ``BINDINGS``."""
    return type(node)._merged_bindings


def set_bindings(node: DOMNode, bindings: BindingsMap) -> None:
    """Give this one node its own bindings (the footer and the help read them)."""
    node._bindings = bindings


# -- crashes (coach.tui.app) -------------------------------------------------------------
class QuietApp(App[ReturnType]):
    """An app whose unexpected error closes it without Textual's traceback (it shows local
    values, i.e. the user's text); the error is kept in ``crash`` for a private log."""

    crash: BaseException | None = None

    def _fatal_error(self) -> None:
        self.crash = self._exception
        self._close_messages_no_wait()


def printed_at_exit(app: App[Any]) -> list[object]:
    """What Textual will print when the app has closed (its traceback, say)."""
    return list(app._exit_renderables)


# -- the command palette (coach.tui.palette) ----------------------------------------------
class LocalPalette(CommandPalette):
    """Textual's command palette, with its one fixed English sentence replaceable."""

    def no_matches_text(self) -> str:
        return "No matches found"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a short pause with no match, say so (only when something was typed)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:
                self._list_visible = False
                return
            self.query_one(CommandList).add_option(
                Option(
                    Align.center(Text(self.no_matches_text(), style="not bold")),
                    disabled=True,
                    id=self._NO_MATCHES,
                )
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def drop_notifications(app: App[Any], message: str) -> None:
    """Take the notifications saying ``message`` off the screen, the others left (Textual
    clears all or none): the same warning again takes the place of its copy."""
    for notification in [n for n in app._notifications if str(n.message) == message]:
        app._unnotify(notification, refresh=False)
    app._refresh_notifications()


# -- for tests: what the terminal shows -------------------------------------------------
def screen_lines(app: App[Any]) -> list[str]:
    """Every line the terminal shows right now (the top screen, modals included)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def notification_texts(app: App[Any]) -> list[str]:
    """The messages of the notifications still showing."""
    return [str(n.message) for n in app._notifications]

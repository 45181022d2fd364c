"""The coach's terminal UI: one app, a main screen with the roadmap and the current step."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import Notify
from textual.screen import ModalScreen, Screen

from coach import i18n
from coach.application.session import Session
from coach.content.course import Course, tr
from coach.data.progress import Progress
from coach.data.store_errors import BrokenFile, SaveFailed, StoreError
from coach.domain import people
from coach.domain.status import current_step_id
from coach.i18n import t
from coach.safetext import typed
from coach.tui.habit_commands import people_provider
from coach.tui.keys import localize_bindings, moved_on_at_once, typed_before
from coach.tui.notices import make_room
from coach.tui.screens.main_screen import MainScreen
from coach.tui.styles import StyledWhenMounted, add_form_styles
from coach.tui.textual_private import QuietApp
from coach.tui.unseen_filter import UNSEEN

if TYPE_CHECKING:
    from textual.filter import LineFilter
    from textual.timer import Timer

SAVE_DELAY = 0.3  # seconds of quiet typing before a text answer is written
SAVE_MAX_WAIT = 0.8  # typing that goes on is written at least this often (durable within ~1 s)
SAVE_WAIT = 2.0  # at most this long a tick waits for its write (a stuck disk must not hang)
LOOK_EVERY = 0.5  # seconds between looks for changes made in another shell or on another device


class SaveFailedNote(Message):
    """A save failed on the writer thread; the app tells the user on its own thread."""

    def __init__(self, error: SaveFailed) -> None:
        super().__init__()
        self.error = error


class CoachApp(StyledWhenMounted, QuietApp[int]):
    """Walks the user through the course's steps and saves every change at once."""

    CSS_PATH = "app.tcss"
    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {people_provider}
    BINDINGS = [  # noqa: RUF012 - descriptions are message ids (coach.tui.keys)
        Binding("q", "quit('q')", "key.quit"),  # ('q'): the letter, not ctrl+q (check_action)
        Binding("question_mark", "help", "key.help"),
        Binding("f1", "help", "key.help", show=False),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
        Binding("t", "today", "key.today"),
        Binding("P", "people", "key.people_screen", show=False),
        Binding("u", "undo", "key.undo", show=False),
        Binding("U", "undo(True)", "key.redo", show=False),
    ]

    def __init__(self, session: Session, *, progress: Progress | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.course: Course = session.course_to_read
        self.lang = i18n.get_language()
        if progress is not None:
            session.start_afresh(progress)
        session.settle()  # (run() did, before loading; an app made another way: now)
        # The session's verbs append their operations through the app's writer thread: one
        # door, no frame waits on the disk (a tick waits for its own line, a few ms).
        session.on_change = self.save
        from coach.tui.habit_commands import keeper

        session.calendar_keeper = keeper(self)  # a kept calendar file: written in a thread
        self.saver = session.write_in_background(self._save_failed)
        self._save_timer: Timer | None = None
        self._unsaved_since: float | None = None  # when typing not yet handed over began
        self.crash: BaseException | None = None
        self.unsaved: SaveFailed | None = None
        self.leave_on_signal = False  # run() sets it: a real process may end itself
        self.switch_interval: float | None = None  # run() shortened it until the first frame
        self.quitting = False  # set once quitting begins: no key is handled after it
        self._asked_to_quit = False  # a form held typing when quit was pressed: asked once
        self.people_sort = ""  # the people screen's last order (o), kept while the coach runs

    @property
    def progress(self) -> Progress:
        """What the user sees: the session's state (reloaded when another process rewrote
        the snapshot, so never kept elsewhere)."""
        return self.session.progress

    def on_notify(self, event: Notify) -> None:
        """One message at a time (coach.tui.notices): before Textual shows this one."""
        make_room(self, event.notification)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then :data:`UNSEEN`: no invisible character is drawn raw."""
        return [*super().get_line_filters(), UNSEEN]

    # -- start and stop --------------------------------------------------------------
    def on_mount(self) -> None:
        # Closing the terminal (SIGHUP) or a polite kill (SIGTERM): write what is pending.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.hang_up, sig)
        self.title = tr(self.course.meta.title, self.lang)
        self.call_after_refresh(self.first_frame_shown)
        self.set_interval(LOOK_EVERY, self.look_for_changes)

    def on_unmount(self) -> None:
        """The app is closing (its screens are gone): the writer thread ends with it. A
        thread left waiting kept this app and everything it drew alive for as long as the
        process ran (a test worker opens hundreds); ``run()`` then folds the journal."""
        self.saver.close()

    def look_for_changes(self) -> None:
        """Show what another shell (``coach log``) or another device wrote meanwhile."""
        if self.quitting:
            return
        try:
            changed = self.session.refresh()
        except StoreError:
            return
        for line in self.session.notices():
            self.notify(line, severity="warning", timeout=10, markup=False)
        for name in self.session.people_back():
            self.notify(t("sync.person_back", name=name), timeout=10, markup=False)
        if changed:
            self.data_changed()

    def data_changed(self, *, undone: bool = False) -> None:
        """The state changed under the screens (another writer, an undo): the screen on
        top redraws what it shows (the ones below do when they show again). Today puts the
        cursor on what an undo brought back; a language switch taken back is undone too."""
        if (lang := self.session.resolve_language()) != self.lang:
            self._speak(lang)
        if undone:
            from coach.tui.screens.today_screen import TodayScreen

            if isinstance(self.screen, TodayScreen):
                self.screen.fill(undone=True)
                return
        for name in ("data_changed", "reload", "fill"):
            redraw = getattr(self.screen, name, None)
            if callable(redraw):
                redraw()
                return

    def action_undo(self, redo: bool = False) -> None:
        """``u``: take back the newest change made on this device (again: the one before);
        ``U`` (``redo``): make the change the newest undo took back again."""
        from coach.application.words import undone_words

        self.commit_typed()
        done = self.session.redo() if redo else self.session.undo()
        if done is None:
            self.notify(t("ui.redo_nothing" if redo else "ui.undo_nothing"), markup=False)
            return
        self.data_changed(undone=True)  # (first: a language switch taken back speaks again)
        said = undone_words(done, self.course, again=True, redo=redo)
        self.notify(" ".join(said), markup=False)

    def first_frame_shown(self) -> None:
        """The first frame is on screen: what was made to get here stays for the whole run,
        so it is set aside from garbage collection (``gc.freeze``), which
        ``coach.cli.main`` paused while starting and which is back on from here. The
        garbage of starting goes first (Textual's and argparse's cycles: about a megabyte,
        a fortieth of the peak memory on a three-year state, held all run once frozen;
        collecting it takes ~40 ms there, after the frame)."""
        if not gc.isenabled():  # only when coach.cli.main paused it (never in a test's process)
            gc.collect()
            gc.freeze()
            gc.enable()
        if self.switch_interval is not None:  # (coach.tui.launch: the frame is out)
            sys.setswitchinterval(self.switch_interval)
            self.switch_interval = None

    def get_default_screen(self) -> Screen:
        # The first screen is composed and painted as part of the app's start (a screen
        # pushed from on_mount is painted once more, later). A new user's is the welcome
        # alone: its button is in the first frame, and the steps are built once they press
        # it (keys pressed before it shows are the welcome's, never step 1's). Once the
        # steps are done or a follow-up is due, Today is (coach/tui/screens/today_screen.py),
        # also for someone who used only the shell so far (people imported, contacts logged).
        progress = self.progress  # (a brand-new user's first frame decides nothing more)
        today = self._today_first() if progress.welcome_seen or progress.answers else None
        if today is None and not progress.welcome_seen:
            from coach.tui.dialogs.common import WelcomeScreen

            return WelcomeScreen(self.course, self.lang)
        return today if today is not None else MainScreen()

    def on_welcome_screen_started(self) -> None:
        """The welcome's button: the coach opens on the steps (or Today) in its place."""
        self._leave_welcome()

    def _leave_welcome(self) -> None:
        """The welcome has been seen; the steps (or Today) go over it. It stays under them,
        a few widgets never shown again: the first screen of an app cannot be switched away
        in Textual (``switch_screen`` needs a screen that was pushed)."""
        from coach.tui.dialogs.common import WelcomeScreen

        self.session.welcomed()  # (once: a second press in the same moment changes nothing)
        if isinstance(self.screen, WelcomeScreen):
            self.push_screen(self.get_default_screen())

    if not TYPE_CHECKING:  # (type checkers see Textual's own, with its overloads)

        def push_screen(self, *args, **kwargs):
            """Any screen or dialog may use the forms' styles: in place before it is built."""
            add_form_styles(self)
            make_room(self)  # the messages about what was on screen before it
            return super().push_screen(*args, **kwargs)

    def show_broken_file(self, error: BrokenFile) -> None:
        """The question about a broken file, over the first screen (a new user's welcome)."""
        from coach.tui.dialogs.common import BrokenFileScreen

        self.push_screen(BrokenFileScreen(error), partial(self._broken_file_answer, error))

    def _broken_file_answer(self, error: BrokenFile, restore: bool | None) -> None:
        if restore and isinstance(error, BrokenFile) and error.backup:
            try:
                self.session.restore(error.backup)
            except StoreError as exc:
                self.notify(exc.message(), severity="error", markup=False)
            else:
                self.notify(t("ui.restored", name=error.backup.name), markup=False)
            # The steps show the restored state (what they showed before belongs to the
            # fresh start, and editing it would save that).
            main = self.get_screen_main()
            if main is not None:
                main.show_step(current_step_id(self.course, self.progress))
            if self.progress.welcome_seen:
                self._leave_welcome()  # the restored plan has been welcomed already

    # -- saving ----------------------------------------------------------------------
    def save(self, *, soon: bool = False) -> None:
        """After a change (the session calls this): a tick or a pick is on disk before the
        screen shows it (the handler waits for its line, a few ms), so even a kill -9 loses
        nothing shown as done. Typing becomes an operation after a short quiet spell, and
        while it goes on at least every ``SAVE_MAX_WAIT`` seconds (a crash in the middle of
        a long note loses at most the last second of it)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if soon:
            now = time.monotonic()
            if self._unsaved_since is None:
                self._unsaved_since = now
            left = self._unsaved_since + SAVE_MAX_WAIT - now
            if left <= 0:
                self._save_now()  # handed to the writer thread: the keystroke never waits
            else:
                self._save_timer = self.set_timer(min(SAVE_DELAY, left), self._save_now)
        else:
            self._unsaved_since = None
            self.saver.flush(timeout=SAVE_WAIT)

    def _save_now(self) -> None:
        self._save_timer = None
        self._unsaved_since = None
        self.session.commit_typing()

    def _save_failed(self, error: SaveFailed) -> None:
        # On the writer thread. Posted, never waited for: the UI thread may itself be
        # waiting for this very write (a tick waits for it), and a call that waited for the
        # UI thread would hold both until SAVE_WAIT ran out.
        self.post_message(SaveFailedNote(error))

    def on_save_failed_note(self, message: SaveFailedNote) -> None:
        self.notify(message.error.message(), severity="error", timeout=10, markup=False)

    def flush_saves(self) -> None:
        """Write everything now (what failed is tried once more), then fold the journal
        into the snapshot if this run changed anything."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.session.commit_typing()
        self.saver.close()
        if self.saver.last_error is not None and self.unsaved is None:
            self.unsaved = self.saver.last_error  # run() says so after the screen is restored
            return
        with contextlib.suppress(StoreError):  # the journal holds it: redone next time
            self.session.compact_after_run()

    def hang_up(self, sig: int = signal.SIGTERM) -> None:
        """Write what is pending, then go. With the terminal gone (SIGHUP) there is nothing
        to restore, and Textual's shutdown can wait forever on the dead terminal: leave at
        once (the lock dies with the process). SIGTERM: close normally, but never linger."""
        self.quitting = True
        self.commit_typed()
        self.flush_saves()
        if not self.leave_on_signal:  # a test drives this app: just close it
            self.exit(0)
            return
        if sig == signal.SIGHUP:
            os._exit(0)
        watchdog = threading.Timer(2.0, os._exit, (0,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The letters ``q`` and ``t`` are offered only where a letter runs its command
        (``MainScreen.letters_act``); ctrl+q quits everywhere."""
        if action in ("today", "undo") or (action == "quit" and parameters):
            letters_act = getattr(self.screen, "letters_act", None)
            if letters_act is not None and not letters_act():
                # A list that binds u itself (right after its d) takes it back there.
                takes = getattr(self.screen, "focus_binds", None)
                return action == "undo" and takes is not None and takes("u")
        return True

    async def action_quit(self, _key: str = "") -> None:
        """Quit, asking first while a form holds what was typed and not saved (as its esc
        does); quitting again while asked quits."""
        from coach.tui.dialogs.common import ConfirmScreen, FormScreen
        from coach.tui.widgets.fields import refused_text

        forms = [s for s in self.screen_stack if isinstance(s, FormScreen) and s.dirty()]
        held = None if forms else refused_text(self.screen_stack)  # ("end of March", a date)
        if (forms or held) and not self._asked_to_quit:
            self._asked_to_quit = True

            def answer(yes: bool | None) -> None:
                self._asked_to_quit = False
                if yes:
                    self.call_next(self._quit_now)

            asked = t("form.quit_refused", **held) if held else t("form.quit_discard")
            self.push_screen(ConfirmScreen(asked), answer)
            return
        self._quit_now()

    def _quit_now(self) -> None:
        self.quitting = True
        self.commit_typed()
        self.flush_saves()
        self.exit(0)

    def commit_typed(self) -> None:
        """What every text box on the screens shows goes into the progress before the last
        save: a key typed just before quitting is not lost on the way."""
        from coach.tui.widgets.fields import FieldBox

        changed = False
        for screen in self.screen_stack:
            for box in screen.query(FieldBox):
                pending = box.typed()
                if pending is not None and self.session.progress.answer(pending[0]) != pending[1]:
                    self.session.answer(*pending)
                    changed = True
        if changed:
            self.save()

    async def on_event(self, event: events.Event) -> None:
        """Once quitting has begun, keys and clicks that came in the same burst (``q s``)
        are dropped: a screen opened while the app closes would fail half-built. A
        paste's line ends are made ``\\n`` here (spaces in a one-line box); the rest is
        kept as pasted, controls too, never drawn raw (``coach.safetext``)."""
        if self.quitting and isinstance(event, events.InputEvent | events.Paste):
            return
        if isinstance(event, events.Key) and (
            typed_before(self, event) or await moved_on_at_once(self, event)
        ):
            return  # (coach.tui.keys: an answer typed before its question; a focus moved)
        if isinstance(event, events.Paste):
            from textual.widgets import Input  # (a paste is rare: not imported at start)

            # Into a one-line box (Textual's keeps a paste's first line): its lines joined.
            event.text = typed(event.text, single_line=isinstance(self.focused, Input))
        await super().on_event(event)

    # -- commands --------------------------------------------------------------------
    def action_command_palette(self) -> None:
        from coach.tui.palette import CoachPalette

        if self.use_command_palette and not isinstance(self.screen, CoachPalette):
            self.push_screen(CoachPalette())

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies in text fields): say how to quit instead."""
        self.notify(t("ui.quit_hint"), markup=False)

    def action_help(self) -> None:
        from coach.tui.dialogs.common import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.session.sync_folder))

    def action_people(self) -> None:
        """The people screen (P), from the main screen or Today; the content may have none."""
        from coach.tui.screens.people_screen import PeopleScreen, PersonScreen
        from coach.tui.widgets.people_link import refresh_links

        if people.spec(self.course) is None:
            self.notify(t("people.none_here"), markup=False)
            return
        if isinstance(self.screen, ModalScreen | PeopleScreen | PersonScreen):
            return

        def closed(_: object = None) -> None:
            main = self.get_screen_main()
            if main is not None:
                refresh_links(main)

        self.push_screen(PeopleScreen(), closed)

    # -- Today (coach/tui/today_screen.py) -------------------------------------------
    def _today_first(self) -> Screen | None:
        """Today as the first screen, when the coach opens on it (the steps are built only
        when the user goes to them: opening stays quick with a long list of people)."""
        from coach.dates import local_today
        from coach.tui.opening import opening_agenda

        on = local_today()
        agenda = opening_agenda(self.course, self.progress, on, self.lang, self.session.let_go_days)
        if agenda is None:
            return None  # the screen and its dialogs are imported only when it opens
        from coach.tui.screens.today_screen import TodayScreen

        return TodayScreen(agenda)

    def show_main(self) -> MainScreen:
        """The steps, from wherever the user is: Today on top is closed (when the coach
        opened on Today, the steps are built now and go on top of it)."""
        from coach.tui.screens.today_screen import TodayScreen

        main = self.get_screen_main()
        if main is None:
            self.session.welcomed()  # reached past a new user's welcome (the palette): seen
            main = MainScreen()
            self.push_screen(main)
        elif isinstance(self.screen, TodayScreen):
            self.pop_screen()
        return main

    def action_today(self) -> None:
        """``t``: Today, from the steps (a dialog on top finishes first)."""
        from coach.tui.screens.today_screen import TodayScreen

        if isinstance(self.screen, (TodayScreen, ModalScreen)):
            return
        self.push_screen(TodayScreen())

    def go_to_step(self, step_id: str) -> None:
        if self.get_screen_main() is None:  # opened on Today: the steps open on this one
            self.session.set_current_step(step_id)
        screen = self.show_main()
        if screen.is_mounted:
            screen.show_step(step_id)

    def get_screen_main(self) -> MainScreen | None:
        return next((s for s in reversed(self.screen_stack) if isinstance(s, MainScreen)), None)

    def set_language(self, lang: str) -> None:
        """Switch every text to ``lang`` and remember the choice."""
        self.session.set_language(lang)
        self._speak(lang)
        self.notify(t("ui.language_set"), markup=False)

    def _speak(self, lang: str) -> None:
        """Every text in ``lang`` (chosen here, or the saved choice changed: an undo)."""
        i18n.set_language(lang)
        self.lang = lang
        self.title = tr(self.course.meta.title, lang)
        localize_bindings(self)  # the keys every screen offers (q, ?, t, ^p)
        for screen in self.screen_stack:  # each screen's keys and words (People's too)
            localize_bindings(screen)
            redraw = getattr(screen, "relabel", None) or getattr(screen, "reload", None)
            if callable(redraw):
                redraw()
        self.refresh_bindings()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from coach.tui.palette import system_commands

        return system_commands(self)

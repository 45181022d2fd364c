"""Text boxes that wrap: a long text's (a field of kind ``long_text``) and a template's
once the user writes in it. In a module of their own: Textual's TextArea is imported only
where a step or a form shows one."""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip

from coach.tui.dialogs.text_box import TextBox


class WrappingArea(TextBox):
    """A text box that always wraps to its width.

    Textual sends no ``Resize`` to a text area first laid out while another screen (the
    welcome) is on top, or written in before its first layout (a template the user typed
    into): it kept its initial wrap width of 0, so typed text ran off the right edge and
    the lines below stayed blank. Before painting, the area checks the width it wrapped at
    and rewraps (through the public ``soft_wrap`` switch) if it changed.
    """

    _wrapped_at = -1

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.wrap_width
        if self.soft_wrap and width and width != self._wrapped_at:
            self._wrapped_at = width
            self.soft_wrap = False
            self.soft_wrap = True
        return super().render_lines(crop)


class NoteArea(WrappingArea):
    """A long text's box: it opens with the cursor at the end."""

    def on_mount(self) -> None:
        # Editing a note continues it: the cursor starts after the last character.
        self.move_cursor(self.document.end)

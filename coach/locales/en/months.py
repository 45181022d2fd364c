"""English messages added in the months-after round (issues 22, 23, 25) outside their own
modules (habit, ops)."""

MESSAGES: dict[str, str] = {
    "output.is_link": "{path} is a symbolic link; the coach does not write through links or replace them. Give the file itself, or another name.",
    "output.not_a_file": "{path} is not a regular file (a FIFO, a device or a socket); the coach writes only to files, or to standard output (no -o, -o - or -o /dev/stdout).",
    "store.locked": "Your coach data in {folder} is in use by another coach (pid {pid}). Close it there first, or wait until it has finished.",
    "store.locked_app": "Your coach data in {folder} is in use by the coach, open in another terminal (pid {pid}). Close it there first.",
    "store.locked_command_pid": "Your coach data in {folder} is in use by another coach command (pid {pid}). Try again when it has finished.",
    "store.locked_command": "Your coach data in {folder} is in use by another coach command. Try again when it has finished.",
    "cli.log.kind_any": "what kind of contact, as the content names them (default: the first)",
    "log.note_too_long": "The note has {length} characters; a note holds at most {max}. Nothing was logged. Shorten it, or keep the long text elsewhere and note where.",
    "log.note_stdin": "Type the note, then press Ctrl-D on a line of its own.",
    "ui.optional_item": "{text} (optional)",
}

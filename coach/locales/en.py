"""English messages (the fallback language)."""

MESSAGES: dict[str, str] = {
    # argparse's own words
    "argparse.usage": "usage: ",
    "argparse.positional": "positional arguments",
    "argparse.options": "options",
    "argparse.help": "show this help message and exit",
    "argparse.version": "show the version and exit",
    "argparse.required": "the following arguments are required: %s",
    "argparse.unrecognized": "unrecognized arguments: %s",
    "argparse.invalid_choice": "invalid choice: %(value)r (choose from %(choices)s)",
    "argparse.expected_one": "expected one argument",
    "argparse.error": "%(prog)s: error: %(message)s\n",
    "argparse.argument": "argument %(argument_name)s: %(message)s",
    # the command line
    "cli.description": "A gentle seven-step networking coach. Run 'coach' with no command "
    "to open it; your progress is saved as you go.",
    "cli.epilog": "Without a command, coach opens in the terminal and resumes where you left off.",
    "cli.commands": "commands",
    "cli.opt.data_dir": "where your progress is kept (default: $COACH_HOME, else your user data folder)",
    "cli.opt.content": "use another content folder instead of the bundled one",
    "cli.opt.lang": "language (default: your saved choice, else LANG/LC_ALL, else English)",
    "cli.status.help": "show your progress per step and overall",
    "cli.status.json": "print machine-readable JSON",
    "cli.sheet.help": "print your personal networking strategy sheet",
    "cli.sheet.format": "output format (default: text)",
    "cli.sheet.output": "write to FILE instead of the terminal",
    "cli.validate.help": "check a content folder and list every problem",
    "cli.validate.path": "the content folder (default: the bundled content)",
    "cli.export.help": "print everything you saved as JSON",
    "cli.export.output": "write to FILE instead of the terminal",
    "cli.import.help": "replace your saved state with an export (your current state is backed up)",
    "cli.import.file": "a file made by 'coach export'",
    "cli.reset.help": "start over, everything or one step (a backup is made first)",
    "cli.reset.step": "reset only this step (its id, see 'coach status --json')",
    "cli.reset.yes": "do not ask for confirmation",
    "cli.restore.help": "list your backups or bring one back",
    "cli.restore.backup": "the backup to restore (a name from --list, or a path)",
    "cli.restore.list": "list the backups",
    "cli.where.help": "show where your data is kept and the files in it",
    # status
    "status.overall": "Your progress: {done} of {total} done",
    # validate
    "validate.ok": "{path}: fine ({steps} steps, {items} checklist items, {warnings} warnings)",
    "validate.failed": "{path}: {count} problem(s) found",
    "validate.more": "... and {count} more (run 'coach validate' for the full list)",
    # export / import / reset / restore / where
    "export.done": "Saved your data to {path}",
    "import.unreadable": "Cannot read {path}: {error}",
    "import.invalid": "{path} is not a coach export ({reason}); nothing was changed",
    "import.newer": "{path} comes from a newer coach (schema version {version}); "
    "update coach to import it. Nothing was changed.",
    "import.done": "Imported {path}. Your previous state is backed up at {backup}",
    "reset.ask_all": "Start over? Every tick and answer will be cleared (a backup is kept).",
    "reset.ask_step": "Clear every tick and answer of step '{step}'? (a backup is kept)",
    "reset.yes_no": "y/N",
    "reset.yes_words": "y,yes",
    "reset.need_yes": "Not asking without a terminal: add --yes to confirm the reset.",
    "reset.cancelled": "Nothing was changed.",
    "reset.unknown_step": "There is no step '{step}'. Steps: {known}",
    "reset.done": "Done. Your previous state is backed up at {backup}",
    "restore.none": "There are no backups yet.",
    "restore.list_head": "Backups in {folder}, newest first:",
    "restore.how": "Restore one with: coach restore NAME",
    "restore.missing": "There is no backup called '{name}' (see 'coach restore --list').",
    "restore.done": "Restored {name}. What you had before is backed up too.",
    "where.data": "Data folder: {path}",
    "where.content": "Content:     {path}",
    "where.empty": "  (nothing saved yet)",
    "output.is_dir": "{path} is a folder; give a file name to write to.",
    "output.failed": "Cannot write {path}: {error}",
    "sheet.not_yet": "The strategy sheet is not available in this version yet.",
    # saved data
    "store.broken": "Your progress file {path} could not be read ({reason}). It was moved to "
    "{moved_to} and not changed. Newest good backup: {backup} "
    "(bring it back with 'coach restore').",
    "store.newer": "{path} was saved by a newer coach (schema version {version}; this one "
    "knows {ours}). It was left untouched: please update coach.",
    "store.locked": "Your coach data in {folder} is already open in another window "
    "(process {pid}). Close it there first.",
    "store.save_failed": "Could not save to {path}: {error}. Your change is kept on screen; "
    "nothing on disk was damaged.",
    "store.unreadable": "Cannot read {path}: {error}",
    "store.bad_backup": "The backup {path} cannot be used ({reason}).",
    # errors
    "error.content": "The content folder has problems:",
    "error.unexpected": "Something unexpected went wrong; details for a bug report are in {log}",
    "error.no_log": "(no log could be written)",
    "error.no_terminal": "The coach needs a terminal to open in. For scripts, see 'coach --help'.",
}

"""German messages added in the months-after round (issues 22, 23, 25) outside their own
modules (habit, ops)."""

MESSAGES: dict[str, str] = {
    "output.is_link": "{path} ist eine symbolische Verknüpfung; der Coach schreibt nicht durch Verknüpfungen und ersetzt sie nicht. Gib die Datei selbst an oder einen anderen Namen.",
    "output.not_a_file": "{path} ist keine gewöhnliche Datei (ein FIFO, ein Gerät oder ein Socket); der Coach schreibt nur in Dateien oder auf die Standardausgabe (ohne -o, -o - oder -o /dev/stdout).",
    "store.locked": "Deine coach-Daten in {folder} werden gerade von einem anderen Coach benutzt (PID {pid}). Schließe ihn zuerst dort oder warte, bis er fertig ist.",
    "store.locked_app": "Deine coach-Daten in {folder} werden gerade vom Coach benutzt, der in einem anderen Terminal offen ist (PID {pid}). Schließe ihn zuerst dort.",
    "store.locked_command_pid": "Deine coach-Daten in {folder} werden gerade von einem anderen coach-Befehl benutzt (PID {pid}). Versuch es noch einmal, wenn er fertig ist.",
    "store.locked_command": "Deine coach-Daten in {folder} werden gerade von einem anderen coach-Befehl benutzt. Versuch es noch einmal, wenn er fertig ist.",
    "cli.log.kind_any": "welche Art Kontakt, wie der Inhaltsordner sie nennt (Standard: die erste)",
    "log.note_too_long": "Die Notiz hat {length} Zeichen; eine Notiz fasst höchstens {max}. Es wurde nichts festgehalten. Kürze sie, oder bewahr den langen Text woanders auf und notiere, wo.",
    "log.note_stdin": "Schreib die Notiz und drück dann Strg-D in einer eigenen Zeile.",
    "ui.optional_item": "{text} (freiwillig)",
}

"""Deutsche Texte."""

MESSAGES: dict[str, str] = {
    # argparse's own words
    "argparse.usage": "Aufruf: ",
    "argparse.positional": "Argumente",
    "argparse.options": "Optionen",
    "argparse.help": "diese Hilfe zeigen und beenden",
    "argparse.version": "die Version zeigen und beenden",
    "argparse.required": "diese Argumente fehlen: %s",
    "argparse.unrecognized": "unbekannte Argumente: %s",
    "argparse.invalid_choice": "ungültige Wahl: %(value)r (möglich: %(choices)s)",
    "argparse.expected_one": "erwartet einen Wert",
    "argparse.error": "%(prog)s: Fehler: %(message)s\n",
    "argparse.argument": "Argument %(argument_name)s: %(message)s",
    # the command line
    "cli.description": "Ein behutsamer Networking-Coach in sieben Schritten. Starte 'coach' "
    "ohne Befehl, um ihn zu öffnen; dein Fortschritt wird laufend gespeichert.",
    "cli.epilog": "Ohne Befehl öffnet sich coach im Terminal, genau da, wo du aufgehört hast.",
    "cli.commands": "Befehle",
    "cli.opt.data_dir": "wo dein Fortschritt liegt (Standard: $COACH_HOME, sonst dein Benutzer-Datenordner)",
    "cli.opt.content": "einen anderen Inhaltsordner statt des mitgelieferten verwenden",
    "cli.opt.lang": "Sprache (Standard: deine gespeicherte Wahl, sonst LANG/LC_ALL, sonst Englisch)",
    "cli.status.help": "deinen Fortschritt je Schritt und insgesamt zeigen",
    "cli.status.json": "maschinenlesbares JSON ausgeben",
    "cli.sheet.help": "deinen persönlichen Networking-Strategiebogen ausgeben",
    "cli.sheet.format": "Ausgabeformat (Standard: text)",
    "cli.sheet.output": "in DATEI schreiben statt ins Terminal",
    "cli.validate.help": "einen Inhaltsordner prüfen und jedes Problem auflisten",
    "cli.validate.path": "der Inhaltsordner (Standard: der mitgelieferte Inhalt)",
    "cli.export.help": "alles Gespeicherte als JSON ausgeben",
    "cli.export.output": "in DATEI schreiben statt ins Terminal",
    "cli.import.help": "deinen Stand durch einen Export ersetzen (der aktuelle wird gesichert)",
    "cli.import.file": "eine Datei aus 'coach export'",
    "cli.reset.help": "neu anfangen, alles oder einen Schritt (vorher wird gesichert)",
    "cli.reset.step": "nur diesen Schritt zurücksetzen (seine ID, siehe 'coach status --json')",
    "cli.reset.yes": "nicht nachfragen",
    "cli.restore.help": "deine Sicherungen auflisten oder eine zurückholen",
    "cli.restore.backup": "die Sicherung, die zurückkommen soll (ein Name aus --list oder ein Pfad)",
    "cli.restore.list": "die Sicherungen auflisten",
    "cli.where.help": "zeigen, wo deine Daten liegen und welche Dateien es gibt",
    # status
    "status.overall": "Dein Fortschritt: {done} von {total} erledigt",
    # validate
    "validate.ok": "{path}: in Ordnung ({steps} Schritte, {items} Checklistenpunkte, {warnings} Warnungen)",
    "validate.failed": "{path}: {count} Problem(e) gefunden",
    "validate.more": "... und {count} weitere (mit 'coach validate' siehst du alle)",
    # export / import / reset / restore / where
    "export.done": "Deine Daten sind in {path} gespeichert",
    "import.unreadable": "{path} lässt sich nicht lesen: {error}",
    "import.invalid": "{path} ist kein coach-Export ({reason}); es wurde nichts geändert",
    "import.newer": "{path} stammt von einem neueren coach (Schema-Version {version}); "
    "aktualisiere coach, um sie zu importieren. Es wurde nichts geändert.",
    "import.done": "{path} ist importiert. Dein vorheriger Stand ist gesichert unter {backup}",
    "reset.ask_all": "Neu anfangen? Alle Haken und Antworten werden gelöscht (eine Sicherung bleibt).",
    "reset.ask_step": "Alle Haken und Antworten von Schritt '{step}' löschen? (eine Sicherung bleibt)",
    "reset.yes_no": "j/N",
    "reset.yes_words": "j,ja,y,yes",
    "reset.need_yes": "Ohne Terminal frage ich nicht nach: bestätige das Zurücksetzen mit --yes.",
    "reset.cancelled": "Es wurde nichts geändert.",
    "reset.unknown_step": "Einen Schritt '{step}' gibt es nicht. Schritte: {known}",
    "reset.done": "Erledigt. Dein vorheriger Stand ist gesichert unter {backup}",
    "restore.none": "Es gibt noch keine Sicherungen.",
    "restore.list_head": "Sicherungen in {folder}, die neueste zuerst:",
    "restore.how": "Zurückholen mit: coach restore NAME",
    "restore.missing": "Eine Sicherung namens '{name}' gibt es nicht (siehe 'coach restore --list').",
    "restore.done": "{name} ist zurückgeholt. Dein bisheriger Stand ist ebenfalls gesichert.",
    "where.data": "Datenordner: {path}",
    "where.content": "Inhalt:      {path}",
    "where.empty": "  (noch nichts gespeichert)",
    "output.is_dir": "{path} ist ein Ordner; gib einen Dateinamen an.",
    "output.failed": "{path} lässt sich nicht schreiben: {error}",
    "sheet.not_yet": "Den Strategiebogen gibt es in dieser Version noch nicht.",
    # saved data
    "store.broken": "Deine Fortschrittsdatei {path} ließ sich nicht lesen ({reason}). Sie wurde "
    "unverändert nach {moved_to} verschoben. Neueste gute Sicherung: {backup} "
    "(zurückholen mit 'coach restore').",
    "store.newer": "{path} wurde von einem neueren coach gespeichert (Schema-Version {version}; "
    "diese Version kennt {ours}). Die Datei bleibt unberührt: bitte aktualisiere coach.",
    "store.locked": "Deine coach-Daten in {folder} sind schon in einem anderen Fenster offen "
    "(Prozess {pid}). Schließe sie zuerst dort.",
    "store.save_failed": "Speichern nach {path} ging nicht: {error}. Deine Änderung bleibt "
    "auf dem Bildschirm; auf der Festplatte wurde nichts beschädigt.",
    "store.unreadable": "{path} lässt sich nicht lesen: {error}",
    "store.bad_backup": "Die Sicherung {path} ist nicht verwendbar ({reason}).",
    # errors
    "error.content": "Der Inhaltsordner hat Probleme:",
    "error.unexpected": "Etwas Unerwartetes ist schiefgegangen; Details für eine Fehlermeldung "
    "stehen in {log}",
    "error.no_log": "(es ließ sich kein Protokoll schreiben)",
    "error.no_terminal": "coach braucht ein Terminal, um sich zu öffnen. Für Skripte siehe 'coach --help'.",
}

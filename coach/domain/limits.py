"""How much text a field takes when its content names no ``max_length``: a line (a name,
a company) and a note (a logged contact's, a long text's). Typed, imported or folded in
from the shell, the same figures (a module of its own: the commands that only check a
note's length import nothing else)."""

SHORT_TEXT_MAX = 500
NOTE_MAX = 20_000

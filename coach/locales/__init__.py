"""Message catalogs, one module per language (see coach.i18n)."""

"""The user's data on disk: the saved state, its schema and migrations, backups, paths."""

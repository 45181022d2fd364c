"""The domain: people, the agenda, the contact log, where the user stands."""

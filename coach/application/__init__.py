"""The application layer: the session, the one door every change goes through."""

"""Formats the coach writes and reads: iCalendar, contacts files."""

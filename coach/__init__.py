"""coach: a gentle seven-step networking coach for introverts, in the terminal."""

__version__ = "0.1.0"

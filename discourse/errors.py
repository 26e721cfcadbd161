"""Exceptions with messages that say what was wrong and what to do about it."""

from __future__ import annotations


class DiscourseError(Exception):
    """Base class for every error this package raises on purpose."""


class InputError(DiscourseError, ValueError):
    """A text, file or table that cannot be analysed as given (empty, undecodable, too long...)."""


class UnknownSourceError(DiscourseError, KeyError):
    """A source id that is not in the corpus."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class IntegrityError(DiscourseError):
    """A study file whose bytes differ from the recorded sha256."""


class ModelNotFoundError(DiscourseError, OSError):
    """No usable spaCy English model is installed."""

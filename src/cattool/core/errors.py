"""Errors that mean "the input was wrong": shown to the user, nothing written."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input from a person or a script; the message says what and how to fix it."""


class NotFoundError(InputError):
    """A case, event or other record that does not exist."""

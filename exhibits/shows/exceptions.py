"""Errors of the shows package."""

from __future__ import annotations


class ShowError(ValueError):
    """A show or programme document that cannot be read: ``code`` and ``params`` say what is wrong (the
    workspace says it in the curator's language), the message in English begins with the field."""

    def __init__(self, field: str, code: str, message: str, **params):
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.params = field, code, params

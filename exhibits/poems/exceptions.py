"""Exceptions of the poem station (framework-free; the shell maps them to HTTP statuses)."""

from __future__ import annotations


class PoemError(Exception):
    """Base class of every poem-station error."""

    code = "poem_error"


class CorpusNotFound(PoemError):
    """The chinese-poetry corpus folder is missing or holds no poems."""

    code = "corpus_not_found"


class ModelNotTrained(PoemError):
    """No trained model is cached in the instance (run ``museum poem train``)."""

    code = "model_not_trained"


class InvalidPreference(PoemError):
    """A request names an unknown poet, form, theme, season, mood or a bad keyword/acrostic/seed."""

    code = "invalid_preference"

    def __init__(self, field: str, message: str, allowed: list[str] | None = None):
        self.field = field
        self.allowed = list(allowed or [])
        text = f"{field}: {message}"
        if self.allowed:
            text += f" (allowed: {', '.join(self.allowed)})"
        super().__init__(text)


class GenerationFailed(PoemError):
    """The constrained decoder found no poem that meets every rule."""

    code = "generation_failed"


class RateLimited(PoemError):
    """A kiosk asked for more poems than the station allows per minute."""

    code = "rate_limited"

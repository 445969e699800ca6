"""Errors of the instrument models (modal analysis, synthesis). The web shell maps them to statuses."""

from __future__ import annotations


class InstrumentError(Exception):
    """Base class; ``code`` is the machine-readable error code."""

    code = "instrument_error"


class UnknownInstrument(InstrumentError):
    code = "unknown_instrument"


class BadStrike(InstrumentError):
    """A strike position, force or bell number outside what the instrument offers."""

    code = "bad_strike"


class ModesMissing(InstrumentError):
    """No cached modal analysis for the instrument: run ``museum instrument modes`` first."""

    code = "modes_missing"


class GeometryError(InstrumentError):
    """A profile that cannot be built (non-positive size, thickness larger than the body ...)."""

    code = "bad_geometry"

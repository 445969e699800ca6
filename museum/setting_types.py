"""The types of the service's settings (``museum/config.py`` declares the settings themselves): a
:class:`Kind` parses a value given as text (an environment variable) or as a Python value (``create_app``'s
argument); a :class:`Setting` is one key of ``app.config``; :class:`Derived` computes a default from the
settings declared before it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from assets.storage import split_s3_url
from museum.exceptions import InvalidSetting

TRUE, FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True)
class Kind:
    """A setting's type: ``what`` names it in errors and in ``museum config``; ``parse`` reads a value given
    as Python (``create_app``'s argument) or as text (the environment) and raises ValueError if it can't."""

    what: str
    parse: Callable[[object], object]
    secret: bool = False  # ``museum config show`` masks the value


def _whole(value) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    return int(value)


def _number(value) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    return float(value)


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in TRUE | FALSE:
        raise ValueError(value)
    return text in TRUE


def _text(value) -> str:
    if not isinstance(value, str | Path):
        raise ValueError(value)
    return str(value)


def _names(value) -> list[str]:
    """A JSON list (``'["a.example", "b.example"]'``), a comma-separated string or a Python list."""
    if isinstance(value, str):
        value = json.loads(value) if value.strip().startswith("[") else value.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(name, str) for name in value):
        raise ValueError(value)
    return [name.strip() for name in value if name.strip()]


def _time_zone(value) -> str:
    """An IANA time zone name that this system's zone database knows (``Asia/Shanghai``)."""
    name = _text(value)
    try:
        ZoneInfo(name)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(value) from None
    return name


def _media_url(value) -> str:
    """Empty (the local MEDIA_ROOT folder) or ``s3://bucket/prefix``."""
    url = _text(value).strip()
    if url:
        split_s3_url(url)
    return url


def choice(*values: str) -> Kind:
    def parse(value) -> str:
        if str(value) not in values:
            raise ValueError(value)
        return str(value)
    return Kind(f"one of {', '.join(values)}", parse)


WHOLE = Kind("a whole number", _whole)
NUMBER = Kind("a number", _number)
FLAG = Kind("true or false", _flag)
TEXT = Kind("text", _text)
SECRET = Kind("text", _text, secret=True)
NAMES = Kind("a list of names (JSON list or comma-separated)", _names)
TIME_ZONE = Kind("an IANA time zone such as Asia/Shanghai", _time_zone)
MEDIA_URL = Kind("empty or s3://bucket/prefix", _media_url)


@dataclass(frozen=True)
class Derived:
    """The value of a setting left unset: ``compute(values)`` from the settings declared before it
    (``INSTANCE_PATH`` first); ``source`` is where ``museum config show`` says it came from."""

    compute: Callable[[dict], object]
    source: str = "instance"


@dataclass(frozen=True)
class Setting:
    """One key of ``app.config``. ``default`` None means unset (readers expect None), unless ``derive``
    computes the value then. ``fixed``: the app needs this value (an extension's switch it replaces with its
    own code); neither the environment nor ``create_app`` may change it."""

    name: str
    kind: Kind
    default: object
    help: str
    derive: Derived | None = None
    fixed: bool = False
    env_name: str = ""

    @property
    def env(self) -> str:
        return self.env_name or f"MUSEUM_{self.name}"

    def parse(self, value):
        unset = self.default is None or self.derive is not None
        if unset and (value is None or (isinstance(value, str) and not value.strip())):
            return None  # unset: None, or derived
        try:
            return self.kind.parse(value)
        except (TypeError, ValueError, json.JSONDecodeError):
            message = f"setting {self.name} ({self.env}) must be {self.kind.what}, not {value!r}"
            raise InvalidSetting(message) from None

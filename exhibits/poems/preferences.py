"""A visitor's request, validated field by field (every error names the field and the allowed values)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass

from exhibits.poems import themes
from exhibits.poems.corpus import POETS
from exhibits.poems.exceptions import InvalidPreference
from exhibits.poems.patterns import FORMS

FIELDS = ("poet", "form", "theme", "season", "mood", "keywords", "acrostic", "seed")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Preferences:
    poet: str
    form: str
    theme: str | None = None
    season: str | None = None
    mood: str | None = None
    keywords: tuple[str, ...] = ()
    acrostic: str = ""
    seed: int = 0

    @property
    def length(self) -> int:
        return FORMS[self.form][0]

    @property
    def line_count(self) -> int:
        return FORMS[self.form][1]

    def to_json(self) -> dict:
        data = asdict(self)
        data["keywords"] = list(self.keywords)
        return data

    def fingerprint(self) -> int:
        """A stable 63-bit number for the whole request (seeds the decoder's random choices)."""
        text = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)
        return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def _choice(raw: dict, field: str, allowed: list[str], required: bool = False) -> str | None:
    value = raw.get(field)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise InvalidPreference(field, f"unknown value {value!r}", allowed)
    return value


def parse_preferences(raw: dict) -> Preferences:
    """Validate a request body (a dict) into :class:`Preferences`."""
    if not isinstance(raw, dict):
        raise InvalidPreference("body", "expected a JSON object", list(FIELDS))
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise InvalidPreference(unknown[0], "unknown field", list(FIELDS))
    poet = _choice(raw, "poet", list(POETS), required=True)
    form = _choice(raw, "form", list(FORMS), required=True)
    theme = _choice(raw, "theme", list(themes.THEMES))
    season = _choice(raw, "season", list(themes.SEASONS))
    mood = _choice(raw, "mood", list(themes.MOODS))
    keywords = raw.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [k for k in re.split(r"[\s,，、]+", keywords) if k]
    if not isinstance(keywords, list) or len(keywords) > themes.MAX_KEYWORDS or not all(
            isinstance(k, str) and _HAN_ONLY.match(k) and len(k) <= themes.MAX_KEYWORD_LENGTH
            for k in keywords):
        raise InvalidPreference("keywords", f"up to {themes.MAX_KEYWORDS} words of 1-"
                                f"{themes.MAX_KEYWORD_LENGTH} Chinese characters", themes.GORGES_KEYWORDS)
    acrostic = raw.get("acrostic") or ""
    if not isinstance(acrostic, str) or (acrostic and not _HAN_ONLY.match(acrostic)) \
            or len(acrostic) > themes.MAX_ACROSTIC_LENGTH:
        raise InvalidPreference("acrostic", f"1-{themes.MAX_ACROSTIC_LENGTH} Chinese characters or empty")
    seed = raw.get("seed", 0)
    if seed is None:
        seed = 0
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InvalidPreference("seed", f"an integer from 0 to {MAX_SEED}")
    return Preferences(poet, form, theme, season, mood, tuple(keywords), acrostic, seed)

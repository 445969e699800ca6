"""OAI-PMH 2.0 request checking: verbs and their arguments, datestamps, resumption tokens.

Framework-free: callers pass the request arguments as ``{name: [values]}`` and get either a
:class:`Request` or an :class:`OAIError` carrying the protocol's error code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

# verb -> (required arguments, optional arguments); resumptionToken is exclusive where allowed.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
MAX_ARGUMENT_CHARS = 2000  # identifiers and resumption tokens are far shorter
SECONDS_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
DAY_FORMAT = "%Y-%m-%d"


class OAIError(Exception):
    """An OAI-PMH error condition: ``code`` is one of the protocol's error codes."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Request:
    verb: str
    args: dict = field(default_factory=dict)
    # position inside a list answered by a resumption token: the last key sent and how many were sent
    after: str | None = None
    cursor: int = 0


def parse_datestamp(value: str, name: str) -> tuple[datetime, str]:
    """A ``from``/``until`` value at day or second granularity: (UTC datetime, granularity format)."""
    for fmt in (SECONDS_FORMAT, DAY_FORMAT):
        try:
            return datetime.strptime(value, fmt), fmt
        except ValueError:
            continue
    raise OAIError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not {value[:40]!r}")


def format_datestamp(moment: datetime | None) -> str:
    moment = moment or datetime(1970, 1, 1)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime(SECONDS_FORMAT)


def parse(values: dict[str, list[str]], secret: str) -> Request:
    """Check a request's arguments against the protocol; raises :class:`OAIError`."""
    verbs = values.get("verb") or []
    if len(verbs) != 1:
        message = "the verb argument is repeated" if verbs else "the verb argument is missing"
        raise OAIError("badVerb", message)
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"{verb[:40]!r} is not an OAI-PMH verb")
    required, optional = VERBS[verb]
    args = {}
    for name, given in values.items():
        if name == "verb":
            continue
        if name not in required | optional:
            raise OAIError("badArgument", f"{verb} does not take the argument {name[:40]!r}")
        if len(given) != 1:
            raise OAIError("badArgument", f"the argument {name} is repeated")
        if len(given[0]) > MAX_ARGUMENT_CHARS:
            raise OAIError("badArgument", f"the argument {name} is {len(given[0]):,} characters long; "
                                          f"at most {MAX_ARGUMENT_CHARS:,} are accepted")
        args[name] = given[0]
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument")
        return _resume(verb, args["resumptionToken"], secret)
    missing = sorted(required - set(args))
    if missing:
        raise OAIError("badArgument", f"{verb} needs the argument {', '.join(missing)}")
    _check_range(args)
    return Request(verb, args)


def _check_range(args: dict) -> None:
    parsed = {name: parse_datestamp(args[name], name) for name in ("from", "until") if name in args}
    if len(parsed) == 2:
        (start, start_fmt), (end, end_fmt) = parsed["from"], parsed["until"]
        if start_fmt != end_fmt:
            raise OAIError("badArgument", "from and until must have the same granularity")
        if start > end:
            raise OAIError("badArgument", "from must not be later than until")


def time_range(args: dict) -> tuple[datetime | None, datetime | None]:
    """Inclusive UTC bounds of ``from``/``until`` (a day-granular ``until`` covers the whole day)."""
    start = parse_datestamp(args["from"], "from")[0] if "from" in args else None
    end = None
    if "until" in args:
        end, fmt = parse_datestamp(args["until"], "until")
        if fmt == DAY_FORMAT:
            end = end.replace(hour=23, minute=59, second=59, microsecond=999999)
        else:
            end = end.replace(microsecond=999999)
    return start, end


def _sign(payload: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()[:16]


def make_token(verb: str, args: dict, after: str, cursor: int, secret: str) -> str:
    """An opaque, signed token holding the list's arguments and the last key already sent."""
    payload = json.dumps({"v": verb, "a": args, "k": after, "c": cursor}, separators=(",", ":"),
                         ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + _sign(payload, secret)


def _resume(verb: str, token: str, secret: str) -> Request:
    try:
        body, signature = token.rsplit(".", 1)
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        if not hmac.compare_digest(signature, _sign(payload, secret)):
            raise ValueError("signature")
        data = json.loads(payload)
        if data["v"] != verb:
            raise ValueError("verb")
        return Request(verb, dict(data["a"]), after=str(data["k"]), cursor=int(data["c"]))
    except (ValueError, KeyError, TypeError):
        raise OAIError("badResumptionToken", "the resumption token is invalid or was issued for another "
                                             "request") from None

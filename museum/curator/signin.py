"""The sign-in throttle in the web shell: the client's address, the known-device cookie, the clock.

The throttle itself is :mod:`museum.catalogue.signin_throttle` (keys, delays, audit entries). Here:

* the address is ``request.remote_addr`` — the real client once the app factory's ProxyFix trusts the
  configured proxies — with IPv6 reduced to its network (``LOGIN_IPV6_PREFIX``);
* a successful sign-in sets ``museum_device``: a cookie signed with the app's secret key that names a
  random device id and the accounts (the last 8) that signed in with this browser. It is sent only to
  the login page (``Path=/curator/login``, ``HttpOnly``, ``SameSite=Strict``, ``Secure`` like the session
  cookie) and lasts ``LOGIN_DEVICE_COOKIE_DAYS``, renewed at each sign-in. A tampered, expired or
  foreign cookie is ignored: the attempt is then judged by its address;
* the clock is ``app.extensions["museum_clock"]`` when one is set (tests make time pass with it).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, request, url_for
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from museum.catalogue import signin_throttle
from museum.catalogue.accounts import User
from museum.catalogue.models import utcnow
from museum.catalogue.signin_throttle import Attempt, Limits
from museum.extensions import db

DEVICE_COOKIE = "museum_device"
DEVICE_ACCOUNTS = 8  # accounts remembered per browser (a shared office computer)
DAY = 24 * 3600


def limits() -> Limits:
    c = current_app.config
    return Limits(pair_free=int(c["LOGIN_PAIR_FREE_FAILURES"]),
                  address_free=int(c["LOGIN_ADDRESS_FREE_FAILURES"]),
                  base_seconds=int(c["LOGIN_DELAY_BASE_SECONDS"]),
                  max_seconds=int(c["LOGIN_DELAY_MAX_SECONDS"]),
                  reset_after=timedelta(seconds=int(c["LOGIN_FAILURE_RESET_SECONDS"])),
                  known_for=timedelta(days=int(c["LOGIN_KNOWN_ADDRESS_DAYS"])))


def now() -> datetime:
    clock = current_app.extensions.get("museum_clock")
    return clock() if clock else utcnow()


def begin(username: str, user: User | None) -> Attempt:
    """Judge an attempt before its password is hashed; the reservation is committed at once."""
    address = signin_throttle.address_key(request.remote_addr, int(current_app.config["LOGIN_IPV6_PREFIX"]))
    attempt = signin_throttle.check(db.session, username, address, known_device(user), limits(), now())
    db.session.commit()
    return attempt


def failed(attempt: Attempt) -> None:
    signin_throttle.record_failure(db.session, attempt, limits(), now())


def succeeded(attempt: Attempt) -> None:
    signin_throttle.record_success(db.session, attempt, limits(), now())


def throttled_message(wait: int) -> str:
    return ngettext("Too many failed sign-ins. Try again in %(num)d second.",
                    "Too many failed sign-ins. Try again in %(num)d seconds.", wait)


def known_device(user: User | None) -> str | None:
    """The device id of a valid known-device cookie that has signed in to ``user`` before."""
    data = _device_cookie()
    if user is None or data is None or user.id not in data["u"]:
        return None
    return data["d"]


def remember_device(response, user: User) -> None:
    data = _device_cookie() or {"d": secrets.token_urlsafe(12), "u": []}
    users = [user.id, *(u for u in data["u"] if u != user.id)][:DEVICE_ACCOUNTS]
    days = int(current_app.config["LOGIN_DEVICE_COOKIE_DAYS"])
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps({"d": data["d"], "u": users}), max_age=days * DAY,
                        path=url_for("curator.login"),
                        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]), httponly=True,
                        samesite="Strict")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="museum.known-device")


def _device_cookie() -> dict | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=int(current_app.config["LOGIN_DEVICE_COOKIE_DAYS"]) * DAY)
    except BadSignature:  # also an expired cookie
        return None
    if (not isinstance(data, dict) or not isinstance(data.get("d"), str)
            or not isinstance(data.get("u"), list) or not all(isinstance(u, int) for u in data["u"])):
        return None
    return data

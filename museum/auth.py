"""Who is asking, for every blueprint: role checks, the CSRF policy and the actor the audit log names.

* **People** sign in on ``/curator/login`` (the pages are :mod:`museum.curator.auth`); Flask-Login keeps
  them in the session cookie.
* **API clients** (scripts) send ``Authorization: Bearer mt_…``, the token of an account (``museum user
  token NAME``): the request acts as that account, with its role; the session cookie is not consulted.
* **Kiosk devices** are registered with ``museum kiosk add NAME --station …``
  (:mod:`museum.catalogue.kiosks`), the one way to make a kiosk. The device opens ``/kiosk/<token>`` once;
  :func:`remember_kiosk` keeps the ``kiosk_…`` token in the ``kiosk_token`` cookie (``HttpOnly``,
  ``SameSite=Strict``, the whole site, so the station's calls to ``/api/v1`` carry it too, renewed by every
  heartbeat). A client without a browser may send it as ``Authorization: Bearer kiosk_…`` instead. A device is
  not an account: it has no role and opens no role-guarded route. :func:`current_kiosk` names it for
  heartbeats, the poem station's rate limit (:func:`client_key`) and the audit log (``kiosk:NAME``).
* **Anyone else** is anonymous, known by address: ``request.remote_addr``, the real client once the app
  factory's ProxyFix trusts the configured proxies (``TRUSTED_PROXIES``).

``require_role(*roles)`` guards a view: anonymous callers are redirected to the login page (pages) or get
401 (JSON: paths under ``/api/`` or ``/curator/api/``, JSON requests, bearer-token requests); accounts
without one of the roles get 403. ``admin`` passes every check. The roles are kept on the view as
``view.required_roles`` so the tests can check every route.

CSRF policy (Flask-WTF): an unsafe request (POST, PUT, PATCH, DELETE) must carry a CSRF token (form field
``csrf_token`` or header ``X-CSRFToken``) when it goes to the curator blueprint or when it is
authenticated by the session cookie. Requests authenticated by ``Authorization: Bearer <token>`` carry no
ambient credential and are exempt; so are anonymous requests outside ``/curator`` (the public JSON API),
which a forged request could not make any more powerful.
"""

from __future__ import annotations

import functools
import getpass
import re

from flask import Flask, abort, g, has_request_context, jsonify, redirect, request, url_for
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from museum.catalogue import accounts, audit, kiosks
from museum.catalogue.accounts import User
from museum.catalogue.kiosks import KioskDevice
from museum.extensions import db

login_manager = LoginManager()
csrf = CSRFProtect()
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_PATH_PARTS = ("/api/", "/iiif/")
KIOSK_COOKIE = "kiosk_token"
KIOSK_COOKIE_DAYS = 365
OLD_KIOSK_COOKIE_PATH = "/kiosk"  # where the cookie lived before it covered the whole site


def require_role(*roles: str):
    """Decorator: the current account must have one of ``roles`` (admin always passes)."""
    for role in roles:
        accounts.check_role(role)

    def decorator(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return _unauthenticated()
            if roles and not current_user.has_role(*roles):
                abort(403, description=f"this page needs the role {' or '.join(roles)}")
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorator


def sees_restricted() -> bool:
    """Whether the requester gets media whose rights restrict them whole: curators and editors signed in, and
    the museum's own registered kiosks (in the galleries, where nothing can be taken away)."""
    if current_user and current_user.is_authenticated and current_user.has_role("curator", "editor"):
        return True
    return current_kiosk() is not None


def wants_json() -> bool:
    return (any(part in request.path for part in JSON_PATH_PARTS) or request.is_json
            or bool(getattr(g, "token_auth", False))
            or request.accept_mimetypes.best == "application/json")


def current_kiosk() -> KioskDevice | None:
    """The registered kiosk device making this request (its bearer token, else its cookie), or None."""
    if "kiosk_device" not in g:
        token = None if g.get("token_auth") else request.cookies.get(KIOSK_COOKIE)
        g.kiosk_device = kiosks.device_for_token(db.session, token) if token else None
    return g.kiosk_device


def client_key() -> str:
    """Who is asking, for rate limits: the registered kiosk device, else the client's address."""
    device = current_kiosk()
    return f"kiosk:{device.id}" if device is not None else f"address:{request.remote_addr or 'unknown'}"


def remember_kiosk(response: Response, token: str) -> Response:
    """Keep a device's token in its cookie for a year (again at each heartbeat: a kiosk in use never
    loses it). A cookie of the old ``/kiosk`` path is removed: it would shadow this one there."""
    response.set_cookie(KIOSK_COOKIE, token, max_age=KIOSK_COOKIE_DAYS * 24 * 3600, httponly=True,
                        samesite="Strict", secure=request.is_secure, path="/")
    response.delete_cookie(KIOSK_COOKIE, path=OLD_KIOSK_COOKIE_PATH, httponly=True, samesite="Strict",
                           secure=request.is_secure)
    return response


def actor_name() -> str:
    """The acting account as the audit log names it (``curator:li``)."""
    return _request_actor() or audit.actor_of(db.session)


def _json_error(status: int, code: str, message: str, **headers):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    response.headers.update(headers)
    return response


def _unauthenticated():
    if wants_json():
        return _json_error(401, "unauthorized", "sign in or send an Authorization: Bearer token",
                           **{"WWW-Authenticate": 'Bearer realm="museum"'})
    return redirect(url_for("curator.login", next=request.full_path.rstrip("?")))


def _load_user(user_id: str) -> User | None:
    ident, _, nonce = user_id.partition(".")
    if not re.fullmatch(r"[0-9]{1,18}", ident):
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.is_active or user.session_nonce != nonce:
        return None
    return user


def _request_actor() -> str | None:
    if not has_request_context():
        return None
    user = current_user
    if user is not None and user.is_authenticated:
        return f"{user.role}:{user.username}"
    device = current_kiosk()
    if device is not None:
        return f"kiosk:{device.name}"
    return f"anonymous@{request.remote_addr or 'unknown'}"


def _bearer() -> tuple | None:
    """(account, kiosk device) of the request's ``Authorization: Bearer`` token, one of them None for a known
    token, both for an unknown one; None without the header. Looked up once per request."""
    if "bearer" not in g:
        header = request.headers.get("Authorization", "")
        g.bearer = None
        if header[:7].lower() == "bearer ":
            token = header[7:].strip()
            is_kiosk = token.startswith(kiosks.TOKEN_PREFIX)
            device = kiosks.device_for_token(db.session, token) if is_kiosk else None
            g.bearer = (None if device else accounts.user_for_token(db.session, token), device)
    return g.bearer


def bearer_user():
    """The account of the request's bearer token, or None (no header, unknown token, or a kiosk's)."""
    found = _bearer()
    return found[0] if found else None


def _authenticate_and_protect():
    """Bearer-token authentication, then the CSRF policy described in the module docstring."""
    g.token_auth = False
    found = _bearer()
    if found is not None:
        user, device = found
        if user is None and device is None:
            return _json_error(401, "unauthorized", "unknown or revoked token",
                               **{"WWW-Authenticate": 'Bearer realm="museum", error="invalid_token"'})
        # Flask-Login's per-request user: the token's account, never the session cookie's
        g._login_user = user or login_manager.anonymous_user()
        g.kiosk_device = device
        g.token_auth = True
        return None
    if request.method in UNSAFE_METHODS and (request.blueprint == "curator" or current_user.is_authenticated):
        csrf.protect()
    return None


def init_app(app: Flask) -> None:
    """Sign-in, roles and the CSRF policy (cookie and CSRF settings: museum/config.py)."""
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "curator.login"
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthenticated)
    csrf.init_app(app)
    app.before_request(_authenticate_and_protect)
    audit.name_actors(app.extensions["museum_db"], _request_actor, default=f"cli:{_os_user()}")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "unknown"

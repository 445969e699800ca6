"""Accounts of the curator workspace: people (admin, curator, editor, viewer).

Passwords are hashed with Argon2id (argon2-cffi). Scripts act as an account with its bearer token
(``mt_…``); only its SHA-256 is stored, the token itself is shown once when it is issued. Kiosk devices
are not accounts: they are registered devices (:mod:`museum.catalogue.kiosks`).
Failed sign-ins are throttled by :mod:`museum.catalogue.signin_throttle`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from museum.catalogue.db import Base
from museum.catalogue.models import utcnow
from museum.exceptions import BadParameter, Conflict, NotFound

# Roles, most powerful first. ``admin`` passes every role check.
ROLES = ("admin", "curator", "editor", "viewer")
# Role groups used by the workspace routes (and by other features' routes).
READERS = ("curator", "editor", "viewer")
EDITORS = ("curator", "editor")
PUBLISHERS = ("curator",)

MIN_PASSWORD_LENGTH = 10
USERNAME_MAX = 64

# Argon2id parameters by the setting PASSWORD_HASH_COST: RFC 9106's "second recommended" (low-memory) profile,
# or the smallest there are (test suites: the same code path, a millisecond per hash).
HASH_COSTS = {"standard": {"time_cost": 3, "memory_cost": 65536, "parallelism": 4},
              "minimal": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}}


class PasswordHashing(PasswordHasher):
    """Argon2id at one of the :data:`HASH_COSTS`; each app has its own (``create_app``)."""

    def __init__(self, cost: str = "standard"):
        super().__init__(**HASH_COSTS[cost])
        self._dummy: str | None = None

    def spend_time(self, password: str) -> None:
        """Verify ``password`` against a hash of nothing: as long as a real check, always a mismatch (an
        unknown user name must not answer faster than a known one)."""
        if self._dummy is None:
            self._dummy = self.hash("not-a-real-password")
        try:
            self.verify(self._dummy, password)
        except (VerificationError, InvalidHashError):
            pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True, index=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Changing the nonce (password or role change, disable) logs out every session of the user.
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(8))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    # --- Flask-Login protocol -------------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}.{self.session_nonce}"

    # --- roles and credentials ------------------------------------------------------------------
    def has_role(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles

    def set_password(self, password: str, hasher: PasswordHasher) -> None:
        check_password_strength(password, self.username)
        self.password_hash = hasher.hash(password)
        self.session_nonce = secrets.token_hex(8)

    def check_password(self, password: str, hasher: PasswordHasher) -> bool:
        if not self.password_hash:
            return False
        try:
            hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if hasher.check_needs_rehash(self.password_hash):
            self.password_hash = hasher.hash(password)
        return True

    def issue_token(self) -> str:
        token = "mt_" + secrets.token_urlsafe(32)
        self.token_hash = token_digest(token)
        return token


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_strength(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadParameter(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    if username and password.lower() == username.lower():
        raise BadParameter("password must differ from the user name")


def check_username(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > USERNAME_MAX or any(c.isspace() for c in name):
        raise BadParameter(f"user name {name!r}: 1–{USERNAME_MAX} characters, no spaces")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise BadParameter(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return role


def create_user(session: Session, username: str, role: str, password: str | None = None,
                hasher: PasswordHasher | None = None) -> User:
    """A new account; its password is hashed by ``hasher``, the app's
    (:func:`museum.extensions.password_hasher`)."""
    username, role = check_username(username), check_role(role)
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"user {username!r} already exists")
    if not password:
        raise BadParameter(f"role {role!r} needs a password")
    if hasher is None:
        raise TypeError("a password needs the app's hasher (museum.extensions.password_hasher)")
    user = User(username=username, role=role, active=True)
    user.set_password(password, hasher)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def user_for_token(session: Session, token: str) -> User | None:
    user = session.scalar(select(User).where(User.token_hash == token_digest(token)))
    return user if user is not None and user.active else None

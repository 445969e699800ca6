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

# Argon2id parameters: RFC 9106 "second recommended" (low-memory) profile by default.
_hasher = PasswordHasher()


def configure_hasher(time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4) -> None:
    """Replace the module's hasher (tests use cheap parameters; production keeps the defaults)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


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

    def set_password(self, password: str) -> None:
        check_password_strength(password, self.username)
        self.password_hash = _hasher.hash(password)
        self.session_nonce = secrets.token_hex(8)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        try:
            _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
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


def create_user(session: Session, username: str, role: str, password: str | None = None) -> User:
    username, role = check_username(username), check_role(role)
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"user {username!r} already exists")
    if not password:
        raise BadParameter(f"role {role!r} needs a password")
    user = User(username=username, role=role, active=True)
    if password:
        user.set_password(password)
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

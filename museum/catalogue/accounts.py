"""Accounts of the curator workspace: people (admin, curator, editor, viewer) and kiosk devices.

Passwords are hashed with Argon2id (argon2-cffi). Kiosk devices (and scripts) authenticate with a bearer
token; only its SHA-256 is stored, the token itself is shown once when it is issued.
Failed logins are kept in ``login_failures`` so the rate limit holds across gunicorn workers.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from museum.catalogue.db import Base
from museum.catalogue.models import utcnow
from museum.exceptions import BadParameter, Conflict, NotFound

# Roles, most powerful first. ``admin`` passes every role check; ``kiosk`` is a device, not a person.
ROLES = ("admin", "curator", "editor", "viewer", "kiosk")
PERSON_ROLES = ("admin", "curator", "editor", "viewer")
# Role groups used by the workspace routes (and by other features' routes).
READERS = ("curator", "editor", "viewer")
EDITORS = ("curator", "editor")
PUBLISHERS = ("curator",)

MIN_PASSWORD_LENGTH = 10
FAILURES_KEPT = timedelta(days=1)  # failed sign-ins older than this are forgotten
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


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    attempts: Mapped[int] = mapped_column(Integer, default=1)


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
    if role != "kiosk" and not password:
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


# --- login rate limit ----------------------------------------------------------------------------

def seconds_until_allowed(session: Session, username: str, remote_addr: str, *, per_user: int,
                          per_address: int, window: timedelta) -> int:
    """0 when a login attempt may proceed, else how long the caller must wait."""
    since = utcnow() - window
    recent = select(func.count(), func.min(LoginFailure.at)).where(LoginFailure.at >= since)
    by_user, first_user = session.execute(recent.where(LoginFailure.username == username)).one()
    by_addr, first_addr = session.execute(recent.where(LoginFailure.remote_addr == remote_addr)).one()
    if by_user < per_user and by_addr < per_address:
        return 0
    oldest = min(t for t in (first_user if by_user >= per_user else None,
                             first_addr if by_addr >= per_address else None) if t is not None)
    return max(1, int((oldest + window - utcnow()).total_seconds()) + 1)


def record_failure(session: Session, username: str, remote_addr: str, user: User | None) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - FAILURES_KEPT))
    session.add(LoginFailure(username=username[:USERNAME_MAX], remote_addr=remote_addr[:64],
                             user_id=user.id if user else None))


def clear_failures(session: Session, username: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))

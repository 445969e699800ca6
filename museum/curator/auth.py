"""The curator's sign-in and sign-out pages (``/curator/login``, ``/curator/logout``) and
``/curator/api/session``.

Who is asking, role checks and the CSRF policy are the shell's: :mod:`museum.auth`. Failed sign-ins are
throttled by :mod:`museum.curator.signin`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from museum.auth import require_role
from museum.catalogue import accounts, audit
from museum.catalogue.accounts import User
from museum.curator import bp, signin
from museum.extensions import db, password_hasher


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("curator.dashboard")


class LoginForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(), Length(max=accounts.USERNAME_MAX)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        username = form.username.data.strip()
        user = db.session.query(User).filter_by(username=username).one_or_none()
        attempt = signin.begin(username, user)  # before any Argon2 work: a throttled guess costs no hashing
        if attempt.wait:
            flash(signin.throttled_message(attempt.wait), "error")
            return (render_template("curator/login.html", form=form), 429,
                    {"Retry-After": str(attempt.wait)})
        if user is None:
            _burn_hash_time(form.password.data)
        if user is not None and user.is_active and user.check_password(form.password.data, password_hasher()):
            signin.succeeded(attempt)
            user.last_login_at = accounts.utcnow()
            with audit.acting_as(f"{user.role}:{user.username}"):
                db.session.commit()
            session.clear()
            login_user(user)
            response = redirect(safe_next(form.next.data))
            signin.remember_device(response, user)
            return response
        signin.failed(attempt)
        db.session.commit()
        flash(_("Unknown user name or wrong password."), "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("curator/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("curator.login"))


@bp.route("/api/session")
@require_role()
def session_info():
    """Who is signed in, and a CSRF token for scripts of curator pages (send it as X-CSRFToken)."""
    return {"username": current_user.username, "role": current_user.role,
            "csrf_token": None if getattr(g, "token_auth", False) else generate_csrf()}


def _burn_hash_time(password: str) -> None:
    password_hasher().spend_time(password)

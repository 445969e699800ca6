"""Account administration in the browser (admins): list accounts, change a role, disable or enable.

Creating accounts and setting passwords stay on the command line (``museum user add``), so a password
never passes through a web form other than the sign-in form.
"""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from museum.auth import require_role
from museum.catalogue import accounts
from museum.curator import bp
from museum.curator.labels import ROLES
from museum.exceptions import MuseumError
from museum.extensions import db


@bp.route("/users")
@require_role("admin")
def users():
    ordered = select(accounts.User).order_by(accounts.User.role, accounts.User.username)
    people = db.session.scalars(ordered).all()
    return render_template("curator/users.html", people=people, roles=accounts.ROLES)


def _other_user(name: str) -> accounts.User:
    try:
        user = accounts.get_user(db.session, name)
    except MuseumError:
        abort(404, description=_("There is no account %(name)s.", name=name))
    if user.id == current_user.id:
        abort(409, description=_("You cannot change your own role or disable yourself."))
    return user


@bp.route("/users/<name>/role", methods=["POST"])
@require_role("admin")
def set_user_role(name: str):
    user = _other_user(name)
    role = request.form.get("role", "")
    if role not in accounts.ROLES:
        flash(_("%(role)s is not a possible role for %(name)s.", role=role or "—", name=name), "error")
    else:
        user.role, user.session_nonce = role, secrets.token_hex(8)
        db.session.commit()
        flash(_("%(name)s is now %(role)s; their sessions were ended.", name=name, role=ROLES[role]))
    return redirect(url_for("curator.users"), 303)


@bp.route("/users/<name>/active", methods=["POST"])
@require_role("admin")
def set_user_active(name: str):
    user = _other_user(name)
    user.active = request.form.get("active") == "1"
    user.session_nonce = secrets.token_hex(8)
    db.session.commit()
    flash(_("%(name)s enabled.", name=name) if user.active else _("%(name)s disabled.", name=name))
    return redirect(url_for("curator.users"), 303)

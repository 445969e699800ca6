"""The technical notes of a playable bronze (``/curator/instruments/<accession>``), moved here from the
visitor's station: the model's notes, wall thickness, material and damping, strike positions, the
partials of the newest modal analysis, the two meshes and their convergence, and a strike's spectrogram."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from exhibits.audio import instruments
from museum.auth import require_role
from museum.catalogue import audio as store
from museum.catalogue import repository
from museum.catalogue.accounts import READERS
from museum.curator import bp
from museum.extensions import db


@bp.route("/instruments/<accession>")
@require_role(*READERS)
def instrument_notes(accession: str):
    if accession not in instruments.INSTRUMENTS:
        abort(404, description=_("There is no playable instrument %(accession)s.", accession=accession))
    inst = instruments.instrument(accession)
    data = store.instrument_data(db.session, accession)
    record = repository.get_record(db.session, accession, published_only=False)
    spectrograms = {position: url_for("api.instrument_spectrogram", accession=accession, position=position)
                    for position in inst.strike_heights}
    return render_template("curator/instrument.html", inst=inst, data=data, record=record,
                           spectrograms=spectrograms)

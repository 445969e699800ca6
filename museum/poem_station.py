"""Shell side of the 三游诗人 poem station: one model per process, storage, rate limit, keepsake.

The model (exhibits.poems, framework-free) is trained by ``museum poem train`` into
``POEMS_MODEL_DIR`` (default ``<instance>/poems/model``) and loaded once per process — when a server
worker starts (:func:`warm_up`, called by ``museum serve``), so no visitor waits for it.

The API and ``museum poem write`` write a poem through one function, :func:`write_poem`: the same
preferences and seed give the same poem from either. A request the station has answered before gets that
poem again; a new one is written against the station's history as stored in its database (the imagery of
its last RECENT_POEMS poems is penalised and their lines are never written again, nor any line written
before for a poet with few surviving poems), which both read the same way.
"""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta
from pathlib import Path

from flask import abort, current_app
from sqlalchemy import func, inspect, select

from exhibits.poems.exceptions import InvalidPreference, ModelNotTrained, RateLimited
from exhibits.poems.generator import THIN_POETS, History, PoemGenerator
from exhibits.poems.model import PoemModel
from exhibits.poems.moderation import screen
from exhibits.poems.preferences import parse_preferences
from exhibits.poems.reading import readings
from museum.catalogue.models import utcnow
from museum.catalogue.poems import StationPoem
from museum.extensions import db
from museum.open_data import external_url

_lock = threading.Lock()
_generators: dict[str, PoemGenerator] = {}
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECENT_POEMS = 100
THIN_POET_POEMS = 5000  # how far back the lines of a poet with few surviving poems are looked for


def model_dir(app=None) -> Path:
    return Path((app or current_app).config["POEMS_MODEL_DIR"])


def corpus_dir(app=None) -> Path:
    return Path((app or current_app).config["POEMS_CORPUS_DIR"])


def generator() -> PoemGenerator:
    """This process's generator: the n-gram model of POEMS_MODEL_DIR, with the neural model of
    POEMS_NEURAL_DIR when POEMS_LANGUAGE_MODEL is neural (a missing or stale model is a ModelNotTrained
    naming its folder)."""
    folder = str(model_dir())
    kind = current_app.config["POEMS_LANGUAGE_MODEL"]
    neural_folder = current_app.config["POEMS_NEURAL_DIR"] if kind == "neural" else None
    key = f"{folder}|{neural_folder}" if neural_folder else folder
    with _lock:
        if key not in _generators:
            neural = None
            if neural_folder:
                from exhibits.poems.neural import NeuralModel

                neural = NeuralModel.load(Path(neural_folder))
            _generators[key] = PoemGenerator(PoemModel.load(Path(folder)), neural=neural)
        return _generators[key]


def forget_models() -> None:
    with _lock:
        _generators.clear()


def check_rate(session, kiosk: str) -> None:
    """``kiosk`` is who asks (:func:`museum.auth.client_key`: a registered device, else an address)."""
    limit = current_app.config["POEMS_PER_KIOSK_PER_MINUTE"]
    since = utcnow() - timedelta(minutes=1)
    made = session.scalar(select(func.count()).select_from(StationPoem)
                          .where(StationPoem.kiosk == kiosk, StationPoem.created >= since))
    if made >= limit:
        raise RateLimited(f"{kiosk} made {made} poems in the last minute (limit {limit})")


def warm_up(app) -> bool:
    """As a worker starts: load the model, page in its arrays and write a poem in each form (fills the
    decoder's caches), so a visitor's first request costs what any other does. False when there is no
    trained model yet (the first request then says so)."""
    from exhibits.poems.corpus import POETS
    from exhibits.poems.patterns import FORMS

    with app.app_context():
        try:
            poems = generator()
        except ModelNotTrained:
            return False
        poems.model.touch()
        for number, form in enumerate(FORMS):
            poems.generate(parse_preferences({"poet": list(POETS)[number * 2], "form": form, "seed": number}))
    return True


def parse_request(body: dict):
    """A visitor's (or the CLI's) request, validated and screened by the moderation list."""
    prefs = parse_preferences(body)
    for field, value in (("acrostic", prefs.acrostic), ("keywords", "".join(prefs.keywords))):
        banned = screen(value)
        if banned:
            raise InvalidPreference(field, f"{banned!r} is not allowed at the station (moderation list)")
    return prefs


def station_history(session, prefs) -> History:
    """What the station wrote before that a new poem must take into account (see the module)."""
    recent = [r.get("lines", []) for r in session.scalars(
        select(StationPoem.result).order_by(StationPoem.id.desc()).limit(RECENT_POEMS))]
    lines: set[str] = set()
    if prefs.poet in THIN_POETS:
        for result in session.scalars(select(StationPoem.result).order_by(StationPoem.id.desc())
                                      .limit(THIN_POET_POEMS)):
            if result.get("poet") in THIN_POETS:  # they lean on the same corpus: none repeats another's
                lines.update(result.get("lines", []))
    return History(recent, lines)


def write_poem(session, prefs) -> dict:
    """The poem for ``prefs`` as JSON: the stored one for a request answered before, else a new one
    (an instance whose database is not created yet has no history: ``museum poem write`` still works)."""
    if not inspect(session.connection()).has_table(StationPoem.__tablename__):
        return generator().generate(prefs).to_json()
    fingerprint = str(prefs.fingerprint())
    result = session.scalar(select(StationPoem.result).where(StationPoem.fingerprint == fingerprint).limit(1))
    if result is None:
        result = generator().generate(prefs, history=station_history(session, prefs)).to_json()
    return result


def make_poem(session, body: dict, kiosk: str) -> StationPoem:
    """A new poem stored under a new code; on the projection wall at once unless ``body["wall"]`` is false
    (the touch station's visitor sends it later: :func:`museum.catalogue.poems.send_to_wall`)."""
    body = dict(body)
    on_wall = body.pop("wall", True) is not False
    prefs = parse_request(body)
    check_rate(session, kiosk)
    result = write_poem(session, prefs)
    row = StationPoem(code=new_code(session), request=prefs.to_json(), result=result, kiosk=kiosk,
                      fingerprint=str(prefs.fingerprint()))
    session.add(row)
    session.flush()
    if not on_wall:  # a poem is on the wall by default (the column's default): take it off before commit
        row.wall_id = None
        session.flush()
    return row


def new_code(session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if session.scalar(select(StationPoem.id).where(StationPoem.code == code)) is None:
            return code


def poem_json(row: StationPoem) -> dict:
    result = row.result
    # the pinyin as the metre reads it, also for a poem stored before the generator read it so
    pinyin = [list(readings(line)) for line in result["lines"]]
    return {"code": row.code, "lines": result["lines"], "pinyin": pinyin,
            "rhyme_group": result["rhyme_group"], "pattern": result["pattern"],
            "inspirations": result["inspirations"],
            "image_url": external_url("public.poem_keepsake", code=row.code),
            "page_url": external_url("public.poem_page", code=row.code),
            "poet": result["poet"], "form": result["form"], "notes": result.get("notes", []),
            "keywords_left_out": result.get("keywords_left_out", []), "on_wall": row.wall_id is not None}


def keepsake_png(row: StationPoem) -> bytes:
    from exhibits.poems.keepsake import render_keepsake

    result = row.result
    title = row.request.get("theme") or "三峡"
    date = row.created.strftime("%Y年%m月%d日")
    return render_keepsake(result["lines"], f"{title}", f"仿{result['poet']}体 {result['form']}", date,
                           external_url("public.poem_page", code=row.code))


def poem_or_404(code: str) -> StationPoem:
    """The station poem with this code (any case), or a 404: the kiosk's and the public pages' one lookup."""
    row = db.session.scalar(select(StationPoem).where(StationPoem.code == code.upper()))
    if row is None:
        abort(404, f"no poem with code {code}")
    return row

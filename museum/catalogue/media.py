"""Media of records and galleries, every kind through one door: :func:`holdings` gives a kind's
:class:`~museum.catalogue.holdings.Holdings` (add, list, find, remove — the same for every kind), for the CLI
(``museum image|model3d|audio``), the curator's media pages, the API and the sample steps.

The kinds are those of :mod:`assets.kinds`; images, 3D models and audio tracks are held in tables of their
own.
"""

from __future__ import annotations

from assets import kinds
from assets.media import MediaKind
from museum.catalogue.audio import TRACKS
from museum.catalogue.holdings import Added, Holdings
from museum.catalogue.images import IMAGES
from museum.catalogue.models3d import MODELS

__all__ = ["Added", "Holdings", "holdings"]

OWN_TABLES: dict[str, Holdings] = {h.kind.name: h for h in (IMAGES, MODELS, TRACKS)}


def holdings(kind: MediaKind | str) -> Holdings:
    """The catalogue side of ``kind`` (a kind, or its name or folder: ``image``, ``models`` ...); an unknown
    name is a :class:`KeyError`."""
    kind = kinds.kind_named(kind) if isinstance(kind, str) else kind
    return OWN_TABLES[kind.name]

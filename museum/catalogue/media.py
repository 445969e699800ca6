"""Media of records and galleries, every kind through one door: :func:`holdings` gives a kind's
:class:`~museum.catalogue.holdings.Holdings` (add, list, find, remove — the same for every kind), for the CLI
(``museum image|model3d|audio``), the curator's media pages, the API and the sample steps.

The kinds are those of :mod:`assets.kinds`. Images, 3D models and audio tracks are held in tables of their
own; every other registered kind in ``media_items`` (:class:`~museum.catalogue.holdings.ItemHoldings`), so
registering a new :class:`~assets.media.MediaKind` is all it takes for these callers to add, list and remove
it.
"""

from __future__ import annotations

from assets import kinds
from assets.media import MediaKind
from museum.catalogue.audio import TRACKS
from museum.catalogue.holdings import Added, Holdings, ItemHoldings
from museum.catalogue.images import IMAGES
from museum.catalogue.models3d import MODELS

__all__ = ["Added", "Holdings", "holdings", "registered"]

OWN_TABLES: dict[str, Holdings] = {h.kind.name: h for h in (IMAGES, MODELS, TRACKS)}


def registered() -> list[MediaKind]:
    """Every registered kind, in the order of registration."""
    return list(kinds.KINDS.values())


def holdings(kind: MediaKind | str) -> Holdings:
    """The catalogue side of ``kind`` (a kind, or its name or folder: ``image``, ``models`` ...); an unknown
    name is a :class:`KeyError`."""
    kind = kinds.kind_named(kind) if isinstance(kind, str) else kind
    return OWN_TABLES.get(kind.name) or ItemHoldings(kind)

"""The engine-neutral query tree: what :mod:`search.planner` makes of user text and each backend
compiles into its own query objects (user text never reaches an engine's query parser).

A tree is made of term, phrase, prefix and fuzzy matches on the fields of :mod:`search.query`,
combined by :class:`AnyOf` (the best match counts, plus :data:`TIE_BREAKER` of the others: a
``dis_max``) and :class:`AllOf` (every item must match).
"""

from __future__ import annotations

from dataclasses import dataclass

TIE_BREAKER = 0.1  # AnyOf: the best way a unit matched, plus a tenth of the others


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str
    values: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    field: str
    value: str
    distance: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    items: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    items: tuple


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Phrase | Prefix | Fuzzy | AnyOf | AllOf | MatchAll


def any_of(items, boost: float = 1.0) -> Node | None:
    items = tuple(dict.fromkeys(i for i in items if i is not None))
    if not items:
        return None
    return items[0] if len(items) == 1 and boost == 1.0 else AnyOf(items, boost)


def all_of(items) -> Node | None:
    items = tuple(dict.fromkeys(i for i in items if i is not None))
    if not items:
        return None
    return items[0] if len(items) == 1 else AllOf(items)


def phrase_or_term(field_name: str, values: list[str], boost: float = 1.0) -> Node | None:
    """A one-token phrase is a term (tantivy refuses phrases of one term)."""
    if not values:
        return None
    if len(values) == 1:
        return Term(field_name, values[0], boost)
    return Phrase(field_name, tuple(values), boost)

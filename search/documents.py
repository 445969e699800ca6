"""Search documents: the plain dict the shell gives for a record, checked, and its engine fields.

Input (made by ``museum.catalogue.indexing``)::

    {"accession_number": "1989.0107",
     "title": {"zh": "战国铜虎钮錞于", "en": "Bronze chunyu ..."}, "description": {...},
     "keywords": {"en": ["Warring States", "Bronze", ...], "zh": [...]},   # vocabulary names, places
     "category": "bronze", "period": "warring-states", "gallery": "ancient-ba-yu",
     "start_year": -475, "end_year": -221, "published": True, "has_3d": False}
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

from languages import CHINESE, LANGUAGES
from search import text
from search.exceptions import InvalidDocument
from search.query import (
    BODY_PAIRS,
    BODY_UNIGRAMS,
    BODY_WORDS,
    IDS,
    PINYIN,
    PINYIN_GRAMS,
    TITLE_PAIRS,
    TITLE_UNIGRAMS,
    TITLE_WORDS,
)

KEYWORD_FIELDS = ("category", "period", "gallery")


def _check(doc: dict) -> str:
    if not isinstance(doc, dict):
        raise InvalidDocument(f"a search document must be a dict, not {type(doc).__name__}")
    accession = doc.get("accession_number")
    if not isinstance(accession, str) or not accession.strip():
        raise InvalidDocument("document without an accession_number")
    for name in ("title", "description", "keywords"):
        value = doc.get(name) or {}
        if not isinstance(value, dict):
            raise InvalidDocument(f"{accession}: {name} must be a map of language → text")
    for name in ("start_year", "end_year"):
        value = doc.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise InvalidDocument(f"{accession}: {name} must be a whole number or empty, not {value!r}")
    for name in KEYWORD_FIELDS:
        value = doc.get(name)
        if value is not None and not isinstance(value, str):
            raise InvalidDocument(f"{accession}: {name} must be a key (text) or empty, not {value!r}")
    return accession


def _texts(values: dict) -> list[tuple[str, str]]:
    """(language, folded text) of a multilingual map, skipping texts equal to an earlier one."""
    seen, result = set(), []
    for lang in LANGUAGES:
        raw = values.get(lang)
        items = raw if isinstance(raw, list) else [raw]
        for item in items:
            if isinstance(item, str) and item.strip():
                folded = text.fold(item)
                if folded not in seen:
                    seen.add(folded)
                    result.append((lang, folded))
    return result


@lru_cache(maxsize=20_000)
def _keyword_tokens(key: tuple) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Tokens of a keywords map (vocabulary names repeat across records: analysed once per set)."""
    tokens = text.Tokens([], [], [])
    for lang, value in _texts({lang: list(v) if isinstance(v, tuple) else v for lang, v in key}):
        tokens.extend(text.analyse(value, lang, folded=True))
    return tuple(tokens.unigrams), tuple(tokens.pairs), tuple(tokens.words)


def prepare_all(docs: Iterable[dict], workers: int | None = None, chunk: int = 1000) -> Iterator[dict]:
    """``prepare`` over many documents, in order, on every core once there are enough of them."""
    iterator = iter(docs)
    first = list(itertools.islice(iterator, chunk))
    workers = workers or os.cpu_count() or 1
    if len(first) < chunk or workers < 2:
        yield from map(prepare, first)
        yield from map(prepare, iterator)
        return
    chunks = itertools.chain([first], iter(lambda: list(itertools.islice(iterator, chunk)), []))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: list = []
        for batch in chunks:
            pending.append(pool.submit(_prepare_batch, batch))
            if len(pending) > workers * 2:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def _prepare_batch(batch: list[dict]) -> list[dict]:
    return [prepare(doc) for doc in batch]


def prepare(doc: dict) -> dict:
    """Engine fields of a document: token strings, filter values and the stored ``source``."""
    accession = _check(doc)
    title, body = text.Tokens([], [], []), text.Tokens([], [], [])
    for lang, value in _texts(doc.get("title") or {}):
        title.extend(text.analyse(value, lang, folded=True))
    for lang, value in _texts(doc.get("description") or {}):
        body.extend(text.analyse(value, lang, folded=True))
    keywords = doc.get("keywords") or {}
    key = tuple((lang, tuple(v) if isinstance(v, list) else v) for lang, v in sorted(keywords.items()))
    body.extend(text.Tokens(*map(list, _keyword_tokens(key))))
    syllables, grams = [], []
    for lang in CHINESE:
        for run in text.pinyin_syllables((doc.get("title") or {}).get(lang) or ""):
            if syllables:
                syllables.append(text.GAP)
            syllables += run
            grams += text.pinyin_grams(run)
    folded_id = text.fold(accession.strip())
    ids = [folded_id] + [r.text for r in text.runs(accession)]
    start, end = doc.get("start_year"), doc.get("end_year")
    return {
        "accession_number": accession,
        TITLE_UNIGRAMS: text.joined(title.unigrams), TITLE_PAIRS: text.joined(title.pairs),
        TITLE_WORDS: text.joined(title.words),
        BODY_UNIGRAMS: text.joined(body.unigrams), BODY_PAIRS: text.joined(body.pairs),
        BODY_WORDS: text.joined(body.words),
        PINYIN: text.joined(syllables), PINYIN_GRAMS: text.joined(list(dict.fromkeys(grams))),
        IDS: text.joined(list(dict.fromkeys(ids))),
        "category": doc.get("category") or None, "period": doc.get("period") or None,
        "gallery": doc.get("gallery") or None,
        "start_year": start if start is not None else end, "end_year": end if end is not None else start,
        "published": bool(doc.get("published", True)), "has_3d": bool(doc.get("has_3d", False)),
        "source": {"title": dict(doc.get("title") or {}), "description": dict(doc.get("description") or {})},
    }

"""Stemming from many threads at once gives the serial answers (the served site stems in 8 threads per
worker)."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from search import text

WORDS = [f"{root}{suffix}" for root in ("bronz", "port", "nation", "mont", "pein", "sculpt", "rivièr", "gorg")
         for suffix in ("ements", "ations", "issements", "euses", "ités", "ances", "ing", "ness", "ations",
                        "ives")]


@pytest.fixture
def switch_often():
    """Make the interpreter switch threads every microsecond so interleavings happen in every run."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_threads_stem_as_one_thread_does(switch_often):
    words = sorted({f"{word}{n}x" for n in range(100) for word in WORDS})  # distinct: the cache cannot answer
    serial = {(word, lang): text._stemmer("french" if lang == "fr" else "english").stemWord(word)
              for word in words[:500] for lang in ("en", "fr")}
    text.stem.cache_clear()

    def stem_all(chunk):
        return [((word, lang), text.stem(word, lang)) for word in chunk for lang in ("en", "fr")]

    chunks = [words[i::8] for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        answers = dict(pair for result in pool.map(stem_all, chunks) for pair in result)
    assert len(answers) == 2 * len(words)
    assert {key: answers[key] for key in serial} == serial

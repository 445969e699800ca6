"""The search caches: bounded plans, and counts and pages of hits that follow every change of the index
(same process or another backend writing the same folder)."""

from __future__ import annotations

import threading

import pytest

from search.cache import LRU
from search.planner import Planner
from search.query import Filters, SearchRequest
from search.tantivy_backend import TantivyBackend


def record(accession: str, title: str, category: str = "bronze", published: bool = True) -> dict:
    return {"accession_number": accession, "title": {"zh": title, "en": title}, "description": {},
            "keywords": {}, "category": category, "period": "warring-states", "gallery": "ancient-ba-yu",
            "start_year": -475, "end_year": -221, "published": published, "has_3d": False}


def test_lru_keeps_at_most_its_size_and_drops_the_least_recently_used():
    cache: LRU[int] = LRU(2)
    assert cache.get("a", lambda: 1) == 1
    assert cache.get("b", lambda: 2) == 2
    assert cache.get("a", lambda: 99) == 1  # kept; "a" is now the most recent
    cache.get("c", lambda: 3)
    assert len(cache) == 2
    assert cache.get("b", lambda: 20) == 20  # "b" was dropped, made again
    assert (cache.hits, cache.misses) == (1, 4)
    with pytest.raises(ValueError):
        LRU(0)


def test_lru_from_threads_stays_bounded():
    cache: LRU[int] = LRU(50)

    def work(offset: int) -> None:
        for number in range(2000):
            assert cache.get((offset + number) % 300, lambda n=number: (offset + n) % 300) == \
                (offset + number) % 300

    threads = [threading.Thread(target=work, args=(k * 7,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 50


def test_plan_cache_is_bounded_and_answers_the_same_plan():
    planner = Planner(cache_size=3)
    first = planner.plan("青铜 drums")
    assert planner.plan("青铜 drums") is first
    assert planner.plan("青铜 drums", fuzzy=True) is not first  # fuzzy is another plan
    for q in ("a1", "b2", "c3", "d4"):
        planner.plan(q)
    assert len(planner.plans) == 3
    again = planner.plan("青铜 drums")
    assert again is not first and again == first  # dropped, analysed again to the same plan


@pytest.fixture
def backend(tmp_path):
    engine = TantivyBackend(tmp_path / "index")
    engine.apply([record("A.1", "青铜鼓"), record("A.2", "青铜尊", category="vessels")])
    yield engine
    engine.close()


def test_counts_and_pages_follow_a_change_in_the_same_backend(backend):
    request = SearchRequest(q="青铜", size=1)
    first = backend.search(request)
    assert first.total == 2 and {b["value"] for b in first.facets["category"]} == {"bronze", "vessels"}
    assert backend.search(request).facets == first.facets  # the kept counts
    assert len(backend.facets) == 1 and len(backend.pages) == 1
    backend.apply([record("A.3", "青铜剑", category="weapons")], ["A.2"])
    after = backend.search(request)
    assert after.total == 2
    assert {b["value"] for b in after.facets["category"]} == {"bronze", "weapons"}
    hits = backend.search(SearchRequest(q="青铜", size=10)).hits
    assert {h.accession_number for h in hits} == {"A.1", "A.3"}


def test_counts_and_pages_follow_a_commit_by_another_backend_and_a_rebuild(backend, tmp_path):
    request = SearchRequest(q="青铜", size=10)
    assert backend.search(request).total == 2
    writer = TantivyBackend(tmp_path / "index")  # another process's writer, in effect
    writer.apply([record("B.1", "青铜镜")])
    found = backend.search(request)
    assert found.total == 3 and "B.1" in {h.accession_number for h in found.hits}
    assert sum(b["count"] for b in found.facets["category"]) == 3
    writer.rebuild([record("C.1", "青铜钟", category="instruments")])
    rebuilt = backend.search(request)
    assert [h.accession_number for h in rebuilt.hits] == ["C.1"]
    assert rebuilt.facets["category"] == [{"value": "instruments", "count": 1}]
    writer.close()


def test_a_correction_does_not_change_the_cached_plan(backend):
    backend.apply([{**record("E.1", "铜鼓"), "title": {"en": "Ritual drums"}}])
    plan = backend.planner.plan("drumz")
    stems, words = set(plan.stems), list(plan.words)
    found = backend.search(SearchRequest(q="drumz"))
    assert found.did_you_mean == "drums" and "<mark>" in found.hits[0].highlight
    assert backend.planner.plan("drumz") is plan and plan.stems == stems and plan.words == words


def test_every_page_has_the_total_and_facets_of_the_first(backend):
    backend.apply([record(f"D.{n}", f"青铜器{n}") for n in range(5)])
    first = backend.search(SearchRequest(q="青铜", size=3))
    second = backend.search(SearchRequest(q="青铜", size=3, page=2))
    unfaceted = backend.search(SearchRequest(q="青铜", size=3, page=2, facets=False))
    assert first.total == second.total == unfaceted.total == 7
    assert first.facets == second.facets and unfaceted.facets == {}
    filtered = backend.search(SearchRequest(q="青铜", filters=Filters(categories=("vessels",))))
    assert filtered.total == 1 and filtered.facets["category"] == [{"value": "vessels", "count": 1}]
    hidden = backend.search(SearchRequest(q="青铜", filters=Filters(published_only=False)))
    assert hidden.total == 7


def test_threads_share_the_searcher_and_the_caches(backend):
    backend.apply([record(f"T.{n}", f"青铜{'鼓尊剑镜'[n % 4]}{n}") for n in range(40)])
    queries = ["青铜", "鼓", "尊", "剑", "镜"]
    expected = {q: backend.search(SearchRequest(q=q, size=5)).as_dict() for q in queries}
    backend.facets.clear()
    backend.pages.clear()
    answers, errors = [], []

    def work(offset: int) -> None:
        try:
            for number in range(60):
                q = queries[(offset + number) % len(queries)]
                answers.append((q, backend.search(SearchRequest(q=q, size=5)).as_dict()))
        except Exception as error:  # reported below: a thread's exception would otherwise be lost
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(answers) == 240
    assert all(answer == expected[q] for q, answer in answers)

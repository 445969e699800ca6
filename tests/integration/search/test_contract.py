"""One contract, every engine: the same tests run against tantivy and Elasticsearch (Wagtail-style)."""

from __future__ import annotations

import pytest

from search import text
from search.base import encode_cursor
from search.exceptions import BadCursor, PageTooDeep, QueryTooLong
from search.query import Filters, SearchRequest
from tests.integration.search.catalogue import DOCUMENTS, PUBLISHED, doc


def folded_texts(document: dict) -> str:
    values = []
    for name in ("title", "description", "keywords"):
        for value in (document.get(name) or {}).values():
            values += value if isinstance(value, list) else [value]
    return "\n".join(text.fold(v) for v in values if v)


def numbers(result) -> set[str]:
    return {hit.accession_number for hit in result.hits}


class SearchContract:
    engine = ""

    @pytest.fixture(scope="class")
    @classmethod
    def loaded(cls, request, engine_factory):
        backend = engine_factory(request.cls.engine)
        backend.index_documents(DOCUMENTS)
        return backend

    @pytest.fixture
    def fresh(self, request, engine_factory):
        return engine_factory(request.cls.engine)

    def find(self, backend, q, **kwargs):
        return backend.search(SearchRequest(q=q, size=kwargs.pop("size", 100), **kwargs))

    # --- Chinese: every character and every pair is found wherever it occurs --------------------
    def test_every_one_and_two_character_query_is_found_wherever_it_occurs(self, loaded):
        texts = {d["accession_number"]: folded_texts(d) for d in PUBLISHED}
        queries = set()
        for document in PUBLISHED:
            for run in text.runs(document["title"].get("zh", "")):
                if run.kind == "cjk":
                    queries.update(run.text)
                    queries.update(text.pairs(run.text))
        assert len(queries) > 80
        missing = {}
        for q in sorted(queries):
            expected = {n for n, t in texts.items() if q in t}
            found = numbers(self.find(loaded, q))
            if not expected <= found:
                missing[q] = expected - found
        assert missing == {}

    def test_traditional_and_simplified_queries_give_the_same_top_ten(self, loaded):
        for simplified, traditional in (("战国", "戰國"), ("铜", "銅"), ("编钟", "編鐘"),
                                        ("开元通宝", "開元通寶"), ("景云碑", "景雲碑")):
            a, b = self.find(loaded, simplified, size=10), self.find(loaded, traditional, size=10)
            assert a.total > 0
            assert [h.accession_number for h in a.hits] == [h.accession_number for h in b.hits]

    def test_longer_chinese_queries_need_their_characters_together_and_in_order(self, loaded):
        assert numbers(self.find(loaded, "缠枝莲纹碗")) == {"T0001"}
        assert numbers(self.find(loaded, "缠枝莲")) == {"T0001"}
        assert "T0002" in numbers(self.find(loaded, "缠枝"))

    def test_pinyin_with_and_without_spaces_and_as_a_prefix(self, loaded):
        for q in ("hu niu chun yu", "huniuchunyu", "chunyu", "bianzhong"):
            result = self.find(loaded, q, size=3)
            assert result.hits and result.hits[0].accession_number in ("1989.0107", "1972.0008"), q

    def test_pinyin_of_a_whole_term_ranks_above_scattered_syllables(self, fresh):
        fresh.index_documents([
            doc("P1", {"zh": "清代铜币", "en": "Qing copper coin"}, category="coins"),  # qing … tong apart
            doc("P2", {"zh": "青瓷碗", "en": "Celadon bowl"}, category="porcelain"),  # qing only
            doc("P3", {"zh": "青铜鼎", "en": "Bronze ding"}, category="bronze"),  # 青铜 spelt whole
            # the concept only
            doc("P4", {"zh": "鸟形尊", "en": "Bird-shaped bronze zun"}, category="bronze"),
        ])
        for q in ("qingtong", "qing tong", "QingTong"):
            ranked = [hit.accession_number for hit in self.find(fresh, q).hits]
            assert ranked[0] == "P3", (q, ranked)
            assert "P4" in ranked and "P2" not in ranked, (q, ranked)
            if "P1" in ranked:
                # the term before a partial spelling
                assert ranked.index("P1") > ranked.index("P4"), (q, ranked)

    def test_a_term_spelt_whole_in_pinyin_is_not_fuzzed_into_other_words(self, loaded):
        assert self.find(loaded, "tongjing").total == 0  # 铜镜: the only mirror is unpublished
        assert self.find(loaded, "tong jing").total == 0

    def test_stemming_accents_and_cross_lingual_glossary(self, loaded):
        assert "1972.0008" in numbers(self.find(loaded, "bell"))
        assert "1972.0008" in numbers(self.find(loaded, "cloche"))
        assert numbers(self.find(loaded, "aiguiere")) == {"T0003"}
        assert numbers(self.find(loaded, "AIGUIÈRE")) == {"T0003"}
        assert "2002.0031" in numbers(self.find(loaded, "青铜"))  # only "铜" and "bronze" in the record
        assert {"1989.0107", "2002.0031", "1977.0012"} <= numbers(self.find(loaded, "청동"))
        assert "1954.0003" in numbers(self.find(loaded, "sword"))
        assert "1954.0003" in numbers(self.find(loaded, "剑"))

    def test_accession_numbers_are_found(self, loaded):
        result = self.find(loaded, "1955.0021", size=5)
        assert result.hits[0].accession_number == "1955.0021"

    # --- filters and facets ------------------------------------------------------------------------
    def test_facets_count_the_matching_published_records(self, loaded):
        result = self.find(loaded, "")
        assert result.total == len(PUBLISHED)
        for facet in ("category", "period", "gallery"):
            expected = {}
            for d in PUBLISHED:
                if d[facet]:
                    expected[d[facet]] = expected.get(d[facet], 0) + 1
            assert {f["value"]: f["count"] for f in result.facets[facet]} == expected

    def test_filters_by_category_period_gallery_and_3d(self, loaded):
        bronze = self.find(loaded, "", filters=Filters(categories=("bronze",)))
        assert numbers(bronze) == {"1989.0107", "2002.0031", "1977.0012"}
        both = self.find(loaded, "", filters=Filters(categories=("bronze", "weapons"),
                                                     periods=("warring-states",)))
        assert numbers(both) == {"1989.0107", "2002.0031", "1954.0003"}
        assert numbers(self.find(loaded, "", filters=Filters(galleries=("coins",)))) == {"T0004"}
        assert numbers(self.find(loaded, "", filters=Filters(has_3d=True))) == {"1989.0107", "1972.0008"}

    def test_year_filter_selects_overlapping_ranges_with_bce_years(self, loaded):
        def overlapping(lo, hi):
            return {d["accession_number"] for d in PUBLISHED if d["start_year"] is not None
                    and d["start_year"] <= hi and d["end_year"] >= lo}
        for lo, hi in ((-300, -250), (-1100, -1000), (170, 175), (1640, 1650), (-500, 2000)):
            found = numbers(self.find(loaded, "", filters=Filters(year_from=lo, year_to=hi)))
            assert found == overlapping(lo, hi), (lo, hi)
        only_from = numbers(self.find(loaded, "", filters=Filters(year_from=1600)))
        assert only_from == {"1951.0203", "1964.0012", "T0002"}

    def test_unpublished_records_are_never_found_by_the_public(self, loaded):
        for q in ("未公开铜镜", "Unpublished", "T0005", "mirror", ""):
            assert "T0005" not in numbers(self.find(loaded, q))
        curator = self.find(loaded, "mirror", filters=Filters(published_only=False))
        assert numbers(curator) == {"T0005"}

    # --- paging --------------------------------------------------------------------------------------
    def test_pages_and_cursors_cover_every_hit_once(self, loaded):
        everything = self.find(loaded, "")
        pages = [self.find(loaded, "", page=p, size=4) for p in range(1, 6)]
        seen = [h.accession_number for page in pages for h in page.hits]
        assert sorted(seen) == sorted(numbers(everything)) and len(seen) == len(set(seen))
        cursor, walked = None, []
        for _ in range(10):
            result = loaded.search(SearchRequest(q="", size=5, cursor=cursor))
            walked += [h.accession_number for h in result.hits]
            cursor = result.cursor
            if cursor is None:
                break
        assert sorted(walked) == sorted(seen)

    def test_deep_pages_need_a_cursor_and_bad_cursors_are_refused(self, loaded):
        with pytest.raises(PageTooDeep):
            loaded.search(SearchRequest(q="", page=501, size=20))
        with pytest.raises(BadCursor):
            loaded.search(SearchRequest(q="", cursor="not-a-cursor"))
        for crafted in ({"o": 2**40, "p": 2}, {"o": -1, "p": 2}, {"o": True, "p": 2}, {"o": 5, "p": "x"},
                        [5]):
            with pytest.raises(BadCursor):
                loaded.search(SearchRequest(q="", cursor=encode_cursor(crafted)))

    @pytest.mark.slow
    def test_cursor_goes_past_ten_thousand_hits(self, fresh):
        many = [{"accession_number": f"N{i:05d}", "title": {"zh": f"陶片{i}"}} for i in range(10_050)]
        fresh.index_documents(many)
        cursor, seen, pages = None, [], 0
        while pages < 200:
            result = fresh.search(SearchRequest(q="陶片", size=1000, cursor=cursor, facets=False))
            seen += [h.accession_number for h in result.hits]
            pages += 1
            cursor = result.cursor
            if cursor is None:
                break
        assert result.total == 10_050
        assert len(seen) == 10_050 and len(set(seen)) == 10_050
        assert result.page == 11

    # --- typos, syntax, completions -------------------------------------------------------------------
    def test_typos_are_forgiven_and_corrected(self, loaded):
        result = self.find(loaded, "bronse zun")
        assert {"2002.0031", "1977.0012"} <= numbers(result)
        assert result.did_you_mean == "bronze zun"
        assert self.find(loaded, "bronze").did_you_mean is None

    @pytest.mark.parametrize("q", ['"bronze', "bronze AND", "NEAR(bronze, zun)", "*", "bron*",
                                   "title:bronze", "(((", "]]", "bronze)", "\x00\x07\x1b[31m", "铜\u200b尊",
                                   "' OR 1=1 --", "\\", "x" * 500, "铜" * 500, "+-&&||!{}^~?"])
    def test_query_syntax_never_leaks(self, loaded, q):
        result = self.find(loaded, q)
        assert result.total >= 0
        assert "T0005" not in numbers(result)

    def test_overlong_queries_are_refused(self, loaded):
        with pytest.raises(QueryTooLong):
            self.find(loaded, "x" * 10_240)

    def test_suggestions_complete_titles_and_pinyin_prefixes(self, loaded):
        texts = [s.text for s in loaded.suggest("huniu", "zh")]
        assert texts == ["虎钮錞于"]
        assert "错金编钟" in [s.title for s in loaded.suggest("编", "zh")]
        english = [s.title for s in loaded.suggest("bron", "en")]
        assert "Bronze chunyu with tiger knob" in english and len(english) <= 10
        assert "Unpublished bronze mirror" not in english

    def test_highlights_mark_the_stored_text(self, loaded):
        hit = self.find(loaded, "战国", lang="zh-Hant", filters=Filters(galleries=("ancient-ba-yu",))).hits[0]
        assert "<mark>戰國</mark>" in hit.highlight
        hits = {h.accession_number: h for h in self.find(loaded, "drums", lang="en").hits}
        assert "<mark>drums</mark>" in hits["1989.0107"].highlight
        assert hits["1987.0042"].highlight.startswith("<mark>Drum</mark>-beating")

    # --- changes ----------------------------------------------------------------------------------------
    def test_upserts_replace_and_deletes_remove(self, fresh):
        fresh.index_documents(DOCUMENTS[:3])
        changed = dict(DOCUMENTS[1], title={"zh": "凤鸟纹铜尊", "en": "Bronze zun with phoenix design"})
        fresh.apply([changed], ["1977.0012"])
        assert numbers(self.find(fresh, "凤鸟")) == {"2002.0031"}
        assert numbers(self.find(fresh, "鸟形")) == set()
        assert numbers(self.find(fresh, "三羊")) == set()
        assert fresh.count() == 2

    def test_rebuild_swaps_in_a_new_index(self, fresh):
        fresh.index_documents(DOCUMENTS[:2])
        assert fresh.rebuild(iter(DOCUMENTS[2:6])) == 4
        assert numbers(self.find(fresh, "")) == {d["accession_number"] for d in DOCUMENTS[2:6]}
        assert fresh.count() == 4
        assert fresh.health()["status"] == "ok"


class TestTantivy(SearchContract):
    engine = "tantivy"


@pytest.mark.elasticsearch
class TestElasticsearch(SearchContract):
    engine = "elasticsearch"

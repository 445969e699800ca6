"""Elasticsearch (official ``elasticsearch`` 9 client) for installations that outgrow one machine.

Documents carry the same prepared token fields as the embedded index; each is analysed by a plain
``whitespace`` analyzer, so both engines see identical terms. Searches go to the alias
``<prefix>-records``; a rebuild fills ``<prefix>-records-<time>`` and moves the alias in one atomic
``_aliases`` call. Paging past 10,000 hits: the index allows a deep ``from`` (``max_result_window``
raised to :data:`RESULT_WINDOW`; a museum holds well under a million records) and the cursor carries
the offset. ``search_after`` on ``_score`` was tried and dropped: the OpenSearch-compatible test server
compares float scores inexactly, repeating or losing hits of equal score.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

from elastic_transport import HttpHeaders, Urllib3HttpNode
from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError
from elasticsearch import ConnectionError as EsConnectionError

from search.base import SearchBackend
from search.exceptions import BackendUnavailable, BadCursor, SearchError
from search.query import FACETS, TEXT_FIELDS, Filters, RawHits, facet_aggregations, facet_counts
from search.tree import TIE_BREAKER, AllOf, AnyOf, Fuzzy, MatchAll, Node, Phrase, Prefix, Term

BULK_CHUNK = 1000
RESULT_WINDOW = 1_000_000
UNREACHABLE = (EsConnectionError, ConnectionTimeout)


class PlainJsonNode(Urllib3HttpNode):
    """Sends ``application/json`` instead of the client's versioned media type, which servers
    that are not Elasticsearch 9 (OpenSearch-compatible ones) refuse with 406."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        plain = HttpHeaders(headers or {})
        for name in ("accept", "content-type"):
            if name in plain and "vnd.elasticsearch" in plain[name]:
                plain[name] = "application/json"
        return super().perform_request(method, target, body=body, headers=plain, **kwargs)


def index_body() -> dict:
    properties = {"accession_number": {"type": "keyword"},
                  "start_year": {"type": "long"}, "end_year": {"type": "long"},
                  "published": {"type": "boolean"}, "has_3d": {"type": "boolean"},
                  "source": {"type": "object", "enabled": False}}
    properties.update({name: {"type": "text", "analyzer": "prepared"} for name in TEXT_FIELDS})
    properties.update({name: {"type": "keyword"} for name in FACETS})
    analyzer = {"prepared": {"type": "custom", "tokenizer": "whitespace"}}
    return {"settings": {"number_of_shards": 1, "max_result_window": RESULT_WINDOW,
                         "analysis": {"analyzer": analyzer}},
            "mappings": {"dynamic": "strict", "properties": properties}}


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "museum", planner=None, timeout: float = 3.0,
                 client: Elasticsearch | None = None):
        super().__init__(planner)
        self.url = url
        self.alias = f"{prefix}-records"
        self.client = client or Elasticsearch(url, node_class=PlainJsonNode, request_timeout=timeout,
                                              max_retries=0, retry_on_timeout=False)
        self._ready = False

    # --- index management ---------------------------------------------------------------------
    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except UNREACHABLE as error:
            raise BackendUnavailable(f"Elasticsearch at {self.url} is unreachable: {error}") from error
        except ApiError as error:
            raise SearchError(f"Elasticsearch refused the request: {error}") from error
        except TransportError as error:
            raise BackendUnavailable(f"Elasticsearch at {self.url} failed: {error}") from error

    def ensure_index(self) -> None:
        if self._ready:
            return
        if not self._call(self.client.indices.exists_alias, name=self.alias):
            concrete = f"{self.alias}-{time.time_ns()}"
            self._call(self.client.indices.create, index=concrete, **index_body())
            self._call(self.client.indices.put_alias, index=concrete, name=self.alias)
        self._ready = True

    def _concrete_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except ApiError:
            return []

    # --- writing ------------------------------------------------------------------------------
    def _actions(self, index: str, docs: Iterable[dict]) -> Iterable[dict]:
        for doc in docs:
            fields = self.prepare(doc)
            yield {"index": {"_index": index, "_id": fields["accession_number"]}}
            yield {k: v for k, v in fields.items() if v is not None and v != ""}

    def _bulk(self, operations: list[dict], refresh: bool) -> None:
        if not operations:
            return
        response = self._call(self.client.bulk, operations=operations, refresh="true" if refresh else "false")
        if response.get("errors"):
            results = [next(iter(item.values())) for item in response["items"]]  # {"index": {...}}
            problems = [result for result in results if result.get("error") and result.get("status") != 404]
            if problems:
                first = problems[0]
                raise SearchError(f"Elasticsearch rejected {len(problems)} document(s); first: "
                                  f"{first.get('_id')}: {json.dumps(first.get('error'))[:300]}")

    def apply(self, upserts: list[dict], deletes: Iterable[str] = ()) -> None:
        self.ensure_index()
        actions = [[{"delete": {"_index": self.alias, "_id": number}}] for number in deletes]
        lines = list(self._actions(self.alias, upserts))
        actions += [lines[i : i + 2] for i in range(0, len(lines), 2)]
        for start in range(0, len(actions), BULK_CHUNK):
            chunk = [line for action in actions[start : start + BULK_CHUNK] for line in action]
            self._bulk(chunk, refresh=start + BULK_CHUNK >= len(actions))

    def rebuild(self, docs: Iterable[dict]) -> int:
        concrete = f"{self.alias}-{time.time_ns()}"
        self._call(self.client.indices.create, index=concrete, **index_body())
        count, chunk = 0, []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= BULK_CHUNK:
                self._bulk(list(self._actions(concrete, chunk)), refresh=False)
                count, chunk = count + len(chunk), []
        self._bulk(list(self._actions(concrete, chunk)), refresh=False)
        count += len(chunk)
        self._call(self.client.indices.refresh, index=concrete)
        previous = self._concrete_indices()
        actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
        actions.append({"add": {"index": concrete, "alias": self.alias}})
        self._call(self.client.indices.update_aliases, actions=actions)
        for old in previous:
            self._call(self.client.indices.delete, index=old)
        self._ready = True
        return count

    # --- reading ------------------------------------------------------------------------------
    def _compile(self, node: Node) -> dict:
        if isinstance(node, Term):
            return {"term": {node.field: {"value": node.value, "boost": node.boost}}}
        if isinstance(node, Phrase):
            return {"match_phrase": {node.field: {"query": " ".join(node.values), "boost": node.boost}}}
        if isinstance(node, Prefix):
            return {"prefix": {node.field: {"value": node.value, "boost": node.boost}}}
        if isinstance(node, Fuzzy):
            return {"fuzzy": {node.field: {"value": node.value, "fuzziness": node.distance,
                                           "transpositions": True, "boost": node.boost}}}
        if isinstance(node, AnyOf):
            return {"dis_max": {"queries": [self._compile(i) for i in node.items], "tie_breaker": TIE_BREAKER,
                                "boost": node.boost}}
        if isinstance(node, AllOf):
            return {"bool": {"must": [self._compile(i) for i in node.items]}}
        if isinstance(node, MatchAll):
            return {"match_all": {}}
        raise TypeError(f"unknown query node {node!r}")

    @staticmethod
    def _filters(filters: Filters) -> list[dict]:
        clauses = []
        if filters.published_only:
            clauses.append({"term": {"published": True}})
        for name, values in (("category", filters.categories), ("period", filters.periods),
                             ("gallery", filters.galleries)):
            if values:
                clauses.append({"terms": {name: list(values)}})
        if filters.year_to is not None:
            clauses.append({"range": {"start_year": {"lte": filters.year_to}}})
        if filters.year_from is not None:
            clauses.append({"range": {"end_year": {"gte": filters.year_from}}})
        if filters.has_3d is not None:
            clauses.append({"term": {"has_3d": filters.has_3d}})
        return clauses

    def execute(self, node: Node, filters: Filters, size: int, offset: int = 0,
                cursor: dict | None = None, facets: bool = True) -> RawHits:
        self.ensure_index()
        body: dict = {"query": {"bool": {"must": [self._compile(node)], "filter": self._filters(filters)}},
                      "size": size, "track_total_hits": True,
                      "sort": [{"_score": {"order": "desc"}}, {"accession_number": {"order": "asc"}}]}
        if cursor is not None:
            if not isinstance(cursor.get("o"), int) or not 0 <= cursor["o"] < RESULT_WINDOW:
                raise BadCursor("cursor was not issued by the Elasticsearch engine")
            offset = cursor["o"]
        body["from"] = offset
        if facets:
            body["aggs"] = facet_aggregations()
        response = self._call(self.client.search, index=self.alias, **body)
        found = response["hits"]
        hits = [(h["_source"]["accession_number"], h.get("_score") or (h.get("sort") or [0])[0],
                 h["_source"].get("source") or {}) for h in found["hits"]]
        total = found["total"]["value"] if isinstance(found["total"], dict) else int(found["total"])
        counts = facet_counts(response.get("aggregations") or {}) if facets else {}
        next_cursor = json.dumps({"o": offset + len(hits)})
        return RawHits(total, hits, counts, next_cursor)

    def count(self) -> int:
        self.ensure_index()
        return int(self._call(self.client.count, index=self.alias)["count"])

    def health(self) -> dict:
        try:
            return {"status": "ok", "engine": self.name, "documents": self.count(), "alias": self.alias}
        except Exception as error:  # health answers, never raises
            return {"status": "down", "engine": self.name, "error": f"{type(error).__name__}: {error}"[:200]}

    def close(self) -> None:
        self.client.close()

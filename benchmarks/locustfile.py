"""Visitors of the public site and its open data, for locust (used by benchmarks/load.py and soak.py).

A visitor browses as people do: the home page, a gallery, object pages with their deep-zoom tiles and 3D
model files, searches in six languages with facets, suggestions, the IIIF and open-data endpoints. The
think time is ``THINK_SECONDS`` (environment; 0 = none, as fast as the server answers).
"""

from __future__ import annotations

import os
import random

from gevent.lock import Semaphore
from locust import HttpUser, between, constant, task

from languages import URL_SEGMENTS

LANGS = tuple(URL_SEGMENTS.values())
QUERIES = ("青铜", "錞于", "chunyu", "bronze", "tiger", "虎", "三峡", "白鹤梁", "巴", "钟", "jian", "épée",
           "清", "陶", "pottery", "瓷", "mirror", "铜镜", "ding", "鼎", "漆器", "夔", "明", "唐寅", "zun",
           "鸟形")
SIZES = ("!200,200", "120,", "max", "pct:50", "pct:25", "!100,100")  # never above the image (no ^)
THINK = float(os.environ.get("THINK_SECONDS", "5"))


class Visitor(HttpUser):
    wait_time = between(THINK * 0.5, THINK * 1.5) if THINK > 0 else constant(0)
    catalogue: dict = {}
    _setup = Semaphore()  # the first visitor reads the catalogue; the others wait for it, not repeat it

    def on_start(self) -> None:
        with Visitor._setup:
            if not Visitor.catalogue:
                self._read_catalogue()

    def _read_catalogue(self) -> None:
        objects = self.client.get("/api/v1/objects?size=100", name="setup").json()["items"]
        galleries = [g["slug"] for g in self.client.get("/api/v1/galleries", name="setup").json()["items"]]
        images = []
        for item in objects[:40]:
            manifest = self.client.get(f"/iiif/manifests/{item['accession_number']}.json", name="setup")
            images += sorted(set(_iiif_ids(manifest.text)))
        Visitor.catalogue = {"objects": [o["accession_number"] for o in objects], "galleries": galleries,
                             "images": images or ["none"]}

    def _object(self) -> str:
        return random.choice(self.catalogue["objects"])

    @task(6)
    def object_page(self) -> None:
        self.client.get(f"/{random.choice(LANGS)}/objects/{self._object()}",
                        name="/<lang>/objects/<accession>")

    @task(6)
    def search(self) -> None:
        lang = random.choice(LANGS)
        # half the queries are new strings (what people type is endless): caches must stay bounded
        query = random.choice(QUERIES) if random.random() < 0.5 else _random_query()
        if random.random() < 0.5:
            self.client.get(f"/api/v1/search?q={query}&lang={lang}", name="/api/v1/search")
        else:
            self.client.get(f"/{lang}/search?q={query}", name="/<lang>/search")

    @task(3)
    def suggest(self) -> None:
        self.client.get(f"/api/v1/suggest?q={random.choice(QUERIES)[:1]}", name="/api/v1/suggest")

    @task(8)
    def deep_zoom(self) -> None:
        """What OpenSeadragon asks for: info.json, then tiles of the advertised size at a scale factor."""
        image = random.choice(self.catalogue["images"])
        info = self.client.get(f"/iiif/3/{image}/info.json", name="/iiif/3/<id>/info.json").json()
        tile = info["tiles"][0]
        scale = random.choice(tile["scaleFactors"])
        span = tile["width"] * scale
        for _ in range(4):
            x = random.randrange(0, max(1, -(-info["width"] // span))) * span
            y = random.randrange(0, max(1, -(-info["height"] // span))) * span
            w, h = min(span, info["width"] - x), min(span, info["height"] - y)
            self.client.get(f"/iiif/3/{image}/{x},{y},{w},{h}/{-(-w // scale)},/0/default.jpg",
                            name="/iiif/3/<id>/<tile>/0/default.jpg")
        self.client.get(f"/iiif/3/{image}/full/{random.choice(SIZES)}/0/default.jpg",
                        name="/iiif/3/<id>/full/<size>/0/default.jpg")

    @task(3)
    def home_and_gallery(self) -> None:
        lang = random.choice(LANGS)
        self.client.get(f"/{lang}/", name="/<lang>/")
        self.client.get(f"/{lang}/galleries/{random.choice(self.catalogue['galleries'])}",
                        name="/<lang>/galleries/<slug>")

    @task(2)
    def open_data(self) -> None:
        accession = self._object()
        self.client.get(f"/iiif/manifests/{accession}.json", name="/iiif/manifests/<accession>.json")
        self.client.get(f"/api/v1/objects/{accession}.jsonld", name="/api/v1/objects/<accession>.jsonld")
        self.client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc", name="/oai ListRecords")

    @task(2)
    def models(self) -> None:
        accession = self._object()
        answer = self.client.get(f"/api/v1/objects/{accession}/models",
                                 name="/api/v1/objects/<accession>/models")
        for model in (answer.json().get("models") or [])[:1] if answer.ok else []:
            web = [d["url"] for d in model.get("derivatives", []) if d.get("level") == "web"]
            if web:
                self.client.get(web[0], name="/api/v1/models/files/<name>")

    @task(1)
    def health(self) -> None:
        self.client.get("/healthz", name="/healthz")


def _random_query() -> str:
    if random.random() < 0.5:
        return "".join(random.choice(CJK_POOL) for _ in range(random.randint(1, 4)))
    return "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(3, 9)))


CJK_POOL = ("青铜錞于虎钮三峡白鹤梁巴渝楚秦汉唐宋元明清陶瓷玉石金银"
            "漆木竹书画印章钟鼎尊壶剑戈矛镜俑佛像碑帖江山水云雨雾")


def _iiif_ids(text: str) -> list[str]:
    import re

    return re.findall(r"/iiif/3/([^/\"]+)/full", text)

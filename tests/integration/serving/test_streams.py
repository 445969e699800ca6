"""Event streams under the production server hold no request thread (issue 13, item 1)."""

from __future__ import annotations

import http.client
import json
import time
from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest

from museum import create_app
from museum.catalogue.poems import StationPoem
from museum.extensions import db
from tests.servers import museum_serve

pytestmark = pytest.mark.slow
THREADS = 2
STREAMS = 3 * THREADS + 4


class Stream:
    """An open ``text/event-stream`` response read line by line."""

    def __init__(self, base: str, path: str, headers: dict):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.connection.request("GET", path, headers=headers)
        self.response = self.connection.getresponse()

    def next_event(self) -> dict:
        fields = {}
        while True:
            line = self.response.fp.readline().decode().rstrip("\n")
            if not line:
                if "data" in fields:
                    return fields
                fields = {}
                continue
            name, _, value = line.partition(": ")
            fields[name] = value

    def close(self):
        self.connection.close()


def add_poem(instance, code: str) -> None:
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.app_context(), db.transaction() as session:
        session.add(StationPoem(code=code, result={"lines": ["白帝城高晓雾开"], "poet": "李白",
                                                   "form": "七言绝句"}))
    with app.app_context():
        db.dispose()


def healthz_seconds(base: str) -> float:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    started = time.perf_counter()
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200
    connection.close()
    return time.perf_counter() - started


def test_open_streams_leave_requests_free_and_receive_new_poems(instance):
    with museum_serve(instance, WSGI_THREADS=THREADS, TRUSTED_PROXIES=1) as (base,
                                                                             _), ExitStack() as open_streams:
        streams = []
        for number in range(STREAMS):  # more streams than request threads, each from its own address
            stream = Stream(base, "/kiosk/poems/events", {"X-Forwarded-For": f"10.1.0.{number}"})
            open_streams.callback(stream.close)
            assert stream.response.status == 200
            assert stream.response.getheader("Content-Type").startswith("text/event-stream")
            streams.append(stream)
        # Before the fix each stream held a thread for 30 s: /healthz waited for one to end.
        assert max(healthz_seconds(base) for _ in range(5)) < 10
        add_poem(instance, "STREAM01")
        for stream in streams:
            event = stream.next_event()
            assert event["event"] == "poem" and json.loads(event["data"])["code"] == "STREAM01"


def test_streams_per_client_are_capped(instance):
    with museum_serve(instance, STREAM_MAX_PER_CLIENT=2) as (base, _), ExitStack() as open_streams:
        for _ in range(2):
            stream = Stream(base, "/kiosk/poems/events", {})
            open_streams.callback(stream.close)
            assert stream.response.status == 200
        refused = Stream(base, "/kiosk/poems/events", {"X-Forwarded-For": "10.9.9.9"})  # not trusted: ignored
        open_streams.callback(refused.close)
        assert refused.response.status == 429 and refused.response.getheader("Retry-After")

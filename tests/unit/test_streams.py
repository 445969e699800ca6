"""The event-stream hub (museum/streams.py) driven over ASGI with a fake channel."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from museum import streams
from museum.asgi import client_address, client_scheme


class FakeChannel:
    def __init__(self):
        self.events: list[streams.Event] = []
        self.fetches = 0

    def fetch(self, after, limit):
        self.fetches += 1
        return [e for e in self.events if e[0] > after][:limit]

    def newest(self):
        return self.events[-1][0] if self.events else 0

    def channel(self):
        return streams.Channel("poem", self.fetch, self.newest)


class Client:
    """One ASGI conversation: what the server sent, and a switch to disconnect."""

    def __init__(self):
        self.sent: list[dict] = []
        self.gone = asyncio.Event()
        self.got_body = asyncio.Event()

    async def receive(self):
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message):
        self.sent.append(message)
        if message["type"] == "http.response.body":
            self.got_body.set()

    def status(self):
        return self.sent[0]["status"]

    def text(self):
        return b"".join(m.get("body", b"") for m in self.sent[1:]).decode()


def run(coroutine):
    """Run on a thread of its own: an event loop of an earlier test in this process (Playwright's sync API
    keeps one running in the main thread while its browser lives) must not decide whether these tests run."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, asyncio.wait_for(coroutine, 20)).result()


def test_start_cursor_resumes_replays_or_starts_now():
    assert streams.start_cursor(None, False, 40) == 40
    assert streams.start_cursor(None, True, 40) == 39
    assert streams.start_cursor("35", False, 40) == 35
    assert streams.start_cursor("1", False, 40) == 40 - streams.REPLAY_LIMIT  # no flood after a long absence
    assert streams.start_cursor("x", False, 0) == 0


def test_caps_per_client_and_per_process():
    async def scenario():
        hub = streams.Hub(FakeChannel().channel(), streams.StreamLimits(max_per_client=2, max_total=3))
        assert [hub.admit("a"), hub.admit("a"), hub.admit("a")] == [None, None, 429]
        assert [hub.admit("b"), hub.admit("c")] == [None, 503]
        hub.leave("a")
        assert hub.admit("c") is None and dict(hub.per_client) == {"a": 1, "b": 1, "c": 1}

    run(scenario())


def test_a_stream_gets_new_events_and_ends_when_the_client_leaves():
    async def scenario():
        source = FakeChannel()
        source.events = [(1, {"code": "OLD"})]
        hub = streams.Hub(source.channel(), streams.StreamLimits(poll_seconds=0.01))
        client = Client()
        task = asyncio.create_task(streams.serve(hub, "a", lambda newest: newest, client.receive, client.send,
                                                 []))
        while not hub.subscribers:  # the stream has started and listens
            await asyncio.sleep(0)
        source.events.append((2, {"code": "NEW"}))
        while "NEW" not in client.text():
            client.got_body.clear()
            await client.got_body.wait()
        client.gone.set()
        await task
        assert client.status() == 200 and "OLD" not in client.text()
        assert "id: 1\n" in client.text()  # the start moves Last-Event-ID even before any event
        assert "id: 2\nevent: poem\n" in client.text()
        assert not hub.subscribers and not hub.per_client

    run(scenario())


def test_a_refused_stream_says_why():
    async def scenario():
        hub = streams.Hub(FakeChannel().channel(), streams.StreamLimits(max_per_client=0))
        client = Client()
        await streams.serve(hub, "a", lambda newest: newest, client.receive, client.send, [])
        assert client.status() == 429 and "too many" in client.text()
        assert (b"retry-after", b"30") in client.sent[0]["headers"]

    run(scenario())


def test_a_stream_ends_after_its_lifetime():
    async def scenario():
        limits = streams.StreamLimits(max_seconds=0.05, keepalive_seconds=0.01)
        hub = streams.Hub(FakeChannel().channel(), limits)
        client = Client()
        await streams.serve(hub, "a", lambda newest: newest, client.receive, client.send, [])
        assert client.sent[-1] == {"type": "http.response.body", "body": b""}
        assert not hub.per_client

    run(scenario())


def test_client_address_believes_only_trusted_proxies():
    scope = {"client": ("127.0.0.1", 5), "headers": [(b"x-forwarded-for", b"6.6.6.6, 10.0.0.7")]}
    assert client_address(scope, 0) == "127.0.0.1"
    assert client_address(scope, 1) == "10.0.0.7"
    assert client_address(scope, 2) == "6.6.6.6"
    assert client_address(scope, 3) == "127.0.0.1"  # fewer hops than proxies: the header is not believed


def test_client_scheme_believes_only_trusted_proxies():
    scope = {"scheme": "http", "headers": [(b"x-forwarded-proto", b"https")]}
    assert client_scheme(scope, 0) == "http"  # a forged header changes nothing
    assert client_scheme(scope, 1) == "https"
    assert client_scheme(scope, 2) == "http"
    assert client_scheme({"scheme": "https", "headers": []}, 0) == "https"

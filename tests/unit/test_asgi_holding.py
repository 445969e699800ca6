"""The WSGI-in-ASGI adapter holds a small answer in the worker thread and sends it from the event loop in one
piece (start + one body message); a large answer streams once it passes the limit, bytes unchanged; an app
failing half way sends nothing."""

from __future__ import annotations

import asyncio

import pytest

from museum.asgi import HoldingWSGI


def scope() -> dict:
    return {"type": "http", "http_version": "1.1", "method": "GET", "scheme": "http", "path": "/x",
            "raw_path": b"/x", "query_string": b"", "root_path": "", "headers": [(b"host", b"t")],
            "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}


def answer(chunks, fail_after: int | None = None):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        for n, chunk in enumerate(chunks):
            if fail_after is not None and n == fail_after:
                raise RuntimeError("the app failed half way")
            yield chunk
    return app


def run(app, limit: int = 256 * 1024, sent: list | None = None) -> list[dict]:
    sent = [] if sent is None else sent

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    async def main():
        await HoldingWSGI(app, workers=2, limit=limit)(scope(), receive, send)

    asyncio.run(main())
    return sent


def test_a_small_answer_is_sent_whole_in_two_messages():
    sent = run(answer([b"ab", b"", b"cd"]))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 200 and sent[1] == {"type": "http.response.body", "body": b"abcd",
                                                     "more_body": False}


def test_a_large_answer_streams_once_past_the_limit_with_the_same_bytes():
    chunks = [bytes([n]) * 100_000 for n in range(5)]
    assert len(run(answer(chunks), limit=600_000)) == 2  # under its limit: whole
    sent = run(answer(chunks), limit=150_000)
    bodies = [m for m in sent if m["type"] == "http.response.body"]
    assert len(bodies) > 2 and b"".join(m["body"] for m in bodies) == b"".join(chunks)
    assert bodies[-1].get("more_body", False) is False and all(m["more_body"] for m in bodies[:-1])


def test_an_app_failing_half_way_sends_nothing_half_made():
    sent = []
    with pytest.raises(RuntimeError, match="half way"):
        run(answer([b"a", b"b", b"c"], fail_after=2), sent=sent)
    assert sent == []

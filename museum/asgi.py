"""The ASGI front of the service, run by ``museum serve`` (gunicorn's native ``asgi`` worker).

Event streams (:mod:`museum.streams`) are served here on the event loop; every other request goes to the
Flask app in a bounded thread pool (``WSGI_THREADS``) through a2wsgi. So open streams cost no request
capacity, and a slow request cannot delay a stream.
"""

from __future__ import annotations

import contextvars
import functools

from a2wsgi import WSGIMiddleware
from a2wsgi.wsgi import Body, WSGIResponder, build_environ
from flask import Flask

from museum import security, streams
from museum.catalogue.poems import newest_poem_id, poem_events_after

HELD_BYTES = 256 * 1024  # an answer up to this size is sent whole from the event loop (see HoldingResponder)


class HoldingResponder(WSGIResponder):
    """a2wsgi's responder, except that the answer is held in the worker thread until the app returns and then
    sent by the event loop in one piece, while it stays under ``limit`` bytes. a2wsgi hands every message
    (the status and headers, each body chunk, the end) from the thread to the loop and waits for the loop to
    take it: three round trips between threads for a search answer, most of the HTTP path's cost beyond
    Flask itself. A larger answer (a GLB, a zip, a video) switches to a2wsgi's streaming when it passes the
    limit, so memory per request stays bounded; an app failing before it is done sends nothing half-made."""

    def __init__(self, app, executor, send_queue_size: int, limit: int = HELD_BYTES):
        super().__init__(app, executor, send_queue_size)
        self.limit = limit
        self.held: list[dict] | None = []  # None once streaming
        self.held_bytes = 0

    def send(self, message) -> None:  # in the worker thread
        if self.held is None:
            super().send(message)
            return
        self.held.append(message)
        self.held_bytes += len(message.get("body", b""))
        if self.held_bytes > self.limit:
            held, self.held = self.held, None
            for earlier in held:
                super().send(earlier)

    async def __call__(self, scope, receive, send) -> None:
        environ = build_environ(scope, Body(self.loop, receive))
        sender = self.loop.create_task(self.sender(send))
        try:
            run = functools.partial(contextvars.copy_context().run, self.wsgi)
            await self.loop.run_in_executor(self.executor, run, environ, self.start_response)
            if self.held is not None:
                await self._send_held(send)
            await self.send_queue.put(None)
            await sender
            if self.exc_info is not None:
                raise self.exc_info[0].with_traceback(self.exc_info[1], self.exc_info[2])
        finally:
            if not sender.done():
                sender.cancel()

    async def _send_held(self, send) -> None:
        """The start message, then every body chunk joined into the one last message."""
        if not self.held:  # the app returned without starting an answer: a2wsgi's way (nothing sent)
            return
        start, *bodies = self.held
        await send(start)
        await send({"type": "http.response.body", "body": b"".join(m.get("body", b"") for m in bodies),
                    "more_body": False})


class HoldingWSGI(WSGIMiddleware):
    """a2wsgi's WSGI-in-ASGI adapter with :class:`HoldingResponder` for HTTP."""

    def __init__(self, app, workers: int, limit: int = HELD_BYTES):
        super().__init__(app, workers=workers)
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            responder = HoldingResponder(self.app, self.executor, self.send_queue_size, self.limit)
            await responder(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _forwarded(scope: dict, header: bytes, trusted_proxies: int, default: str) -> str:
    """With ``trusted_proxies`` = n, the n-th value from the right of an ``X-Forwarded-*`` header, else
    ``default`` (the same rule as werkzeug's ProxyFix, so both layers agree)."""
    if trusted_proxies <= 0:
        return default
    forwarded = [value.decode("latin-1") for name, value in scope.get("headers", ()) if name == header]
    hops = [hop.strip() for hop in ",".join(forwarded).split(",") if hop.strip()]
    return hops[-trusted_proxies] if len(hops) >= trusted_proxies else default


def client_address(scope: dict, trusted_proxies: int) -> str:
    """The client's address: the peer, or the one the trusted proxies give in ``X-Forwarded-For``."""
    return _forwarded(scope, b"x-forwarded-for", trusted_proxies, (scope.get("client") or ("unknown", 0))[0])


def client_scheme(scope: dict, trusted_proxies: int) -> str:
    """``http`` or ``https`` as the client used it: the server's, or the trusted proxies'
    ``X-Forwarded-Proto``."""
    return _forwarded(scope, b"x-forwarded-proto", trusted_proxies, scope.get("scheme", "http"))


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _query(scope: dict) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))


def poem_channel(app: Flask) -> streams.Channel:
    database = app.extensions["museum_db"]

    def fetch(after: int, limit: int):
        with database.transaction() as session:
            return poem_events_after(session, after, limit)

    def newest() -> int:
        with database.transaction() as session:
            return newest_poem_id(session)

    return streams.Channel("poem", fetch, newest)


class MuseumASGI:
    """Routes ``GET`` on a stream path to its hub; everything else to Flask."""

    def __init__(self, app: Flask):
        config = app.config
        self.app = app
        self.wsgi = HoldingWSGI(app, workers=config["WSGI_THREADS"])
        self.trusted_proxies = config["TRUSTED_PROXIES"]
        self.hsts = config["HSTS"]
        self.limits = streams.StreamLimits(
            max_per_client=config["STREAM_MAX_PER_CLIENT"], max_total=config["STREAM_MAX_TOTAL"],
            max_seconds=config["STREAM_MAX_SECONDS"], keepalive_seconds=config["STREAM_KEEPALIVE_SECONDS"],
            poll_seconds=config["STREAM_POLL_SECONDS"])
        self.channels = {"/kiosk/poems/events": poem_channel(app)}
        self.hubs: dict[str, streams.Hub] = {}  # made on the worker's own event loop, at first use

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] == "http" and scope["path"] in self.channels and scope["method"] == "GET":
            await self._stream(scope, receive, send)
            return
        await self.wsgi(scope, receive, send)

    async def _stream(self, scope, receive, send) -> None:
        path = scope["path"]
        hub = self.hubs.get(path) or self.hubs.setdefault(path, streams.Hub(self.channels[path], self.limits))
        last, query = _header(scope, b"last-event-id") or _query(scope).get("after"), _query(scope)
        secure = client_scheme(scope, self.trusted_proxies) == "https"
        await streams.serve(hub, client_address(scope, self.trusted_proxies),
                            lambda newest: streams.start_cursor(last, bool(query.get("replay")), newest),
                            receive, send, security.asgi_headers(secure, self.hsts))

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def create_asgi_app(app: Flask) -> MuseumASGI:
    return MuseumASGI(app)

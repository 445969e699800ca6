"""Server-sent event streams that hold no request thread.

A stream is served on the ASGI event loop (:mod:`museum.asgi`), never by a Flask view: an open stream
costs a small coroutine, so hundreds of projection screens and kiosks cannot starve the request threads.
Each process keeps one :class:`Hub` per channel; the hub polls its source for new events once per
``poll_seconds`` while anyone listens (one query per process, however many streams are open) and hands
each subscriber the events after its own cursor (``Last-Event-ID`` on reconnection). Limits are checked
before a stream starts: ``max_per_client`` open streams per client address (429) and ``max_total`` per
process (503); every stream ends after ``max_seconds`` and the browser reconnects where it left off.

Under a plain WSGI server the Flask view answers the same URL with the events already waiting and ends the
response at once (``retry:`` tells the browser when to ask again): it too never holds a thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Event = tuple[int, dict]
REPLAY_LIMIT = 10  # a new subscriber is given at most this many past events


def format_event(event_name: str, event: Event) -> str:
    number, data = event
    return f"id: {number}\nevent: {event_name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def start_cursor(last_event_id: str | None, replay: bool, newest: int) -> int:
    """Where a subscriber starts: after ``Last-Event-ID`` (clamped to recent events), else now (or one back
    with ``replay``, so a projection that starts shows the latest poem at once)."""
    if last_event_id is not None and last_event_id.isdecimal():
        return max(int(last_event_id), newest - REPLAY_LIMIT)
    return max(0, newest - (1 if replay else 0))


@dataclass(frozen=True)
class Channel:
    """A source of numbered events: ``fetch(after, limit)`` and ``newest()`` are blocking calls (they read
    the database) and run in a thread."""

    event_name: str
    fetch: Callable[[int, int], list[Event]]
    newest: Callable[[], int]


@dataclass(frozen=True)
class StreamLimits:
    max_per_client: int = 8
    max_total: int = 2000
    max_seconds: float = 600.0
    keepalive_seconds: float = 15.0
    poll_seconds: float = 1.0
    retry_ms: int = 1000


class Subscriber:
    def __init__(self, cursor: int):
        self.cursor = cursor
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=256)

    def offer(self, event: Event) -> None:
        if event[0] > self.cursor:
            self.cursor = event[0]
            if self.queue.full():  # a reader that stopped reading loses old events, not the process memory
                self.queue.get_nowait()
            self.queue.put_nowait(event)


class Hub:
    """The per-process fan-out of one channel (see the module docstring)."""

    def __init__(self, channel: Channel, limits: StreamLimits):
        self.channel, self.limits = channel, limits
        self.subscribers: set[Subscriber] = set()
        self.per_client: Counter[str] = Counter()
        self._task: asyncio.Task | None = None
        self._wake = asyncio.Event()

    def admit(self, client: str) -> int | None:
        """None if ``client`` may open another stream, else the HTTP status that refuses it."""
        if self.per_client[client] >= self.limits.max_per_client:
            return 429
        if sum(self.per_client.values()) >= self.limits.max_total:
            return 503
        self.per_client[client] += 1
        return None

    def leave(self, client: str) -> None:
        self.per_client[client] -= 1
        if self.per_client[client] <= 0:
            del self.per_client[client]

    async def newest(self) -> int:
        return await asyncio.to_thread(self.channel.newest)

    def subscribe(self, cursor: int) -> Subscriber:
        subscriber = Subscriber(cursor)
        self.subscribers.add(subscriber)
        if self._task is None or self._task.done():
            loop = asyncio.get_running_loop()
            self._task = loop.create_task(self._poll(), name=f"hub-{self.channel.event_name}")
        self._wake.set()  # a late joiner with a cursor behind gets its backlog now, not at the next tick
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    async def _poll(self) -> None:
        while self.subscribers:
            after = min(s.cursor for s in self.subscribers)
            try:
                events = await asyncio.to_thread(self.channel.fetch, after, 50)
            except Exception:  # the database is away: keep the streams open and try again
                log.exception("event hub %s: reading new events failed", self.channel.event_name)
                events = []
            for event in events:
                for subscriber in list(self.subscribers):
                    subscriber.offer(event)
            self._wake.clear()
            try:  # the poll interval (or an earlier wake-up by a new subscriber)
                await asyncio.wait_for(self._wake.wait(), self.limits.poll_seconds)
            except TimeoutError:
                pass


async def serve(hub: Hub, client: str, cursor_of: Callable[[int], int], receive, send,
                headers: list[tuple[bytes, bytes]]) -> None:
    """Serve one event stream over ASGI (``cursor_of(newest)`` gives the subscriber's start)."""
    refused = hub.admit(client)
    if refused is not None:
        message = (b"too many open event streams from this address" if refused == 429
                   else b"this server is at its limit of open event streams")
        await send({"type": "http.response.start", "status": refused, "headers": [
            *headers, (b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"30")]})
        await send({"type": "http.response.body", "body": message})
        return
    try:
        cursor = cursor_of(await hub.newest())
        await send({"type": "http.response.start", "status": 200, "headers": [
            *headers, (b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache"),
            (b"x-accel-buffering", b"no")]})
        # ``id:`` without data moves the browser's Last-Event-ID, so a reconnection resumes from here
        opening = f"retry: {hub.limits.retry_ms}\nid: {cursor}\n\n"
        await send({"type": "http.response.body", "body": opening.encode(), "more_body": True})
        subscriber = hub.subscribe(cursor)
        try:
            await _pump(hub, subscriber, receive, send)
        finally:
            hub.unsubscribe(subscriber)
    except OSError:  # the client went away mid-write
        return
    finally:
        hub.leave(client)


async def _pump(hub: Hub, subscriber: Subscriber, receive, send) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + hub.limits.max_seconds
    disconnected = loop.create_task(_disconnect(receive))
    try:
        while (remaining := deadline - loop.time()) > 0:
            getting = loop.create_task(subscriber.queue.get())
            done, _ = await asyncio.wait({getting, disconnected},
                                         timeout=min(hub.limits.keepalive_seconds, remaining),
                                         return_when=asyncio.FIRST_COMPLETED)
            if getting not in done:
                getting.cancel()
            if disconnected in done:
                return
            if getting in done:
                chunk = format_event(hub.channel.event_name, getting.result())
            else:
                chunk = ": keep-alive\n\n"
            await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    finally:
        disconnected.cancel()


async def _disconnect(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass

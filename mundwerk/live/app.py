"""The events application: a small pure-ASGI app that serves members' streams and nothing else.

It answers GET on any path (a proxy may route /live/ to it with or without
the prefix) with a text/event-stream for the member of the session cookie;
query parameters `topic` and `after` name the open topic and the last post
number the page shows. Pages never come through here.
"""

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError

from mundwerk.live import access, changes
from mundwerk.live.nudges import Listeners
from mundwerk.live.stream import Stream, resume_from

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

RETRY_AFTER_SECONDS = 30


class Refused(Exception):
    """An answer other than a stream: status, a short reason, extra headers."""

    def __init__(
        self, status: int, reason: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or []


@dataclass
class Request:
    """What the app reads of an HTTP request."""

    method: str
    headers: dict[str, str]
    query: dict[str, list[str]]
    scheme: str
    port: int

    @classmethod
    def from_scope(cls, scope: Scope) -> "Request":
        headers: dict[str, str] = {}
        for name, value in scope.get("headers", []):
            key = name.decode("latin-1").lower()
            text = value.decode("latin-1")
            # RFC 9110 §5.3: repeated fields are one list; cookies join with "; ".
            joiner = "; " if key == "cookie" else ", "
            headers[key] = f"{headers[key]}{joiner}{text}" if key in headers else text
        server = scope.get("server") or ("", 0)
        return cls(
            method=scope.get("method", "GET"),
            headers=headers,
            query=parse_qs(scope.get("query_string", b"").decode("latin-1")),
            scheme=scope.get("scheme", "http"),
            port=int(server[1] or 0),
        )

    def number(self, name: str) -> int | None:
        values = self.query.get(name)
        if not values:
            return None
        if not (values[0].isascii() and values[0].isdigit()) or len(values[0]) > 18:
            raise Refused(400, f"{name} must be a whole number")
        return int(values[0])


class EventsApp:
    """Serve at most `EVENTS_MAX_STREAMS` streams at once in this process."""

    def __init__(self) -> None:
        self.open_streams = 0
        self.listeners = Listeners()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = Request.from_scope(scope)
        cors = self._cors_headers(request)
        try:
            if cors is None:
                raise Refused(403, "not a page of this site")
            if request.method not in ("GET", "HEAD"):
                raise Refused(405, "only GET", [(b"allow", b"GET, HEAD")])
            if self.open_streams >= settings.EVENTS_MAX_STREAMS:
                retry = str(RETRY_AFTER_SECONDS).encode()
                raise Refused(503, "too many streams", [(b"retry-after", retry)])
            self.open_streams += 1
        except Refused as refusal:
            await _refuse(send, refusal, cors or [])
            return
        try:
            await self._serve(request, receive, send, cors)
        except Refused as refusal:
            await _refuse(send, refusal, cors)
        finally:
            self.open_streams -= 1

    async def _serve(
        self, request: Request, receive: Receive, send: Send, cors: list[tuple[bytes, bytes]]
    ) -> None:
        topic_id = request.number("topic")
        after = request.number("after") or 0
        cookies = access.parse_cookies(request.headers.get("cookie", ""))
        try:
            member = await sync_to_async(access.member_from_session)(
                cookies.get(settings.SESSION_COOKIE_NAME, "")
            )
            if member is None:
                raise Refused(403, "not logged in")
            if topic_id is not None and not await sync_to_async(changes.topic_visible_to)(
                member, topic_id
            ):
                raise Refused(404, "no such topic")
        except DatabaseError:
            await sync_to_async(changes.forget_broken_connection)()
            raise Refused(503, "database unavailable", [(b"retry-after", b"5")]) from None
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-store"),
                    # nginx would otherwise hold events back in its buffer.
                    (b"x-accel-buffering", b"no"),
                    *cors,
                ],
            }
        )
        if request.method == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        hidden = await sync_to_async(changes.hidden_authors)(member)
        await self._stream(request, receive, send, member.pk, topic_id, after, cookies, hidden)

    async def _stream(
        self,
        request: Request,
        receive: Receive,
        send: Send,
        member_id: int,
        topic_id: int | None,
        after: int,
        cookies: dict[str, str],
        hidden: frozenset[int],
    ) -> None:
        disconnected = asyncio.Event()
        wake = asyncio.Event()

        async def write(chunk: bytes) -> None:
            try:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            except (OSError, RuntimeError):
                disconnected.set()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            disconnected.set()
            wake.set()

        stream = Stream(
            member_id=member_id,
            session_key=cookies.get(settings.SESSION_COOKIE_NAME, ""),
            hidden=hidden,
            topic_id=topic_id,
            position=resume_from(request.headers.get("last-event-id", ""), after),
            language=access.language_of(cookies, request.headers.get("accept-language", "")),
            write=write,
            wake=wake,
            disconnected=disconnected,
        )
        subjects = [f"member:{member_id}"] + ([f"topic:{topic_id}"] if topic_id else [])
        self.listeners.add(subjects, wake)
        watcher = asyncio.create_task(watch())
        try:
            await stream.run()
            if not disconnected.is_set():
                await send({"type": "http.response.body", "body": b""})
        except (OSError, RuntimeError):
            pass
        finally:
            self.listeners.remove(subjects, wake)
            watcher.cancel()

    def _cors_headers(self, request: Request) -> list[tuple[bytes, bytes]] | None:
        """Return the CORS headers for the request's page, or None for a foreign page."""
        origin = request.headers.get("origin")
        if origin is None:
            return []  # same origin (behind a proxy), or not a browser
        host = request.headers.get("host", "")
        if not access.allowed_origin(origin, host, request.scheme, request.port):
            return None
        return [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-credentials", b"true"),
            (b"vary", b"Origin"),
        ]

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _refuse(send: Send, refusal: Refused, cors: list[tuple[bytes, bytes]]) -> None:
    body = f"{refusal.reason}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": refusal.status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *refusal.headers,
                *cors,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

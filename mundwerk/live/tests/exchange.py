"""Drive the events app as a server would: a request, what it sends back, a disconnect on demand."""

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mundwerk.live.app import EventsApp


@dataclass
class Event:
    id: str
    name: str
    data: dict[str, Any]


@dataclass
class Exchange:
    headers: dict[str, str] = field(default_factory=dict)
    query: str = ""
    method: str = "GET"
    port: int = 8001
    sent: list[dict[str, Any]] = field(default_factory=list)
    gone: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    _asked: bool = False

    def scope(self) -> dict[str, Any]:
        return {
            "type": "http",
            "method": self.method,
            "scheme": "http",
            "path": "/",
            "query_string": self.query.encode(),
            "headers": [(k.lower().encode(), v.encode()) for k, v in self.headers.items()],
            "server": ("127.0.0.1", self.port),
        }

    async def receive(self) -> dict[str, Any]:
        if not self._asked:
            self._asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)
        self.changed.set()

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    @property
    def response_headers(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.sent[0]["headers"]}

    @property
    def body(self) -> str:
        return b"".join(m.get("body", b"") for m in self.sent[1:]).decode()

    @property
    def finished(self) -> bool:
        return bool(self.sent) and not self.sent[-1].get("more_body", False) and len(self.sent) > 1

    @property
    def events(self) -> list[Event]:
        found: list[Event] = []
        if not self.sent or self.status != 200:
            return found
        for block in self.body.split("\n\n"):
            fields = dict(
                line.split(": ", 1) for line in block.splitlines() if not line.startswith(":")
            )
            if "event" in fields:
                found.append(Event(fields["id"], fields["event"], json.loads(fields["data"])))
        return found


async def run(
    app: EventsApp,
    exchange: Exchange,
    until: Callable[[Exchange], bool] = lambda exchange: exchange.finished,
    *,
    during: Callable[[], Any] | None = None,
    timeout: float = 5,
) -> Exchange:
    """Run one request until `until` holds, then hang up (as a browser closing the page does)."""
    task = asyncio.create_task(app(exchange.scope(), exchange.receive, exchange.send))
    async with asyncio.timeout(timeout):
        if during is not None:
            while not exchange.sent:
                await exchange.changed.wait()
                exchange.changed.clear()
            await during()
        while not until(exchange) and not task.done():
            await exchange.changed.wait()
            exchange.changed.clear()
        exchange.gone.set()
        await task
    return exchange

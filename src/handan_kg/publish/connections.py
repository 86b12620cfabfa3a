"""Connection limits uvicorn does not have: a deadline for request headers and a cap on
the connections one client address may hold open.

Why: uvicorn answers 503 to everybody once `limit_concurrency` connections are open, and a
connection that sends its headers one byte at a time (slowloris) stays open forever, since
every byte cancels the keep-alive timer. A few hundred such connections from one address
would shut every other client out. Here a connection must finish each request's headers
within `header_timeout` seconds of opening (or of its previous response), and one address
may hold at most `per_client` connections (0: no cap; behind a reverse proxy every client
has the proxy's address, so leave the cap to the proxy there).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any


def limited_protocol(base: type, header_timeout: float, per_client: int) -> type:
    """A subclass of uvicorn's HTTP protocol class `base` enforcing both limits."""
    open_by_client: Counter[str] = Counter()

    class LimitedProtocol(base):  # type: ignore[misc, valid-type]
        _deadline: asyncio.TimerHandle | None = None
        _counted: str | None = None

        def connection_made(self, transport: Any) -> None:
            peer = transport.get_extra_info("peername")
            host = peer[0] if isinstance(peer, tuple) and peer else None
            if per_client and host is not None and open_by_client[host] >= per_client:
                transport.abort()
                return
            if host is not None:
                open_by_client[host] += 1
                self._counted = host
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            if self._counted is not None:
                open_by_client[self._counted] -= 1
                if open_by_client[self._counted] <= 0:
                    del open_by_client[self._counted]
                self._counted = None
            if getattr(self, "transport", None) is not None:
                super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def _arm(self) -> None:
            """Close the connection unless a new request's headers arrive in time; a request
            whose headers are complete has a new `cycle`, which is what the timer checks."""
            if self._deadline is not None:
                self._deadline.cancel()
            waiting_for = self.cycle
            self._deadline = self.loop.call_later(header_timeout, self._expire, waiting_for)

        def _expire(self, waiting_for: object) -> None:
            if self.cycle is waiting_for and not self.transport.is_closing():
                self.transport.close()

    LimitedProtocol.__name__ = f"Limited{base.__name__}"
    return LimitedProtocol


def http_protocol(header_timeout: float, per_client: int) -> type:
    """The limited protocol on uvicorn's fastest available parser (httptools, else h11)."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as base
    except ImportError:
        from uvicorn.protocols.http.h11_impl import H11Protocol as base  # type: ignore[assignment]
    return limited_protocol(base, header_timeout, per_client)

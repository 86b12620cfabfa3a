"""A total deadline for one network exchange.

Why: the socket timeouts of urllib and httpx bound each read, not the request, so a server
that trickles a byte a second keeps a client waiting forever despite `--timeout 3`. An
interval timer interrupts the blocking read however the bytes arrive. Signals reach only the
main thread, which is where the CLI makes its requests; elsewhere (a library caller's worker
thread) the block runs with its per-read timeouts alone.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from handan_kg.errors import EndpointError


class DeadlineExceeded(EndpointError):
    """A remote endpoint did not complete its answer within the request's deadline."""


@contextmanager
def total_deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise `DeadlineExceeded` if the block runs longer than `seconds` of wall time."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DeadlineExceeded(f"{what}: no complete answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

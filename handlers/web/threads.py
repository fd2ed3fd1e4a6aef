"""The worker threads web requests do their database work in: a few at a time, the rest waiting on the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class WorkThreads:
    """Runs blocking calls in threads, at most `count` at once per web worker (WEB_THREADS).

    A few threads keep the CPU busy; dozens would only contend for the GIL, stretch the time each transaction
    holds its locks and churn database connections. Requests beyond the limit wait, cheaply, on the event loop.
    """

    def __init__(self, count: int) -> None:
        self.limiter = anyio.CapacityLimiter(count)

    async def run(self, call: Callable[..., T], *args: object) -> T:
        """Runs `call(*args)` in a worker thread once one is free, and returns its result."""
        return await anyio.to_thread.run_sync(call, *args, limiter=self.limiter)

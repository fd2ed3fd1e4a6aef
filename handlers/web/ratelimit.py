"""Slows down guessing: a client that keeps presenting unknown survey tokens is refused for a while."""

from __future__ import annotations

import threading
import time
from collections import deque


class MissLimiter:
    """Counts misses per client over a sliding window; past the limit the client is refused until it ages out.

    Kept in memory per web process: with N workers a guesser gets at most N times the limit, still far
    too few tries against 256-bit tokens.
    """

    def __init__(self, *, limit: int = 20, window_seconds: float = 600.0, max_clients: int = 100_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_clients = max_clients
        self._misses: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allowed(self, client: str, now: float | None = None) -> bool:
        """Tells whether the client may try a token now."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            misses = self._misses.get(client)
            if not misses:
                return True
            while misses and misses[0] <= moment - self.window:
                misses.popleft()
            if not misses:
                del self._misses[client]
            return len(misses) < self.limit

    def miss(self, client: str, now: float | None = None) -> None:
        """Records that the client presented an unknown, expired or used token."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            if client not in self._misses and len(self._misses) >= self.max_clients:
                # Forget the oldest client rather than grow without bound under a distributed scan.
                self._misses.pop(next(iter(self._misses)))
            self._misses.setdefault(client, deque()).append(moment)

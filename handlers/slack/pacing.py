"""How fast Pulse calls Slack: per-method and per-channel pacing, Retry-After reading, and the wait-it-out retry."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable

from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.services.ports import TemporaryDeliveryError

# Requests per minute Pulse makes per method and workspace: Slack's tiers (Tier 3: 50 a minute for lookups,
# conversations.open and chat.update; chat.postMessage about one a second per channel) minus a margin that
# also covers the burst, so no 60-second window ever holds more than Slack allows.
PER_MINUTE = {"users.lookupByEmail": 45, "conversations.open": 45, "chat.postMessage": 55, "chat.update": 45}
SLACK_PER_MINUTE = {"users.lookupByEmail": 50, "conversations.open": 50, "chat.postMessage": 60, "chat.update": 50}
# Slack asks for about one message a second per channel, bursts allowed only briefly: Pulse posts no faster.
CHANNEL_PER_MINUTE = 60


class MethodLimiter:
    """Spaces calls to one Web API method so bursts stay under Slack's limit; after a 429 it refuses until told.

    Waits up to `max_wait` are slept off; a longer one (a Retry-After, a drained bucket) raises a temporary
    error so the pulse is rescheduled instead of holding up every other delivery of the batch.
    """

    def __init__(
        self,
        per_minute: int,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = 2.0,
        burst: int | None = None,
    ) -> None:
        self.interval = 60.0 / per_minute
        # A short burst goes out at once; any 60 s then holds at most burst + per_minute calls.
        self.burst = max(1, per_minute // 10) if burst is None else max(1, burst)
        self.now, self.sleep, self.max_wait = now, sleep, max_wait
        self._tokens = float(self.burst)
        self._updated = now()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def acquire(self, method: str) -> None:
        """Waits for a free slot, or raises TemporaryDeliveryError when the wait would be long."""
        with self._lock:
            moment = self.now()
            self._tokens = min(self.burst, self._tokens + max(0.0, moment - self._updated) / self.interval)
            self._updated = moment
            paused = max(0.0, self._paused_until - moment)
            if paused > self.max_wait:
                raise TemporaryDeliveryError(f"Slack {method} paused by a rate limit", retry_after=paused)
            wait = max(paused, 0.0 if self._tokens >= 1 else (1 - self._tokens) * self.interval)
            if wait > self.max_wait:
                raise TemporaryDeliveryError(f"Slack {method} rate limit reached", retry_after=wait)
            self._tokens -= 1
        if wait > 0:
            self.sleep(wait)

    def pause(self, seconds: float) -> None:
        """Refuses further calls for `seconds` (Slack's Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self.now() + seconds)


def retry_after_seconds(value: object, *, default: float = 30.0, now: Callable[[], float] = time.time) -> float:
    """Reads a Retry-After header: seconds, or an HTTP date; anything else (or absurd) waits `default`."""
    if value is None:
        return default
    text = str(value).strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(text).timestamp() - now()
        except (TypeError, ValueError, IndexError, OverflowError):
            return default
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return default
    return min(max(seconds, 1.0), 3600.0)


def header_retry_after(headers: dict[str, object]) -> float:
    """Reads the Retry-After of a response's headers, whatever their case and whether listed or single."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            return retry_after_seconds(value[0] if isinstance(value, list) and value else value)
    return retry_after_seconds(None)


class WaitOutRateLimit(RateLimitErrorRetryHandler):
    """slack_sdk's 429 retry, for a person waiting at a terminal: it sleeps a Retry-After of up to `longest`
    seconds and tries again. A longer one, or a header slack_sdk cannot read (an HTTP date), is reported as
    the gateway reports any 429."""

    def __init__(self, *, max_retry_count: int = 1, longest: float = 60.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.longest = longest

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        values = [v for k, v in response.headers.items() if k.lower() == "retry-after"]
        text = str(values[0][0] if values and isinstance(values[0], list) and values[0] else "").strip()
        return text.isdigit() and int(text) <= self.longest


def retry_handlers(*, wait_out_rate_limits: bool) -> list[RetryHandler]:
    """Returns the retries a client makes itself: a reset connection once; a short 429 once when asked to wait."""
    handlers: list[RetryHandler] = [ConnectionErrorRetryHandler(max_retry_count=1)]
    if wait_out_rate_limits:
        handlers.append(WaitOutRateLimit(max_retry_count=1))
    return handlers

"""Pulse's own calls to the Slack Web API from the clock: survey DMs, links for reps, with Slack's rate limits."""

from __future__ import annotations

import email.utils
import logging
import threading
import time
import urllib.error
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.ports import PermanentDeliveryError, TemporaryDeliveryError
from bot.services.pulses import SurveyMessage
from handlers.slack import survey_blocks

logger = logging.getLogger("pulse.slack.outbound")

# Requests per minute Pulse makes per method and workspace: Slack's tiers (Tier 3: 50 a minute for lookups,
# conversations.open and chat.update; chat.postMessage about one a second per channel) minus a margin that
# also covers the burst, so no 60-second window ever holds more than Slack allows.
PER_MINUTE = {"users.lookupByEmail": 45, "conversations.open": 45, "chat.postMessage": 55, "chat.update": 45}
SLACK_PER_MINUTE = {"users.lookupByEmail": 50, "conversations.open": 50, "chat.postMessage": 60, "chat.update": 50}
LOOKUP_TTL_SECONDS = 3600.0
# Slack asks for about one message a second per channel, bursts allowed only briefly: Pulse posts no faster.
CHANNEL_PER_MINUTE = 60


class MethodLimiter:
    """Spaces calls to one Web API method so bursts stay under Slack's limit; after a 429 it refuses until told.

    Short waits are slept off; a long one (a Retry-After, a drained bucket) raises a temporary error so
    the pulse is rescheduled instead of holding up every other delivery of the batch.
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
            if moment < self._paused_until:
                raise TemporaryDeliveryError(
                    f"Slack {method} paused by a rate limit", retry_after=self._paused_until - moment
                )
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) * self.interval
            if wait > self.max_wait:
                raise TemporaryDeliveryError(f"Slack {method} rate limit reached", retry_after=wait)
            self._tokens -= 1
        if wait > 0:
            self.sleep(wait)

    def pause(self, seconds: float) -> None:
        """Refuses further calls for `seconds` (Slack's Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self.now() + seconds)


class SlackCaller:
    """Calls the Web API for a workspace under per-method rate limits; failures become delivery errors."""

    def __init__(
        self,
        client_for_team: Callable[[str], WebClient | None],
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        channel_now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_for_team = client_for_team
        self.now, self.sleep = now, sleep
        # A channel's pace is in real seconds, whatever clock schedules the work (tests move that one by hand).
        self.channel_now = channel_now
        # Slack counts per method and workspace, so each workspace gets its own pace.
        self.limiters: dict[tuple[str, str], MethodLimiter] = {}
        self._lock = threading.Lock()

    def limiter(self, team_id: str, method: str) -> MethodLimiter | None:
        """Returns the pace of one method in one workspace (None for methods Pulse does not pace)."""
        rate = PER_MINUTE.get(method)
        if rate is None:
            return None
        with self._lock:
            found = self.limiters.get((team_id, method))
            if found is None:
                found = self.limiters[(team_id, method)] = MethodLimiter(rate, now=self.now, sleep=self.sleep)
            return found

    def channel_limiter(self, team_id: str, channel: str) -> MethodLimiter:
        """Returns the pace of messages to one channel: one a second, no burst."""
        key = (team_id, f"chat.postMessage#{channel}")
        with self._lock:
            found = self.limiters.get(key)
            if found is None:
                found = self.limiters[key] = MethodLimiter(
                    CHANNEL_PER_MINUTE, now=self.channel_now, sleep=self.sleep, burst=1
                )
            return found

    def call(self, team_id: str, method: str, **params: Any) -> Any:
        """Calls one Web API method and returns its response, or raises Temporary/PermanentDeliveryError."""
        client = self.client_for_team(team_id)
        if client is None:
            raise PermanentDeliveryError(f"no Slack installation for workspace {team_id}")
        limiter = self.limiter(team_id, method)
        if limiter is not None:
            limiter.acquire(method)
        if method == "chat.postMessage" and params.get("channel"):
            self.channel_limiter(team_id, str(params["channel"])).acquire(method)
        try:
            return getattr(client, method.replace(".", "_"))(**params)
        except SlackApiError as error:
            raise self._classify(method, error, limiter) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            raise TemporaryDeliveryError(f"Slack {method} unreachable: {error}") from None

    @staticmethod
    def _classify(method: str, error: SlackApiError, limiter: MethodLimiter | None) -> Exception:
        """Turns a Slack error into a retry (rate limits, server errors) or a permanent failure."""
        status = error.response.status_code
        code = str(error.response.get("error", "unknown"))
        if status == 429 or code == "ratelimited":
            headers = error.response.headers
            retry_after = retry_after_seconds(headers.get("Retry-After", headers.get("retry-after")))
            if limiter is not None:
                limiter.pause(retry_after)
            return TemporaryDeliveryError(f"Slack {method} rate limited", retry_after=retry_after)
        if status >= 500 or code in ("fatal_error", "internal_error", "service_unavailable", "request_timeout"):
            return TemporaryDeliveryError(f"Slack {method} failed: {status} {code}")
        return PermanentDeliveryError(f"Slack {method}: {code}")


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


class SlackDelivery:
    """The Slack routes of a pulse: a DM to a Slack Connect contact, or a link for the rep to forward."""

    def __init__(self, caller: SlackCaller) -> None:
        self.caller = caller
        self._lookups: dict[tuple[str, str], tuple[float, str | None]] = {}

    def slack_user_for(self, team_id: str, email: str) -> str | None:
        """Returns the Slack user with this address (a Slack Connect contact) whom the bot can DM, or None."""
        cached = self._lookups.get((team_id, email))
        if cached is not None and self.caller.now() - cached[0] < LOOKUP_TTL_SECONDS:
            return cached[1]
        try:
            response = self.caller.call(team_id, "users.lookupByEmail", email=email)
            user: dict[str, Any] = response["user"]
            found = None if user.get("is_bot") or user.get("deleted") else str(user["id"])
        except PermanentDeliveryError:
            found = None
        self._lookups[(team_id, email)] = (self.caller.now(), found)
        return found

    def dm_survey(self, message: SurveyMessage) -> None:
        """Asks the contact in a DM with Yes / Not sure / No buttons."""
        assert message.slack_user_id is not None
        opened = self.caller.call(message.team_id, "conversations.open", users=message.slack_user_id)
        channel = opened["channel"]["id"]
        self.caller.call(message.team_id, "chat.postMessage", channel=channel, **survey_blocks.survey_dm(message))

    def dm_rep(self, message: SurveyMessage) -> None:
        """Sends the rep who logged the interaction the link to forward."""
        self.caller.call(
            message.team_id, "chat.postMessage", channel=message.rep_id, **survey_blocks.rep_link_dm(message)
        )

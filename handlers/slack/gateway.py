"""Pulse's one way out to the Slack Web API outside a Slack request (the clock, the CLI): a client per workspace,
paced per method and channel, with Slack's failures turned into delivery errors and people looked up once."""

from __future__ import annotations

import threading
import time
import urllib.error
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import Settings
from bot.services.ports import DeliveryError, PermanentDeliveryError, TemporaryDeliveryError
from handlers.slack import members
from handlers.slack.pacing import CHANNEL_PER_MINUTE, PER_MINUTE, MethodLimiter, header_retry_after, retry_handlers

LOOKUP_TTL_SECONDS = 3600.0
ROTATE_MINUTES_BEFORE_EXPIRY = 120
# What a call raises when Slack cannot be reached: refused or reset connections, DNS failures, timeouts.
UNREACHABLE = (OSError, SlackRequestError)
# Slack errors that say "busy or broken for now": the same call may work later.
TEMPORARY_ERRORS = ("fatal_error", "internal_error", "service_unavailable", "request_timeout")


class SlackUnavailable(RuntimeError):
    """Slack is not configured, or refused or did not answer a command-line call."""


def api_client(settings: Settings, token: str | None = None, *, wait_out_rate_limits: bool = False) -> WebClient:
    """Returns a Web API client on the configured base URL, with slack_sdk's retries for a reset connection
    (and, for a person waiting at a terminal, for a short 429)."""
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=retry_handlers(wait_out_rate_limits=wait_out_rate_limits),
    )


class TeamClients:
    """One Web API client per workspace: the bot token's, or an OAuth installation's (rotated before it expires)."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: SQLAlchemyInstallationStore | None = None,
        wait_out_rate_limits: bool = False,
    ) -> None:
        self.settings, self.store, self.wait = settings, store, wait_out_rate_limits
        token = settings.slack_bot_token
        self.single = self._client(token.get_secret_value()) if store is None and token is not None else None
        self.rotator = None
        if store is not None and settings.slack_client_id and settings.slack_client_secret:
            self.rotator = TokenRotator(
                client_id=settings.slack_client_id,
                client_secret=settings.slack_client_secret.get_secret_value(),
                client=api_client(settings),
            )
        self._clients: dict[tuple[str, str], WebClient] = {}
        self._lock = threading.Lock()

    def _client(self, token: str) -> WebClient:
        """Builds a client for one token."""
        return api_client(self.settings, token, wait_out_rate_limits=self.wait)

    @property
    def available(self) -> bool:
        """Tells whether any workspace can be reached."""
        return self.single is not None or self.store is not None

    def client_for(self, team_id: str) -> WebClient | None:
        """Returns the workspace's client, or None when Pulse is not installed there."""
        if self.store is None:
            return self.single
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or bot.bot_token is None:
            return None
        with self._lock:
            if self.rotator is not None and bot.bot_refresh_token is not None:
                refreshed = self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE_EXPIRY
                )
                if refreshed is not None:
                    self.store.save_bot(refreshed)
                    bot = refreshed
            assert bot.bot_token is not None
            key = (team_id, bot.bot_token)
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = self._client(bot.bot_token)
            return client


class SlackGateway:
    """Calls the Web API for a workspace under per-method and per-channel pacing; failures become delivery errors.

    `max_wait` is the longest pause the pacing sleeps off: the clock hands longer ones back as retries so one
    busy workspace does not hold up a batch; the CLI, with a person waiting for one job, waits longer.
    """

    def __init__(
        self,
        clients: Callable[[str], WebClient | None],
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        channel_now: Callable[[], float] = time.monotonic,
        max_wait: float = 2.0,
    ) -> None:
        self.client_for = clients
        self.now, self.sleep, self.max_wait = now, sleep, max_wait
        # A channel's pace is in real seconds, whatever clock schedules the work (tests move that one by hand).
        self.channel_now = channel_now
        # Slack counts per method and workspace, so each workspace gets its own pace.
        self.limiters: dict[tuple[str, str], MethodLimiter] = {}
        self._users: dict[tuple[str, str], tuple[float, dict[str, Any] | None]] = {}
        self._lock = threading.Lock()

    def limiter(self, team_id: str, method: str) -> MethodLimiter | None:
        """Returns the pace of one method in one workspace (None for methods Pulse does not pace)."""
        rate = PER_MINUTE.get(method)
        if rate is None:
            return None
        return self._limiter((team_id, method), rate, self.now, burst=None)

    def channel_limiter(self, team_id: str, channel: str) -> MethodLimiter:
        """Returns the pace of messages to one channel: one a second, no burst."""
        return self._limiter((team_id, f"chat.postMessage#{channel}"), CHANNEL_PER_MINUTE, self.channel_now, burst=1)

    def _limiter(
        self, key: tuple[str, str], rate: int, now: Callable[[], float], *, burst: int | None
    ) -> MethodLimiter:
        """Returns the limiter kept under `key`, creating it on first use."""
        with self._lock:
            found = self.limiters.get(key)
            if found is None:
                found = self.limiters[key] = MethodLimiter(
                    rate, now=now, sleep=self.sleep, max_wait=self.max_wait, burst=burst
                )
            return found

    def call(self, team_id: str, method: str, **params: Any) -> Any:
        """Calls one Web API method and returns its response, or raises Temporary/PermanentDeliveryError."""
        client = self.client_for(team_id)
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
        except (urllib.error.URLError, TimeoutError, ConnectionError, *UNREACHABLE) as error:
            raise TemporaryDeliveryError(f"Slack did not answer {method} ({reason(error)})") from None

    @staticmethod
    def _classify(method: str, error: SlackApiError, limiter: MethodLimiter | None) -> DeliveryError:
        """Turns a Slack error into a retry (rate limits, server errors) or a permanent failure."""
        status = error.response.status_code
        code = str(error.response.get("error", "unknown"))
        if status == 429 or code == "ratelimited":
            retry_after = header_retry_after(dict(error.response.headers))
            if limiter is not None:
                limiter.pause(retry_after)
            return TemporaryDeliveryError(f"Slack answered ratelimited to {method}", retry_after=retry_after)
        if status >= 500 or code in TEMPORARY_ERRORS:
            return TemporaryDeliveryError(f"Slack answered {status} {code} to {method}")
        return PermanentDeliveryError(f"Slack answered {code} to {method}")

    def user_by_email(self, team_id: str, email: str) -> dict[str, Any] | None:
        """Returns Slack's record of the person with this address (kept an hour), None when nobody has it.

        Other refusals raise PermanentDeliveryError, and rate limits or outages TemporaryDeliveryError."""
        key = (team_id, email.lower())
        cached = self._users.get(key)
        if cached is not None and self.now() - cached[0] < LOOKUP_TTL_SECONDS:
            return cached[1]
        try:
            user: dict[str, Any] | None = dict(self.call(team_id, "users.lookupByEmail", email=key[1])["user"])
        except PermanentDeliveryError as error:
            if "users_not_found" not in str(error):
                raise
            user = None
        self._users[key] = (self.now(), user)
        return user

    def display_names(self, team_id: str) -> Callable[[str], str | None] | None:
        """Returns a users.info lookup of display names in the workspace, or None when it cannot be reached."""
        client = self.client_for(team_id)
        return members.display_name_lookup(client) if client is not None else None


def reason(error: BaseException) -> str:
    """Returns the innermost cause of a connection failure, in a few words."""
    cause = getattr(error, "reason", None) or error
    return str(cause) or type(cause).__name__


def token_team_id(settings: Settings) -> str | None:
    """Returns the workspace the bot token belongs to, asking Slack's auth.test (None without a bot token)."""
    if settings.slack_bot_token is None:
        return None
    client = api_client(settings, settings.slack_bot_token.get_secret_value(), wait_out_rate_limits=True)
    try:
        response = client.auth_test()
    except SlackApiError as error:
        raise SlackUnavailable(f"Slack refused the bot token: {error.response.get('error')}") from None
    except UNREACHABLE as error:
        raise SlackUnavailable(f"Slack did not answer at {settings.slack_api_url} ({reason(error)})") from None
    return str(response["team_id"])

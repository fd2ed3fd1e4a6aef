"""Looks people up in Slack for commands that run outside a Slack request (the CLI)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import Settings
from bot.core.digest import Digest
from handlers.slack.digest_blocks import digest_message, overflow_messages


class SlackUnavailable(RuntimeError):
    """Slack is not configured, or refused the call."""


def client_for(settings: Settings) -> WebClient | None:
    """Returns a Web API client for the configured bot token, or None without one."""
    if settings.slack_bot_token is None:
        return None
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url, timeout=10)
    # One 429 waits for Slack's Retry-After and tries again; a second one is reported, not waited out.
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    return client


# What a call raises when Slack cannot be reached: refused or reset connections, DNS failures, timeouts.
UNREACHABLE = (OSError, SlackRequestError)


def token_team_id(settings: Settings) -> str | None:
    """Returns the workspace the bot token belongs to, asking Slack's auth.test."""
    client = client_for(settings)
    if client is None:
        return None
    try:
        response = client.auth_test()
    except SlackApiError as error:
        raise SlackUnavailable(f"Slack refused the bot token: {error.response.get('error')}") from None
    except UNREACHABLE as error:
        raise SlackUnavailable(f"Slack did not answer at {settings.slack_api_url} ({_reason(error)})") from None
    return str(response["team_id"])


def _reason(error: BaseException) -> str:
    """Returns the innermost cause of a connection failure, in a few words."""
    reason = getattr(error, "reason", None) or error
    return str(reason) or type(reason).__name__


class SlackDirectory:
    """Resolves e-mail addresses to Slack user ids, once per address."""

    def __init__(self, client: WebClient) -> None:
        self._lookup = lru_cache(maxsize=4096)(self._lookup_uncached)
        self.client = client

    def user_id_for_email(self, email: str) -> str | None:
        """Returns the user id with that e-mail, or None when nobody in the workspace has it."""
        return self._lookup(email.lower())

    def _lookup_uncached(self, email: str) -> str | None:
        try:
            response = self.client.users_lookupByEmail(email=email)
        except SlackApiError as error:
            if error.response.get("error") == "users_not_found":
                return None
            raise SlackUnavailable(f"Slack answered {error.response.get('error')}") from None
        except UNREACHABLE as error:
            raise SlackUnavailable(f"Slack did not answer ({_reason(error)})") from None
        return str(response["user"]["id"])


def display_name_lookup(client: WebClient) -> Callable[[str], str | None]:
    """Returns a users.info lookup of a person's display name (else real name, else handle); None on failure."""

    def lookup(user_id: str) -> str | None:
        try:
            user = client.users_info(user=user_id)["user"]
        except (SlackApiError, OSError):
            return None
        profile = user.get("profile") or {}
        for name in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):
            if name and str(name).strip():
                return str(name).strip()
        return None

    return lookup


def post_digest_now(settings: Settings, *, channel: str, digest: Digest) -> str:
    """Posts a digest to a channel right away (the CLI's `pulse digest --channel`), thread included."""
    client = client_for(settings)
    if client is None:
        raise SlackUnavailable("SLACK_BOT_TOKEN is not set: use --dry-run to print the digest instead.")
    message = digest_message(digest, portfolio_url=settings.portfolio_url)
    assert message is not None
    try:
        posted = client.chat_postMessage(channel=channel, unfurl_links=False, **message)
        ts = str(posted["ts"])
        for reply in overflow_messages(digest):
            client.chat_postMessage(channel=channel, thread_ts=ts, unfurl_links=False, **reply)
    except SlackApiError as error:
        raise SlackUnavailable(f"Slack refused the digest: {error.response.get('error')}") from None
    except UNREACHABLE as error:
        raise SlackUnavailable(f"Slack did not answer at {settings.slack_api_url} ({_reason(error)})") from None
    return ts

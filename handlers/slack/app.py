"""Builds the Bolt app: sync, answering before any slow work, with Pulse's listeners registered."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.config import Settings
from handlers import slack


def build_bolt_app(settings: Settings) -> App | None:
    """Returns the Bolt app for a single workspace, or None when the Slack credentials are not set."""
    if settings.slack_bot_token is None or settings.slack_signing_secret is None:
        return None
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url, timeout=10)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        # The listener runs in the request's thread and its ack is the HTTP response: no polling for the ack,
        # and the session commits before Slack hears back. Slow calls are deferred past the commit.
        process_before_response=True,
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("pulse.slack.bolt"),
    )
    slack.register(app)
    return app

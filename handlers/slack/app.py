"""Builds the Bolt app: sync, answering before any slow work, for one workspace or any that installs it."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.runtime import Runtime
from handlers import slack
from handlers.slack import gateway, installations


def _not_the_token_warning(record: logging.LogRecord) -> bool:
    """Drops Bolt's start-up warning that SLACK_BOT_TOKEN goes unused: Pulse hands Bolt a client built with it."""
    return not record.getMessage().startswith("As you gave `client` as well, `token` will be unused")


BOLT_LOGGER = logging.getLogger("slack_bolt.pulse")  # Bolt logs whole payloads at debug level
BOLT_LOGGER.addFilter(_not_the_token_warning)


def build_bolt_app(runtime: Runtime) -> App | None:
    """Returns the Bolt app (OAuth when a client id and secret are set), or None without Slack credentials."""
    settings = runtime.settings
    if settings.slack_signing_secret is None:
        return None
    common = {
        "signing_secret": settings.slack_signing_secret.get_secret_value(),
        # The listener runs in the request's thread and its ack is the HTTP response: no polling for the ack,
        # and the session commits before Slack hears back. Slow calls are deferred past the commit.
        "process_before_response": True,
        "raise_error_for_unhandled_request": False,
        "logger": BOLT_LOGGER,
    }
    store = installations.installation_store(runtime)
    if store is not None:
        app = App(
            client=gateway.api_client(settings),
            installation_store=store,
            oauth_settings=installations.oauth_settings(runtime, store),
            user_facing_authorize_error_message=(
                "Pulse isn't installed in this workspace (or was uninstalled). "
                f"An admin can install it at {settings.base_url}/slack/install"
            ),
            **common,  # type: ignore[arg-type]
        )
    elif settings.slack_bot_token is not None:
        app = App(
            client=gateway.api_client(settings, settings.slack_bot_token.get_secret_value()),
            token_verification_enabled=False,
            **common,  # type: ignore[arg-type]
        )
    else:
        return None
    slack.register(app, installations=store)
    return app

"""Which Slack token serves which workspace: one bot token, or installations made through OAuth (rotated)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.runtime import Runtime
from bot.services import workspaces
from handlers.slack.gateway import ROTATE_MINUTES_BEFORE_EXPIRY, SlackGateway, TeamClients, api_client
from storage import slack_tables

logger = logging.getLogger("pulse.slack.installations")

BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "users:read",
    "users:read.email",
    "channels:history",
    "groups:history",
)


def installation_store(runtime: Runtime) -> SQLAlchemyInstallationStore | None:
    """Returns the installation store in multi-workspace (OAuth) mode, else None."""
    settings = runtime.settings
    if not settings.oauth_configured or settings.slack_client_id is None:
        return None
    return slack_tables.installation_store(runtime.engine, client_id=settings.slack_client_id)


def oauth_settings(runtime: Runtime, store: SQLAlchemyInstallationStore) -> OAuthSettings:
    """Builds Bolt's OAuth settings: install and redirect under /slack, state kept in Pulse's database."""
    settings = runtime.settings
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    secret = settings.slack_client_secret.get_secret_value()
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret,
        scopes=list(BOT_SCOPES),
        installation_store=store,
        state_store=slack_tables.state_store(runtime.engine),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        redirect_uri=f"{settings.base_url}/slack/oauth_redirect",
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE_EXPIRY,
        callback_options=CallbackOptions(success=_recorder(runtime), failure=lambda args: args.default.failure(args)),
    )
    # Bolt's default authorizer rotates tokens through slack.com; this one uses SLACK_API_URL like every call.
    oauth.authorize = InstallationStoreAuthorize(
        logger=logger,
        installation_store=store,
        client_id=settings.slack_client_id,
        client_secret=secret,
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE_EXPIRY,
        client=api_client(settings),
    )
    return oauth


def _recorder(runtime: Runtime) -> Callable[[SuccessArgs], BoltResponse]:
    """Builds the install-success callback: remember the workspace, then show Bolt's success page."""

    def record(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        with runtime.transaction() as db:
            workspaces.mark_installed(
                db, team_id=str(installation.team_id), name=installation.team_name or "", now=runtime.now()
            )
        return args.default.success(args)

    return record


def gateway(
    runtime: Runtime, *, for_terminal: bool = False, now: Callable[[], float] | None = None
) -> SlackGateway | None:
    """Returns the Slack gateway for every workspace this configuration reaches (bot token or installations),
    or None when it reaches none.

    The clock's (`now` its own clock) hands long waits back as retries; a terminal's waits a short 429 out."""
    clients = TeamClients(runtime.settings, store=installation_store(runtime), wait_out_rate_limits=for_terminal)
    if not clients.available:
        return None
    if for_terminal:
        return SlackGateway(clients.client_for, max_wait=60.0)
    return SlackGateway(clients.client_for, now=now) if now is not None else SlackGateway(clients.client_for)

"""Which Slack token serves which workspace: one bot token, or installations made through OAuth (rotated)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import Settings
from bot.runtime import Runtime
from bot.services import workspaces
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
ROTATE_MINUTES_BEFORE_EXPIRY = 120


def api_client(settings: Settings, token: str | None = None) -> WebClient:
    """Returns a Web API client on the configured base URL."""
    return WebClient(token=token, base_url=settings.slack_api_url, timeout=10)


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


class TeamClients:
    """Web API clients for the clock, per workspace; refreshes rotating bot tokens before they expire."""

    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        self.settings = settings
        self.store = installation_store(runtime)
        self.single = (
            api_client(settings, settings.slack_bot_token.get_secret_value())
            if self.store is None and settings.slack_bot_token is not None
            else None
        )
        self.rotator = None
        if self.store is not None and settings.slack_client_id and settings.slack_client_secret:
            self.rotator = TokenRotator(
                client_id=settings.slack_client_id,
                client_secret=settings.slack_client_secret.get_secret_value(),
                client=api_client(settings),
            )
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """Tells whether any workspace can be reached."""
        return self.single is not None or self.store is not None

    def client_for(self, team_id: str) -> WebClient | None:
        """Returns a client for the workspace, or None when Pulse is not installed there."""
        if self.store is None:
            return self.single
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if self.rotator is not None and bot.bot_refresh_token is not None:
            with self._lock:
                refreshed = self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE_EXPIRY
                )
                if refreshed is not None:
                    self.store.save_bot(refreshed)
                    bot = refreshed
        return api_client(self.settings, bot.bot_token)

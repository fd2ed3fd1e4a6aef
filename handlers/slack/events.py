"""Events: the Home tab when a rep opens it, and cleaning up when Pulse is uninstalled or its tokens revoked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.runtime import Runtime
from bot.services import home, workspaces
from handlers.slack import home_blocks, pictures
from handlers.slack.language import words_for
from handlers.slack.scope import RequestScope

logger = logging.getLogger("pulse.slack.events")


def handle_app_home_opened_event(
    ack: Ack, event: dict[str, Any], body: dict[str, Any], scope: RequestScope, runtime: Runtime, client: WebClient
) -> None:
    """Publishes the rep's Home tab (after the acknowledgement)."""
    ack()
    if event.get("tab") not in (None, "home"):
        return
    user_id, team_id = str(event["user"]), str(body.get("team_id") or "")
    now = runtime.now()
    links = pictures.ChartLinks(runtime.settings)
    rep_home = home.rep_home(
        scope.read,
        team_id=team_id,
        user_id=user_id,
        now=now,
        config=runtime.classify_config,
        with_matrix=links.enabled,
    )
    w = words_for(scope.read, team_id=team_id)
    picture = pictures.own_matrix(links, rep_home.matrix, team_id=team_id, user_id=user_id, now=now, w=w)
    mine = (
        f"{runtime.settings.portfolio_url}?{urlencode({'owner': user_id})}" if runtime.settings.portfolio_url else None
    )
    view = home_blocks.home_view(rep_home, now=now, w=w, picture=picture, portfolio_url=mine)
    scope.defer(lambda: client.views_publish(user_id=user_id, view=view))


def uninstall_handlers(
    store: SQLAlchemyInstallationStore | None,
) -> tuple[Callable[..., None], Callable[..., None]]:
    """Builds the app_uninstalled and tokens_revoked listeners around the installation store (if any)."""

    def handle_app_uninstalled_event(ack: Ack, body: dict[str, Any], scope: RequestScope, runtime: Runtime) -> None:
        """Forgets the workspace's tokens and stops its digests; its customer data stays until erased."""
        ack()
        team_id = str(body.get("team_id") or "")
        if store is not None:
            # The store commits on its own connection: before this request's session takes SQLite's write lock.
            store.delete_all(enterprise_id=body.get("enterprise_id"), team_id=team_id)
        workspaces.forget_workspace(scope.db, team_id=team_id, now=runtime.now())
        logger.info("Pulse was uninstalled from %s", team_id)

    def handle_tokens_revoked_event(ack: Ack, body: dict[str, Any], event: dict[str, Any]) -> None:
        """Deletes revoked bot and user tokens from the installation store."""
        ack()
        if store is None:
            return
        team_id = str(body.get("team_id") or "")
        enterprise_id = body.get("enterprise_id")
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        for user_id in tokens.get("oauth") or []:
            store.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    return handle_app_uninstalled_event, handle_tokens_revoked_event

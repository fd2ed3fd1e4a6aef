"""Type-ahead options for Pulse's selects."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.core.commands import name_key
from bot.services import accounts
from handlers.slack import blocks
from handlers.slack.payloads import team_id_of
from handlers.slack.scope import RequestScope


def handle_account_options(ack: Ack, body: dict[str, Any], payload: dict[str, Any], scope: RequestScope) -> None:
    """Offers accounts whose names start with (then contain) what the rep typed."""
    query = name_key(payload.get("value") or "")
    found = accounts.search_accounts(scope.read, team_id=team_id_of(body), query=query)
    ack(options=blocks.account_options(found))

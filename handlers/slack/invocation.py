"""One `/pulse` invocation, as every subcommand receives it, and the admin check subcommands share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.core.catalog import Words
from bot.runtime import Runtime
from handlers.slack import roles
from handlers.slack.scope import RequestScope


@dataclass(frozen=True, slots=True)
class Invocation:
    """One `/pulse` invocation: who asked, where, and the request's scope."""

    team_id: str
    user_id: str
    channel_id: str | None
    trigger_id: str
    scope: RequestScope
    runtime: Runtime
    client: WebClient
    now: datetime
    w: Words
    respond: Respond | None = None


def require_admin(inv: Invocation, doing: str, *, unless: tuple[str, ...] = ()) -> None:
    """Raises NotAllowed unless the invoker is an admin (or one of `unless`, e.g. the account's owner)."""
    roles.require_admin_or(
        inv.runtime, inv.client, team_id=inv.team_id, user_id=inv.user_id, doing=doing, allowed_ids=unless
    )

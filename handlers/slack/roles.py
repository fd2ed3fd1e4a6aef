"""Role checks for Slack listeners and the refusal they show: ephemeral, naming whom to ask."""

from __future__ import annotations

from collections.abc import Iterable

from slack_sdk import WebClient

from bot.runtime import Runtime
from bot.services import roles
from handlers.slack.blocks import Reply, ephemeral, section
from handlers.slack.members import SlackMembers
from handlers.slack.text import escape, mention

MAX_NAMED = 5


def require_admin(runtime: Runtime, client: WebClient, *, team_id: str, user_id: str, doing: str) -> None:
    """Raises roles.NotAllowed unless the person administers Pulse here (for `/pulse brand` and the like)."""
    roles.require_admin(runtime.roles, SlackMembers(client), team_id=team_id, user_id=user_id, doing=doing)


def require_admin_or(
    runtime: Runtime, client: WebClient, *, team_id: str, user_id: str, doing: str, allowed_ids: Iterable[str]
) -> None:
    """Raises roles.NotAllowed unless the person is one of `allowed_ids` (an owner) or an admin."""
    runtime.roles.require_admin_or(
        SlackMembers(client), team_id=team_id, user_id=user_id, doing=doing, allowed_ids=allowed_ids
    )


def is_admin(runtime: Runtime, client: WebClient, *, team_id: str, user_id: str) -> bool:
    """Tells whether the person administers Pulse here (False when Slack cannot say)."""
    return roles.is_admin(runtime.roles, SlackMembers(client), team_id=team_id, user_id=user_id)


def refusal_text(error: roles.NotAllowed) -> str:
    """Says what the person may not do and whom to ask, in mrkdwn."""
    if error.unsure:
        return f":hourglass: I couldn't check with Slack whether you may {escape(error.doing)}. Try again in a minute."
    named = ", ".join(mention(u) for u in error.admins[:MAX_NAMED])
    more = f" and {len(error.admins) - MAX_NAMED} more" if len(error.admins) > MAX_NAMED else ""
    whom = f"Ask {named}{more}." if named else "Ask a Slack workspace admin or owner."
    return (
        f":lock: Only Pulse admins (Slack workspace admins and owners, and those in PULSE_ADMINS) "
        f"can {escape(error.doing)}. {whom}"
    )


def refusal_reply(error: roles.NotAllowed) -> Reply:
    """The ephemeral refusal of an action beyond the person's role."""
    text = refusal_text(error)
    return ephemeral(f"Only Pulse admins can {error.doing}.", [section(text)])

"""Role checks for Slack listeners and the refusal they show: ephemeral, naming whom to ask."""

from __future__ import annotations

from collections.abc import Iterable

from slack_sdk import WebClient

from bot.core.catalog import Words, words
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


def refusal_text(error: roles.NotAllowed, w: Words | None = None) -> str:
    """Says what the person may not do and whom to ask, in mrkdwn, in `w`'s language (English)."""
    w = w or words(None)
    doing = escape(w.say(error.doing))
    if error.unsure:
        return w.gettext(
            ":hourglass: I couldn't check with Slack whether you may {doing}. Try again in a minute.", doing=doing
        )
    named = ", ".join(mention(u) for u in error.admins[:MAX_NAMED])
    if len(error.admins) > MAX_NAMED:
        more = len(error.admins) - MAX_NAMED
        whom = w.ngettext("Ask {named} and {count} more.", "Ask {named} and {count} more.", more, named=named)
    else:
        whom = w.gettext("Ask {named}.", named=named) if named else w.gettext("Ask a Slack workspace admin or owner.")
    return w.gettext(
        ":lock: Only Pulse admins (Slack workspace admins and owners, and those in PULSE_ADMINS) can {doing}. {whom}",
        doing=doing,
        whom=whom,
    )


def refusal_reply(error: roles.NotAllowed, w: Words | None = None) -> Reply:
    """The ephemeral refusal of an action beyond the person's role."""
    w = w or words(None)
    text = refusal_text(error, w)
    return ephemeral(w.gettext("Only Pulse admins can {doing}.", doing=w.say(error.doing)), [section(text)])

"""DMs telling both the old and the new owner that an account moved, and who moved it."""

from __future__ import annotations

from typing import Any

from bot.services.accounts import OwnerNotice
from handlers.slack.blocks import Reply, section
from handlers.slack.gateway import SlackGateway
from handlers.slack.text import escape, mention


def owner_notice_message(notice: OwnerNotice) -> Reply:
    """Says which account moved from whom to whom, addressed to one of the two owners."""
    name = escape(notice.account_name)
    by = "you" if notice.changed_by == notice.user_id else mention(notice.changed_by)
    if notice.user_id == notice.new_owner_id:
        before = f" (from {mention(notice.old_owner_id)})" if notice.old_owner_id else ""
        text = f":inbox_tray: *{name}* is now yours{before}, assigned by {by}."
    else:
        text = f":outbox_tray: *{name}* now belongs to {mention(notice.new_owner_id)}, reassigned by {by}."
    return {"text": f"{notice.account_name} changed owner", "blocks": [section(text)]}


class OwnerNoticeSender:
    """Sends owner-change DMs from the outbox."""

    def __init__(self, gateway: SlackGateway) -> None:
        self.gateway = gateway

    def send(self, notice: object) -> dict[str, Any]:
        """Posts the DM; returns where it went."""
        assert isinstance(notice, OwnerNotice)
        posted = self.gateway.call(
            notice.team_id, "chat.postMessage", channel=notice.user_id, **owner_notice_message(notice)
        )
        return {"channel": str(posted["channel"]), "ts": str(posted["ts"])}

"""The owner's alert DM: what happened, the customer's words, and Acknowledge / Snooze / Resolved buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.money import format_amount
from bot.core.survey import Answer, describe_age
from bot.core.triggers import Cause
from bot.services.alerts import AlertNotice
from handlers.slack.blocks import Block, Reply, button, context, header, section
from handlers.slack.ids import ActionId
from handlers.slack.outbound import SlackCaller
from handlers.slack.text import escape, mention, quote

LABELS = ("positive", "neutral", "negative")


def alert_message(notice: AlertNotice, *, now: datetime) -> Reply:
    """Renders the alert for its owner; resolved alerts keep their story but lose their buttons."""
    title = headline(notice)
    lines = []
    if notice.superseded:
        lines.append(f"_Opened because the customer {Cause(notice.cause).label}; that is no longer so._")
    others = [c.label for c in notice.causes if c != notice.cause]
    if others:
        lines.append("Also: " + "; ".join(others) + ".")
    if notice.answer:
        lines.append(f"*{escape(notice.contact or 'A contact')}* answered *{Answer(notice.answer).label}*")
    if notice.comment:
        lines.append(f"> {quote(notice.comment, 600)}")
        if notice.label:
            cues = ", ".join(f"'{escape(c)}'" for c in notice.cues[:5])
            lines.append(f"_{escape(notice.label)}{': ' + cues if cues else ''}_")
    if notice.occurrences > 1:
        lines.append(f"_This happened {notice.occurrences} times since the alert opened._")
    blocks: list[Block] = [header(title)]
    if lines:
        blocks.append(section("\n".join(lines)))
    blocks.append(
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*Owner*\n{mention(notice.owner_id)}"},
                {
                    "type": "mrkdwn",
                    "text": f"*Billed / forecast*\n{format_amount(notice.billed)} / {format_amount(notice.forecast)}",
                },
            ],
        }
    )
    blocks.append(context(status_text(notice, now=now)))
    if notice.state != "resolved":
        blocks.append(actions(notice))
    return {"text": escape(title), "blocks": blocks}


def headline(notice: AlertNotice) -> str:
    """What happened, as the latest answer and the corrected sentiment say it."""
    cause = Cause(notice.cause)
    if not notice.superseded:
        return f"{notice.account_name}: {cause.label}"
    if cause is Cause.NO_ANSWER and notice.answer:
        return f"{notice.account_name}: changed their answer to {Answer(notice.answer).label}"
    if cause is Cause.NEGATIVE_COMMENT and notice.label:
        return f"{notice.account_name}: the comment now counts as {notice.label}"
    return f"{notice.account_name}: satisfaction is back near its usual level"


def status_text(notice: AlertNotice, *, now: datetime) -> str:
    """Says how long the alert has been open and who did what about it."""
    parts = [f"Opened {describe_age(now - notice.opened_at)}"]
    if notice.acknowledged_by and notice.acknowledged_at:
        parts.append(f"acknowledged by {mention(notice.acknowledged_by)} {describe_age(now - notice.acknowledged_at)}")
    elif notice.state == "open":
        parts.append("not acknowledged yet")
    if notice.state == "snoozed" and notice.snoozed_until:
        parts.append(f"snoozed until {notice.snoozed_until:%Y-%m-%d}")
    if notice.superseded:
        parts.append("closed: superseded by the latest answer")
    elif notice.state == "resolved" and notice.resolved_by:
        parts.append(f"resolved by {mention(notice.resolved_by)}")
    return " · ".join(parts)


def actions(notice: AlertNotice) -> Block:
    """The alert's buttons, and a menu to correct the comment's sentiment."""
    value = str(notice.alert_id)
    elements: list[dict[str, Any]] = []
    if notice.acknowledged_at is None:
        elements.append(button("Acknowledge", f"{ActionId.ACKNOWLEDGE}:{value}", value, "primary"))
    elements.append(button("Snooze 7 days", f"{ActionId.SNOOZE}:{value}", value))
    elements.append(button("Resolved", f"{ActionId.RESOLVE}:{value}", value))
    elements.append(button("Show history", f"{ActionId.SHOW_HISTORY}:{notice.account_id}", str(notice.account_id)))
    if notice.response_id is not None and notice.comment:
        elements.append(label_menu(notice.response_id))
    return {"type": "actions", "block_id": f"alert:{value}", "elements": elements}


def label_menu(response_id: int) -> dict[str, Any]:
    """An overflow menu a rep uses to correct a comment's sentiment label."""
    return {
        "type": "overflow",
        "action_id": f"{ActionId.CORRECT_LABEL}:{response_id}",
        "options": [
            {"text": {"type": "plain_text", "text": f"Sentiment is {label}"}, "value": f"{response_id}:{label}"}
            for label in LABELS
        ],
    }


class AlertSender:
    """DMs alerts to account owners."""

    def __init__(self, caller: SlackCaller, *, clock: Any) -> None:
        self.caller = caller
        self.clock = clock

    def send(self, notice: object) -> dict[str, Any]:
        """Posts the alert in the owner's DM; returns where it went."""
        assert isinstance(notice, AlertNotice)
        message = alert_message(notice, now=self.clock())
        posted = self.caller.call(notice.team_id, "chat.postMessage", channel=notice.owner_id, **message)
        return {"channel": str(posted["channel"]), "ts": str(posted["ts"])}

    def update(self, notice: object) -> dict[str, Any]:
        """Re-renders an alert's DM in place, so it says what the customer says now."""
        assert isinstance(notice, AlertNotice)
        if not (notice.dm_channel and notice.dm_ts):
            return {}
        message = alert_message(notice, now=self.clock())
        self.caller.call(notice.team_id, "chat.update", channel=notice.dm_channel, ts=notice.dm_ts, **message)
        return {}

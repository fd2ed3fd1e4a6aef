"""The owner's alert DM: what happened, the customer's words, and Acknowledge / Snooze / Resolved buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core import phrases
from bot.core.catalog import Words, words
from bot.core.money import format_amount
from bot.core.survey import Answer
from bot.core.triggers import Cause
from bot.services.alerts import AlertNotice
from handlers.slack.blocks import Block, Reply, button, context, header, section
from handlers.slack.gateway import SlackGateway
from handlers.slack.ids import ActionId
from handlers.slack.text import escape, mention, quote

LABELS = ("positive", "neutral", "negative")
ALERT_EVENT = "pulse_alert"


def alert_message(notice: AlertNotice, *, now: datetime) -> Reply:
    """Renders the alert for its owner; resolved alerts keep their story but lose their buttons."""
    w = words(notice.language)
    title = headline(notice, w)
    lines = []
    if notice.superseded:
        cause = phrases.cause_label(w, notice.cause)
        lines.append("_" + w.gettext("Opened because: {cause}. That is no longer so.", cause=cause) + "_")
    others = [phrases.cause_label(w, c) for c in notice.causes if c != notice.cause]
    if others:
        lines.append(w.gettext("Also: {causes}.", causes="; ".join(others)))
    if notice.answer:
        answer = phrases.answer_label(w, Answer(notice.answer))
        if notice.contact:
            lines.append(w.gettext("*{contact}* answered *{answer}*", contact=escape(notice.contact), answer=answer))
        else:
            lines.append(w.gettext("A contact answered *{answer}*", answer=answer))
    if notice.comment:
        lines.append(f"> {quote(notice.comment, 600)}")
        if notice.label:
            cues = ", ".join(f"'{escape(c)}'" for c in notice.cues[:5])
            lines.append(f"_{escape(notice.label)}{': ' + cues if cues else ''}_")
    if notice.occurrences > 1:
        lines.append(
            "_"
            + w.ngettext(
                "This happened {count} time since the alert opened.",
                "This happened {count} times since the alert opened.",
                notice.occurrences,
            )
            + "_"
        )
    blocks: list[Block] = [header(title)]
    if lines:
        blocks.append(section("\n".join(lines)))
    money = f"{format_amount(notice.billed)} / {format_amount(notice.forecast)}"
    owner_label, money_label = w.gettext("Owner"), w.gettext("Billed / forecast")
    blocks.append(
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*{owner_label}*\n{mention(notice.owner_id)}"},
                {"type": "mrkdwn", "text": f"*{money_label}*\n{money}"},
            ],
        }
    )
    blocks.append(context(status_text(notice, now=now)))
    if notice.state != "resolved":
        blocks.append(actions(notice))
    return {"text": escape(title), "blocks": blocks}


def headline(notice: AlertNotice, w: Words) -> str:
    """What happened, as the latest answer and the corrected sentiment say it."""
    if not notice.superseded:
        return f"{notice.account_name}: {phrases.cause_label(w, notice.cause)}"
    if notice.cause == Cause.NO_ANSWER and notice.answer:
        answer = phrases.answer_label(w, Answer(notice.answer))
        return f"{notice.account_name}: " + w.gettext("changed their answer to {answer}", answer=answer)
    if notice.cause == Cause.NEGATIVE_COMMENT and notice.label:
        return f"{notice.account_name}: " + w.gettext("the comment now counts as {label}", label=notice.label)
    return f"{notice.account_name}: " + w.gettext("satisfaction is back near its usual level")


def status_text(notice: AlertNotice, *, now: datetime) -> str:
    """Says how long the alert has been open and who did what about it."""
    w = words(notice.language)
    parts = [w.gettext("Opened {age}", age=phrases.age(w, now - notice.opened_at))]
    if notice.acknowledged_by and notice.acknowledged_at:
        age = phrases.age(w, now - notice.acknowledged_at)
        parts.append(w.gettext("acknowledged by {rep} {age}", rep=mention(notice.acknowledged_by), age=age))
    elif notice.state == "open":
        parts.append(w.gettext("not acknowledged yet"))
    if notice.state == "snoozed" and notice.snoozed_until:
        parts.append(w.gettext("snoozed until {day}", day=f"{notice.snoozed_until:%Y-%m-%d}"))
    if notice.superseded:
        parts.append(w.gettext("closed: superseded by the latest answer"))
    elif notice.state == "resolved" and notice.resolved_by:
        parts.append(w.gettext("resolved by {rep}", rep=mention(notice.resolved_by)))
    return " · ".join(parts)


def actions(notice: AlertNotice) -> Block:
    """The alert's buttons, and a menu to correct the comment's sentiment."""
    w = words(notice.language)
    value = str(notice.alert_id)
    elements: list[dict[str, Any]] = []
    if notice.acknowledged_at is None:
        elements.append(button(w.gettext("Acknowledge"), f"{ActionId.ACKNOWLEDGE}:{value}", value, "primary"))
    elements.append(button(w.gettext("Snooze 7 days"), f"{ActionId.SNOOZE}:{value}", value))
    elements.append(button(w.gettext("Resolved"), f"{ActionId.RESOLVE}:{value}", value))
    history = w.gettext("Show history")
    elements.append(button(history, f"{ActionId.SHOW_HISTORY}:{notice.account_id}", str(notice.account_id)))
    if notice.response_id is not None and notice.comment:
        elements.append(label_menu(notice.response_id, w))
    return {"type": "actions", "block_id": f"alert:{value}", "elements": elements}


def label_menu(response_id: int, w: Words) -> dict[str, Any]:
    """An overflow menu a rep uses to correct a comment's sentiment label."""
    names = {"positive": w.gettext("Sentiment is positive"), "neutral": w.gettext("Sentiment is neutral")}
    names["negative"] = w.gettext("Sentiment is negative")
    return {
        "type": "overflow",
        "action_id": f"{ActionId.CORRECT_LABEL}:{response_id}",
        "options": [
            {"text": {"type": "plain_text", "text": names[label]}, "value": f"{response_id}:{label}"}
            for label in LABELS
        ],
    }


class AlertSender:
    """DMs alerts to account owners."""

    def __init__(self, gateway: SlackGateway, *, clock: Any) -> None:
        self.gateway = gateway
        self.clock = clock

    def send(self, notice: object) -> dict[str, Any]:
        """Posts the alert in the owner's DM, tagged so a retry can find it; returns where it went."""
        assert isinstance(notice, AlertNotice)
        message = alert_message(notice, now=self.clock())
        posted = self.gateway.call(
            notice.team_id, "chat.postMessage", channel=notice.owner_id, metadata=_tag(notice), **message
        )
        return {"channel": str(posted["channel"]), "ts": str(posted["ts"])}

    def update(self, notice: object) -> dict[str, Any]:
        """Re-renders an alert's DM in place, so it says what the customer says now."""
        assert isinstance(notice, AlertNotice)
        if not (notice.dm_channel and notice.dm_ts):
            return {}
        message = alert_message(notice, now=self.clock())
        self.gateway.call(notice.team_id, "chat.update", channel=notice.dm_channel, ts=notice.dm_ts, **message)
        return {}

    def find(self, notice: object) -> dict[str, Any] | None:
        """Returns where an earlier attempt posted this alert (Slack took it but its answer was lost), if it did."""
        assert isinstance(notice, AlertNotice)
        opened = self.gateway.call(notice.team_id, "conversations.open", users=notice.owner_id)
        channel = str(opened["channel"]["id"])
        history = self.gateway.call(
            notice.team_id,
            "conversations.history",
            channel=channel,
            oldest=f"{notice.opened_at.timestamp() - 60:.6f}",
            include_all_metadata=True,
            limit=100,
        )
        tag = _tag(notice)
        for message in history.get("messages") or []:
            if message.get("metadata") == tag:
                return {"channel": channel, "ts": str(message["ts"])}
        return None


def _tag(notice: AlertNotice) -> dict[str, Any]:
    """The message metadata naming which alert, for which answer, a DM carries."""
    return {
        "event_type": ALERT_EVENT,
        "event_payload": {"alert_id": notice.alert_id, "response_id": notice.response_id or 0},
    }


def action_note(done: str, user_id: str, account_name: str, *, now: datetime) -> dict[str, Any]:
    """The thread reply under a shared digest saying what someone did from it: "Snoozed by @x at 10:02"."""
    text = f"{done} by {mention(user_id)} at {now:%H:%M} UTC: *{escape(account_name)}*"
    return {"text": f"{done}: {account_name}", "blocks": [section(text)], "unfurl_links": False}

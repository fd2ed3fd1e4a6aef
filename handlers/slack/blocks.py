"""Block Kit renderers: pure functions from service results to Slack message and modal payloads."""

from __future__ import annotations

from typing import Any

from bot.core import survey
from bot.core.catalog import words
from bot.core.commands import SUBCOMMANDS, Kind, UsageError
from handlers.slack.text import escape, mention, truncate

Block = dict[str, Any]
Reply = dict[str, Any]

KIND_EMOJI = {
    Kind.CALL: ":telephone_receiver:",
    Kind.MEETING: ":handshake:",
    Kind.EMAIL: ":email:",
    Kind.CHAT: ":speech_balloon:",
    Kind.VISIT: ":office:",
    Kind.SUPPORT: ":wrench:",
    Kind.DELIVERY: ":package:",
    Kind.OTHER: ":pushpin:",
}
ANSWER_EMOJI = {
    survey.Answer.YES: ":large_green_circle:",
    survey.Answer.UNSURE: ":large_yellow_circle:",
    survey.Answer.NO: ":red_circle:",
}


def section(text: str) -> Block:
    """A mrkdwn section; text over Slack's 3,000-character limit is cut."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 3000)}}


def context(text: str) -> Block:
    """A small grey context line."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, 3000)}]}


def header(text: str) -> Block:
    """A header; plain text, so nothing in it is parsed."""
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, 150), "emoji": False}}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    """A button element with a plain-text label."""
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, 75), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def ephemeral(text: str, blocks: list[Block] | None = None) -> Reply:
    """A reply only the person who asked sees; `text` is the plain notification and screen-reader fallback.

    Slack parses mentions in a message's top-level text too, so it is escaped like any mrkdwn.
    """
    reply: Reply = {"response_type": "ephemeral", "text": escape(text)}
    if blocks is not None:
        reply["blocks"] = blocks
    return reply


def help_reply() -> Reply:
    """Lists every subcommand with its usage and an example."""
    blocks = [
        section("*Pulse* asks your customers one question after every interaction: *Would you buy from us again?*")
    ]
    for sub in SUBCOMMANDS:
        blocks.append(section(f"*`{sub.usage}`*\n{sub.summary}\n_Example:_ `{sub.example}`"))
    return ephemeral("Pulse commands: " + ", ".join(s.name for s in SUBCOMMANDS), blocks)


def usage_reply(error: UsageError) -> Reply:
    """Says what was wrong with a command and how to write it."""
    usage = error.usage
    lines = [f":warning: {escape(error.problem)}"]
    if usage is not None:
        lines.append(f"Usage: `{usage.usage}`\nExample: `{usage.example}`")
    else:
        lines.append("Try `/pulse help` for the list of subcommands.")
    return ephemeral(error.problem, [section("\n".join(lines))])


def owner_changed_reply(account_name: str, owner_id: str, changed: bool) -> Reply:
    """Confirms an owner change (or that nothing changed)."""
    if not changed:
        return ephemeral(
            f"{account_name} already belongs to that rep.",
            [section(f"*{escape(account_name)}* already belongs to {mention(owner_id)}.")],
        )
    return ephemeral(
        f"{account_name} now belongs to the new owner.",
        [section(f":bust_in_silhouette: *{escape(account_name)}* now belongs to {mention(owner_id)}.")],
    )


def error_reply(reference: str, *, busy: bool = False) -> Reply:
    """A kind message for a failure the user can do nothing about but retry."""
    if busy:
        text = "Pulse's database is busy right now, so nothing was saved. Please try again in a moment."
    else:
        text = f"Something went wrong on Pulse's side and nothing was saved. Please try again. (ref `{reference}`)"
    return ephemeral(text, [section(f":warning: {text}")])


def error_view(reference: str, *, busy: bool = False) -> dict[str, Any]:
    """A modal that replaces a form whose submission failed."""
    text = error_reply(reference, busy=busy)["text"]
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Pulse"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [section(f":warning: {text}")],
    }


def _subscription_line(sub: Any) -> str:
    """Describes one subscription: channel, time, zone, scope, quiet days."""
    zone = "your time zone" if sub.timezone_pending else sub.timezone
    scope = "all accounts" if not sub.owner_ids else "accounts of " + ", ".join(mention(o) for o in sub.owner_ids)
    quiet = " · quiet days skipped" if sub.quiet == "skip" else ""
    return f"<#{sub.channel_id}> every day at *{sub.local_time}* ({escape(zone)}) · {scope}{quiet}"


def subscribed_reply(sub: Any) -> Reply:
    """Confirms a digest subscription and reminds to invite the bot."""
    return ephemeral(
        "Digest subscribed.",
        [
            section(f":calendar: Subscribed: {_subscription_line(sub)}."),
            context(f"Pulse must be a member of <#{sub.channel_id}> to post there: `/invite @Pulse`."),
        ],
    )


def subscriptions_reply(subs: list[Any], language: str | None = None) -> Reply:
    """Lists the workspace's digest subscriptions."""
    if not subs:
        return ephemeral("No digests yet.", [section("No channel gets a digest yet. Try `/pulse digest subscribe`.")])
    lines = "\n".join(f"• {_subscription_line(sub)}" for sub in subs)
    count = words(language).ngettext("{count} digest subscription.", "{count} digest subscriptions.", len(subs))
    return ephemeral(count, [section(f"*{count}*\n{lines}")])


def unsubscribed_reply(channel_id: str, stopped: bool) -> Reply:
    """Confirms a channel no longer gets the digest (or that it never did)."""
    if stopped:
        return ephemeral("Digest stopped.", [section(f"<#{channel_id}> will no longer get the daily digest.")])
    return ephemeral("No digest there.", [section(f"<#{channel_id}> has no digest subscription.")])


def question_reply(question: str | None, *, changed: bool) -> Reply:
    """Shows the question customers are asked (or says it changed)."""
    shown = (
        f"“{escape(question)}”"
        if question
        else "“Would you buy from us again?” (the default, in each contact's language)"
    )
    lead = "From now on customers are asked" if changed else "Customers are asked"
    return ephemeral(f"{lead}: {question or 'the default question'}", [section(f":speech_balloon: {lead} {shown}")])

"""Block Kit renderers: pure functions from service results to Slack message and modal payloads."""

from __future__ import annotations

from typing import Any

from bot.core import survey
from bot.core.catalog import Words, words
from bot.core.commands import SUBCOMMANDS, Kind, UsageError
from handlers.slack.text import escape, escape_entities, mention, truncate

ENGLISH = words(None)
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


def image(url: str, alt: str, *, title: str | None = None) -> Block:
    """An image block: a link Slack fetches, and its alt text (what the picture shows, in words).

    The alt text is plain text, but names in it are untrusted: angle brackets become ‹ › so that nothing in it can
    ever read as a mention or a link, whatever a client does with it.
    """
    inert = alt.replace("<", "‹").replace(">", "›")
    block: Block = {"type": "image", "image_url": url, "alt_text": truncate(inert, 2000)}
    if title:
        block["title"] = {"type": "plain_text", "text": truncate(title, 150), "emoji": False}
    return block


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


def help_reply(w: Words = ENGLISH) -> Reply:
    """Lists every subcommand with its usage and an example."""
    intro = w.gettext(
        "*Pulse* asks your customers one question after every interaction: *Would you buy from us again?*"
    )
    blocks = [section(intro)]
    example = w.gettext("Example:")
    for sub in SUBCOMMANDS:
        blocks.append(section(f"*`{sub.usage}`*\n{w.say(sub.summary)}\n_{example}_ `{sub.example}`"))
    return ephemeral(w.gettext("Pulse commands: {names}", names=", ".join(s.name for s in SUBCOMMANDS)), blocks)


def usage_reply(error: UsageError, w: Words = ENGLISH) -> Reply:
    """Says what was wrong with a command and how to write it."""
    usage = error.usage
    # The problem quotes the asker's own words in backticks, shown only to them: links and pings stay inert.
    problem = w.say(error.problem)
    lines = [f":warning: {escape_entities(problem)}"]
    if usage is not None:
        lines.append(w.gettext("Usage: `{usage}`", usage=usage.usage))
        lines.append(w.gettext("Example: `{example}`", example=usage.example))
    else:
        lines.append(w.gettext("Try `/pulse help` for the list of subcommands."))
    return ephemeral(problem, [section("\n".join(lines))])


def owner_changed_reply(account_name: str, owner_id: str, changed: bool, w: Words = ENGLISH) -> Reply:
    """Confirms an owner change (or that nothing changed)."""
    name, owner = escape(account_name), mention(owner_id)
    if not changed:
        text = w.gettext("*{account}* already belongs to {owner}.", account=name, owner=owner)
        return ephemeral(text.replace("*", ""), [section(text)])
    text = w.gettext("*{account}* now belongs to {owner}.", account=name, owner=owner)
    return ephemeral(text.replace("*", ""), [section(f":bust_in_silhouette: {text}")])


def error_reply(reference: str, *, busy: bool = False, w: Words = ENGLISH) -> Reply:
    """A kind message for a failure the user can do nothing about but retry."""
    if busy:
        text = w.gettext("Pulse's database is busy right now, so nothing was saved. Please try again in a moment.")
    else:
        text = w.gettext(
            "Something went wrong on Pulse's side and nothing was saved. Please try again. (ref `{reference}`)",
            reference=reference,
        )
    return ephemeral(text, [section(f":warning: {text}")])


def error_view(reference: str, *, busy: bool = False, w: Words = ENGLISH) -> dict[str, Any]:
    """A modal that replaces a form whose submission failed."""
    text = error_reply(reference, busy=busy, w=w)["text"]
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Pulse"},
        "close": {"type": "plain_text", "text": w.gettext("Close")},
        "blocks": [section(f":warning: {text}")],
    }


def _subscription_line(sub: Any, w: Words) -> str:
    """Describes one subscription: channel, time, zone, scope, quiet days."""
    zone = w.gettext("your time zone") if sub.timezone_pending else sub.timezone
    if sub.owner_ids:
        scope = w.gettext("accounts of {owners}", owners=", ".join(mention(o) for o in sub.owner_ids))
    else:
        scope = w.gettext("all accounts")
    line = w.gettext(
        "{channel} every day at *{time}* ({zone}) · {scope}",
        channel=f"<#{sub.channel_id}>",
        time=sub.local_time,
        zone=escape(zone),
        scope=scope,
    )
    return line + (" · " + w.gettext("quiet days skipped") if sub.quiet == "skip" else "")


def subscribed_reply(sub: Any, w: Words = ENGLISH) -> Reply:
    """Confirms a digest subscription and reminds to invite the bot."""
    channel = f"<#{sub.channel_id}>"
    return ephemeral(
        w.gettext("Digest subscribed."),
        [
            section(":calendar: " + w.gettext("Subscribed: {line}.", line=_subscription_line(sub, w))),
            context(w.gettext("Pulse must be a member of {channel} to post there: `/invite @Pulse`.", channel=channel)),
        ],
    )


def subscriptions_reply(subs: list[Any], w: Words = ENGLISH) -> Reply:
    """Lists the workspace's digest subscriptions."""
    if not subs:
        text = w.gettext("No channel gets a digest yet. Try `/pulse digest subscribe`.")
        return ephemeral(text, [section(text)])
    lines = "\n".join(f"• {_subscription_line(sub, w)}" for sub in subs)
    count = w.ngettext("{count} digest subscription.", "{count} digest subscriptions.", len(subs))
    return ephemeral(count, [section(f"*{count}*\n{lines}")])


def unsubscribed_reply(channel_id: str, stopped: bool, w: Words = ENGLISH) -> Reply:
    """Confirms a channel no longer gets the digest (or that it never did)."""
    channel = f"<#{channel_id}>"
    if stopped:
        text = w.gettext("{channel} will no longer get the daily digest.", channel=channel)
        return ephemeral(w.gettext("Digest stopped."), [section(text)])
    text = w.gettext("{channel} has no digest subscription.", channel=channel)
    return ephemeral(w.gettext("No digest there."), [section(text)])


def question_reply(question: str | None, *, changed: bool, w: Words = ENGLISH) -> Reply:
    """Shows the question customers are asked (or says it changed)."""
    if question:
        shown = f"“{escape(question)}”"
    else:
        shown = w.gettext("“Would you buy from us again?” (the default, in each contact's language)")
    if changed:
        text = w.gettext("From now on customers are asked {question}", question=shown)
    else:
        text = w.gettext("Customers are asked {question}", question=shown)
    return ephemeral(text, [section(f":speech_balloon: {text}")])

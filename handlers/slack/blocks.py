"""Block Kit renderers: pure functions from service results to Slack message and modal payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core import survey
from bot.core.commands import SUBCOMMANDS, Kind, UsageError
from bot.core.money import format_amount
from bot.services.accounts import AccountCard, TimelineEntry
from bot.services.flows import NeedsAccount
from bot.services.interactions import Logged
from handlers.slack.ids import ActionId, BlockId, ViewId
from handlers.slack.text import escape, escape_entities, mention, quote, truncate

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
    # The problem quotes the asker's own words in backticks, shown only to them: links and pings stay inert.
    lines = [f":warning: {escape_entities(error.problem)}"]
    if usage is not None:
        lines.append(f"Usage: `{usage.usage}`\nExample: `{usage.example}`")
    else:
        lines.append("Try `/pulse help` for the list of subcommands.")
    return ephemeral(error.problem, [section("\n".join(lines))])


def logged_reply(logged: Logged, *, now: datetime) -> Reply:
    """Confirms what was logged and what will happen next."""
    interaction, account = logged.interaction, logged.account
    who = escape(logged.contact.email) if logged.contact else "a contact"
    kind = Kind(interaction.kind)
    line = f"{KIND_EMOJI[kind]} Logged a *{kind.value}* with {who} at *{escape(account.name)}*."
    if logged.new_contact:
        line += f" {who} is now a contact of {escape(account.name)}."
    lines = [line]
    if interaction.note:
        lines.append(f"> {escape(truncate(' '.join(interaction.note.split()), 500))}")
    lines.append(pulse_plan_line(logged, now=now))
    if logged.duplicate:
        lines.append("_This was already logged; nothing new was added._")
    plain = f"Logged a {kind.value} with {logged.contact.email if logged.contact else 'a contact'} at {account.name}."
    return ephemeral(plain, [section("\n".join(lines))])


def pulse_plan_line(logged: Logged, *, now: datetime) -> str:
    """Says whether and when the contact will be asked."""
    pulse = logged.pulse
    if pulse is None:
        return ":grey_question: No pulse for this one."
    if pulse.state == survey.PulseState.SKIPPED:
        return f":no_bell: Not surveyed: {escape(pulse.skip_reason or 'skipped')}."
    if pulse.state == survey.PulseState.SCHEDULED:
        return f":bell: Pulse to {escape(pulse.email)} {survey.describe_delay(pulse.due_at - now)}."
    return f":bell: Pulse to {escape(pulse.email)}: {pulse.state}."


def choose_account_reply(outcome: NeedsAccount) -> Reply:
    """Asks the rep which account they meant, or offers to create the one they typed."""
    typed = escape(outcome.typed)
    pending = outcome.pending.id
    if outcome.candidates:
        shown = outcome.candidates[:5]
        text = f"More than one account starts with *{typed}*. Which one did you mean?"
        elements = [button(a.name, f"{ActionId.PICK_ACCOUNT}:{a.id}", f"{pending}:{a.id}") for a in shown]
        if len(outcome.candidates) > len(shown):
            text += "\n_More accounts match; type more of the name to narrow it down._"
    else:
        text = f"I don't know an account called *{typed}* yet. Create it, with you as its owner, and log this?"
        elements = []
    elements.append(button(f"Create “{outcome.typed}”", ActionId.CREATE_AND_LOG, pending, "primary"))
    elements.append(button("Cancel", ActionId.DISMISS, pending))
    return ephemeral(
        f"Which account did you mean by {outcome.typed}?",
        [section(text), {"type": "actions", "block_id": f"pending:{pending}", "elements": elements}],
    )


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


def not_found_reply(typed: str, candidates: tuple[Any, ...] = ()) -> Reply:
    """Says an account name did not resolve, listing candidates when it was ambiguous."""
    if candidates:
        names = ", ".join(f"*{escape(c.name)}*" for c in candidates[:5])
        more = " and more" if len(candidates) > 5 else ""
        text = f"*{escape(typed)}* could be {names}{more}. Type more of the name."
    else:
        text = f"I don't know an account called *{escape(typed)}*. Log an interaction to create it."
    return ephemeral(text.replace("*", ""), [section(f":mag: {text}")])


def account_card_reply(card: AccountCard, *, now: datetime) -> Reply:
    """The account card: owner, revenue, contacts, and the newest interactions with their pulses."""
    account = card.account
    fields = [
        {"type": "mrkdwn", "text": f"*Owner*\n{mention(account.owner_id)}"},
        {"type": "mrkdwn", "text": f"*Billed*\n{format_amount(account.billed)}"},
        {"type": "mrkdwn", "text": f"*Forecast*\n{format_amount(account.forecast)}"},
        {"type": "mrkdwn", "text": f"*Contacts*\n{len(card.contacts)}"},
    ]
    blocks: list[Block] = [header(account.name), {"type": "section", "fields": fields}]
    if card.contacts:
        shown = ", ".join(escape(c.email) for c in card.contacts[:10])
        more = f" and {len(card.contacts) - 10} more" if len(card.contacts) > 10 else ""
        blocks.append(context(f":busts_in_silhouette: {shown}{more}"))
    if card.previous_owner_id:
        blocks.append(context(f"Previously owned by {mention(card.previous_owner_id)}"))
    blocks.append({"type": "divider"})
    if not card.timeline:
        blocks.append(section("_No interactions logged yet._"))
    for entry in card.timeline:
        blocks.append(section(timeline_text(entry, now=now)))
    return ephemeral(f"{account.name}: owner, revenue and timeline", blocks)


def timeline_text(entry: TimelineEntry, *, now: datetime) -> str:
    """One timeline line: when, what, who, the note, and the pulse's state or answer."""
    kind = Kind(entry.kind) if entry.kind in Kind.__members__.values() else Kind.OTHER
    when = f"<!date^{int(entry.occurred_at.timestamp())}^{{date_short}}|{entry.occurred_at:%Y-%m-%d}>"
    who = f" with {escape(entry.contact_email)}" if entry.contact_email else ""
    lines = [f"{KIND_EMOJI[kind]} *{kind.value}*{who} · {when} · by {mention(entry.rep_id)}"]
    if entry.note:
        lines.append(f"> {escape(truncate(' '.join(entry.note.split()), 300))}")
    lines.append(pulse_state_text(entry, now=now))
    return "\n".join(lines)


def pulse_state_text(entry: TimelineEntry, *, now: datetime) -> str:
    """Describes the pulse of a timeline entry."""
    pulse = entry.pulse
    if pulse is None:
        return "_no pulse_"
    state = survey.PulseState(pulse.state)
    if state is survey.PulseState.SKIPPED:
        return f":no_bell: _skipped: {escape(pulse.skip_reason or '')}_"
    if state is survey.PulseState.SCHEDULED:
        return f":bell: _pulse scheduled {survey.describe_delay(pulse.due_at - now)}_"
    if state is survey.PulseState.FAILED:
        return f":warning: _pulse could not be sent: {escape(pulse.last_error or 'unknown error')}_"
    if state is survey.PulseState.ANSWERED and pulse.response is not None:
        response = pulse.response
        answer = survey.Answer(response.answer)
        label = response.label_override or response.label
        text = (
            f"{ANSWER_EMOJI[answer]} *{answer.label}* · experience {survey.experience_percent(response.experience)}/100"
        )
        if response.comment:
            text += f" · {label}\n> {quote(response.comment)}"
        return text
    via = f" by {pulse.channel}" if pulse.channel else ""
    return f":hourglass_flowing_sand: _pulse {state.value}{via}_"


def log_form_view(*, channel_id: str | None, initial_account: tuple[int, str] | None = None) -> dict[str, Any]:
    """The logging modal: account with type-ahead (or a new one), contact, kind, note, and 'don't survey'."""
    account_select: dict[str, Any] = {
        "type": "external_select",
        "action_id": ActionId.ACCOUNT_SELECT,
        "placeholder": {"type": "plain_text", "text": "Start typing an account name"},
        "min_query_length": 0,
    }
    if initial_account is not None:
        account_select["initial_option"] = _option(initial_account[1], str(initial_account[0]))
    kinds = [_option(k.value.capitalize(), k.value) for k in Kind]
    return {
        "type": "modal",
        "callback_id": ViewId.LOG,
        "private_metadata": channel_id or "",
        "title": {"type": "plain_text", "text": "Log an interaction"},
        "submit": {"type": "plain_text", "text": "Log it"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": BlockId.ACCOUNT,
                "optional": True,
                "label": {"type": "plain_text", "text": "Account"},
                "element": account_select,
            },
            {
                "type": "input",
                "block_id": BlockId.NEW_ACCOUNT,
                "optional": True,
                "label": {"type": "plain_text", "text": "…or a new account"},
                "hint": {"type": "plain_text", "text": "Leave empty when you picked an account above."},
                "element": {"type": "plain_text_input", "action_id": ActionId.NEW_ACCOUNT, "max_length": 200},
            },
            {
                "type": "input",
                "block_id": BlockId.CONTACT,
                "label": {"type": "plain_text", "text": "Contact's e-mail"},
                "element": {"type": "email_text_input", "action_id": ActionId.CONTACT},
            },
            {
                "type": "input",
                "block_id": BlockId.KIND,
                "label": {"type": "plain_text", "text": "Kind"},
                "element": {
                    "type": "static_select",
                    "action_id": ActionId.KIND,
                    "options": kinds,
                    "initial_option": kinds[0],
                },
            },
            {
                "type": "input",
                "block_id": BlockId.NOTE,
                "optional": True,
                "label": {"type": "plain_text", "text": "Note"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": ActionId.NOTE,
                    "multiline": True,
                    "max_length": 3000,
                },
            },
            {
                "type": "input",
                "block_id": BlockId.SURVEY,
                "optional": True,
                "label": {"type": "plain_text", "text": "Pulse"},
                "element": {
                    "type": "checkboxes",
                    "action_id": ActionId.SURVEY,
                    "options": [_option("Don't survey this one", "no_survey")],
                },
            },
        ],
    }


def _option(text: str, value: str) -> dict[str, Any]:
    """A select option; labels are plain text, cut to Slack's 75 characters."""
    return {"text": {"type": "plain_text", "text": truncate(text, 75)}, "value": value}


def account_options(accounts: list[Any]) -> list[dict[str, Any]]:
    """Options for the account type-ahead."""
    return [_option(a.name, str(a.id)) for a in accounts[:100]]


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


def subscriptions_reply(subs: list[Any]) -> Reply:
    """Lists the workspace's digest subscriptions."""
    if not subs:
        return ephemeral("No digests yet.", [section("No channel gets a digest yet. Try `/pulse digest subscribe`.")])
    lines = "\n".join(f"• {_subscription_line(sub)}" for sub in subs)
    return ephemeral(f"{len(subs)} digest subscriptions.", [section(lines)])


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

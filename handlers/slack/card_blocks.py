"""Renderers for `/pulse account`: the card, its timeline with Edit/Delete, and names that did not resolve."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.core import phrases, states, survey
from bot.core.catalog import Words
from bot.core.digest import Picture
from bot.core.kinds import Kind
from bot.core.money import format_amount
from bot.services.accounts import AccountCard, TimelineEntry
from handlers.slack.blocks import ANSWER_EMOJI, KIND_EMOJI, Block, Reply, context, ephemeral, header, image, section
from handlers.slack.ids import ActionId
from handlers.slack.text import escape, mention, quote, truncate

MAX_CONTACTS = 10


def not_found_reply(typed: str, candidates: tuple[Any, ...] = (), *, more: int = 0, w: Words) -> Reply:
    """Says an account name did not resolve, listing candidates (and how many more) when it was ambiguous."""
    if candidates:
        names = ", ".join(f"*{escape(c.name)}*" for c in candidates[:5])
        hidden = len(candidates) - len(candidates[:5]) + more
        if hidden > 0:
            names += " " + phrases.more(w, hidden)
        text = w.gettext("*{typed}* could be {names}. Type more of the name.", typed=escape(typed), names=names)
    else:
        text = w.gettext(
            "I don't know an account called *{typed}*. Log an interaction to create it.", typed=escape(typed)
        )
    return ephemeral(text.replace("*", ""), [section(f":mag: {text}")])


def person(user_id: str, names: Mapping[str, str]) -> str:
    """A person by name when Slack told us it, else as a mention Slack renders itself."""
    name = names.get(user_id)
    return f"*{escape(name)}*" if name else mention(user_id)


def account_card_reply(
    card: AccountCard,
    *,
    now: datetime,
    w: Words,
    viewer_id: str = "",
    edit_hours: int = 0,
    names: Mapping[str, str] | None = None,
    viewer_is_admin: bool = False,
    picture: Picture | None = None,
) -> Reply:
    """The account card: owner, revenue, contacts, satisfaction over time (a chart), the newest interactions."""
    account = card.account
    names = names or {}
    facts = (
        (w.gettext("Owner"), person(account.owner_id, names)),
        (w.gettext("Billed"), format_amount(account.billed)),
        (w.gettext("Forecast"), format_amount(account.forecast)),
        (w.gettext("Contacts"), str(len(card.contacts))),
    )
    fields = [{"type": "mrkdwn", "text": f"*{label}*\n{value}"} for label, value in facts]
    blocks: list[Block] = [header(account.name), {"type": "section", "fields": fields}]
    if card.contacts:
        shown = ", ".join(escape(c.email) for c in card.contacts[:MAX_CONTACTS])
        if len(card.contacts) > MAX_CONTACTS:
            shown += " " + phrases.more(w, len(card.contacts) - MAX_CONTACTS)
        blocks.append(context(f":busts_in_silhouette: {shown}"))
    if card.previous_owner_id:
        blocks.append(context(w.gettext("Previously owned by {owner}", owner=person(card.previous_owner_id, names))))
    if picture is not None:
        blocks.append(image(picture.url, picture.alt, title=w.gettext("Satisfaction over time")))
    blocks.append({"type": "divider"})
    if not card.timeline:
        blocks.append(section("_" + w.gettext("No interactions logged yet.") + "_"))
    for entry in card.timeline:
        block = section(timeline_text(entry, now=now, w=w, names=names))
        mine = entry.rep_id == viewer_id or viewer_is_admin
        if mine and now - entry.created_at <= timedelta(hours=edit_hours):
            block["accessory"] = _entry_menu(entry, w)
        blocks.append(block)
    hidden = card.interaction_count - len(card.timeline)
    if hidden > 0:
        blocks.append(
            context(
                w.ngettext(
                    "Showing the newest {shown} of {count} interaction.",
                    "Showing the newest {shown} of {count} interactions.",
                    card.interaction_count,
                    shown=len(card.timeline),
                )
            )
        )
    owner = names.get(account.owner_id) or account.owner_id
    return ephemeral(w.gettext("{account}: owned by {owner}", account=account.name, owner=owner), blocks)


def _entry_menu(entry: TimelineEntry, w: Words) -> dict[str, Any]:
    """An overflow menu with Edit and Delete for an interaction the viewer may change."""
    value = str(entry.interaction_id)
    return {
        "type": "overflow",
        "action_id": f"{ActionId.ENTRY_MENU}:{value}",
        "options": [
            {"text": {"type": "plain_text", "text": w.gettext("Edit")}, "value": f"edit:{value}"},
            {"text": {"type": "plain_text", "text": w.gettext("Delete")}, "value": f"delete:{value}"},
        ],
    }


def timeline_text(entry: TimelineEntry, *, now: datetime, w: Words, names: Mapping[str, str] | None = None) -> str:
    """One timeline line: when, what, who, the note, and the pulse's state or answer."""
    kind = Kind(entry.kind) if entry.kind in Kind.__members__.values() else Kind.OTHER
    when = f"<!date^{int(entry.occurred_at.timestamp())}^{{date_short}}|{entry.occurred_at:%Y-%m-%d}>"
    label, rep = phrases.kind_label(w, kind), person(entry.rep_id, names or {})
    if entry.contact_email:
        line = w.gettext(
            "*{kind}* with {who} · {when} · by {rep}", kind=label, who=escape(entry.contact_email), when=when, rep=rep
        )
    else:
        line = w.gettext("*{kind}* · {when} · by {rep}", kind=label, when=when, rep=rep)
    lines = [f"{KIND_EMOJI[kind]} {line}"]
    if entry.note:
        lines.append(f"> {escape(truncate(' '.join(entry.note.split()), 300))}")
    lines.append(pulse_state_text(entry, now=now, w=w))
    return "\n".join(lines)


def pulse_state_text(entry: TimelineEntry, *, now: datetime, w: Words) -> str:
    """Describes the pulse of a timeline entry."""
    pulse = entry.pulse
    if pulse is None:
        return "_" + w.gettext("no pulse") + "_"
    state = states.PulseState(pulse.state)
    if state is states.PulseState.SKIPPED:
        return (
            ":no_bell: _"
            + w.gettext("skipped: {reason}", reason=escape(phrases.skip_reason(w, pulse.skip_reason or "")))
            + "_"
        )
    if state is states.PulseState.SCHEDULED:
        return ":bell: _" + w.gettext("pulse scheduled {when}", when=phrases.delay(w, pulse.due_at - now)) + "_"
    if state is states.PulseState.FAILED:
        error = escape(pulse.last_error or "?")
        return ":warning: _" + w.gettext("the pulse could not be sent: {error}", error=error) + "_"
    if state is states.PulseState.ANSWERED and pulse.response is not None:
        response = pulse.response
        answer = survey.Answer(response.answer)
        score = survey.experience_percent(response.experience)
        text = f"{ANSWER_EMOJI[answer]} *{phrases.answer_label(w, answer)}* · " + w.gettext(
            "experience {score}/100", score=score
        )
        if response.comment:
            text += f" · {response.label_override or response.label}\n> {quote(response.comment)}"
        return text
    label = phrases.state_label(w, state.value)
    if pulse.channel:
        return (
            ":hourglass_flowing_sand: _"
            + w.gettext("pulse {state} by {channel}", state=label, channel=pulse.channel)
            + "_"
        )
    return ":hourglass_flowing_sand: _" + w.gettext("pulse {state}", state=label) + "_"

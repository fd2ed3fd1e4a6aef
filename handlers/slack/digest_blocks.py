"""Renders a Digest as Block Kit messages that stay inside Slack's limits whatever the portfolio holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from bot.core import digest as digest_core
from bot.core import phrases
from bot.core.catalog import Words, words
from bot.core.digest import Digest, DigestEntry, Picture
from bot.core.money import format_amount
from bot.core.portfolio import AccountClass
from handlers.slack.blocks import Block, button, context, header, image, section
from handlers.slack.ids import ActionId
from handlers.slack.text import escape, mention, truncate

MAX_BLOCKS: Final[int] = 50
MAX_TEXT: Final[int] = 3000
MAX_FALLBACK: Final[int] = 40_000
# Header, headline, two dividers, growth and footer leave room for 22 two-block entries; 20 keeps a margin.
MAX_ENTRIES_PER_MESSAGE: Final[int] = 20
REASONS_SHOWN: Final[int] = 3
GROWTH_SHOWN: Final[int] = 5

# The four cells of unhappy customers are red, orange or a warning; only satisfied cells are green or calm.
CLASS_EMOJI: Final[dict[AccountClass, str]] = {
    AccountClass.INTERVENE: ":rotating_light:",
    AccountClass.PROTECT: ":red_circle:",
    AccountClass.SECURE: ":large_orange_circle:",
    AccountClass.REASSESS: ":warning:",
    AccountClass.HEALTHY: ":large_green_circle:",
    AccountClass.EXPAND: ":chart_with_upwards_trend:",
    AccountClass.GROW: ":seedling:",
    AccountClass.NURTURE: ":white_circle:",
    AccountClass.INSUFFICIENT: ":grey_question:",
}
_DIVIDER: Final[Block] = {"type": "divider"}


def digest_message(
    digest: Digest,
    *,
    max_entries: int | None = None,
    quiet_all_clear: bool = True,
    w: Words | None = None,
    portfolio_url: str | None = None,
) -> dict[str, Any] | None:
    """The digest as one message: headline, the top accounts with actions, growth, and a line for the rest."""
    if digest.quiet and not quiet_all_clear:
        return None
    w = w or words(None)
    shown = digest.shown[: _fit(digest.cap if max_entries is None else max_entries)]
    blocks: list[Block] = [header(w.gettext("Pulse digest: {scope}", scope=w.say(digest.scope_label)))]
    if digest.quiet:
        blocks.append(section(f":white_check_mark: *{escape(w.say(digest.headline))}*"))
    else:
        blocks.append(section(f":rotating_light: *{escape(w.say(digest.headline))}*"))
    if digest.picture is not None:
        blocks.append(picture_block(digest.picture, w))
    if not digest.quiet:
        blocks.append(_DIVIDER)
        seen: set[str] = set()
        for rank, entry in enumerate(shown, start=1):
            blocks.extend(entry_blocks(entry, rank, now=digest.generated_at, seen=seen, w=w))
    if digest.growth:
        blocks.append(_DIVIDER)
        blocks.append(section(growth_text(digest, w=w)))
    footer = _footer(digest, len(shown), w)
    if footer:
        blocks.append(context(footer))
    if portfolio_url:
        blocks = [*blocks[: MAX_BLOCKS - 1], portfolio_link(portfolio_url, w)]
    text = fallback_text(digest_core.render_text(digest, limit=len(shown), w=w))
    return {"text": text, "blocks": blocks[:MAX_BLOCKS]}


def portfolio_link(url: str, w: Words) -> Block:
    """A line linking to the portfolio page on the web (Pulse's own address; the visitor signs in with Slack)."""
    label = w.gettext("Open the portfolio on the web")
    return context(f":bar_chart: <{url}|{escape(label)}>")


def picture_block(picture: Picture, w: Words) -> Block:
    """The portfolio matrix as an image block, with its alt text (what it shows, in words)."""
    return image(picture.url, picture.alt, title=w.gettext("Portfolio matrix"))


def overflow_messages(
    digest: Digest, *, first: int | None = None, per_message: int = 15, w: Words | None = None
) -> list[dict[str, Any]]:
    """The listed accounts after the first message's (`first`, default the cap), as thread replies within limits."""
    w = w or words(None)
    start = _fit(digest.cap if first is None else first)
    size = max(1, _fit(per_message))
    rest = digest.shown[start:]
    messages: list[dict[str, Any]] = []
    seen: set[str] = set()
    for offset in range(0, len(rest), size):
        chunk = rest[offset : offset + size]
        low = start + offset + 1
        high = low + len(chunk) - 1
        span = w.gettext("At-risk accounts {low}–{high} of {total}", low=low, high=high, total=digest.at_risk_count)
        blocks: list[Block] = [context(span)]
        lines = [span]
        for rank, entry in enumerate(chunk, start=low):
            blocks.extend(entry_blocks(entry, rank, now=digest.generated_at, seen=seen, w=w))
            lines.append(digest_core.render_entry_text(entry, rank, now=digest.generated_at, w=w))
        if offset + size >= len(rest) and digest.more_count:
            note = w.say(digest_core.more_text(digest.more_count))
            blocks.append(context(note))
            lines.append(note)
        messages.append({"text": fallback_text("\n\n".join(lines)), "blocks": blocks[:MAX_BLOCKS]})
    return messages


def _fit(count: int) -> int:
    """How many entries one message carries, so the first message and the thread agree on where to split."""
    return max(0, min(count, MAX_ENTRIES_PER_MESSAGE))


def entry_blocks(
    entry: DigestEntry, rank: int, *, now: datetime, seen: set[str], w: Words | None = None
) -> list[Block]:
    """One account: a section with everything to read, and its Acknowledge / Snooze / Show history buttons."""
    w = w or words(None)
    return [section(entry_text(entry, rank, now=now, w=w)), actions_block(entry, seen=seen, w=w)]


def entry_text(entry: DigestEntry, rank: int, *, now: datetime, w: Words | None = None) -> str:
    """The mrkdwn of one account; every piece of account or customer text is escaped."""
    w = w or words(None)
    label = w.say(entry.account_class.label)
    amounts = w.gettext(
        "Billed *{billed}* · forecast *{forecast}* · at stake *{at_stake}*",
        billed=format_amount(entry.billed),
        forecast=format_amount(entry.forecast),
        at_stake=format_amount(entry.at_stake),
    )
    lines = [
        f"*{rank}. {esc(entry.name, 150)}* · {CLASS_EMOJI[entry.account_class]} *{label}*"
        + (f" · _{w.say(entry.confidence)}_" if entry.confidence else ""),
        f"_{w.say(entry.play)}_",
        amounts,
        _satisfaction_line(entry, w),
    ]
    lines.extend(f"• {esc(w.say(reason), 300)}" for reason in entry.reasons[:REASONS_SHOWN])
    quote = entry.quote
    if quote is not None and quote.text.strip():
        said = f"{esc(quote.contact, 100)}, {phrases.age(w, now - quote.at)}"
        lines.append(f"> “{esc(' '.join(quote.text.split()), 400)}” — {said}")
    owner = w.gettext("Owner {owner}", owner=user_mention(entry.owner_id))
    if entry.alert is not None:
        alert = digest_core.alert_text(entry.alert, now=now, person=user_mention, stress=_bold, w=w)
        owner += f" · :alarm_clock: {alert}"
    lines.append(owner)
    return "\n".join(lines)


def _satisfaction_line(entry: DigestEntry, w: Words) -> str:
    """Satisfaction out of 100 with its trend and sparkline."""
    spark = f" `{entry.sparkline}`" if entry.sparkline else ""
    if entry.satisfaction_pct is None:
        return w.gettext("Satisfaction: _no answers yet_")
    return w.gettext("Satisfaction *{trend}*", trend=digest_core.trend_text(entry, w.language)) + spark


def _bold(text: str) -> str:
    return f"*{text}*"


def actions_block(entry: DigestEntry, *, seen: set[str], w: Words | None = None) -> Block:
    """The three buttons; action ids carry the account id so they stay unique within a message."""
    w = w or words(None)
    key = str(entry.account_id)
    if key in seen:
        key = f"{entry.account_id}:{len(seen)}"
    seen.add(key)
    target = str(entry.alert.alert_id) if entry.alert is not None else f"account:{entry.account_id}"
    open_alert = entry.alert is not None and entry.alert.acknowledged_at is None and entry.alert.acknowledged_by is None
    return {
        "type": "actions",
        "elements": [
            button(
                w.gettext("Acknowledge"), f"{ActionId.ACKNOWLEDGE}:{key}", target, "primary" if open_alert else None
            ),
            button(w.gettext("Snooze 7 days"), f"{ActionId.SNOOZE}:{key}", target),
            button(w.gettext("Show history"), f"{ActionId.SHOW_HISTORY}:{key}", str(entry.account_id)),
        ],
    }


def growth_text(digest: Digest, w: Words | None = None) -> str:
    """The short growth section: under-served accounts with high forecast and happy customers."""
    w = w or words(None)
    count = max(digest.growth_count, len(digest.growth))
    title = w.gettext("Grow: under-served potential")
    lines = [f"{CLASS_EMOJI[AccountClass.GROW]} *{title}* ({count})"]
    for entry in digest.growth[:GROWTH_SHOWN]:
        spark = f" `{entry.sparkline}`" if entry.sparkline else ""
        line = w.gettext(
            "forecast *{forecast}* · billed {billed} · satisfaction {trend}",
            forecast=format_amount(entry.forecast),
            billed=format_amount(entry.billed),
            trend=digest_core.trend_text(entry, w.language),
        )
        lines.append(f"• *{esc(entry.name, 80)}* · {line}{spark} · {user_mention(entry.owner_id)}")
    more = count - min(len(digest.growth), GROWTH_SHOWN)
    if more > 0:
        tail = w.ngettext(
            "+{count} more to grow: {where}",
            "+{count} more to grow: {where}",
            more,
            where=w.say(digest_core.WHERE_MORE),
        )
        lines.append(f"_{escape(tail)}_")
    return "\n".join(lines)


def _footer(digest: Digest, shown: int, w: Words) -> str:
    """The line for what the message leaves out: the thread, smaller accounts, accounts without feedback."""
    parts = []
    in_thread = len(digest.shown) - shown
    if in_thread > 0:
        parts.append(
            w.ngettext(
                "+{count} more at-risk account in the thread", "+{count} more at-risk accounts in the thread", in_thread
            )
        )
    if digest.more_count:
        parts.append(escape(w.say(digest_core.more_text(digest.more_count))))
    if digest.watch_count:
        parts.append(escape(w.say(digest_core.watch_text(digest.watch_count))))
    if digest.insufficient_count:
        parts.append(w.say(digest_core.insufficient_text(digest.insufficient_count)))
    return "\n".join(parts)


def esc(text: str, limit: int) -> str:
    """Escapes untrusted text on one line, cut so that the escaped form is at most `limit` characters."""
    # Reading a bounded window keeps a megabyte of comment cheap; runs of spaces collapse, hence the margin.
    window = text[: limit * 8 + 8]
    flat = " ".join(window.split())
    if _escaped_length(flat) <= limit and len(window) == len(text):
        return escape(flat)
    used, kept = 0, len(flat)
    for index, char in enumerate(flat):
        used += _ESCAPED_LENGTH.get(char, 1)
        if used > limit - 1:
            kept = index
            break
    return escape(flat[:kept]).rstrip() + "…"


_ESCAPED_LENGTH: Final[dict[str, int]] = {"&": 5, "<": 4, ">": 4}


def _escaped_length(text: str) -> int:
    """The length of escape(text), without building it."""
    return len(text) + 4 * text.count("&") + 3 * text.count("<") + 3 * text.count(">")


def user_mention(user_id: str) -> str:
    """Mentions a Slack user id Pulse stored; anything else comes out escaped and short."""
    return mention(truncate(user_id, 40))


def fallback_text(plain: str) -> str:
    """Escapes plain text for Slack's `text` field and cuts it at a line break under Slack's 40,000 characters."""
    escaped = escape(plain)
    if len(escaped) <= MAX_FALLBACK:
        return escaped
    cut = escaped.rfind("\n", 0, MAX_FALLBACK - 2)
    if cut <= 0:
        # Never leave half an entity such as "&am" behind.
        cut = MAX_FALLBACK - 2
        amp = escaped.rfind("&", cut - 5, cut)
        if amp >= 0 and ";" not in escaped[amp:cut]:
            cut = amp
    return escaped[:cut] + "\n…"

"""The App Home tab: a rep's portfolio by class, alerts to acknowledge, questions waiting for an answer."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from bot.core.portfolio import AccountClass
from bot.core.survey import describe_age
from bot.core.triggers import Cause
from bot.services.home import RepHome
from handlers.slack.blocks import Block, button, context, header, section
from handlers.slack.digest_blocks import entry_blocks, esc
from handlers.slack.ids import ActionId
from handlers.slack.text import escape

MAX_ENTRIES = 8
GROWTH_NAMES = 25


def home_view(home: RepHome, *, now: datetime) -> dict[str, Any]:
    """Renders the Home tab (at most 100 blocks, as Slack allows)."""
    digest = home.digest
    blocks: list[Block] = [
        header("Your accounts"),
        {
            "type": "actions",
            "elements": [button("Log an interaction", ActionId.OPEN_LOG_FORM, "home", "primary")],
        },
    ]
    rate = f"{round(home.response_rate * 100)}%" if home.response_rate is not None else "no pulses yet"
    classes = Counter(e.account_class for e in digest.at_risk)
    blocks.append(
        section(
            f"*{escape(digest.headline)}*\n"
            f"Response rate on your pulses (180 days): *{rate}* ({home.answered} of {home.sent})"
        )
    )
    if classes:
        counts = " · ".join(f"{c.label}: {classes[c]}" for c in AccountClass if classes[c])
        blocks.append(context(counts))
    blocks.append({"type": "divider"})
    blocks.append(section(f"*Alerts to acknowledge* ({len(home.alerts)})"))
    if not home.alerts:
        blocks.append(context("Nothing waiting for you."))
    for alert in home.alerts[:10]:
        value = str(alert.alert_id)
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*{escape(alert.account_name)}*: {Cause(alert.cause).label}, "
                    f"{describe_age(now - alert.opened_at)}",
                },
                "accessory": button("Acknowledge", f"{ActionId.ACKNOWLEDGE}:{value}", value),
            }
        )
    blocks.append({"type": "divider"})
    blocks.append(section(f"*Accounts needing you* ({digest.at_risk_count})"))
    seen: set[str] = set()
    for rank, entry in enumerate(digest.at_risk[:MAX_ENTRIES], start=1):
        blocks.extend(entry_blocks(entry, rank, now=now, seen=seen))
    more = digest.at_risk_count - min(MAX_ENTRIES, len(digest.at_risk))
    if more > 0:
        blocks.append(context(escape(f"+{more} more of your at-risk accounts: `pulse digest --format json`")))
    if digest.growth:
        count = max(digest.growth_count, len(digest.growth))
        names = ", ".join(esc(e.name, 60) for e in digest.growth[:GROWTH_NAMES])
        rest = count - min(GROWTH_NAMES, len(digest.growth))
        blocks.append(context(f":seedling: Room to grow ({count}): {names}" + (f" and {rest} more" if rest else "")))
    blocks.append({"type": "divider"})
    blocks.append(section(f"*Waiting for an answer* ({home.waiting_total})"))
    for pulse in home.waiting:
        blocks.append(
            context(
                f"{escape(pulse.email)} at *{escape(pulse.account_name)}* · asked {describe_age(now - pulse.sent_at)}"
            )
        )
    return {"type": "home", "blocks": blocks[:100]}

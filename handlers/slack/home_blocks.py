"""The App Home tab: a rep's portfolio by class, alerts to acknowledge, questions waiting for an answer."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from bot.core import digest as digest_core
from bot.core import phrases
from bot.core.catalog import Words, words
from bot.core.digest import Picture
from bot.core.portfolio import AccountClass
from bot.services.home import RepHome
from handlers.slack.blocks import Block, button, context, header, image, section
from handlers.slack.digest_blocks import entry_blocks, esc, portfolio_link
from handlers.slack.ids import ActionId
from handlers.slack.text import escape

MAX_ENTRIES = 8
MAX_ALERTS = 10
GROWTH_NAMES = 25


def home_view(
    home: RepHome,
    *,
    now: datetime,
    w: Words | None = None,
    picture: Picture | None = None,
    portfolio_url: str | None = None,
) -> dict[str, Any]:
    """Renders the Home tab (at most 100 blocks, as Slack allows); every cut list says how many it left out."""
    w = w or words(None)
    digest = home.digest
    blocks: list[Block] = [
        header(w.gettext("Your accounts")),
        {
            "type": "actions",
            "elements": [button(w.gettext("Log an interaction"), ActionId.OPEN_LOG_FORM, "home", "primary")],
        },
    ]
    if home.response_rate is not None:
        rate = w.ngettext(
            "Response rate on your pulses (180 days): *{rate}%* ({answered} of {count} whose answer window closed)",
            "Response rate on your pulses (180 days): *{rate}%* ({answered} of {count} whose answer windows closed)",
            home.sent,
            rate=round(home.response_rate * 100),
            answered=home.answered,
        )
    else:
        rate = w.gettext("Response rate on your pulses: none has had its full answer window yet.")
    classes = Counter(e.account_class for e in digest.at_risk)
    blocks.append(section(f"*{escape(w.say(digest.headline))}*\n{rate}"))
    if classes:
        counts = " · ".join(f"{w.say(c.label)}: {classes[c]}" for c in AccountClass if classes[c])
        blocks.append(context(counts))
    if picture is not None:
        blocks.append(image(picture.url, picture.alt, title=w.gettext("Your portfolio")))
    if portfolio_url:
        blocks.append(portfolio_link(portfolio_url, w))
    blocks.append({"type": "divider"})
    blocks.append(section("*" + w.gettext("Alerts to acknowledge ({count})", count=len(home.alerts)) + "*"))
    if not home.alerts:
        blocks.append(context(w.gettext("Nothing waiting for you.")))
    for alert in home.alerts[:MAX_ALERTS]:
        value = str(alert.alert_id)
        cause, opened = phrases.cause_label(w, alert.cause), phrases.age(w, now - alert.opened_at)
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*{escape(alert.account_name)}*: {cause}, {opened}",
                },
                "accessory": button(w.gettext("Acknowledge"), f"{ActionId.ACKNOWLEDGE}:{value}", value),
            }
        )
    _more(blocks, w, len(home.alerts) - MAX_ALERTS)
    blocks.append({"type": "divider"})
    blocks.append(section("*" + w.gettext("Accounts needing you ({count})", count=digest.at_risk_count) + "*"))
    seen: set[str] = set()
    for rank, entry in enumerate(digest.at_risk[:MAX_ENTRIES], start=1):
        blocks.extend(entry_blocks(entry, rank, now=now, seen=seen, w=w))
    hidden_at_risk = digest.at_risk_count - min(len(digest.at_risk), MAX_ENTRIES)
    if hidden_at_risk > 0:
        tail = w.ngettext(
            "+{count} more of your at-risk accounts: `pulse digest --format json` lists them all",
            "+{count} more of your at-risk accounts: `pulse digest --format json` lists them all",
            hidden_at_risk,
        )
        blocks.append(context(tail))
    if digest.watch_count:
        blocks.append(context(escape(w.say(digest_core.watch_text(digest.watch_count)))))
    if digest.growth:
        shown = digest.growth[:GROWTH_NAMES]
        count = max(digest.growth_count, len(digest.growth))
        names = ", ".join(esc(e.name, 60) for e in shown)
        if count > len(shown):
            names += " " + phrases.more(w, count - len(shown))
        blocks.append(context(":seedling: " + w.gettext("Room to grow ({count}): {names}", count=count, names=names)))
    blocks.append({"type": "divider"})
    blocks.append(section("*" + w.gettext("Waiting for an answer ({count})", count=home.waiting_total) + "*"))
    for pulse in home.waiting:
        asked = phrases.age(w, now - pulse.sent_at)
        line = w.gettext(
            "{email} at *{account}* · asked {age}",
            email=escape(pulse.email),
            account=escape(pulse.account_name),
            age=asked,
        )
        blocks.append(context(line))
    _more(blocks, w, home.waiting_total - len(home.waiting))
    if len(blocks) > 100:
        # Slack shows at most 100 blocks; the digest entries are what gets cut, and the count says so.
        blocks = [*blocks[:99], context(w.gettext("Some of this list did not fit; open the digest for all of it."))]
    return {"type": "home", "blocks": blocks}


def _more(blocks: list[Block], w: Words, hidden: int) -> None:
    """Adds '+N more' under a list that was cut."""
    if hidden > 0:
        blocks.append(context(phrases.more(w, hidden)))

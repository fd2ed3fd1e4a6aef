"""The digest in a terminal: a table people can read at a glance (customer text is never parsed as markup)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.core.digest import WHERE_MORE, Digest, DigestEntry, alert_text, more_text, trend_text, watch_text
from bot.core.money import format_amount
from bot.core.portfolio import AccountClass

WIDE = 120
# Unhappy cells in red or yellow; only satisfied cells in green or cyan.
CLASS_STYLE = {
    AccountClass.INTERVENE: "bold red",
    AccountClass.PROTECT: "bold red",
    AccountClass.SECURE: "red",
    AccountClass.REASSESS: "yellow",
    AccountClass.GROW: "green",
    AccountClass.HEALTHY: "cyan",
    AccountClass.EXPAND: "cyan",
    AccountClass.NURTURE: "cyan",
    AccountClass.INSUFFICIENT: "dim",
}


def print_digest(
    console: Console, digest: Digest, *, names: Mapping[str, str] | None = None, limit: int | None = None
) -> None:
    """Prints the digest: headline, the top at-risk accounts with their reasons, then the growth accounts."""
    names = names or {}
    limit = digest.cap if limit is None else limit
    title = Text(f"Pulse digest · {digest.scope_label} · {digest.generated_at:%A %d %B %Y}", style="bold")
    console.print(Panel(Group(title, Text(digest.headline)), expand=False))
    if digest.at_risk and console.width < WIDE:
        for rank, entry in enumerate(digest.at_risk[:limit], start=1):
            console.print(_stacked(entry, rank, digest, names))
    elif digest.at_risk:
        table = Table(show_lines=True, expand=True)
        for column, options in (
            ("#", {"justify": "right", "width": 3}),
            ("Account", {"ratio": 2}),
            ("At stake", {"justify": "right"}),
            ("Satisfaction", {}),
            ("Why", {"ratio": 4}),
            ("Owner", {}),
        ):
            table.add_column(column, **options)
        for rank, entry in enumerate(digest.at_risk[:limit], start=1):
            table.add_row(*_row(entry, rank, digest, names))
        console.print(table)
    shown = min(limit, len(digest.at_risk))
    if digest.at_risk_count > shown:
        console.print(Text(more_text(digest.at_risk_count - shown), style="dim"))
    if digest.watch_count:
        console.print(Text(watch_text(digest.watch_count), style="dim"))
    if digest.growth:
        console.print(Text("Grow: under-served potential", style="bold green"))
        for entry in digest.growth:
            line = Text("  • ")
            line.append(entry.name, style="bold")
            line.append(f"  forecast {format_amount(entry.forecast)}, billed {format_amount(entry.billed)}, ")
            line.append(
                f"satisfaction {trend_text(entry)} {entry.sparkline}  ({names.get(entry.owner_id, entry.owner_id)})"
            )
            console.print(line)
        if digest.growth_count > len(digest.growth):
            console.print(Text(f"+{digest.growth_count - len(digest.growth)} more to grow: {WHERE_MORE}", style="dim"))


def _stacked(entry: DigestEntry, rank: int, digest: Digest, names: Mapping[str, str]) -> Text:
    """One account as a few lines, for terminals too narrow for the table."""
    text = Text(f"\n{rank}. ")
    text.append(entry.name, style="bold")
    text.append(f" · {entry.account_class.label}", style=CLASS_STYLE.get(entry.account_class, ""))
    text.append(f" ({entry.confidence})", style="dim")
    text.append(f" · at stake {format_amount(entry.at_stake)} · satisfaction {trend_text(entry)} {entry.sparkline}")
    for reason in entry.reasons[:3]:
        text.append(f"\n   • {reason}")
    if entry.quote is not None and entry.quote.text.strip():
        text.append(f"\n   “{' '.join(entry.quote.text.split())[:200]}”", style="italic")
    text.append(f"\n   Owner {names.get(entry.owner_id, entry.owner_id)}", style="dim")
    return text


def _row(entry: DigestEntry, rank: int, digest: Digest, names: Mapping[str, str]) -> tuple[Text, ...]:
    """One table row; every piece of customer or account text goes in as plain Text."""
    account = Text(entry.name, style="bold")
    account.append("\n" + entry.account_class.label, style=CLASS_STYLE.get(entry.account_class, ""))
    account.append(f"\n{entry.confidence}", style="dim")
    stake = Text(format_amount(entry.at_stake))
    stake.append(f"\n{format_amount(entry.billed)} + {format_amount(entry.forecast)}", style="dim")
    satisfaction = Text(trend_text(entry))
    if entry.sparkline:
        satisfaction.append("\n" + entry.sparkline)
    why = Text("\n".join(f"• {reason}" for reason in entry.reasons[:3]))
    if entry.quote is not None and entry.quote.text.strip():
        why.append(f"\n“{' '.join(entry.quote.text.split())[:200]}”", style="italic")
    owner = Text(names.get(entry.owner_id, entry.owner_id))
    if entry.alert is not None:
        status = alert_text(entry.alert, now=digest.generated_at)
        for user_id, name in names.items():
            status = status.replace(user_id, name)
        owner.append("\n" + status, style="dim")
    return Text(str(rank)), account, stake, satisfaction, why, owner

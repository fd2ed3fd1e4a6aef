"""Builds the daily at-risk digest: the one value every surface (Slack, terminal, web) renders."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.core import catalog, phrases, portfolio, portfolio_risk
from bot.core.catalog import nphrase, phrase
from bot.core.money import ZERO, format_amount, positive
from bot.core.portfolio import AccountClass
from bot.core.shorten import one_line
from bot.core.signals import AccountSignals, AlertInfo, ClassifyConfig, Quote, RankName, Thresholds
from bot.core.survey import experience_percent

SPARK_CHARS = "▁▂▃▄▅▆▇█"
TEXT_REASONS = 3
DEFAULT_CAP = 10
WHERE_MORE = phrase("pulse digest --format json, or each owner's App Home")
WHERE_WATCH = phrase("pulse digest --format json, or the portfolio page")


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One account as the digest shows it: class, revenue, satisfaction and trend, reasons, quote, owner, alert."""

    account_id: int
    name: str
    owner_id: str
    account_class: AccountClass
    billed: Decimal
    forecast: Decimal
    satisfaction_pct: int | None
    trend_points: int | None
    sparkline: str
    reasons: tuple[str, ...]
    quote: Quote | None
    alert: AlertInfo | None
    alert_age_days: int | None
    at_stake: Decimal
    risk_value: float
    severity: float = 0.0
    confidence: str = ""
    evidence: str = "none"
    signals: tuple[portfolio_risk.Signal, ...] = ()
    likelihood: float = 0.0

    @property
    def play(self) -> str:
        """Returns what to do about the account, from its class."""
        return self.account_class.play


@dataclass(frozen=True, slots=True)
class Picture:
    """An image a surface shows beside the digest: where it is served, and what it shows in words."""

    url: str
    alt: str


@dataclass(frozen=True, slots=True)
class Digest:
    """The day's digest for one scope: headline, accounts at risk ranked by likelihood, then size; growth."""

    generated_at: datetime
    scope_label: str
    total_accounts: int
    at_risk: tuple[DigestEntry, ...]
    at_risk_count: int
    at_risk_revenue: Decimal
    growth: tuple[DigestEntry, ...]
    insufficient_count: int
    headline: str
    growth_count: int = 0
    cap: int = DEFAULT_CAP
    picture: Picture | None = None
    watch: tuple[DigestEntry, ...] = ()
    watch_count: int = 0

    @property
    def quiet(self) -> bool:
        """Says whether no account is at risk today."""
        return self.at_risk_count == 0

    @property
    def unlisted_count(self) -> int:
        """Counts at-risk accounts beyond the ranked list the digest carries."""
        return max(0, self.at_risk_count - len(self.at_risk))

    @property
    def shown(self) -> tuple[DigestEntry, ...]:
        """The at-risk accounts a surface lists: the top `cap` of the ranking."""
        return self.at_risk[: max(0, self.cap)]

    @property
    def more_count(self) -> int:
        """Counts the at-risk accounts a surface does not list (beyond the cap, or beyond the carried ranking)."""
        return max(0, self.at_risk_count - len(self.shown))


_Key = tuple[float | Decimal, Decimal, RankName, int]


def sparkline(values: Sequence[float], lo: float = -1.0, hi: float = 1.0) -> str:
    """Draws values as a compact bar sparkline ('▁▂▃▄▅▆▇█'); '' for no values."""
    if not values:
        return ""
    span = hi - lo
    top = len(SPARK_CHARS) - 1
    if span <= 0 or math.isnan(span):
        return SPARK_CHARS[top // 2] * len(values)
    return "".join(
        SPARK_CHARS[top // 2 if math.isnan(v) else round((min(hi, max(lo, v)) - lo) / span * top)] for v in values
    )


def build_digest(
    signals: Iterable[AccountSignals],
    *,
    now: datetime,
    config: ClassifyConfig,
    scope_label: str = "all accounts",
    thresholds: Thresholds | None = None,
    max_entries: int = 200,
    max_growth: int = 200,
    cap: int = DEFAULT_CAP,
    assessed: portfolio.Assessed | None = None,
) -> Digest:
    """Assesses every account once and keeps the top of the ranking; counts and sums cover all accounts.

    The ranking goes by the likelihood the risk model gives that the account is lost, revenue at stake breaking
    ties: revenue is not an input of the model, so a big account with mild or old evidence never outranks fresh
    evidence for its size. The list ends at the thresholds' `risk_cut` (at most `at_risk_share` of the
    portfolio); accounts over the floor beyond it are counted and carried as "watch" accounts. `cap` is how many
    a surface lists. `assessed` holds signals, severities and ranking keys already found by `portfolio.with_risk_cut`.
    """
    accounts: Iterable[AccountSignals] = signals
    if thresholds is None:
        # Portfolio-relative cut-offs need every amount before the first account can be classified.
        listed = list(signals)
        thresholds = portfolio.thresholds([s.billed for s in listed], [s.forecast for s in listed], config)
        assessed = {}
        thresholds = portfolio.with_risk_cut(thresholds, listed, config, now=now, assessed=assessed)
        accounts = listed
    known = assessed or {}
    total = insufficient = growth_count = at_risk_count = watch_count = 0
    at_risk_revenue = ZERO
    risky: list[tuple[_Key, int, AccountSignals]] = []
    watch: list[tuple[_Key, int, AccountSignals]] = []
    upside: list[tuple[_Key, int, AccountSignals]] = []
    for seq, s in enumerate(accounts):
        total += 1
        kept = known.get(s.account_id)
        key = None
        if kept is None:
            severity = portfolio_risk.combine(portfolio_risk.find_signals(s, thresholds, config, now=now))
        else:
            _, severity, key = kept
        account_class = portfolio.class_of(s, thresholds, config, severity=severity)
        billed, forecast = s.billed, s.forecast  # inlined positive(): this loop runs once per account
        at_stake = (billed if billed > 0 else ZERO) + (forecast if forecast > 0 else ZERO)
        if account_class is AccountClass.INSUFFICIENT:
            insufficient += 1
        if portfolio.is_at_risk(severity, at_stake, config):
            key = key or portfolio.rank_key(s, severity, at_stake, now=now)
            if portfolio.within_cut(key, thresholds):
                at_risk_count += 1
                at_risk_revenue += at_stake
                _keep(risky, (key, seq, s), max_entries)
            else:
                watch_count += 1
                _keep(watch, (key, seq, s), max_entries)
        elif account_class is AccountClass.GROW:
            growth_count += 1
            _keep(upside, ((positive(s.forecast), at_stake, RankName(s.name), -s.account_id), seq, s), max_growth)
    at_risk = tuple(_entry(s, thresholds, config, now=now) for _, _, s in sorted(risky, reverse=True))
    watched = tuple(_entry(s, thresholds, config, now=now) for _, _, s in sorted(watch, reverse=True))
    growth = tuple(_entry(s, thresholds, config, now=now) for _, _, s in sorted(upside, reverse=True))
    return Digest(
        generated_at=now,
        scope_label=scope_label,
        total_accounts=total,
        at_risk=at_risk,
        at_risk_count=at_risk_count,
        at_risk_revenue=at_risk_revenue,
        growth=growth,
        insufficient_count=insufficient,
        headline=headline(total, at_risk_count, at_risk_revenue),
        growth_count=growth_count,
        cap=cap,
        watch=watched,
        watch_count=watch_count,
    )


def _keep(heap: list[tuple[_Key, int, AccountSignals]], item: tuple[_Key, int, AccountSignals], limit: int) -> None:
    """Keeps the `limit` best items in a min-heap, so memory stays bounded however many accounts there are."""
    if limit <= 0:
        return
    if len(heap) < limit:
        heapq.heappush(heap, item)
    elif item > heap[0]:
        heapq.heapreplace(heap, item)


def _entry(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> DigestEntry:
    """Turns one selected account into its digest entry, with the full assessment and its reasons."""
    assessment = portfolio.assess(s, t, config, now=now)
    pct = None if s.satisfaction is None else experience_percent(s.satisfaction)
    trend = None
    if pct is not None and s.baseline is not None:
        trend = pct - experience_percent(s.baseline)
    alert_age = None if s.alert is None else max(0, (now - s.alert.opened_at).days)
    return DigestEntry(
        account_id=s.account_id,
        name=s.name,
        owner_id=s.owner_id,
        account_class=assessment.account_class,
        billed=s.billed,
        forecast=s.forecast,
        satisfaction_pct=pct,
        trend_points=trend,
        sparkline=sparkline(s.recent_scores[-12:]),
        reasons=assessment.reasons,
        quote=s.worst_recent,
        alert=s.alert,
        alert_age_days=alert_age,
        at_stake=assessment.at_stake,
        risk_value=assessment.risk_value,
        likelihood=assessment.likelihood,
        severity=assessment.severity,
        confidence=assessment.classification.confidence,
        evidence=assessment.evidence,
        signals=assessment.signals,
    )


def headline(total: int, at_risk_count: int, at_risk_revenue: Decimal) -> str:
    """Says in one line how many accounts are at risk and how much revenue is at stake."""
    if at_risk_count == 0:
        return nphrase(
            "All clear: none of {count} account needs attention today",
            "All clear: none of {count} accounts needs attention today",
            total,
        )
    return nphrase(
        "{at_risk} of {count} account at risk, {amount} in revenue at stake",
        "{at_risk} of {count} accounts at risk, {amount} in revenue at stake",
        total,
        at_risk=at_risk_count,
        amount=format_amount(at_risk_revenue),
    )


def trend_text(entry: DigestEntry, language: str | None = None) -> str:
    """Renders satisfaction with its trend against the account's usual level: '31/100 ↓28 pts', '↑1 pt'."""
    w = catalog.words(language)
    if entry.satisfaction_pct is None:
        return w.gettext("no answers yet")
    text = f"{entry.satisfaction_pct}/100"
    if entry.trend_points:
        arrow = "↑" if entry.trend_points > 0 else "↓"
        points = abs(entry.trend_points)
        text += " " + w.ngettext("{arrow}{count} pt", "{arrow}{count} pts", points, arrow=arrow)
    return text


def alert_text(
    alert: AlertInfo,
    *,
    now: datetime,
    person: Callable[[str], str] | None = None,
    stress: Callable[[str], str] | None = None,
    w: catalog.Words | None = None,
) -> str:
    """Says how long an alert has been open and who acknowledged or snoozed it, in `w`'s language (English).

    The user id is left raw unless `person` renders it (a Slack mention); `stress` marks "not acknowledged".
    """
    w = w or catalog.words(None)
    parts = [w.gettext("alert open {span}", span=w.say(portfolio_risk.describe_span(now - alert.opened_at)))]
    if alert.acknowledged_at is not None or alert.acknowledged_by is not None:
        by = alert.acknowledged_by
        who = (person(by) if person else one_line(by, 40)) if by else ""
        when = phrases.age(w, now - alert.acknowledged_at) if alert.acknowledged_at else ""
        if who and when:
            parts.append(w.gettext("acknowledged by {who} {when}", who=who, when=when))
        elif who:
            parts.append(w.gettext("acknowledged by {who}", who=who))
        else:
            parts.append(w.gettext("acknowledged {when}", when=when) if when else w.gettext("acknowledged"))
    else:
        unacknowledged = w.gettext("not acknowledged")
        parts.append(stress(unacknowledged) if stress else unacknowledged)
    if alert.snoozed_until is not None and alert.snoozed_until > now:
        parts.append(w.gettext("snoozed until {day}", day=f"{alert.snoozed_until:%Y-%m-%d}"))
    return ", ".join(parts)


def render_entry_text(entry: DigestEntry, rank: int, *, now: datetime, w: catalog.Words | None = None) -> str:
    """Renders one at-risk account as plain text lines (raw names and comments: no markup is added)."""
    w = w or catalog.words(None)
    lines = [
        f"{rank}. {one_line(entry.name, 120)} · {w.say(entry.account_class.label)} ({w.say(entry.confidence)}) · "
        + w.gettext(
            "billed {billed}, forecast {forecast}, at stake {at_stake}",
            billed=format_amount(entry.billed),
            forecast=format_amount(entry.forecast),
            at_stake=format_amount(entry.at_stake),
        ),
        (
            "   " + w.gettext("Satisfaction {trend}", trend=trend_text(entry, w.language)) + f" {entry.sparkline}"
        ).rstrip(),
    ]
    lines.extend(f"   - {one_line(w.say(reason), 240)}" for reason in entry.reasons[:TEXT_REASONS])
    if entry.quote is not None and entry.quote.text.strip():
        lines.append(f"   “{one_line(entry.quote.text, 280)}” ({one_line(entry.quote.contact, 80)})")
    owner = "   " + w.gettext("Owner @{owner}", owner=one_line(entry.owner_id, 40))
    if entry.alert is not None:
        owner += f" · {alert_text(entry.alert, now=now, w=w)}"
    lines.append(owner)
    return "\n".join(lines)


def render_growth_text(entry: DigestEntry, w: catalog.Words | None = None) -> str:
    """Renders one growth account as a plain text line."""
    w = w or catalog.words(None)
    line = w.gettext(
        "forecast {forecast}, billed {billed}, satisfaction {trend} {spark} · owner @{owner}",
        forecast=format_amount(entry.forecast),
        billed=format_amount(entry.billed),
        trend=trend_text(entry, w.language),
        spark=entry.sparkline,
        owner=one_line(entry.owner_id, 40),
    )
    return f"- {one_line(entry.name, 120)}: {line}".rstrip()


def render_text(digest: Digest, *, limit: int | None = None, w: catalog.Words | None = None) -> str:
    """Renders the digest as plain text for the terminal and Slack's notification fallback; no markup."""
    w = w or catalog.words(None)
    title = w.gettext(
        "Pulse digest · {scope} · {day}",
        scope=one_line(w.say(digest.scope_label), 80),
        day=f"{digest.generated_at:%Y-%m-%d}",
    )
    lines = [title, w.say(digest.headline)]
    shown = digest.shown if limit is None else digest.at_risk[: max(0, limit)]
    for rank, entry in enumerate(shown, start=1):
        lines.extend(("", render_entry_text(entry, rank, now=digest.generated_at, w=w)))
    rest = digest.at_risk_count - len(shown)
    if rest > 0:
        lines.extend(("", w.say(more_text(rest))))
    if digest.watch_count > 0:
        lines.extend(("", w.say(watch_text(digest.watch_count))))
    if digest.growth:
        growth = max(digest.growth_count, len(digest.growth))
        lines.extend(("", w.gettext("Grow: under-served potential") + f" ({growth})"))
        lines.extend(render_growth_text(entry, w) for entry in digest.growth)
        if digest.growth_count > len(digest.growth):
            more = digest.growth_count - len(digest.growth)
            lines.append(
                w.ngettext(
                    "+{count} more to grow: {where}", "+{count} more to grow: {where}", more, where=w.say(WHERE_MORE)
                )
            )
    if digest.insufficient_count:
        lines.extend(("", w.say(insufficient_text(digest.insufficient_count))))
    return "\n".join(lines)


def more_text(count: int) -> str:
    """Says how many at-risk accounts a list leaves out, and where to find them."""
    return nphrase(
        "+{count} more at-risk account: {where}", "+{count} more at-risk accounts: {where}", count, where=WHERE_MORE
    )


def watch_text(count: int) -> str:
    """Says how many accounts over the floor the bounded list leaves out (weaker signs), and where to find them."""
    return nphrase(
        "{count} more account shows weaker signs: {where}",
        "{count} more accounts show weaker signs: {where}",
        count,
        where=WHERE_WATCH,
    )


def insufficient_text(count: int) -> str:
    """Says how many accounts have no answers and no other evidence yet."""
    return nphrase("{count} account has no answers yet.", "{count} accounts have no answers yet.", count)

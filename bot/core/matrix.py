"""The portfolio matrix of seed 000's figure 2 as a value: satisfaction across, billing up, forecast as size.

Every point carries the class and the at-risk verdict the digest gives the same account (same signals, same
cut-offs, same `portfolio` functions), so the picture and the digest never disagree. Renderers (Slack image,
web page) draw a `MatrixView`; `alt_text` says in words what the picture shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.core import catalog, money, portfolio, portfolio_risk
from bot.core.catalog import nphrase, phrase
from bot.core.portfolio import AccountClass
from bot.core.shorten import one_line
from bot.core.signals import AccountSignals, ClassifyConfig, Thresholds

ALT_NAMES = 5
ALT_LIMIT = 1900  # Slack's image alt_text holds 2,000 characters
# The order a legend lists the classes in: the unhappy cells first, as the digest ranks them.
CLASS_ORDER = (
    AccountClass.INTERVENE,
    AccountClass.PROTECT,
    AccountClass.SECURE,
    AccountClass.REASSESS,
    AccountClass.HEALTHY,
    AccountClass.EXPAND,
    AccountClass.GROW,
    AccountClass.NURTURE,
    AccountClass.INSUFFICIENT,
)


@dataclass(frozen=True, slots=True)
class MatrixPoint:
    """One account in the matrix: satisfaction (0-100, None without answers), billing, forecast, class, verdict."""

    account_id: int
    name: str
    owner_id: str
    satisfaction: float | None
    billed: float
    forecast: float
    account_class: AccountClass
    needs_action: bool

    @property
    def at_stake(self) -> float:
        """Returns the revenue the account puts at stake (billed plus forecast)."""
        return max(0.0, self.billed) + max(0.0, self.forecast)


@dataclass(frozen=True, slots=True)
class MatrixView:
    """The matrix of one scope: its points, the cut-offs drawn as lines (satisfaction in 0-100), when and what."""

    points: tuple[MatrixPoint, ...]
    billed_high: float
    satisfaction_low: float
    satisfaction_high: float
    scope: str
    as_of: datetime
    forecast_high: float = 0.0

    @property
    def needing_action(self) -> tuple[MatrixPoint, ...]:
        """The accounts that need action, the most revenue at stake first (ties by name)."""
        found = [p for p in self.points if p.needs_action]
        return tuple(sorted(found, key=lambda p: (-p.at_stake, p.name, p.account_id)))

    @property
    def unanswered(self) -> int:
        """Counts the accounts without a satisfaction level (drawn apart)."""
        return sum(1 for p in self.points if p.satisfaction is None)

    def class_counts(self) -> list[tuple[AccountClass, int]]:
        """Counts the accounts of each class present, in legend order."""
        counts = Counter(p.account_class for p in self.points)
        return [(c, counts[c]) for c in CLASS_ORDER if counts[c]]


def percent(experience: float) -> float:
    """Maps an experience score from [-1, 1] onto 0-100 (unrounded, clipped)."""
    return min(100.0, max(0.0, (experience + 1.0) * 50.0))


def point(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> MatrixPoint:
    """Places one account: the class and at-risk verdict the digest computes for it."""
    found = portfolio_risk.find_signals(s, t, config, now=now)
    severity = portfolio_risk.combine(found)
    account_class = portfolio.class_of(s, t, config, severity=severity)
    at_stake = money.positive(s.billed) + money.positive(s.forecast)
    _, listed = portfolio.placement(s, severity, at_stake, t, config, now=now)
    satisfaction = None if s.responses <= 0 or s.satisfaction is None else percent(s.satisfaction)
    return MatrixPoint(
        account_id=s.account_id,
        name=s.name,
        owner_id=s.owner_id,
        satisfaction=satisfaction,
        billed=float(s.billed),
        forecast=float(s.forecast),
        account_class=account_class,
        needs_action=listed,
    )


def build_matrix(
    signals: Iterable[AccountSignals],
    thresholds: Thresholds,
    config: ClassifyConfig,
    *,
    scope: str,
    now: datetime,
) -> MatrixView:
    """Builds the matrix of a scope's accounts against the portfolio's cut-offs, as the digest classifies them."""
    return MatrixView(
        points=tuple(point(s, thresholds, config, now=now) for s in signals),
        billed_high=float(thresholds.billed_high),
        satisfaction_low=percent(config.satisfaction_low),
        satisfaction_high=percent(config.satisfaction_high),
        scope=scope,
        as_of=now,
        forecast_high=float(thresholds.forecast_high),
    )


def alt_text(view: MatrixView, w: catalog.Words | None = None) -> str:
    """Says what the picture shows: how many accounts, which need action, how many of each class."""
    w = w or catalog.words(None)
    total = len(view.points)
    lines = [
        w.say(
            nphrase(
                "Portfolio matrix of {scope} on {day}: {count} account, satisfaction across, billed revenue up, "
                "forecast revenue as circle size.",
                "Portfolio matrix of {scope} on {day}: {count} accounts, satisfaction across, billed revenue up, "
                "forecast revenue as circle size.",
                total,
                scope=one_line(w.say(view.scope), 80),
                day=f"{view.as_of:%Y-%m-%d}",
            )
        )
    ]
    urgent = view.needing_action
    if urgent:
        names = ", ".join(one_line(p.name, 60) for p in urgent[:ALT_NAMES])
        if len(urgent) > ALT_NAMES:
            names += " " + w.say(nphrase("and {count} more", "and {count} more", len(urgent) - ALT_NAMES))
        lines.append(
            w.say(nphrase("{count} needs action: {names}.", "{count} need action: {names}.", len(urgent), names=names))
        )
    elif total:
        lines.append(w.gettext("None needs action."))
    counts = view.class_counts()
    if counts:
        by_class = "; ".join(w.say(phrase("{label} ({count})", label=w.say(c.label), count=n)) for c, n in counts)
        lines.append(w.gettext("By class: {classes}.", classes=by_class))
    if view.unanswered:
        lines.append(
            w.say(
                nphrase(
                    "{count} account without answers is drawn hollow on the left.",
                    "{count} accounts without answers are drawn hollow on the left.",
                    view.unanswered,
                )
            )
        )
    text = " ".join(lines)
    return text if len(text) <= ALT_LIMIT else text[: ALT_LIMIT - 1].rstrip() + "…"

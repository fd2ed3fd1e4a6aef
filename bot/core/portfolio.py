"""Classifies accounts by billing, forecast and satisfaction, and assesses how much revenue each puts at risk.

The classes follow the source article's figure (seed 000): high billing, significant forecast and low
satisfaction means *intervene now*; low billing, high satisfaction and high forecast means *grow*; low
satisfaction, low billing and low forecast means *reassess coverage*; everything else is *healthy*. An account
with fewer than `min_responses` answers is *insufficient feedback*: it says so instead of guessing. "High" billing
and forecast are relative to the portfolio (quantiles) unless the app passes absolute cut-offs.

Severity model (see `bot.core.portfolio_risk` and docs/classification.md): every risk signal has a weight in
[0, 1]. Evidence that happened at a moment (a "No", a negative comment, a drop against the account's own
baseline) fades with the signal half-life: w = base * 0.5 ** (age_days / half_life). States that persist (low
satisfaction, silence from a high-value account, an unacknowledged alert) do not fade; silence and alerts grow
with the streak or the alert's age. Signals combine like independent chances: severity = 1 - prod(1 - w_i).
Risk value = revenue at stake (billed + forecast) * severity, and the digest ranks by it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core import portfolio_risk
from bot.core.money import format_amount
from bot.core.survey import experience_percent


class AccountClass(StrEnum):
    """The account classes of seed 000's figure 2, plus 'not enough feedback to say'."""

    INTERVENE = "intervene_now"
    GROW = "grow"
    REASSESS = "reassess_coverage"
    HEALTHY = "healthy"
    INSUFFICIENT = "insufficient_feedback"

    @property
    def label(self) -> str:
        """Returns the class as people read it."""
        return _LABELS[self]


_LABELS = {
    AccountClass.INTERVENE: "Intervene now",
    AccountClass.GROW: "Grow",
    AccountClass.REASSESS: "Reassess coverage",
    AccountClass.HEALTHY: "Maintain",
    AccountClass.INSUFFICIENT: "Not enough feedback",
}


@dataclass(frozen=True, slots=True)
class Quote:
    """A customer's comment with its answer, sentiment and author; text and contact are raw and untrusted."""

    text: str
    answer: str
    label: str
    cues: tuple[str, ...]
    at: datetime
    contact: str


@dataclass(frozen=True, slots=True)
class AlertInfo:
    """An account's open alert: why it opened, when, and who acknowledged or snoozed it."""

    alert_id: int
    cause: str
    opened_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    snoozed_until: datetime | None


@dataclass(frozen=True, slots=True)
class AccountSignals:
    """Everything the core needs about one account; built by the service layer from stored aggregates."""

    account_id: int
    name: str
    owner_id: str
    billed: float
    forecast: float
    responses: int
    satisfaction: float | None
    baseline: float | None
    previous_satisfaction: float | None
    pulses_sent: int
    pulses_answered: int
    unanswered_streak: int
    last_response_at: datetime | None
    last_no_at: datetime | None
    recent_scores: tuple[float, ...]
    worst_recent: Quote | None
    alert: AlertInfo | None


@dataclass(frozen=True, slots=True)
class ClassifyConfig:
    """Cut-offs of the classification and the risk model.

    billed_high_quantile (0.6) and forecast_high_quantile (0.5): billing at or above the 60th percentile of the
    portfolio is high (the top 40%), forecast at or above the median is significant; billed_high and
    forecast_high (None) replace them with absolute amounts. satisfaction_low (0.0, i.e. 50/100): at or below is
    low; satisfaction_high (0.4, i.e. 70/100): at or above is high. min_responses (2): fewer answers than this
    and the account is not classified. drop_threshold (0.25, i.e. 12.5 points): satisfaction this far below the
    account's own baseline is a significant drop. silence_days (60): a high-value account whose last answer is
    older than this is silent. signal_half_life_days (30): a signal's weight halves every 30 days.
    severity_floor (0.05): below it an account is not listed as at risk.
    """

    billed_high_quantile: float = 0.6
    forecast_high_quantile: float = 0.5
    billed_high: float | None = None
    forecast_high: float | None = None
    satisfaction_low: float = 0.0
    satisfaction_high: float = 0.4
    min_responses: int = 2
    drop_threshold: float = 0.25
    silence_days: int = 60
    signal_half_life_days: float = 30.0
    severity_floor: float = 0.05


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The billing and forecast amounts at or above which an account counts as high (top_pct: relative cut)."""

    billed_high: float
    forecast_high: float
    billed_top_pct: int | None = None
    forecast_top_pct: int | None = None


@dataclass(frozen=True, slots=True)
class Classification:
    """An account's class with its reasons in words, most telling first."""

    account_class: AccountClass
    reasons: tuple[str, ...]
    billed_high: bool = False
    forecast_high: bool = False
    satisfaction_level: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """An account's class, how bad and how recent its signals are, and the revenue that puts at risk."""

    classification: Classification
    severity: float
    at_stake: float
    risk_value: float
    reasons: tuple[str, ...]
    signals: tuple[portfolio_risk.Signal, ...] = ()
    at_risk: bool = False
    snoozed: bool = False

    @property
    def account_class(self) -> AccountClass:
        """Returns the account's class."""
        return self.classification.account_class


def thresholds(billed: Sequence[float], forecast: Sequence[float], config: ClassifyConfig) -> Thresholds:
    """Computes the high-billing and high-forecast cut-offs from the portfolio, unless the config fixes them."""
    billed_top = forecast_top = None
    if config.billed_high is not None:
        billed_cut = config.billed_high
    else:
        billed_cut = quantile(billed, config.billed_high_quantile)
        billed_top = _top_pct(config.billed_high_quantile)
    if config.forecast_high is not None:
        forecast_cut = config.forecast_high
    else:
        forecast_cut = quantile(forecast, config.forecast_high_quantile)
        forecast_top = _top_pct(config.forecast_high_quantile)
    return Thresholds(billed_cut, forecast_cut, billed_top, forecast_top)


def quantile(values: Sequence[float], q: float) -> float:
    """Returns the q-quantile of the values with linear interpolation (0.0 for none)."""
    ordered = sorted(v for v in values if not math.isnan(v))
    if not ordered:
        return 0.0
    position = min(1.0, max(0.0, q)) * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _top_pct(q: float) -> int:
    """Turns a quantile cut into the share of the portfolio above it, in percent."""
    return round((1.0 - min(1.0, max(0.0, q))) * 100)


def class_of(s: AccountSignals, t: Thresholds, config: ClassifyConfig) -> AccountClass:
    """Returns the account's class only, cheaply, without the reasons."""
    level = portfolio_risk.satisfaction_level(s.satisfaction, config)
    if s.responses < config.min_responses or level is None:
        return AccountClass.INSUFFICIENT
    billed_high, forecast_high = _highs(s, t)
    if billed_high and forecast_high and level == "low":
        return AccountClass.INTERVENE
    if not billed_high and forecast_high and level == "high":
        return AccountClass.GROW
    if not billed_high and not forecast_high and level == "low":
        return AccountClass.REASSESS
    return AccountClass.HEALTHY


def _highs(s: AccountSignals, t: Thresholds) -> tuple[bool, bool]:
    """Says whether billing and forecast are high against the cut-offs."""
    return portfolio_risk.is_high(s.billed, t.billed_high), portfolio_risk.is_high(s.forecast, t.forecast_high)


_SUMMARIES = {
    AccountClass.INTERVENE: "Likely to migrate: high billing, significant forecast, low satisfaction",
    AccountClass.GROW: "Under-served potential: low billing, high satisfaction, high forecast; review resourcing",
    AccountClass.REASSESS: "Low satisfaction, low billing, low forecast: reassess sales coverage",
    AccountClass.HEALTHY: "Healthy: none of the intervene, grow or reassess patterns; maintain",
}


def classify(s: AccountSignals, t: Thresholds, config: ClassifyConfig) -> Classification:
    """Classifies an account and says why: the inputs, the last change and the comment that moved it."""
    account_class = class_of(s, t, config)
    billed_high, forecast_high = _highs(s, t)
    level = portfolio_risk.satisfaction_level(s.satisfaction, config)
    amounts = [
        _amount_reason("Billing", s.billed, billed_high, t.billed_high, t.billed_top_pct),
        _amount_reason("Forecast", s.forecast, forecast_high, t.forecast_high, t.forecast_top_pct),
    ]
    if account_class is AccountClass.INSUFFICIENT:
        reasons = [insufficient_reason(s.responses), *amounts]
    else:
        inputs = [*amounts, portfolio_risk.satisfaction_reason(s.satisfaction, config)]
        # "Healthy" is what is left when no pattern matches, so the inputs explain it better than its name does.
        if account_class is AccountClass.HEALTHY:
            reasons = [*inputs, _SUMMARIES[account_class]]
        else:
            reasons = [_SUMMARIES[account_class], *inputs]
        reasons.extend(_change_reasons(s))
    return Classification(account_class, tuple(r for r in reasons if r), billed_high, forecast_high, level)


def insufficient_reason(responses: int) -> str:
    """Says that an account has too little feedback to classify."""
    if responses <= 0:
        return "No answers yet: not enough feedback to classify"
    plural = "answer" if responses == 1 else "answers"
    return f"Only {responses} {plural} so far: not enough feedback to classify"


def _amount_reason(what: str, value: float, high: bool, cut: float, top_pct: int | None) -> str:
    """Describes billing or forecast against its cut-off, relative to the portfolio when it is."""
    if value <= 0:
        return f"No {what.lower()} yet"
    amount = format_amount(value)
    word = "significant" if what == "Forecast" and high else ("high" if high else "low")
    if top_pct is None:
        compare = f"at or above {format_amount(cut)}" if high else f"below {format_amount(cut)}"
        return f"{what} {amount} is {word} ({compare})"
    if high:
        return f"{what} {amount} is {word} for this portfolio (top {top_pct}%)"
    return f"{what} {amount} is {word} for this portfolio (the top {top_pct}% starts at {format_amount(cut)})"


def _change_reasons(s: AccountSignals) -> list[str]:
    """Describes the last change of satisfaction and the comment behind it."""
    reasons: list[str] = []
    if s.previous_satisfaction is not None and s.satisfaction is not None:
        before, after = experience_percent(s.previous_satisfaction), experience_percent(s.satisfaction)
        if before == after:
            reasons.append(f"Last answer left satisfaction at {after}")
        else:
            reasons.append(f"Last answer moved satisfaction from {before} to {after} ({after - before:+d} points)")
    quote = s.worst_recent
    if quote is not None and quote.text.strip():
        reasons.append(f"Comment from {_short(quote.contact, 100)} ({quote.answer}): “{_short(quote.text, 200)}”")
    return reasons


def _short(text: str, limit: int) -> str:
    """Puts untrusted text on one line and shortens it, reading only a bounded window of it."""
    window = text[: limit * 8 + 8]
    flat = " ".join(window.split())
    if len(flat) <= limit and len(window) == len(text):
        return flat
    return flat[: limit - 1].rstrip() + "…"


def assess(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> Assessment:
    """Classifies an account and weighs its risk signals into a severity and a revenue-at-risk value."""
    classification = classify(s, t, config)
    found = portfolio_risk.find_signals(s, t, config, now=now)
    severity = portfolio_risk.combine(found)
    at_stake = max(0.0, s.billed) + max(0.0, s.forecast)
    snoozed = portfolio_risk.is_snoozed(s, now=now)
    ordered = sorted(found, key=lambda signal: -signal.weight)
    reasons: list[str] = []
    if classification.account_class is AccountClass.INSUFFICIENT:
        reasons.append(classification.reasons[0])
    reasons.extend(signal.reason for signal in ordered)
    reasons.extend(r for r in classification.reasons if r not in reasons)
    if s.alert is not None and snoozed and s.alert.snoozed_until is not None:
        reasons.append(f"Alert snoozed until {s.alert.snoozed_until:%Y-%m-%d}")
    return Assessment(
        classification=classification,
        severity=severity,
        at_stake=at_stake,
        risk_value=at_stake * severity,
        reasons=tuple(reasons),
        signals=tuple(ordered),
        at_risk=is_at_risk(classification.account_class, severity, at_stake * severity, snoozed, config),
        snoozed=snoozed,
    )


def is_at_risk(
    account_class: AccountClass, severity: float, risk_value: float, snoozed: bool, c: ClassifyConfig
) -> bool:
    """Says whether an account belongs in the at-risk list: a real signal with revenue, or intervene now."""
    if risk_value > 0 and severity >= c.severity_floor:
        return True
    return account_class is AccountClass.INTERVENE and not snoozed

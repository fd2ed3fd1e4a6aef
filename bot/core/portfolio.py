"""Classifies accounts by billing, forecast and satisfaction, and assesses how much revenue each puts at risk.

Every account falls in one of the eight cells of seed 000's figure 2 (billing high or low, forecast high or
low, customer unhappy or not), each with its play: the figure's own three (*intervene now*, *grow*, *reassess
coverage*) and five for the cells it leaves open. "Unhappy" means the evidence says so: satisfaction at or
below `satisfaction_low`, or risk signals at least `severity_floor` strong, so no account the evidence puts at
risk wears a reassuring label. One answer classifies, with its confidence said in words; only an account with
no answers and no other evidence has *no answers yet*. "High" billing and forecast are relative to the
portfolio (quantiles) unless the app passes absolute cut-offs.

Severity model (see `bot.core.portfolio_risk` and docs/classification.md): every risk signal has a weight in
[0, 1], fading with its age; signals combine like independent chances, severity = 1 - prod(1 - w_i). Severity
decides the floor, the class and the evidence band; the digest orders the accounts over the floor by the
likelihood `bot.core.risk_model` gives that each is lost, revenue at stake breaking ties (`rank_key`). The
at-risk list holds at most `at_risk_share` of the portfolio (`with_risk_cut`): accounts over the floor that rank
below its end are "watch" accounts, counted and listed apart, never silently dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from bot.core import portfolio_risk, risk_model
from bot.core.catalog import Phrase, nphrase, phrase
from bot.core.money import ZERO, format_amount, positive
from bot.core.shorten import one_line
from bot.core.signals import AccountSignals, ClassifyConfig, RankKey, RankName, Thresholds
from bot.core.survey import experience_percent


class AccountClass(StrEnum):
    """The eight cells of seed 000's figure 2 (billing x forecast x satisfaction), plus 'no answers yet'."""

    INTERVENE = "intervene_now"
    PROTECT = "protect_revenue"
    SECURE = "secure_forecast"
    REASSESS = "reassess_coverage"
    HEALTHY = "healthy"
    EXPAND = "expand"
    GROW = "grow"
    NURTURE = "nurture"
    INSUFFICIENT = "insufficient_feedback"

    @property
    def label(self) -> Phrase:
        """Returns the class as people read it."""
        return _LABELS[self][0]

    @property
    def play(self) -> Phrase:
        """Returns what to do about an account of this class."""
        return _LABELS[self][1]

    @property
    def at_risk(self) -> bool:
        """Says whether the class is one of the four cells of unhappy customers."""
        return self in _UNHAPPY


# (billed high, forecast high) -> class, for unhappy and for other customers.
_UNHAPPY_CELLS = {
    (True, True): AccountClass.INTERVENE,
    (True, False): AccountClass.PROTECT,
    (False, True): AccountClass.SECURE,
    (False, False): AccountClass.REASSESS,
}
_HAPPY_CELLS = {
    (True, True): AccountClass.HEALTHY,
    (True, False): AccountClass.EXPAND,
    (False, True): AccountClass.GROW,
    (False, False): AccountClass.NURTURE,
}
_UNHAPPY = frozenset(_UNHAPPY_CELLS.values())
_LABELS = {
    AccountClass.INTERVENE: (
        phrase("Intervene now"),
        phrase(
            "Likely to migrate: high billing, significant forecast, unhappy; "
            "sales and management find the root cause now"
        ),
    ),
    AccountClass.PROTECT: (
        phrase("Protect the revenue"),
        phrase("Already leaving: high billing, little forecast, unhappy; protect what it buys today"),
    ),
    AccountClass.SECURE: (
        phrase("Secure the forecast"),
        phrase("Orders at risk: low billing, significant forecast, unhappy; fix it before the orders are lost"),
    ),
    AccountClass.REASSESS: (
        phrase("Reassess coverage"),
        phrase("Unhappy, low billing, low forecast: decide whether the sales coverage should move"),
    ),
    AccountClass.HEALTHY: (
        phrase("Maintain"),
        phrase("Core account: high billing, significant forecast, satisfied; keep it so"),
    ),
    AccountClass.EXPAND: (phrase("Expand"), phrase("Satisfied, high billing, little forecast: find the next order")),
    AccountClass.GROW: (
        phrase("Grow"),
        phrase("Under-served potential: low billing, satisfied, high forecast; review resourcing"),
    ),
    AccountClass.NURTURE: (phrase("Keep warm"), phrase("Satisfied, low billing, low forecast: low-touch coverage")),
    AccountClass.INSUFFICIENT: (phrase("No answers yet"), phrase("No answers and no other evidence: ask the customer")),
}


@dataclass(frozen=True, slots=True)
class Classification:
    """An account's class with its reasons in words, most telling first, and its confidence in words."""

    account_class: AccountClass
    reasons: tuple[str, ...]
    billed_high: bool = False
    forecast_high: bool = False
    satisfaction_level: str | None = None
    confidence: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    """An account's class, how bad and how recent its signals are, and the revenue that puts at risk."""

    classification: Classification
    severity: float
    at_stake: Decimal
    risk_value: float
    reasons: tuple[str, ...]
    signals: tuple[portfolio_risk.Signal, ...] = ()
    at_risk: bool = False
    snoozed: bool = False
    evidence: str = "none"
    watch: bool = False
    likelihood: float = 0.0

    @property
    def account_class(self) -> AccountClass:
        """Returns the account's class."""
        return self.classification.account_class


MIN_LISTED = 3


def thresholds(billed: Sequence[Decimal], forecast: Sequence[Decimal], config: ClassifyConfig) -> Thresholds:
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


def quantile(values: Sequence[Decimal], q: float) -> Decimal:
    """Returns the q-quantile of the amounts with linear interpolation, exactly for Decimals (0 for none)."""
    ordered = sorted(v for v in values if v == v)  # NaN never equals itself
    if not ordered:
        return ZERO
    share = min(1.0, max(0.0, q))
    first: object = ordered[0]
    if not isinstance(first, Decimal):
        # A caller's plain floats interpolate as floats, as they always did.
        return _interpolate(ordered, share * (len(ordered) - 1))
    return _interpolate(ordered, Decimal(repr(share)) * (len(ordered) - 1))


def _interpolate(ordered: Sequence[Decimal], position: Decimal | float) -> Decimal:
    """Returns the value at a fractional position of a sorted sequence, between its two neighbours."""
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)  # type: ignore[operator]


def _top_pct(q: float) -> int:
    """Turns a quantile cut into the share of the portfolio above it, in percent."""
    return round((1.0 - min(1.0, max(0.0, q))) * 100)


def class_of(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, severity: float) -> AccountClass:
    """Returns the account's cell of the figure from its amounts and the evidence (`severity` of its signals)."""
    cell = _highs(s, t)
    if unhappy(s, config, severity=severity):
        return _UNHAPPY_CELLS[cell]
    if s.responses <= 0 or s.satisfaction is None:
        return AccountClass.INSUFFICIENT
    return _HAPPY_CELLS[cell]


def unhappy(s: AccountSignals, config: ClassifyConfig, *, severity: float) -> bool:
    """Says whether the evidence says the customer is unhappy: low satisfaction, or risk signals strong enough."""
    low = s.responses > 0 and s.satisfaction is not None and s.satisfaction <= config.satisfaction_low
    return low or severity >= config.severity_floor


def _highs(s: AccountSignals, t: Thresholds) -> tuple[bool, bool]:
    """Says whether billing and forecast are high against the cut-offs."""
    return portfolio_risk.is_high(s.billed, t.billed_high), portfolio_risk.is_high(s.forecast, t.forecast_high)


def confidence(s: AccountSignals, config: ClassifyConfig) -> str:
    """Says what the class rests on, in words: 'based on 1 answer', '... and 3 unanswered pulses'."""
    parts = []
    if s.responses > 0:
        parts.append(nphrase("{count} answer", "{count} answers", s.responses))
    if s.unanswered_streak > 0:
        parts.append(nphrase("{count} unanswered pulse", "{count} unanswered pulses", s.unanswered_streak))
    if not parts:
        return phrase("no answers yet")
    evidence = parts[0] if len(parts) == 1 else phrase("{first} and {second}", first=parts[0], second=parts[1])
    if 0 < s.responses < config.confident_responses:
        return phrase("based on {evidence} (tentative)", evidence=evidence)
    return phrase("based on {evidence}", evidence=evidence)


def classify(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, severity: float = 0.0) -> Classification:
    """Classifies an account and says why: the play, the inputs, the last change and the comment that moved it."""
    account_class = class_of(s, t, config, severity=severity)
    billed_high, forecast_high = _highs(s, t)
    level = portfolio_risk.satisfaction_level(s.satisfaction, config)
    amounts = [
        _amount_reason("Billing", s.billed, billed_high, t.billed_high, t.billed_top_pct),
        _amount_reason("Forecast", s.forecast, forecast_high, t.forecast_high, t.forecast_top_pct),
    ]
    reasons: list[str] = [account_class.play, *amounts]
    if account_class is AccountClass.INSUFFICIENT or s.satisfaction is None:
        reasons.insert(1, phrase("No answers yet"))
    else:
        reasons.append(portfolio_risk.satisfaction_reason(s.satisfaction, config))
        reasons.extend(_change_reasons(s))
    return Classification(
        account_class,
        tuple(r for r in reasons if r),
        billed_high,
        forecast_high,
        level,
        confidence(s, config),
    )


def _amount_reason(what: str, value: Decimal, high: bool, cut: Decimal, top_pct: int | None) -> Phrase:
    """Describes billing or forecast against its cut-off, relative to the portfolio when it is."""
    billing = what == "Billing"
    if value <= 0:
        return phrase("No billing yet") if billing else phrase("No forecast yet")
    amount, limit = format_amount(value), format_amount(cut)
    if top_pct is None:
        if high:
            if billing:
                return phrase("Billing {amount} is high (at or above {cut})", amount=amount, cut=limit)
            return phrase("Forecast {amount} is significant (at or above {cut})", amount=amount, cut=limit)
        if billing:
            return phrase("Billing {amount} is low (below {cut})", amount=amount, cut=limit)
        return phrase("Forecast {amount} is low (below {cut})", amount=amount, cut=limit)
    if high:
        if billing:
            return phrase("Billing {amount} is high for this portfolio (top {top}%)", amount=amount, top=top_pct)
        return phrase("Forecast {amount} is significant for this portfolio (top {top}%)", amount=amount, top=top_pct)
    if billing:
        return phrase(
            "Billing {amount} is low for this portfolio (the top {top}% starts at {cut})",
            amount=amount,
            top=top_pct,
            cut=limit,
        )
    return phrase(
        "Forecast {amount} is low for this portfolio (the top {top}% starts at {cut})",
        amount=amount,
        top=top_pct,
        cut=limit,
    )


def _change_reasons(s: AccountSignals) -> list[str]:
    """Describes the last change of satisfaction and the comment behind it."""
    reasons: list[str] = []
    if s.previous_satisfaction is not None and s.satisfaction is not None:
        before, after = experience_percent(s.previous_satisfaction), experience_percent(s.satisfaction)
        if before == after:
            reasons.append(phrase("Last answer left satisfaction at {after}", after=after))
        else:
            reasons.append(
                phrase(
                    "Last answer moved satisfaction from {before} to {after} ({change} points)",
                    before=before,
                    after=after,
                    change=f"{after - before:+d}",
                )
            )
    quote = s.worst_recent
    if quote is not None and quote.text.strip():
        reasons.append(
            phrase(
                "Comment from {contact} ({answer}): “{text}”",
                contact=one_line(quote.contact, 100),
                answer=quote.answer,
                text=one_line(quote.text, 200),
            )
        )
    return reasons


def assess(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> Assessment:
    """Weighs an account's risk signals into a severity, classifies it, and values the revenue at risk."""
    found = portfolio_risk.find_signals(s, t, config, now=now)
    severity = portfolio_risk.combine(found)
    classification = classify(s, t, config, severity=severity)
    at_stake = positive(s.billed) + positive(s.forecast)
    snoozed = portfolio_risk.is_snoozed(s, now=now)
    ordered = sorted(found, key=lambda signal: -signal.weight)
    reasons = [signal.reason for signal in ordered]
    reasons.extend(r for r in classification.reasons if r not in reasons)
    if s.alert is not None and snoozed and s.alert.snoozed_until is not None:
        reasons.append(phrase("Alert snoozed until {day}", day=f"{s.alert.snoozed_until:%Y-%m-%d}"))
    chance = risk_model.likelihood(s, severity, now=now)
    over_floor, listed = placement(s, severity, at_stake, t, config, now=now, likelihood=chance)
    return Assessment(
        classification=classification,
        severity=severity,
        at_stake=at_stake,
        # The risk value is a ranking weight, not an amount anyone is shown as money: a float will do.
        risk_value=float(at_stake) * severity,
        reasons=tuple(reasons),
        signals=tuple(ordered),
        at_risk=listed,
        snoozed=snoozed,
        evidence=evidence_band(severity, config),
        watch=over_floor and not listed,
        likelihood=chance,
    )


def is_at_risk(severity: float, at_stake: Decimal, config: ClassifyConfig) -> bool:
    """Says whether an account belongs in the at-risk list: evidence at least `severity_floor`, revenue at stake."""
    return at_stake > 0 and severity >= config.severity_floor


def rank_key(
    s: AccountSignals, severity: float, at_stake: Decimal, *, now: datetime, likelihood: float | None = None
) -> RankKey:
    """Returns an over-the-floor account's place in the at-risk ranking (larger first).

    The likelihood the risk model gives that the account is lost (`risk_model`; pass it when it is known), then the
    larger revenue at stake, then the name, then the account id.
    """
    chance = risk_model.likelihood(s, severity, now=now) if likelihood is None else likelihood
    return (chance, at_stake, RankName(s.name), -s.account_id)


def listed_limit(total: int, config: ClassifyConfig) -> int:
    """Says how many accounts the at-risk list may hold: `at_risk_share` of the portfolio, at least `MIN_LISTED`."""
    return max(MIN_LISTED, math.floor(total * config.at_risk_share + 1e-9))


# Per account id: its signals, their severity and, over the floor, its ranking key (None under the floor).
Assessed = dict[int, tuple[list[portfolio_risk.Signal], float, RankKey | None]]


def with_risk_cut(
    t: Thresholds,
    accounts: Iterable[AccountSignals],
    config: ClassifyConfig,
    *,
    now: datetime,
    assessed: Assessed | None = None,
) -> Thresholds:
    """Adds the end of the share-bounded at-risk list to the cut-offs, from every account of the portfolio.

    The list keeps the best-ranked `listed_limit` accounts over the floor; the key of the last one is the cut every
    surface applies (`within_cut`), so the digest, the classes' matrix, the portfolio page and `assess` agree.
    Given `assessed`, each account's signals, severity and ranking key are kept there by account id, so a digest
    built from the same accounts neither finds nor ranks them twice.
    """
    total = 0
    keys: list[RankKey] = []
    for s in accounts:
        total += 1
        found = portfolio_risk.find_signals(s, t, config, now=now)
        severity = portfolio_risk.combine(found)
        at_stake = positive(s.billed) + positive(s.forecast)
        key = rank_key(s, severity, at_stake, now=now) if is_at_risk(severity, at_stake, config) else None
        if key is not None:
            keys.append(key)
        if assessed is not None:
            assessed[s.account_id] = (found, severity, key)
    limit = listed_limit(total, config)
    if len(keys) <= limit:
        return replace(t, risk_cut=None)
    keys.sort(reverse=True)
    return replace(t, risk_cut=keys[limit - 1])


def within_cut(key: RankKey, t: Thresholds) -> bool:
    """Says whether an over-the-floor account ranks within the share-bounded at-risk list (no cut: all do)."""
    return t.risk_cut is None or key >= t.risk_cut


def placement(
    s: AccountSignals,
    severity: float,
    at_stake: Decimal,
    t: Thresholds,
    config: ClassifyConfig,
    *,
    now: datetime,
    likelihood: float | None = None,
) -> tuple[bool, bool]:
    """Says whether an account is over the floor and whether it is listed at risk (over the floor, within the cut)."""
    over_floor = is_at_risk(severity, at_stake, config)
    if not over_floor:
        return False, False
    return True, within_cut(rank_key(s, severity, at_stake, now=now, likelihood=likelihood), t)


def evidence_band(severity: float, config: ClassifyConfig) -> str:
    """Names how strong an account's evidence is: 'strong', 'some', 'weak' or 'none'."""
    if severity >= config.strong_evidence:
        return "strong"
    if severity >= config.severity_floor:
        return "some"
    return "weak" if severity > 0 else "none"

"""What the core knows about one account, and the cut-offs it classifies by: values, built by the service layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import total_ordering

from bot.core.money import to_money


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
class QuietContact:
    """A contact who used to answer and has stopped: who (raw, untrusted), the streak, and their record before it."""

    contact: str
    streak: int
    answered: int
    asked: int


@dataclass(frozen=True, slots=True)
class AccountSignals:
    """Everything the core needs about one account; built by the service layer from stored aggregates."""

    account_id: int
    name: str
    owner_id: str
    billed: Decimal
    forecast: Decimal
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
    quiet_contact: QuietContact | None = None

    def __post_init__(self) -> None:
        # Amounts are exact Decimals in cents whatever the caller passes (tests and benchmarks pass plain numbers).
        billed: object = self.billed
        forecast: object = self.forecast
        if not isinstance(billed, Decimal):
            object.__setattr__(self, "billed", to_money(self.billed))
        if not isinstance(forecast, Decimal):
            object.__setattr__(self, "forecast", to_money(self.forecast))


@dataclass(frozen=True, slots=True)
class ClassifyConfig:
    """Cut-offs of the classification and the risk model (Settings sets them; docs/classification.md explains).

    billed_high_quantile (0.6) and forecast_high_quantile (0.5): billing at or above the 60th percentile of the
    portfolio is high (the top 40%), forecast at or above the median is significant; billed_high and
    forecast_high (None) replace them with absolute amounts. satisfaction_low (0.0, i.e. 50/100): at or below is
    unhappy; satisfaction_high (0.4, i.e. 70/100): a fall that lands below it counts. confident_responses (3):
    answers for a level to count in full. drop_threshold (0.25, 12.5 points): a fall below the account's own
    baseline that counts. silence_days (60): no answer for this long is long silence. signal_half_life_days
    (30): evidence halves in weight every 30 days. severity_floor (0.3): evidence at least this strong makes an
    account unhappy and, with revenue at stake, at risk. strong_evidence (0.5): evidence this strong is called
    strong (the risk model orders the list).
    at_risk_share (0.15): the at-risk list holds at most this share of the portfolio (the strongest evidence
    first); accounts over the floor beyond it are "watch" accounts, counted and listed apart.
    """

    billed_high_quantile: float = 0.6
    forecast_high_quantile: float = 0.5
    billed_high: Decimal | None = None
    forecast_high: Decimal | None = None
    satisfaction_low: float = 0.0
    satisfaction_high: float = 0.4
    confident_responses: int = 3
    drop_threshold: float = 0.25
    silence_days: int = 60
    signal_half_life_days: float = 30.0
    severity_floor: float = 0.3
    strong_evidence: float = 0.5
    at_risk_share: float = 0.15


@total_ordering
class RankName:
    """Orders names so that, inside a descending ranking key, 'A' outranks 'B' (ties rank alphabetically)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RankName) and self.value == other.value

    def __lt__(self, other: RankName) -> bool:
        return self.value > other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"RankName({self.value!r})"


# An at-risk account's place in the ranking, larger first: the risk model's likelihood, stake, name, id.
RankKey = tuple[float, Decimal, RankName, int]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The cut-offs of one portfolio: high billing and forecast (top_pct: relative cut) and the at-risk list's end.

    risk_cut is the ranking key of the last account the share-bounded at-risk list holds (None: no bound, or
    nothing at risk); an account over the floor that ranks below it is a "watch" account.
    """

    billed_high: Decimal
    forecast_high: Decimal
    billed_top_pct: int | None = None
    forecast_top_pct: int | None = None
    risk_cut: RankKey | None = None

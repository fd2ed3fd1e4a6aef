"""Finds an account's risk signals, weighs each by how bad and how recent it is, and combines them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from bot.core.catalog import Phrase, nphrase, phrase
from bot.core.experience import QUIET_CONTACT_MIN_STREAK, contact_answer_rate
from bot.core.shorten import one_line
from bot.core.survey import Answer, answer_of_experience, experience_percent

if TYPE_CHECKING:
    from bot.core.signals import AccountSignals, ClassifyConfig, Thresholds

# Base weights, before decay. A fresh "No" alone makes an account clearly at risk, more so when it repeats; a
# later "Yes" all but supersedes it. Persisting states weigh less than fresh evidence, so evidence outranks mood.
NO_WEIGHT: Final[float] = 0.55
NO_REPEAT_WEIGHT: Final[float] = 0.1
NO_THEN_UNSURE_WEIGHT: Final[float] = 0.3
NO_THEN_YES_WEIGHT: Final[float] = 0.08
NO_MEMORY: Final[int] = 3
NO_NEWS_FLOOR: Final[float] = 0.3
NEGATIVE_COMMENT_WEIGHT: Final[float] = 0.35
COMMENT_NEWS_FLOOR: Final[float] = 0.5
DROP_WEIGHT_MAX: Final[float] = 0.6
DROP_FULL_SPAN: Final[float] = 1.0
DROP_HAPPY_LANDING: Final[float] = 0.4
LOW_SATISFACTION_WEIGHT: Final[float] = 0.05
LOW_SATISFACTION_DEPTH_WEIGHT: Final[float] = 0.2
STATE_HALF_LIFE_FACTOR: Final[float] = 3.0
SILENCE_WEIGHT_MIN: Final[float] = 0.05
SILENCE_WEIGHT_SURPRISE: Final[float] = 0.3
SILENCE_SURPRISE_DECADES: Final[float] = 2.5
SILENCE_UNKNOWN_RATE: Final[float] = 0.5
SILENCE_WEIGHT_PER_PULSE: Final[float] = 0.15
NEVER_ANSWERED_MAX: Final[float] = 0.4
RUN_WEIGHT: Final[float] = 0.45
RUN_MIN_HISTORY: Final[int] = 5
RUN_SURPRISE_DECADES: Final[float] = 3.0
ALERT_WEIGHT: Final[float] = 0.15
ALERT_AGE_WEIGHT: Final[float] = 0.25
ALERT_FULL_AGE_DAYS: Final[float] = 14.0
# A "No" that is still the latest answer has not been taken back: silence since does not say the customer is happy
# again, so it fades this many times more slowly than evidence a later answer has superseded.
STANDING_NO_FACTOR: Final[float] = 3.0


class SignalKind(StrEnum):
    """The kinds of evidence that an account may be at risk."""

    NO = "no"
    NEGATIVE_COMMENT = "negative_comment"
    DROP = "drop"
    LOW_SATISFACTION = "low_satisfaction"
    SILENCE = "silence"
    RUN = "run"
    ALERT = "alert"


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of risk evidence: its kind, its weight now (after decay) and the reason in words."""

    kind: SignalKind
    weight: float
    reason: str


def is_high(value: Decimal, cut: Decimal) -> bool:
    """Says whether an amount is high against a cut-off; nothing is high without any revenue."""
    return value > 0 and value >= cut


def satisfaction_level(satisfaction: float | None, config: ClassifyConfig) -> str | None:
    """Places satisfaction as 'low', 'mid' or 'high' (None without answers)."""
    if satisfaction is None:
        return None
    if satisfaction <= config.satisfaction_low:
        return "low"
    return "high" if satisfaction >= config.satisfaction_high else "mid"


def satisfaction_reason(satisfaction: float | None, config: ClassifyConfig) -> str:
    """Describes satisfaction on the 0-100 scale against the low and high cut-offs."""
    if satisfaction is None:
        return ""
    pct = experience_percent(satisfaction)
    level = satisfaction_level(satisfaction, config)
    if level == "low":
        cut = experience_percent(config.satisfaction_low)
        return phrase("Satisfaction {pct}/100 is low ({cut} or below)", pct=pct, cut=cut)
    if level == "high":
        cut = experience_percent(config.satisfaction_high)
        return phrase("Satisfaction {pct}/100 is high ({cut} or above)", pct=pct, cut=cut)
    return phrase("Satisfaction {pct}/100 is middling", pct=pct)


def describe_span(span: timedelta) -> Phrase:
    """Renders a duration without 'ago': '6 days', '1 day', '5 hours', 'under an hour'."""
    seconds = max(0, int(span.total_seconds()))
    if seconds >= 86400:
        return nphrase("{count} day", "{count} days", seconds // 86400)
    if seconds >= 3600:
        return nphrase("{count} hour", "{count} hours", seconds // 3600)
    return phrase("under an hour")


def describe_age(elapsed: timedelta) -> Phrase:
    """Says how long ago something happened, in the same words as `phrases.age`: 'just now', '3 days ago'."""
    seconds = max(0, int(elapsed.total_seconds()))
    if seconds >= 86400:
        return nphrase("{count} day ago", "{count} days ago", seconds // 86400)
    if seconds >= 3600:
        return nphrase("{count} hour ago", "{count} hours ago", seconds // 3600)
    if seconds >= 60:
        return nphrase("{count} minute ago", "{count} minutes ago", seconds // 60)
    return phrase("just now")


def decay(base: float, at: datetime, *, now: datetime, half_life_days: float) -> float:
    """Fades a weight by the age of its evidence: it halves every half-life."""
    age_days = max(0.0, (now - at).total_seconds() / 86400)
    if half_life_days <= 0:
        return base if age_days == 0 else 0.0
    return base * math.pow(0.5, age_days / half_life_days)


def combine(signals: tuple[Signal, ...] | list[Signal]) -> float:
    """Combines signal weights like independent chances: 1 - prod(1 - w)."""
    remaining = 1.0
    for signal in signals:
        remaining *= 1.0 - min(1.0, max(0.0, signal.weight))
    return min(1.0, max(0.0, 1.0 - remaining))


def is_snoozed(s: AccountSignals, *, now: datetime) -> bool:
    """Says whether the account's open alert is snoozed at this moment."""
    alert = s.alert
    return alert is not None and alert.snoozed_until is not None and alert.snoozed_until > now


def is_high_value(s: AccountSignals, t: Thresholds) -> bool:
    """Says whether billing or forecast is high, which makes silence from the account a signal."""
    return is_high(s.billed, t.billed_high) or is_high(s.forecast, t.forecast_high)


def recent_answers(s: AccountSignals) -> tuple[Answer, ...]:
    """The account's latest answers in time order, read back from their experience scores."""
    return tuple(answer_of_experience(score) for score in s.recent_scores)


def evidence_factor(responses: int, config: ClassifyConfig) -> float:
    """How far a level read from few answers counts: one answer 0.6, then up to 1 at `confident_responses`."""
    if responses <= 0:
        return 0.0
    full = max(1, config.confident_responses)
    return min(1.0, 0.6 + 0.4 * (responses - 1) / max(1, full - 1))


def news(s: AccountSignals, floor: float) -> float:
    """How much bad news is news at this account: 1 where it usually says Yes, down to `floor` where it seldom does."""
    usual = 1.0 if s.baseline is None else min(1.0, max(0.0, s.baseline))
    return floor + (1 - floor) * usual


def find_signals(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> list[Signal]:
    """Lists the account's risk signals with their current weights; a snoozed alert mutes what it covers."""
    snoozed = is_snoozed(s, now=now)
    # A snooze covers what was known when the alert opened; anything newer must still reach the digest.
    muted_until = s.alert.opened_at if snoozed and s.alert is not None else None
    half_life = config.signal_half_life_days
    found: list[Signal] = []

    def fresh(at: datetime) -> bool:
        return muted_until is None or at > muted_until

    if s.last_no_at is not None and fresh(s.last_no_at):
        found.append(_no_signal(s, config, now=now))
    quote = s.worst_recent
    if quote is not None and quote.label == "negative" and fresh(quote.at):
        base = NEGATIVE_COMMENT_WEIGHT * news(s, COMMENT_NEWS_FLOOR)
        weight = decay(base, quote.at, now=now, half_life_days=half_life)
        cues = ", ".join(f"'{cue}'" for cue in quote.cues[:4])
        age = describe_age(now - quote.at)
        reason = (
            phrase("Negative comment {age}: {cues}", age=age, cues=cues)
            if cues
            else phrase("Negative comment {age}", age=age)
        )
        found.append(Signal(SignalKind.NEGATIVE_COMMENT, weight, reason))
    fresh_answer = s.last_response_at is None or fresh(s.last_response_at)
    drop = _drop_signal(s, config, now=now)
    if drop is not None and fresh_answer:
        found.append(drop)
    run = _run_signal(s, config, now=now)
    if run is not None and fresh_answer:
        found.append(run)
    if not snoozed:
        found.extend(_state_signals(s, t, config, now=now))
    return [signal for signal in found if signal.weight > 0]


def _no_signal(s: AccountSignals, config: ClassifyConfig, *, now: datetime) -> Signal:
    """A "No": strongest when it is the latest answer and repeats, all but superseded by a later "Yes"."""
    assert s.last_no_at is not None
    answers = recent_answers(s)[-NO_MEMORY:] or (Answer.NO,)
    age = describe_age(now - s.last_no_at)
    if answers[-1] is Answer.NO:
        repeats = answers.count(Answer.NO) - 1
        # A "No" from a customer who usually says Yes is news; from one who often hesitates, a little less.
        base = NO_WEIGHT * news(s, NO_NEWS_FLOOR) + NO_REPEAT_WEIGHT * repeats
        reason = (
            phrase(
                "Answered No {age}, {times} of the last {answers} answers",
                age=age,
                times=repeats + 1,
                answers=len(answers),
            )
            if repeats
            else phrase("Answered No {age}", age=age)
        )
    elif answers[-1] is Answer.UNSURE:
        base, reason = NO_THEN_UNSURE_WEIGHT, phrase("Answered No {age}, Not sure since", age=age)
    else:
        base, reason = NO_THEN_YES_WEIGHT, phrase("Answered No {age}, Yes since", age=age)
    half_life = config.signal_half_life_days * (STANDING_NO_FACTOR if answers[-1] is Answer.NO else 1.0)
    weight = decay(base, s.last_no_at, now=now, half_life_days=half_life)
    return Signal(SignalKind.NO, weight, reason)


def _drop_signal(s: AccountSignals, config: ClassifyConfig, *, now: datetime) -> Signal | None:
    """A fall below the account's own baseline that lands below high satisfaction, fading since the last answer."""
    if s.satisfaction is None or s.baseline is None:
        return None
    drop = s.baseline - s.satisfaction
    if math.isnan(drop) or drop < config.drop_threshold or drop <= 0:
        return None
    # A happy account that says "Not sure" once has fallen, but not into trouble: the fall counts by where it lands.
    span = max(1e-9, config.satisfaction_high - config.satisfaction_low)
    landing = min(1.0, max(0.0, (config.satisfaction_high - s.satisfaction) / span))
    # Weight grows with the fall beyond the threshold, full at DROP_FULL_SPAN (50 points) beyond it.
    weight = DROP_WEIGHT_MAX * min(1.0, (drop - config.drop_threshold) / DROP_FULL_SPAN)
    weight *= DROP_HAPPY_LANDING + (1 - DROP_HAPPY_LANDING) * landing
    if s.last_response_at is not None:
        weight = decay(weight, s.last_response_at, now=now, half_life_days=config.signal_half_life_days)
    pct, usual = experience_percent(s.satisfaction), experience_percent(s.baseline)
    reason = nphrase(
        "Satisfaction {pct}/100, down {count} point from its usual {usual}",
        "Satisfaction {pct}/100, down {count} points from its usual {usual}",
        usual - pct,
        pct=pct,
        usual=usual,
    )
    return Signal(SignalKind.DROP, weight, reason)


def _run_signal(s: AccountSignals, config: ClassifyConfig, *, now: datetime) -> Signal | None:
    """The latest answers are not Yes in a row, weighed by how unlikely that run is at the account's own past rate.

    An account that usually says Yes and now hesitates twice is news; one that often hesitates is not. The chance
    of the run is the account's earlier share of answers other than Yes (smoothed: (n + 1) / (answers + 2)) to
    the power of the run's length; the weight grows from 0 (a 1-in-1 run) to `RUN_WEIGHT` (1 in 100 or rarer).
    """
    answers = recent_answers(s)
    run = 0
    while run < len(answers) and answers[-1 - run] is not Answer.YES:
        run += 1
    before = answers[: len(answers) - run]
    if run == 0 or len(before) < RUN_MIN_HISTORY:
        return None
    rate = (sum(answer is not Answer.YES for answer in before) + 1) / (len(before) + 2)
    surprise = min(1.0, max(0.0, -run * math.log10(rate) / RUN_SURPRISE_DECADES))
    weight = RUN_WEIGHT * surprise
    if s.last_response_at is not None:
        weight = decay(weight, s.last_response_at, now=now, half_life_days=config.signal_half_life_days)
    yes = len(before) - sum(answer is not Answer.YES for answer in before)
    reason = nphrase(
        "No Yes in the last {count} answer, after {yes} Yes in the {before} before",
        "No Yes in the last {count} answers, after {yes} Yes in the {before} before",
        run,
        yes=yes,
        before=len(before),
    )
    return Signal(SignalKind.RUN, weight, reason)


def _state_signals(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> list[Signal]:
    """Signals of states that persist rather than fade: low satisfaction, silence, an unacknowledged alert."""
    found: list[Signal] = []
    if s.satisfaction is not None and s.responses > 0 and s.satisfaction <= config.satisfaction_low:
        depth = (config.satisfaction_low - s.satisfaction) / max(1e-9, config.satisfaction_low + 1.0)
        weight = LOW_SATISFACTION_WEIGHT + LOW_SATISFACTION_DEPTH_WEIGHT * min(1.0, max(0.0, depth))
        weight *= evidence_factor(s.responses, config)
        if s.last_response_at is not None:
            half_life = config.signal_half_life_days * STATE_HALF_LIFE_FACTOR
            weight = decay(weight, s.last_response_at, now=now, half_life_days=half_life)
        found.append(Signal(SignalKind.LOW_SATISFACTION, weight, satisfaction_reason(s.satisfaction, config)))
    silence = _silence_signal(s, t, config, now=now)
    if silence is not None:
        found.append(silence)
    alert = s.alert
    if alert is not None and alert.acknowledged_at is None and alert.acknowledged_by is None:
        age = now - alert.opened_at
        growth = min(1.0, max(0.0, age.total_seconds() / 86400 / ALERT_FULL_AGE_DAYS))
        weight = ALERT_WEIGHT + ALERT_AGE_WEIGHT * growth
        found.append(
            Signal(SignalKind.ALERT, weight, phrase("Alert open {span}, not acknowledged", span=describe_span(age)))
        )
    return found


def _silence_signal(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> Signal | None:
    """Silence: the account's pulses going unanswered, or one contact who used to answer stopping; the stronger."""
    found = [signal for signal in (_account_silence(s, t, config, now=now), _contact_silence(s)) if signal is not None]
    return max(found, key=lambda signal: signal.weight) if found else None


def _silence_weight(chance: float) -> float:
    """Weighs a silence by how unlikely it was: from the minimum (1 in 1) to the most (1 in 10 ** 2.5 or rarer)."""
    surprise = min(1.0, max(0.0, -math.log10(max(1e-9, chance)) / SILENCE_SURPRISE_DECADES))
    return SILENCE_WEIGHT_MIN + SILENCE_WEIGHT_SURPRISE * surprise


def _contact_silence(s: AccountSignals) -> Signal | None:
    """One contact who used to answer has let their last pulses go unanswered, while others may still answer."""
    quiet = s.quiet_contact
    if quiet is None or quiet.streak < QUIET_CONTACT_MIN_STREAK or quiet.answered <= 0 or quiet.asked <= 0:
        return None
    rate = contact_answer_rate(quiet.answered, quiet.asked)
    reason = phrase(
        "{contact} stopped answering: no answer to the last {streak} pulses, after answering {answered} of {asked}",
        contact=one_line(quiet.contact, 100),
        streak=quiet.streak,
        answered=quiet.answered,
        asked=quiet.asked,
    )
    return Signal(SignalKind.SILENCE, _silence_weight((1.0 - rate) ** quiet.streak), reason)


def _account_silence(s: AccountSignals, t: Thresholds, config: ClassifyConfig, *, now: datetime) -> Signal | None:
    """Pulses going unanswered where contacts used to answer (or, at a high-value account, never did)."""
    streak = max(0, s.unanswered_streak)
    if s.pulses_sent <= 0 or streak <= 0:
        return None
    quiet_days = None if s.last_response_at is None else (now - s.last_response_at).days
    long_quiet = quiet_days is None or quiet_days >= config.silence_days
    if streak < 2 and not long_quiet:
        return None
    if s.responses <= 0 or quiet_days is None:
        if not is_high_value(s, t) or streak < 2:
            return None
        weight = min(NEVER_ANSWERED_MAX, SILENCE_WEIGHT_PER_PULSE * streak)
        never = phrase("Never answered: no answer to the {pulses} pulses sent (high-value account)", pulses=streak)
        return Signal(SignalKind.SILENCE, weight, never)
    # Silence says most where contacts used to answer: weigh it by how unlikely the streak is at the answer
    # rate before it, (1 - rate) ** streak, from 1 in 1 (no weight beyond the minimum) to 1 in 100 (the most).
    before = max(0, s.pulses_sent - streak)
    rate = SILENCE_UNKNOWN_RATE if before <= 0 else min(0.9, s.pulses_answered / before)
    weight = _silence_weight((1.0 - rate) ** streak)
    if long_quiet:
        reason = (
            phrase("No answer to the last pulse; last answer {days} days ago", days=quiet_days)
            if streak == 1
            else phrase(
                "No answer to the last {streak} pulses; last answer {days} days ago", streak=streak, days=quiet_days
            )
        )
    elif s.pulses_sent > streak:
        reason = (
            phrase("No answer to the last pulse from contacts who answered {rate}% before", rate=round(rate * 100))
            if streak == 1
            else phrase(
                "No answer to the last {streak} pulses from contacts who answered {rate}% before",
                streak=streak,
                rate=round(rate * 100),
            )
        )
    else:
        reason = (
            phrase("No answer to the last pulse")
            if streak == 1
            else phrase("No answer to the last {streak} pulses", streak=streak)
        )
    return Signal(SignalKind.SILENCE, weight, reason)

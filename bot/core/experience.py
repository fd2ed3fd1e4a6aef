"""An account's experience from its responses: recency-weighted satisfaction, its trend, and the response rate.

Each response's experience score is in [-1, 1] (see `survey.score_experience`). An account's satisfaction is
their mean weighted by recency twice over: each weight halves every `half_life` (60 days by default), so last
week's "No" outweighs last year's "Yes", and halves again every `ANSWER_HALF_LIFE` answers (1.5), so a decline
shows within one or two answers however often the account answers: after Yes, Yes, Yes, Yes a "No" reads about
59/100, a second "No" about 36. Its baseline is the same mean over everything but the latest responses,
with a slow half-life (a year): the account's own usual level, against which a drop shows. Ratios of
exponentially decayed weights do not change as time passes, so a summary computed at the last event stays
right until the next one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.survey import Answer

HALF_LIFE = timedelta(days=60)
ANSWER_HALF_LIFE = 1.5
BASELINE_HALF_LIFE = timedelta(days=365)
BASELINE_EXCLUDES_LATEST = 2
BASELINE_MIN_HISTORY = 2
RECENT_SCORES = 12
TELLING_WINDOW = timedelta(days=90)
RATE_WINDOW = timedelta(days=180)
QUIET_CONTACT_MIN_STREAK = 2
QUIET_CONTACT_RATE_CAP = 0.9


@dataclass(frozen=True, slots=True)
class ScoredResponse:
    """One response as the summary needs it."""

    response_id: int
    at: datetime
    answer: str
    experience: float
    label: str
    polarity: float | None


@dataclass(frozen=True, slots=True)
class PulseCounts:
    """How the account's recent pulses went."""

    sent: int
    answered: int
    unanswered_streak: int


@dataclass(frozen=True, slots=True)
class AccountExperience:
    """The per-account figures the digest and the triggers read."""

    responses: int
    satisfaction: float | None
    baseline: float | None
    previous_satisfaction: float | None
    last_response_at: datetime | None
    last_no_at: datetime | None
    recent_scores: tuple[float, ...]
    telling_response_id: int | None
    pulses_sent: int
    pulses_answered: int
    unanswered_streak: int

    @property
    def trend(self) -> float | None:
        """Returns satisfaction minus the account's own baseline (negative: getting worse)."""
        if self.satisfaction is None or self.baseline is None:
            return None
        return self.satisfaction - self.baseline

    @property
    def response_rate(self) -> float | None:
        """Returns the share of recent pulses answered, None when none were sent."""
        return self.pulses_answered / self.pulses_sent if self.pulses_sent else None


def weighted_mean(
    responses: Sequence[ScoredResponse], half_life: timedelta, *, answer_half_life: float | None = None
) -> float | None:
    """Returns the recency-weighted mean experience of responses in time order, the newest weighing 1.

    With `answer_half_life`, a response's weight also halves for every that many responses newer than it.
    """
    if not responses:
        return None
    newest = max(r.at for r in responses)
    last = len(responses) - 1
    total = weight_sum = 0.0
    for index, response in enumerate(responses):
        weight = 0.5 ** ((newest - response.at) / half_life)
        if answer_half_life:
            weight *= 0.5 ** ((last - index) / answer_half_life)
        total += weight * response.experience
        weight_sum += weight
    return round(total / weight_sum, 4)


def summarize(
    responses: Sequence[ScoredResponse], counts: PulseCounts, *, now: datetime, half_life: timedelta = HALF_LIFE
) -> AccountExperience:
    """Summarises an account's responses (any order) and pulse counts as of `now`."""
    ordered = sorted(responses, key=lambda r: (r.at, r.response_id))
    history = ordered[:-BASELINE_EXCLUDES_LATEST]
    baseline = weighted_mean(history, BASELINE_HALF_LIFE) if len(history) >= BASELINE_MIN_HISTORY else None
    no_times = [r.at for r in ordered if r.answer == Answer.NO]
    return AccountExperience(
        responses=len(ordered),
        satisfaction=weighted_mean(ordered, half_life, answer_half_life=ANSWER_HALF_LIFE),
        baseline=baseline,
        previous_satisfaction=weighted_mean(ordered[:-1], half_life, answer_half_life=ANSWER_HALF_LIFE),
        last_response_at=ordered[-1].at if ordered else None,
        last_no_at=no_times[-1] if no_times else None,
        recent_scores=tuple(r.experience for r in ordered[-RECENT_SCORES:]),
        telling_response_id=telling(ordered, now=now),
        pulses_sent=counts.sent,
        pulses_answered=counts.answered,
        unanswered_streak=counts.unanswered_streak,
    )


def telling(responses: Sequence[ScoredResponse], *, now: datetime) -> int | None:
    """Picks the response that best says what is wrong: the latest "No", else the most negative recent comment."""
    recent = [r for r in responses if now - r.at <= TELLING_WINDOW]
    noes = [r for r in recent if r.answer == Answer.NO]
    if noes:
        return max(noes, key=lambda r: (r.at, r.response_id)).response_id
    negative = [r for r in recent if r.label == "negative"]
    if negative:
        return min(
            negative, key=lambda r: (r.polarity if r.polarity is not None else 0.0, -r.at.timestamp())
        ).response_id
    return None


@dataclass(frozen=True, slots=True)
class QuietContactCounts:
    """A contact who used to answer and has stopped: their latest unanswered pulses in a row and their record before."""

    contact_id: int
    streak: int
    answered: int
    asked: int

    @property
    def rate(self) -> float:
        """The contact's earlier answer rate, as `contact_answer_rate` reads it."""
        return contact_answer_rate(self.answered, self.asked)

    @property
    def surprise(self) -> float:
        """How unlikely the streak is at the contact's own rate, in powers of ten: -log10((1 - rate) ** streak)."""
        return -self.streak * math.log10(1.0 - self.rate)


def contact_answer_rate(answered: int, asked: int) -> float:
    """A contact's earlier answer rate, smoothed and capped: (answered + 1) / (asked + 2), at most 0.9.

    Smoothed so that one answer is not yet a habit; capped so that no streak reads as certain.
    """
    return min(QUIET_CONTACT_RATE_CAP, (answered + 1) / (asked + 2)) if asked > 0 else 0.0


def quiet_contact(pulses: Sequence[tuple[int | None, bool | None]]) -> QuietContactCounts | None:
    """Finds the contact whose silence says most, from an account's pulses newest first as (contact, answered).

    `answered` is True for an answered pulse, False for one that expired unanswered and None for one still open
    (it counts neither way). A contact's streak is their expired pulses in a row since their latest answer; only a
    contact who answered before it, and has at least `QUIET_CONTACT_MIN_STREAK` unanswered since, counts. Of those,
    the least likely streak at the contact's own earlier answer rate wins (then the longer, then the lower id).
    """
    streaks: dict[int, int] = {}
    answered: dict[int, int] = {}
    asked: dict[int, int] = {}
    for contact, outcome in pulses:
        if contact is None or outcome is None:
            continue
        if contact not in answered:
            if not outcome:
                streaks[contact] = streaks.get(contact, 0) + 1
                continue
            answered[contact] = asked[contact] = 0
        asked[contact] += 1
        answered[contact] += int(outcome)
    found = [
        QuietContactCounts(contact, streaks.get(contact, 0), answered[contact], asked[contact])
        for contact in answered
        if streaks.get(contact, 0) >= QUIET_CONTACT_MIN_STREAK
    ]
    if not found:
        return None
    return max(found, key=lambda q: (q.surprise, q.streak, -q.contact_id))

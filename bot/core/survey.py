"""The survey's vocabulary and rules: answers, skip reasons, the experience score (states live in bot.core.states)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# Re-exported: adapters name pulse states through the survey vocabulary; bot.core.states defines them.

QUESTION = "Would you buy from us again?"
MAX_COMMENT = 1000

# Weights of the experience score: the explicit answer dominates, the comment's sentiment refines it.
# With 0.7 / 0.3 every "yes" (>= 0.4) stays above every "not sure" (-0.3..0.3), which stays above every "no".
ANSWER_WEIGHT = 0.7
SENTIMENT_WEIGHT = 0.3


class Answer(StrEnum):
    """The three answers to the question."""

    YES = "yes"
    UNSURE = "unsure"
    NO = "no"

    @property
    def value_score(self) -> float:
        """Returns the answer's place on the -1..1 scale."""
        return {Answer.YES: 1.0, Answer.UNSURE: 0.0, Answer.NO: -1.0}[self]

    @property
    def label(self) -> str:
        """Returns the answer as the customer saw it."""
        return {Answer.YES: "Yes", Answer.UNSURE: "Not sure", Answer.NO: "No"}[self]


class Channel(StrEnum):
    """How a pulse reached the customer."""

    EMAIL = "email"
    SLACK = "slack"
    REP = "rep"


class SkipReason(StrEnum):
    """Why a logged interaction was not followed by a pulse."""

    REP_CHOICE = "rep_choice"
    OPTED_OUT = "opted_out"
    THROTTLED = "throttled"


@dataclass(frozen=True, slots=True)
class SurveyPolicy:
    """The timings of a pulse, from configuration."""

    delay: timedelta
    throttle: timedelta
    reminder_after: timedelta
    expires_after: timedelta
    edit_window: timedelta
    # How long a tapped answer is held before it counts (bot.core.taps says why).
    tap_hold: timedelta = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Plan:
    """What happens after an interaction is logged: a pulse due at `due_at`, or a skip and why."""

    due_at: datetime | None
    skip: SkipReason | None = None
    last_asked_at: datetime | None = None


def plan_pulse(
    *, now: datetime, policy: SurveyPolicy, rep_said_no: bool, opted_out: bool, last_asked_at: datetime | None
) -> Plan:
    """Decides whether to survey the contact: the rep's choice, then opt-out, then throttling."""
    if rep_said_no:
        return Plan(None, SkipReason.REP_CHOICE)
    if opted_out:
        return Plan(None, SkipReason.OPTED_OUT)
    if last_asked_at is not None and now - last_asked_at < policy.throttle:
        return Plan(None, SkipReason.THROTTLED, last_asked_at)
    return Plan(now + policy.delay)


def describe_skip(reason: SkipReason, *, now: datetime, last_asked_at: datetime | None) -> str:
    """Says in words why a pulse was skipped, e.g. 'asked 3 days ago'."""
    if reason is SkipReason.REP_CHOICE:
        return "the rep chose not to survey this one"
    if reason is SkipReason.OPTED_OUT:
        return "the contact opted out of surveys"
    return "asked " + describe_age(now - last_asked_at) if last_asked_at else "asked recently"


def describe_age(age: timedelta) -> str:
    """Renders a duration as people say it: 'just now', '5 min ago', '3 days ago'."""
    seconds = max(0, int(age.total_seconds()))
    if seconds < 60:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("min", 60)):
        if seconds >= size:
            count = seconds // size
            plural = "s" if count != 1 and unit != "min" else ""
            return f"{count} {unit}{plural} ago"
    return "just now"


def describe_delay(delay: timedelta) -> str:
    """Renders a delay as 'now', 'in 30 min', 'in 2 hours'."""
    minutes = round(delay.total_seconds() / 60)
    if minutes <= 0:
        return "now"
    if minutes < 120:
        return f"in {minutes} min"
    hours = round(minutes / 60)
    return f"in {hours} hours" if hours < 48 else f"in {round(hours / 24)} days"


def score_experience(answer: Answer, polarity: float | None) -> float:
    """Combines the answer (first) and the comment's polarity (second) into a score in [-1, 1]."""
    if polarity is None:
        return answer.value_score
    value = ANSWER_WEIGHT * answer.value_score + SENTIMENT_WEIGHT * max(-1.0, min(1.0, polarity))
    return round(max(-1.0, min(1.0, value)), 4)


def answer_of_experience(experience: float) -> Answer:
    """Reads the answer back from an experience score: a "Yes" scores 0.4 or more, a "No" -0.4 or less."""
    if experience >= 0.35:
        return Answer.YES
    return Answer.NO if experience <= -0.35 else Answer.UNSURE


def experience_percent(experience: float) -> int:
    """Maps an experience score from [-1, 1] onto the 0-100 scale people read."""
    return round((experience + 1.0) * 50)


@dataclass(frozen=True, slots=True)
class Links:
    """The URLs of one survey token: the page, one per answer, and opting out."""

    page: str
    answers: dict[str, str]
    optout: str


def survey_links(base_url: str, token: str) -> Links:
    """Builds the links a message carries; the token is URL-safe already."""
    page = f"{base_url.rstrip('/')}/p/{token}"
    return Links(page=page, answers={a.value: f"{page}?a={a.value}" for a in Answer}, optout=f"{page}/optout")


def clean_comment(raw: str) -> str:
    """Normalises a customer's comment: no control characters, tidy whitespace, trimmed."""
    kept = "".join(ch if ch in "\n\t" or ch.isprintable() else " " for ch in raw.replace("\r\n", "\n"))
    lines = [" ".join(line.split()) for line in kept.split("\n")]
    return "\n".join(lines).strip()

"""Behaviour triggers: which causes a new response raises for the account's owner, decided from values only."""

from __future__ import annotations

from enum import StrEnum

from bot.core.experience import AccountExperience
from bot.core.survey import Answer

STRONGLY_NEGATIVE = -0.5
DROP_THRESHOLD = 0.25


class Cause(StrEnum):
    """Why an alert opened; an account has at most one open alert per cause."""

    NO_ANSWER = "no_answer"
    NEGATIVE_COMMENT = "negative_comment"
    DROP = "drop"
    DIGEST = "digest"

    @property
    def label(self) -> str:
        """Returns the cause in words."""
        return {
            Cause.NO_ANSWER: "answered No",
            Cause.NEGATIVE_COMMENT: "left a strongly negative comment",
            Cause.DROP: "satisfaction dropped below its usual level",
            Cause.DIGEST: "flagged in the digest",
        }[self]


def triggered(
    *,
    answer: Answer,
    label: str,
    polarity: float | None,
    after: AccountExperience,
    drop_threshold: float = DROP_THRESHOLD,
) -> tuple[Cause, ...]:
    """Returns the causes a response raises: a "No", a strongly negative comment, a drop against the baseline."""
    causes: list[Cause] = []
    if answer is Answer.NO:
        causes.append(Cause.NO_ANSWER)
    if label == "negative" and (polarity is None or polarity <= STRONGLY_NEGATIVE):
        causes.append(Cause.NEGATIVE_COMMENT)
    if after.trend is not None and after.trend <= -drop_threshold:
        causes.append(Cause.DROP)
    return tuple(causes)

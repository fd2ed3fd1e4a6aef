"""How likely an account is to be lost, from its answer history and risk signals: a trained model of small trees.

The digest ranks the accounts over the evidence floor by this likelihood, most likely first. The model is a
gradient-boosted ensemble of small regression trees over the features below, trained by
`scripts/train-risk-model` (bench/risk_training.py, scikit-learn, a development dependency) on the tuning seeds of
the three portfolio simulators in bench/, and written to bot/core/data/risk_model.json; here it is read and
evaluated in plain Python. Revenue is deliberately not a feature: the likelihood is about the evidence, so size
alone never moves an account up, and revenue only orders accounts whose likelihood is equal. Time enters only
through the age of the evidence itself (a "No", a negative comment, the signals' decay); silence enters through
pulses that went unanswered (the account's, and one contact's who used to answer), never through days without
an answer, since no pulse sent asks nothing. The trees are trained monotone where the direction is not in doubt
(`MONOTONE`): a more recent "No", a worse run of answers, a deeper drop or a longer silence never lowers the
likelihood.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Final

from bot.core.signals import AccountSignals
from bot.core.survey import Answer, answer_of_experience

MODEL_FILE: Final[str] = "risk_model.json"
# Recency is read on one fixed scale (the model was trained with it): evidence a month old counts about 37%.
RECENCY_DAYS: Final[float] = 30.0
STREAK_MAX: Final[int] = 6
UNKNOWN_RATE: Final[float] = 0.5
UNKNOWN_PRIOR: Final[float] = 0.25
BADNESS: Final[dict[Answer, float]] = {Answer.NO: 1.0, Answer.UNSURE: 0.5, Answer.YES: 0.0}

FEATURES: Final[tuple[str, ...]] = (
    "latest_no",
    "latest_unsure",
    "recent_no",
    "badness_last_2",
    "badness_last_3",
    "badness_before",
    "satisfaction",
    "drop",
    "unanswered_streak",
    "answer_rate",
    "contact_silence",
    "negative_comment",
    "few_answers",
    "severity",
    "no_answers",
)


# The direction each feature may move the likelihood in (1 up, -1 down); the others are left to the data.
MONOTONE: Final[dict[str, int]] = {
    "latest_no": 1,
    "latest_unsure": 1,
    "recent_no": 1,
    "badness_last_2": 1,
    "badness_last_3": 1,
    "satisfaction": -1,
    "drop": 1,
    "unanswered_streak": 1,
    "contact_silence": 1,
    "negative_comment": 1,
    "severity": 1,
}


def features(s: AccountSignals, severity: float, *, now: datetime) -> tuple[float, ...]:
    """Describes an account for the model, in the order of `FEATURES`; `severity` is its combined signal weight."""
    answers = [answer_of_experience(score) for score in s.recent_scores]
    latest = answers[-1] if answers else None
    before = answers[:-3]
    quote = s.worst_recent
    drop = 0.0
    if s.baseline is not None and s.satisfaction is not None:
        drop = s.baseline - s.satisfaction
    return (
        float(latest is Answer.NO),
        float(latest is Answer.UNSURE),
        _recency(s.last_no_at, now),
        _badness(answers[-2:]),
        _badness(answers[-3:]),
        _badness(before) if before else UNKNOWN_PRIOR,
        0.0 if s.satisfaction is None else s.satisfaction,
        drop,
        float(min(STREAK_MAX, max(0, s.unanswered_streak))),
        s.pulses_answered / s.pulses_sent if s.pulses_sent > 0 else UNKNOWN_RATE,
        float(min(STREAK_MAX, s.quiet_contact.streak)) if s.quiet_contact is not None else 0.0,
        _recency(quote.at, now) if quote is not None and quote.label == "negative" else 0.0,
        1.0 / (1 + max(0, s.responses)),
        severity,
        float(s.responses <= 0),
    )


def _age_days(at: datetime, now: datetime) -> float:
    """Days from `at` to now, never negative."""
    return max(0.0, (now - at).total_seconds() / 86400)


def _recency(at: datetime | None, now: datetime) -> float:
    """1 for evidence from today, fading by e every `RECENCY_DAYS`; 0 without evidence."""
    return 0.0 if at is None else math.exp(-_age_days(at, now) / RECENCY_DAYS)


def _badness(answers: list[Answer]) -> float:
    """The mean badness of answers: No 1, Not sure 0.5, Yes 0 (0 for none)."""
    return sum(BADNESS[answer] for answer in answers) / len(answers) if answers else 0.0


# One tree node: (feature index, threshold, left child, right child, value); a leaf has feature index -1.
Node = tuple[int, float, int, int, float]


@dataclass(frozen=True, slots=True)
class RiskModel:
    """A trained ensemble: the log-odds it starts from and its trees, over the named features."""

    version: str
    feature_names: tuple[str, ...]
    baseline: float
    trees: tuple[tuple[Node, ...], ...]

    def likelihood(self, values: tuple[float, ...]) -> float:
        """Returns the chance, in [0, 1], that an account with these feature values is lost."""
        raw = self.baseline
        for nodes in self.trees:
            node = nodes[0]
            while node[0] >= 0:
                node = nodes[node[2] if values[node[0]] <= node[1] else node[3]]
            raw += node[4]
        return 1.0 / (1.0 + math.exp(-raw))


def parse_model(document: dict[str, object]) -> RiskModel:
    """Reads a model from its JSON document, refusing one trained on other features than `FEATURES`."""
    names = tuple(str(name) for name in document["features"])  # type: ignore[attr-defined]
    if names != FEATURES:
        raise ValueError(f"risk model features {names} are not the ones Pulse computes {FEATURES}")
    trees = tuple(
        tuple((int(n[0]), float(n[1]), int(n[2]), int(n[3]), float(n[4])) for n in tree)
        for tree in document["trees"]  # type: ignore[attr-defined]
    )
    return RiskModel(str(document["version"]), names, float(document["baseline"]), trees)  # type: ignore[arg-type]


@cache
def model() -> RiskModel:
    """The shipped model, read once from bot/core/data/risk_model.json."""
    text = (resources.files("bot.core") / "data" / MODEL_FILE).read_text(encoding="utf-8")
    return parse_model(json.loads(text))


def likelihood(s: AccountSignals, severity: float, *, now: datetime) -> float:
    """Returns how likely the shipped model finds it that this account is lost, rounded to 6 places."""
    return round(model().likelihood(features(s, severity, now=now)), 6)

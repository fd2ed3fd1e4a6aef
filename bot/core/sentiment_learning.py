"""Learns a workspace's adjustment to the scorer from its reps' label corrections (online logistic regression)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

from bot.core.sentiment import Evidence, log_odds, read

# Fixed before the corrections curve was first measured, not tuned on it (see docs/sentiment.md).
LEARNING_RATE: Final[float] = 0.5
LIMIT: Final[float] = 4.0  # no single feature's adjustment goes beyond this many log-odds
_TARGETS: Final[dict[str, float]] = {"positive": 1.0, "negative": 0.0, "neutral": 0.5}
# Lexicon strengths and "!" are shared by every text; one comment is no evidence about them.
_FIXED_PREFIXES: Final[tuple[str, ...]] = ("lex:", "x:")


def learnable(name: str) -> bool:
    """Tell whether a correction may adjust a feature."""
    return not name.startswith(_FIXED_PREFIXES)


def update(evidence: Evidence, label: str, adjustment: Mapping[str, float]) -> dict[str, float]:
    """Return the new adjustment of each feature in the evidence after one correction to label."""
    target = _TARGETS.get(label)
    if target is None:
        return {}
    probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, log_odds(evidence, adjustment)))))
    step = LEARNING_RATE * (target - probability)
    changed: dict[str, float] = {}
    for name, value in evidence.features.totals().items():
        if value and learnable(name):
            delta = adjustment.get(name, 0.0) + step * value
            changed[name] = max(-LIMIT, min(LIMIT, delta))
    return changed


def learn(text: str, label: str, adjustment: Mapping[str, float], *, language: str | None = None) -> dict[str, float]:
    """Return the features a correction of text to label changes, with their new adjustments."""
    evidence = read(text, language=language)
    return {} if evidence is None else update(evidence, label, adjustment)

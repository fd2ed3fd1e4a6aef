"""Learns a workspace's adjustment to the scorer from its reps' label corrections (passive-aggressive updates)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.core.sentiment import Evidence, log_odds, read

# The passive-aggressive update (Crammer et al., 2006): the smallest change of the text's feature weights that
# brings its log-odds to the rep's side with a margin, bounded by an aggressiveness cap. Constants fixed by
# hand; the first version (a fixed logistic-regression step of 0.5) over-corrected long comments and is gone.
MARGIN: Final[float] = 1.0  # log-odds a corrected comment is brought to (0 for "neutral")
AGGRESSIVENESS: Final[float] = 1.0  # at most this much weight per unit of feature value, per correction
LIMIT: Final[float] = 4.0  # no single feature's adjustment goes beyond this many log-odds
_TARGETS: Final[dict[str, float]] = {"positive": MARGIN, "negative": -MARGIN, "neutral": 0.0}
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
    current = log_odds(evidence, adjustment)
    gap = target - current
    if (label == "positive" and gap <= 0) or (label == "negative" and gap >= 0) or (label == "neutral" and not gap):
        return {}
    values = {n: v for n, v in evidence.features.totals().items() if v and learnable(n)}
    norm = sum(v * v for v in values.values())
    if not norm:
        return {}
    step = max(-AGGRESSIVENESS, min(AGGRESSIVENESS, gap / norm))
    return {n: max(-LIMIT, min(LIMIT, adjustment.get(n, 0.0) + step * v)) for n, v in values.items()}


def learn(text: str, label: str, adjustment: Mapping[str, float], *, language: str | None = None) -> dict[str, float]:
    """Return the features a correction of text to label changes, with their new adjustments."""
    evidence = read(text, language=language)
    return {} if evidence is None else update(evidence, label, adjustment)

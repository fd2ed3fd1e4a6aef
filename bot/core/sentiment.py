"""Scores customer feedback: TextBlob's lexicon plus rules for how customers actually write."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final, Literal

from bot.core.sentiment_lexicon import (
    FOREIGN,
    TEXTBLOB_NEGATIONS,
    TEXTBLOB_SUBJECTIVITY,
    is_english_word,
    is_latin,
)
from bot.core.sentiment_scan import Scan
from bot.core.sentiment_tokens import EMO, Tokens, W, normalise, tokenise

Label = Literal["positive", "negative", "neutral", "unknown"]

SCORER_VERSION: Final[str] = "pulse-sentiment-2"

POSITIVE_THRESHOLD: Final[float] = 0.05
NEGATIVE_THRESHOLD: Final[float] = -0.05

MAX_CUES: Final[int] = 5

# Constants of the final score, chosen by hand and checked against the development sets.
_SHOUT: Final[float] = 1.15  # the whole text in capitals
_EXCLAMATION: Final[float] = 0.1  # per "!", up to four
_SQUASH: Final[float] = 1.0  # keeps polarity inside (-1, 1) while a single "good" stays near its valence
_LENGTH_DAMPING: Final[float] = 0.5  # more agreeing cues make a stronger score, but not linearly
_TIE_BREAK: Final[float] = 0.1  # when cues cancel out exactly, the last one decides, weakly


@dataclass(frozen=True, slots=True)
class Sentiment:
    """The polarity, label, subjectivity and driving cues of one piece of feedback."""

    polarity: float
    subjectivity: float
    label: Label
    cues: tuple[str, ...]


_UNKNOWN: Final[Sentiment] = Sentiment(0.0, 0.0, "unknown", ())


def _is_english(tokens: Tokens, has_items: bool) -> bool:
    """Tell, by a cheap vocabulary heuristic, whether the words read as English.

    Capitalised words that are not English (names, brands, acronyms) are left out of the count.
    """
    english = foreign = other_script = unknown = 0
    for kind, word, start in zip(tokens.kinds, tokens.texts, tokens.starts, strict=True):
        if kind != W:
            continue
        if not is_latin(word):
            other_script += 1
        elif word in FOREIGN:
            foreign += 1
        elif is_english_word(word):
            english += 1
        elif tokens.text[start].islower():
            unknown += 1
    total = english + foreign + other_script + unknown
    if not total:
        return has_items
    if other_script * 2 > total or (foreign and foreign >= english):
        return False
    return english * 4 >= total or (has_items and total <= 2)


def _label(polarity: float) -> Label:
    """Return the label the thresholds give a polarity."""
    if polarity >= POSITIVE_THRESHOLD:
        return "positive"
    if polarity <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def score_text(text: str) -> Sentiment:
    """Score one piece of customer feedback."""
    if not text or text.isspace():
        return _UNKNOWN
    norm = normalise(text)
    tokens = tokenise(norm)
    words = [t for k, t in zip(tokens.kinds, tokens.texts, strict=True) if k == W]
    shouting = sum(tokens.caps) >= 2 and not any(ch.islower() for ch in norm)
    scan = Scan(tokens, shouting)
    scan.run()
    contributions = [v * w for v, w in zip(scan.values, scan.weights, strict=True)]
    starts, ends = scan.starts, scan.ends
    english = _is_english(tokens, bool(scan.values))
    if not english:
        # Emoji and emoticons read the same in any language, so a foreign text is scored by them alone.
        symbols = [j for j, first in enumerate(scan.first) if tokens.kinds[first] == EMO]
        if not symbols:
            return _UNKNOWN
        contributions = [contributions[j] for j in symbols]
        starts = [starts[j] for j in symbols]
        ends = [ends[j] for j in symbols]
    total = sum(contributions)
    if contributions and abs(total) < 1e-9:
        # Praise and complaint cancel out: the closing remark is usually the verdict.
        total = _TIE_BREAK * contributions[-1]
    if total:
        total /= len(contributions) ** _LENGTH_DAMPING
        total *= 1.0 + _EXCLAMATION * min(scan.exclamations, 4)
        if shouting:
            total *= _SHOUT
    polarity = max(-1.0, min(1.0, total / math.sqrt(total * total + _SQUASH)))
    label = _label(polarity)
    return Sentiment(
        polarity=polarity,
        subjectivity=_subjectivity(words) if english else 0.0,
        label=label,
        cues=_cues(norm.lower(), starts, ends, contributions, polarity, label),
    )


def _subjectivity(words: list[str]) -> float:
    """Return TextBlob's subjectivity of the words, by the same averaging as its PatternAnalyzer."""
    scores: list[list[float]] = []
    modifier: str | None = None
    negation: str | None = None
    for word in words:
        known = TEXTBLOB_SUBJECTIVITY.get(word)
        if known is not None:
            subjectivity, intensity, is_modifier = known
            if modifier is None:
                scores.append([subjectivity, intensity])
            else:
                scores[-1][0] = max(-1.0, min(subjectivity * scores[-1][1], 1.0))
                scores[-1][1] = intensity
            if negation is not None:
                scores[-1][1] = 1.0 / scores[-1][1]
            modifier = word if is_modifier else None
            negation = word if word in TEXTBLOB_NEGATIONS else None
        else:
            if word in TEXTBLOB_NEGATIONS:
                negation = word
            elif negation and len(word.strip("'")) > 1:
                negation = None
            if negation is not None and modifier is not None and modifier.endswith("ly"):
                negation = None
            elif modifier and len(word) > 2:
                modifier = None
    if not scores:
        return 0.0
    return max(0.0, min(1.0, sum(s for s, _ in scores) / len(scores)))


_SPACES_RE: Final[re.Pattern[str]] = re.compile(r"\s+")


def _cues(
    lower: str,
    starts: list[int],
    ends: list[int],
    contributions: list[float],
    polarity: float,
    label: Label,
) -> tuple[str, ...]:
    """Return up to MAX_CUES phrases, in text order, that pushed the score towards its label."""
    if label == "neutral":
        chosen = list(range(len(contributions)))
    else:
        sign = 1.0 if polarity > 0 else -1.0
        chosen = [j for j, c in enumerate(contributions) if c * sign > 0]
    chosen.sort(key=lambda j: -abs(contributions[j]))
    cues: list[tuple[int, str]] = []
    seen: set[str] = set()
    for j in chosen:
        phrase = _SPACES_RE.sub(" ", lower[starts[j] : ends[j]]).strip()
        if phrase and phrase not in seen:
            seen.add(phrase)
            cues.append((starts[j], phrase))
        if len(cues) == MAX_CUES:
            break
    cues.sort()
    return tuple(phrase for _, phrase in cues)


def describe(sentiment: Sentiment) -> str:
    """Render a sentiment as plain text, e.g. "negative: 'charged twice', 'nobody called back'"."""
    if not sentiment.cues:
        return sentiment.label
    return f"{sentiment.label}: " + ", ".join(f"'{cue}'" for cue in sentiment.cues)

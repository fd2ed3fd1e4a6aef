"""Scores customer feedback with trained linear models (English, and German, French, Spanish where shipped)."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from typing import Final, Literal

from bot.core import sentiment_features as extract
from bot.core import sentiment_language_model as language_model
from bot.core import sentiment_lexicons as lexicons
from bot.core.sentiment_features import Features
from bot.core.sentiment_text import LANGUAGES, Tokens, W, detect_language, normalise, tokenise, word_lists

Label = Literal["positive", "negative", "neutral", "unknown"]

SCORER_VERSION: Final[str] = "pulse-sentiment-6"
MODEL_FILE: Final[str] = "model-en.tsv.gz"

POSITIVE_THRESHOLD: Final[float] = 0.05
NEGATIVE_THRESHOLD: Final[float] = -0.05

MAX_CUES: Final[int] = 5
_MIN_CUE: Final[float] = 0.05  # a feature that moved the log-odds less than this is no cue


@dataclass(frozen=True, slots=True)
class Sentiment:
    """The polarity, label, subjectivity, driving cues and language of one piece of feedback."""

    polarity: float
    subjectivity: float
    label: Label
    cues: tuple[str, ...]
    language: str = "en"


_UNKNOWN: Final[Sentiment] = Sentiment(0.0, 0.0, "unknown", (), "")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the scorer read in a text: its language, feature occurrences and the base weight of each feature."""

    language: str
    norm: str
    features: Features
    weights: Mapping[str, float]


@cache
def model() -> dict[str, float]:
    """Load the English model's weights from its data file, once."""
    weights = extract.model_weights(MODEL_FILE)
    if weights is None:
        raise FileNotFoundError(MODEL_FILE)
    return weights


def read(text: str, *, language: str | None = None) -> Evidence | None:
    """Return the evidence the scorer reads in a text, or None when there is nothing it can read."""
    if not text or text.isspace():
        return None
    norm = normalise(text)
    tokens = tokenise(norm)
    detected, told = detect_language(tokens, language)
    if detected == "en" and not told and not _reads_as_english(tokens):
        detected = "other"
    lower = norm.lower()
    if detected == "en":
        features = extract.english(tokens)
        weights: Mapping[str, float] = model()
    elif detected == "other":
        features, weights = extract.foreign(tokens, "other")
        keep = [j for j, name in enumerate(features.names) if name.startswith("e:")]
        if not keep:
            return None
        features = Features(
            [features.names[j] for j in keep],
            [features.values[j] for j in keep],
            [features.starts[j] for j in keep],
            [features.ends[j] for j in keep],
        )
    elif (trained := language_model.model(detected)) is not None:
        features, weights = language_model.features(tokens, detected), trained
    else:
        features, known = extract.foreign(tokens, detected)
        weights = {**known, **{"r:" + rule.name: rule.weight for rule in extract.rules()}}
    found = extract.matched_rules(lower, detected)
    if found.names:
        extract.weigh_by_clause(found, tokens, detected)
    for name, value, start, end in zip(found.names, found.values, found.starts, found.ends, strict=True):
        features.add(name, value, start, end)
    return Evidence(detected, norm, features, weights)


def _reads_as_english(tokens: Tokens) -> bool:
    """Tell whether at least half the words of a text without function words are in the English model's vocabulary."""
    weights = model()
    words = [text for kind, text in zip(tokens.kinds, tokens.texts, strict=True) if kind == W]
    return sum(1 for word in words if "w:" + word in weights) * 2 >= len(words)


def contributions(evidence: Evidence, adjustment: Mapping[str, float] | None = None) -> list[float]:
    """Return what each feature occurrence adds to the log-odds, with a workspace's adjustment."""
    weights = evidence.weights
    names, values = evidence.features.names, evidence.features.values
    if not adjustment:
        return list(map(operator.mul, map(weights.get, names, repeat(0.0)), values))
    return [(weights.get(n, 0.0) + adjustment.get(n, 0.0)) * v for n, v in zip(names, values, strict=True)]


def log_odds(evidence: Evidence, adjustment: Mapping[str, float] | None = None) -> float:
    """Return the model's log-odds that the text is positive, with a workspace's adjustment added."""
    return sum(contributions(evidence, adjustment))


def score_text(text: str, *, language: str | None = None, adjustment: Mapping[str, float] | None = None) -> Sentiment:
    """Score one piece of customer feedback; language is the contact's, if known, and adjustment a workspace's."""
    return score_evidence(read(text, language=language), adjustment)


def score_evidence(evidence: Evidence | None, adjustment: Mapping[str, float] | None = None) -> Sentiment:
    """Score what read() found, with a workspace's adjustment (a caller that fetches it per feature reads first)."""
    if evidence is None:
        return _UNKNOWN
    parts = contributions(evidence, adjustment)
    polarity = math.tanh(sum(parts) / 2.0)
    label = _label(polarity)
    return Sentiment(
        polarity=polarity,
        subjectivity=_subjectivity(evidence),
        label=label,
        cues=_cues(evidence, parts, polarity, label),
        language=evidence.language,
    )


def _label(polarity: float) -> Label:
    """Return the label the thresholds give a polarity."""
    if polarity >= POSITIVE_THRESHOLD:
        return "positive"
    if polarity <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def _subjectivity(evidence: Evidence) -> float:
    """Return the mean TextBlob subjectivity of the English words TextBlob knows (0 for other languages)."""
    if evidence.language != "en":
        return 0.0
    table = _subjectivity_by_feature()
    known = [value for value in map(table.get, evidence.features.names) if value is not None]
    return max(0.0, min(1.0, sum(known) / len(known))) if known else 0.0


@cache
def _subjectivity_by_feature() -> dict[str, float]:
    """Return TextBlob's subjectivity keyed by the word's feature name ("w:good")."""
    return {"w:" + word: value for word, value in lexicons.subjectivity().items()}


def _cues(evidence: Evidence, parts: list[float], polarity: float, label: Label) -> tuple[str, ...]:
    """Return up to MAX_CUES phrases of the comment, in text order, that pushed the score towards its label."""
    spans: dict[tuple[int, int], float] = {}
    telling: set[tuple[int, int]] = set()
    features = evidence.features
    for name, part, start, end in zip(features.names, parts, features.starts, features.ends, strict=True):
        if part and end > start:
            span = (start, end)
            spans[span] = spans.get(span, 0.0) + part
            if span not in telling and _telling(name):
                telling.add(span)
    if label == "neutral":
        candidates = [s for s, c in spans.items() if abs(c) >= _MIN_CUE and s in telling]
    elif polarity > 0:
        candidates = [s for s, c in spans.items() if c >= _MIN_CUE and s in telling]
    else:
        candidates = [s for s, c in spans.items() if c <= -_MIN_CUE and s in telling]
    if not candidates:
        return ()
    candidates.sort(key=lambda span: -abs(spans[span]))
    chosen: list[tuple[int, int]] = []
    for start, end in candidates:
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
            if len(chosen) == MAX_CUES:
                break
    norm = evidence.norm
    return tuple(" ".join(norm[s:e].lower().split()) for s, e in sorted(chosen))


@cache
def _function_words() -> frozenset[str]:
    """Return every language's function words: they weigh in the score but make no cue on their own."""
    return frozenset(word for (_, kind), members in word_lists().items() if kind != "intensifier" for word in members)


@lru_cache(maxsize=65536)
def _telling(name: str) -> bool:
    """Tell whether a feature can be a cue: anything but words and word pairs made only of function words."""
    kind, _, body = name.partition(":")
    if kind not in ("w", "b") and not (len(kind) == 2 and kind in LANGUAGES):
        return True
    function = _function_words()
    return any(word.removeprefix("not_") not in function for word in body.split(" "))


def describe(sentiment: Sentiment) -> str:
    """Render a sentiment as plain text, e.g. "negative: 'charged twice', 'nobody called back'"."""
    if not sentiment.cues:
        return sentiment.label
    return f"{sentiment.label}: " + ", ".join(f"'{cue}'" for cue in sentiment.cues)

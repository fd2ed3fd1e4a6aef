"""Trained German, French and Spanish sentiment models: their features, and their weights loaded once, lazily.

Each model is a logistic regression like the English one (bench/sentiment_training_lang.py trains it): marked
word unigrams ("de:gut", negated "de:not_gut") and bigrams ("de2:sehr gut"), the language's lexicon valences
(summed, negated ones apart, and squashed as VADER squashes its compound), emoji and "!". A language whose
model file is absent is scored by its lexicon alone (sentiment_features.foreign).
"""

from __future__ import annotations

import math
from functools import cache
from typing import Final

from bot.core import sentiment_lexicons as lexicons
from bot.core.sentiment_features import (
    EXCLAMATIONS,
    MEMO_LIMIT,
    VADER_ALPHA,
    Features,
    clause_weights,
    function_words,
    model_weights,
    negated_positions,
    negator_start,
)
from bot.core.sentiment_text import EMO, END, Tokens, W, words

MODEL_LANGUAGES: Final[tuple[str, ...]] = ("de", "fr", "es")
LEXICON_SCALE: Final[float] = 4.0  # lexicon polarities (-1..1) onto VADER's -4..4 before the squash


def model_file(language: str) -> str:
    """Return the data file name of a language's model."""
    return f"model-{language}.tsv.gz"


@cache
def model(language: str) -> dict[str, float] | None:
    """Load a language's model weights (and the rules' hand-set weights) once; None when it has no model file."""
    if language not in MODEL_LANGUAGES:
        return None
    return model_weights(model_file(language))


@cache
def _memo(language: str) -> dict[str, tuple[str, bool, float | None]]:
    """Return a memo of what a language's scoring reads of a word: its form, function word?, lexicon polarity."""
    return {}


def _word(text: str, language: str) -> tuple[str, bool, float | None]:
    """Return a word's form (French elision stripped), whether it is a function word, and its lexicon polarity."""
    memo = _memo(language)
    found = memo.get(text)
    if found is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        form = lexicons.strip_elision(text) if language == "fr" else text
        function = text in function_words(language) or form in function_words(language)
        found = memo[text] = (form, function, lexicons.lookup(lexicons.foreign(language), form, language))
    return found


def features(tokens: Tokens, language: str) -> Features:
    """Extract a German, French or Spanish model's features: marked n-grams, lexicon valences, emoji and "!".

    As in English, a word or word pair made only of function words is no feature.
    """
    found = Features()
    names, values, starts, ends = found.names, found.values, found.starts, found.ends
    weights = clause_weights(tokens, language)
    negated = negated_positions(tokens, language)
    intensifiers = words(language, "intensifier")
    emoji, vader, memo = lexicons.emoji(), lexicons.vader(), _memo(language)
    lexical, lexical_not = f"lex:{language}", f"lex:{language}_not"
    previous: tuple[str, int, bool] | None = None
    boost, exclamations, summed = 1.0, 0, 0.0
    for i, (kind, text) in enumerate(zip(tokens.kinds, tokens.texts, strict=True)):
        start, end, weight = tokens.starts[i], tokens.ends[i], weights[i]
        if kind == W:
            form, is_function, polarity = memo.get(text) or _word(text, language)
            if negated[i]:
                marked, span_start = "not_" + form, negator_start(tokens, i, language)
            else:
                marked, span_start = form, start
            if not is_function:
                names.append(f"{language}:{marked}")
                values.append(weight)
                starts.append(span_start)
                ends.append(end)
            if polarity is not None:
                value = polarity * weight * boost
                summed += LEXICON_SCALE * value * (-lexicons.NEGATED_SHARE if negated[i] else 1.0)
                names.append(lexical_not if negated[i] else lexical)
                values.append(value)
                starts.append(span_start)
                ends.append(end)
            if previous is not None and not (is_function and previous[2]):
                names.append(f"{language}2:{previous[0]} {marked}")
                values.append(weight)
                starts.append(previous[1])
                ends.append(end)
            previous = (marked, start, is_function)
            boost = lexicons.INTENSIFY if form in intensifiers else 1.0
        elif kind == EMO:
            valence = emoji.get(text, vader.get(text))
            if valence is not None:
                summed += LEXICON_SCALE * valence
                found.add("lex:emoji", valence, start, end)
            found.add("e:" + text, 1.0, start, end)
        else:
            previous, boost = None, 1.0
            if kind == END and "!" in text:
                exclamations += text.count("!")
    if exclamations:
        found.add("x:exclamation", float(min(exclamations, EXCLAMATIONS)), len(tokens.text), len(tokens.text))
    if summed:
        found.add(f"lex:{language}_compound", summed / math.sqrt(summed * summed + VADER_ALPHA), 0, 0)
    return found

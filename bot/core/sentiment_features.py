"""Turns a comment into weighted features: marked word n-grams, lexicon valences, emoji and rule matches.

The same extraction serves training (bench/sentiment_training.py) and scoring, so a model's weights always
mean what the scorer reads. Every feature occurrence keeps the span of text it came from, which is where
the cues come from.
"""

from __future__ import annotations

import bisect
import gzip
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Final

from bot.core import sentiment_lexicons as lexicons
from bot.core.sentiment_text import EMO, END, Tokens, W, data_file, words

# Hand-set constants of the clause structure, fixed before any evaluation (see docs/sentiment.md).
NEGATION_SCOPE: Final[int] = 3  # words a negator reaches
BEFORE_BUT: Final[float] = 0.5  # a clause followed by "but" is the concession
AFTER_BUT: Final[float] = 1.5  # the clause after "but" is the verdict
CONCEDED: Final[float] = 0.5  # an "although" clause
EXCLAMATIONS: Final[int] = 3  # at most this many "!" count
VADER_NEGATED: Final[float] = -0.74  # VADER's own negation factor, for the compound-style feature
VADER_ALPHA: Final[float] = 15.0  # VADER's own normalisation constant: compound = s / sqrt(s^2 + alpha)
MEMO_LIMIT: Final[int] = 200_000  # words remembered per memo before it starts afresh (bounds memory)


@dataclass(slots=True)
class Features:
    """Feature occurrences of one text as parallel lists: name, value and the character span it covers."""

    names: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def add(self, name: str, value: float, start: int, end: int) -> None:
        """Record one occurrence."""
        self.names.append(name)
        self.values.append(value)
        self.starts.append(start)
        self.ends.append(end)

    def totals(self) -> dict[str, float]:
        """Return the summed value of each feature (what a linear model multiplies)."""
        summed: dict[str, float] = {}
        for name, value in zip(self.names, self.values, strict=True):
            summed[name] = summed.get(name, 0.0) + value
        return summed


@dataclass(frozen=True, slots=True)
class Rule:
    """One general pattern of customer feedback that review corpora lack, with its hand-set weight."""

    name: str
    language: str
    weight: float
    pattern: re.Pattern[str]


@cache
def rules() -> tuple[Rule, ...]:
    """Return the rules of rules.tsv."""
    found: list[Rule] = []
    for line in data_file("rules.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, language, weight, pattern = line.split("\t")
        found.append(Rule(name, language, float(weight), re.compile(pattern)))
    return tuple(found)


def model_weights(name: str) -> dict[str, float] | None:
    """Load a trained model's weights from its gzipped data file, with the rules' hand-set weights; None if absent."""
    path = resources.files("bot.core") / "data" / "sentiment" / name
    if not path.is_file():
        return None
    weights: dict[str, float] = {}
    with gzip.open(str(path), "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            feature, _, weight = line.rstrip("\n").rpartition("\t")
            weights[feature] = float(weight)
    for rule in rules():
        weights["r:" + rule.name] = rule.weight
    return weights


def is_negator(word: str, language: str) -> bool:
    """Tell whether a word opens a negation scope."""
    if word in words(language, "negator"):
        return True
    return (language == "en" and word.endswith("n't")) or (language == "fr" and word.startswith("n'"))


@cache
def _negators(language: str) -> dict[str, bool]:
    """Return a memo of is_negator for one language (filled as words are met)."""
    return {}


def _negates(word: str, language: str) -> bool:
    """Tell whether a word opens a negation scope, remembering the answer."""
    memo = _negators(language)
    found = memo.get(word)
    if found is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        found = memo[word] = is_negator(word, language)
    return found


@cache
def _english_words() -> dict[str, tuple[bool, float | None, float | None]]:
    """Return a memo of what English scoring reads of a word: function word?, VADER and TextBlob valences."""
    return {}


def _english_word(word: str) -> tuple[bool, float | None, float | None]:
    """Return whether a word is a function word and its VADER and TextBlob valences, remembering the answer."""
    memo = _english_words()
    found = memo.get(word)
    if found is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        found = memo[word] = (word in function_words("en"), lexicons.vader().get(word), lexicons.textblob().get(word))
    return found


def clause_weights(tokens: Tokens, language: str) -> list[float]:
    """Weigh each token by its clause: a concession before "but" or in an "although" clause counts less."""
    but, although = words(language, "but"), words(language, "although")
    weights = [1.0] * len(tokens.kinds)
    if but.isdisjoint(tokens.texts) and although.isdisjoint(tokens.texts):
        return weights  # no contrast word: every token counts once
    sentence = previous = 0
    after = 1.0
    conceding = False
    for i, (kind, text) in enumerate(zip(tokens.kinds, tokens.texts, strict=True)):
        if kind == END:
            previous, sentence, after, conceding = sentence, i + 1, 1.0, False
            continue
        if kind != W:
            if conceding and kind != EMO:
                conceding = False
            weights[i] = CONCEDED if conceding else after
            continue
        if text in but:
            first = previous if i == sentence else sentence
            for j in range(first, i):
                weights[j] *= BEFORE_BUT
            after, conceding = AFTER_BUT, False
        elif text in although:
            conceding = True
        weights[i] = CONCEDED if conceding else after
    return weights


def negated_positions(tokens: Tokens, language: str) -> list[bool]:
    """Mark the words inside a negation scope; a scope ends at clause punctuation or a "but"."""
    but = words(language, "but")
    marks = [False] * len(tokens.kinds)
    if language != "de" and "'" not in tokens.text and words(language, "negator").isdisjoint(tokens.texts):
        return marks  # no negator word and no "n't" or "n'": nothing is negated
    memo = _negators(language)
    left = 0
    for i, (kind, text) in enumerate(zip(tokens.kinds, tokens.texts, strict=True)):
        if kind != W:
            if kind != EMO:
                left = 0
            continue
        if text in but:
            left = 0
        elif (negator := memo.get(text)) or (negator is None and _negates(text, language)):
            left = NEGATION_SCOPE
        elif left:
            marks[i] = True
            left -= 1
    if language == "de":
        _mark_clause_final_negation(tokens, marks)
    return marks


def _mark_clause_final_negation(tokens: Tokens, marks: list[bool]) -> None:
    """Negate the words before a German "nicht" that ends its clause ("das gefällt mir nicht")."""
    kinds, texts = tokens.kinds, tokens.texts
    for i, (kind, text) in enumerate(zip(kinds, texts, strict=True)):
        if kind != W or text not in ("nicht", "nie", "kaum") or (i + 1 < len(kinds) and kinds[i + 1] == W):
            continue
        for j in range(i - 1, max(-1, i - 1 - NEGATION_SCOPE), -1):
            if kinds[j] != W:
                break
            marks[j] = True


def negator_start(tokens: Tokens, i: int, language: str) -> int:
    """Return where the negation that reaches word i starts, so a cue reads "not good", not "good"."""
    for j in range(i - 1, max(-1, i - NEGATION_SCOPE - 2), -1):
        if tokens.kinds[j] == W and _negates(tokens.texts[j], language):
            return tokens.starts[j]
    return tokens.starts[i]


@cache
def function_words(language: str) -> frozenset[str]:
    """Return a language's function words: stopwords, negators and contrast words."""
    return frozenset().union(*(words(language, kind) for kind in ("stopword", "negator", "but", "although")))


def english(tokens: Tokens) -> Features:
    """Extract the English model's features: marked unigrams and bigrams, lexicon valences, emoji, "!".

    A word or word pair made only of function words is no feature: what such n-grams learn from review and
    news corpora is the corpus ("were", "the"), not the sentiment.
    """
    features = Features()
    names, values, starts, ends = features.names, features.values, features.starts, features.ends
    weights = clause_weights(tokens, "en")
    negated = negated_positions(tokens, "en")
    vader, emoji, memo = lexicons.vader(), lexicons.emoji(), _english_words()
    previous: tuple[str, int, bool] | None = None
    exclamations = 0
    summed = 0.0  # VADER's valences on its own -4..4 scale, negated ones flipped as VADER flips them
    for i, (kind, text) in enumerate(zip(tokens.kinds, tokens.texts, strict=True)):
        start, end, weight = tokens.starts[i], tokens.ends[i], weights[i]
        if kind == W:
            if negated[i]:
                marked, span_start, suffix = "not_" + text, negator_start(tokens, i, "en"), "_not"
            else:
                marked, span_start, suffix = text, start, ""
            is_function, valence, polarity = memo.get(text) or _english_word(text)
            if not is_function:
                names.append("w:" + marked)
                values.append(weight)
                starts.append(span_start)
                ends.append(end)
            if valence is not None:
                summed += 4.0 * valence * weight * (VADER_NEGATED if suffix else 1.0)
                names.append("lex:vader" + suffix)
                values.append(valence * weight)
                starts.append(span_start)
                ends.append(end)
            if polarity is not None:
                names.append("lex:textblob" + suffix)
                values.append(polarity * weight)
                starts.append(span_start)
                ends.append(end)
            if previous is not None and not (is_function and previous[2]):
                names.append("b:" + previous[0] + " " + marked)
                values.append(weight)
                starts.append(previous[1])
                ends.append(end)
            previous = (marked, start, is_function)
        elif kind == EMO:
            valence = emoji.get(text, vader.get(text))
            if valence is not None:
                summed += 4.0 * valence
                features.add("lex:emoji", valence, start, end)
            features.add("e:" + text, 1.0, start, end)
        else:
            previous = None
            if kind == END and "!" in text:
                exclamations += text.count("!")
    if exclamations:
        features.add("x:exclamation", float(min(exclamations, EXCLAMATIONS)), len(tokens.text), len(tokens.text))
    if summed:
        # Saturating like VADER's compound: a short text with one strong word reads as strongly as a long one.
        features.add("lex:vader_compound", summed / math.sqrt(summed * summed + VADER_ALPHA), 0, 0)
    return features


@cache
def _any_rule(language: str) -> re.Pattern[str] | None:
    """Return one pattern matching wherever any of a language's rules could, to skip the rest on most texts."""
    patterns = [rule.pattern.pattern for rule in rules() if rule.language == language]
    if not patterns:
        return None
    # Every rule starts at a word's start or an apostrophe ("'ll"): the guard skips the other positions cheaply.
    # Each rule's leading assertions are dropped in the screen (it may only match more, never less), so that the
    # regex engine can reject most alternatives by their first letter.
    alternatives = [branch for p in patterns for branch in _top_level_branches(p)]
    return re.compile(r"(?:(?<!\w)|(?='))(?:" + "|".join(f"(?:{b})" for b in alternatives) + ")")


_LEADING_ASSERTION_RE: Final[re.Pattern[str]] = re.compile(r"^(?:\\b|\(\?<!(?:[^()\\]|\\.)*\))+")


def _top_level_branches(pattern: str) -> list[str]:
    """Split a pattern at its top-level "|" and drop each branch's leading word-boundary and look-behind tests."""
    branches: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return [_LEADING_ASSERTION_RE.sub("", branch) for branch in branches]


def matched_rules(lower: str, language: str) -> Features:
    """Return the rule matches in a lower-cased text, each a feature with its span."""
    features = Features()
    screen = _any_rule(language)
    if screen is None or screen.search(lower) is None:
        return features
    for rule in rules():
        if rule.language != language:
            continue
        for match in rule.pattern.finditer(lower):
            features.add("r:" + rule.name, 1.0, match.start(), match.end())
    return features


def weigh_by_clause(found: Features, tokens: Tokens, language: str) -> None:
    """Weigh each rule match by the clause it starts in, as words are: a concession before "but" counts half."""
    weights = clause_weights(tokens, language)
    if not tokens.starts or all(weight == 1.0 for weight in weights):
        return
    last = len(weights) - 1
    for j, start in enumerate(found.starts):
        i = min(last, max(0, bisect.bisect_right(tokens.starts, start) - 1))
        found.values[j] *= weights[i]


def foreign(tokens: Tokens, language: str) -> tuple[Features, dict[str, float]]:
    """Extract lexicon features of a German, French or Spanish text, with the weight each carries."""
    features = Features()
    weights = clause_weights(tokens, language)
    negated = negated_positions(tokens, language)
    lexicon, emoji, vader = lexicons.foreign(language), lexicons.emoji(), lexicons.vader()
    intensifiers = words(language, "intensifier")
    known: dict[str, float] = {}
    boost = 1.0
    for i, (kind, text) in enumerate(zip(tokens.kinds, tokens.texts, strict=True)):
        start, end = tokens.starts[i], tokens.ends[i]
        if kind == EMO:
            valence = emoji.get(text, vader.get(text))
            if valence is not None:
                known["e:" + text] = valence * lexicons.FOREIGN_SCALE
            features.add("e:" + text, 1.0, start, end)
            continue
        if kind != W:
            boost = 1.0
            continue
        word = lexicons.strip_elision(text) if language == "fr" else text
        if word in intensifiers:
            boost = lexicons.INTENSIFY
            continue
        name = f"{language}:{'not_' if negated[i] else ''}{word}"
        polarity = lexicons.lookup(lexicon, word, language)
        if polarity is not None:
            flip = -lexicons.NEGATED_SHARE if negated[i] else 1.0
            known[name] = polarity * flip * lexicons.FOREIGN_SCALE
        span_start = negator_start(tokens, i, language) if negated[i] else start
        features.add(name, weights[i] * (boost if polarity is not None else 1.0), span_start, end)
        boost = 1.0
    return features, known

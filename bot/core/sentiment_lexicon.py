"""Builds the sentiment lexicon from TextBlob's and the hand-written rules, and looks words up in it."""

from __future__ import annotations

import gc
import math
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from textblob.en import sentiment as _textblob_lexicon
from textblob.en import spelling as _textblob_spelling

from bot.core import sentiment_rules as rules

SENT, NEG, BOOST, CONTRAST, CONCESS, INTENT, NOOP, PLAIN = range(8)


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: a kind, a value and, for sentiment words, the value under negation."""

    kind: int
    value: float
    negated: float = math.nan
    standalone: float = 0.0
    modal: bool = False


# Shared with the tokeniser, so lexicon phrases split exactly as feedback text does.
WORD_PATTERN: Final[str] = r"[^\W\d_]+(?:'[^\W\d_]+)*"
_PHRASE_TOKEN_RE: Final[re.Pattern[str]] = re.compile(rf"{WORD_PATTERN}|\d+")


def _split(phrase: str) -> tuple[str, ...]:
    """Return the tokens of a lexicon phrase, split the way the text tokeniser splits."""
    return tuple(_PHRASE_TOKEN_RE.findall(phrase.lower()))


def rule_words(block: str) -> list[str]:
    """Return the whitespace-separated words of a rules block."""
    return block.split()


def _build_lexicon() -> dict[tuple[str, ...], Entry]:
    """Merge TextBlob's lexicon with the hand-written rules into one table keyed by token tuples."""
    table: dict[tuple[str, ...], Entry] = {}
    _textblob_lexicon.load()
    for word, senses in _textblob_lexicon.items():
        polarity = senses[None][0]
        if polarity and " " not in word:
            table[(word,)] = Entry(SENT, float(polarity))
    for tiers in (rules.GENERAL_TIERS, rules.WORD_TIERS, rules.TEXTBLOB_CORRECTIONS):
        for valence, block in tiers.items():
            for word in rule_words(block):
                table[_split(word)] = Entry(SENT, valence)
    for word in rule_words(rules.NEUTRAL_WORDS):
        table[(word,)] = Entry(PLAIN, 0.0)
    for key, entry in list(table.items()):
        if entry.kind == SENT and entry.value == 0.0:
            table[key] = Entry(PLAIN, 0.0)
    for phrase, valence in rules.PHRASES.items():
        table[_split(phrase)] = Entry(SENT, valence) if valence else Entry(NOOP, 0.0)
    for phrase, (plain, negated) in rules.NEGATION_SENSITIVE.items():
        table[_split(phrase)] = Entry(SENT, plain, negated)
    modal = frozenset(rule_words(rules.MODAL_NEGATORS))
    for word in rule_words(rules.NEGATORS):
        table[(word,)] = Entry(NEG, 0.0, modal=word in modal)
    for phrase in rules.NEGATOR_PHRASES:
        table[_split(phrase)] = Entry(NEG, 0.0)
    for word, (multiplier, standalone) in rules.BOOSTERS.items():
        table[(word,)] = Entry(BOOST, multiplier, standalone=standalone)
    for phrase, multiplier in rules.BOOSTER_PHRASES.items():
        table[_split(phrase)] = Entry(BOOST, multiplier)
    for word in rule_words(rules.CONTRAST_WORDS):
        table[(word,)] = Entry(CONTRAST, 0.0)
    for phrase in rules.CONCESSIVE_PHRASES.split("|"):
        table[_split(phrase)] = Entry(CONCESS, 0.0)
    for word in rule_words(rules.INTENT_VERBS):
        table.setdefault((word,), Entry(INTENT, 0.0))
    return table


LEXICON: Final[dict[tuple[str, ...], Entry]] = _build_lexicon()

# First words and longer proper prefixes of multi-word entries, so phrase matching stops early.
PHRASE_STARTS: Final[frozenset[str]] = frozenset(key[0] for key in LEXICON if len(key) > 1)
PHRASE_PREFIXES: Final[frozenset[tuple[str, ...]]] = frozenset(
    key[:length] for key in LEXICON for length in range(2, len(key))
)

FOREIGN: Final[frozenset[str]] = frozenset(rule_words(rules.FOREIGN_WORDS))


def _spelling_words() -> frozenset[str]:
    """Loads TextBlob's spelling list once; its loader leaves the file to the garbage collector, so close it here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        words = frozenset(w.lower() for w in _textblob_spelling if w.isalpha())
        gc.collect()
    return words


_ENGLISH: Final[frozenset[str]] = (
    _spelling_words() | frozenset(k[0] for k in LEXICON) | frozenset(rule_words(rules.ENGLISH_EXTRA))
) - FOREIGN
EMOTICONS: Final[dict[str, float]] = {k.lower(): v for k, v in rules.EMOTICONS.items()}
EMOJI: Final[dict[str, float]] = dict(rules.EMOJI)

# TextBlob's own subjectivity and intensity per word, so subjectivity matches its PatternAnalyzer.
TEXTBLOB_SUBJECTIVITY: Final[dict[str, tuple[float, float, bool]]] = {
    word: (float(senses[None][1]), float(senses[None][2]), "RB" in senses) for word, senses in _textblob_lexicon.items()
}
TEXTBLOB_NEGATIONS: Final[frozenset[str]] = frozenset(_textblob_lexicon.negations)


def _inflections(word: str) -> Iterable[str]:
    """Yield likely base forms of an inflected or elongated word, most likely first."""
    if word.endswith("'s"):
        yield word[:-2]
    if len(word) > 3:
        if word.endswith("ies") or word.endswith("ied"):
            yield word[:-3] + "y"
        if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
            yield word[:-2]
        if word.endswith("s") and not word.endswith("ss"):
            yield word[:-1]
        if word.endswith("ed"):
            yield word[:-1]
            yield word[:-2]
            if len(word) > 5 and word[-3] == word[-4]:
                yield word[:-3]
        if word.endswith("ing"):
            yield word[:-3]
            yield word[:-3] + "e"
            if len(word) > 6 and word[-4] == word[-5]:
                yield word[:-4]
        if word.endswith("ier") or word.endswith("iest"):
            yield word[: word.rindex("i")] + "y"
        if word.endswith("ily"):
            yield word[:-3] + "y"
        if word.endswith("ly"):
            yield word[:-2]
            yield word[:-2] + "le"
        if word.endswith("est"):
            yield word[:-3]
            yield word[:-2]
        if word.endswith("er"):
            yield word[:-2]
            yield word[:-1]
    squeezed = _ELONGATED_RE.sub(r"\1\1", word)
    if squeezed != word:
        yield squeezed
        yield _ELONGATED_RE.sub(r"\1", word)


_CONTRACTED_NEGATION: Final[Entry] = Entry(NEG, 0.0)
_LAUGHTER: Final[Entry] = Entry(SENT, 0.5, 0.5)
_LAUGHTER_RE: Final[re.Pattern[str]] = re.compile(r"^(?:a?h+[aeiou]+){2,}h*$|^(?:lo+l)+$|^lma+o+$|^(?:he){2,}$")
_ELONGATED_RE: Final[re.Pattern[str]] = re.compile(r"(\w)\1{2,}")
NO_RE: Final[re.Pattern[str]] = re.compile(r"(?:no+)+$")


@lru_cache(maxsize=65536)
def lookup_word(word: str) -> Entry | None:
    """Return the lexicon entry of a single word, trying base forms for sentiment words."""
    entry = LEXICON.get((word,))
    if entry is not None:
        return entry
    if word.endswith("n't"):
        return _CONTRACTED_NEGATION
    if _LAUGHTER_RE.match(word):
        return _LAUGHTER
    if NO_RE.match(word):
        return LEXICON[("no",)]
    for base in _inflections(word):
        entry = LEXICON.get((base,))
        if entry is not None and entry.kind == SENT:
            return entry
        squeezed = _ELONGATED_RE.sub(r"\1", base)
        if squeezed != base:
            entry = LEXICON.get((squeezed,))
            if entry is not None and entry.kind == SENT:
                return entry
    return None


def is_latin(word: str) -> bool:
    """Tell whether a word is written in the Latin alphabet."""
    return word.isascii() or all(ch <= "ɏ" or ch == "'" for ch in word)


@lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """Tell whether a word, or a base form of it, is in the English vocabulary."""
    if word in _ENGLISH:
        return True
    if "'" in word:
        stem = word.split("'", 1)[0]
        return len(stem) > 1 and stem in _ENGLISH
    return len(word) > 4 and any(base in _ENGLISH for base in _inflections(word))

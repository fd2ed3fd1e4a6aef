"""Loads the public lexicons the scorer reads (VADER's, TextBlob's, textblob-de's, textblob-fr's, ElhPolar), once."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from typing import Final

from bot.core.sentiment_text import data_file

# Hand-set constants of the German, French and Spanish scoring, fixed before any evaluation.
FOREIGN_SCALE: Final[float] = 1.5  # a lexicon polarity of 1 is worth this much log-odds
NEGATED_SHARE: Final[float] = 0.6  # a negated word keeps this share of its strength, sign flipped
INTENSIFY: Final[float] = 1.3  # "sehr", "très", "muy" before a scored word
SPANISH_STRENGTH: Final[float] = 0.6  # ElhPolar says only positive or negative

_ATTRIBUTES_RE: Final[re.Pattern[str]] = re.compile(r'<word\b[^>]*?\bform="([^"]+)"[^>]*?\bpolarity="([^"]+)"')
_WORD_TAG_RE: Final[re.Pattern[str]] = re.compile(r"<word\b[^>]*>")
_ATTRIBUTE_RE: Final[re.Pattern[str]] = re.compile(r'(\w+)="([^"]*)"')
_ELISION_RE: Final[re.Pattern[str]] = re.compile(r"^(?:qu|[cdjlmnst])'")


def package_dir(package: str) -> Path:
    """Return an installed package's folder without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def vader() -> dict[str, float]:
    """Return VADER's lexicon (MIT licence), valences scaled from -4..4 to -1..1."""
    table: dict[str, float] = {}
    text = (package_dir("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            table[parts[0].lower()] = float(parts[1]) / 4.0
    return table


@cache
def emoji() -> dict[str, float]:
    """Return a valence for each emoji VADER describes in words, the mean of the described words' valences."""
    words = vader()
    table: dict[str, float] = {}
    text = (package_dir("vaderSentiment") / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        symbol, _, description = line.partition("\t")
        valences = [words[w] for w in description.lower().split() if w in words]
        if valences and len(symbol) <= 2:
            table[symbol] = sum(valences) / len(valences)
    for line in data_file("emoji.tsv").splitlines():
        if line and not line.startswith("#"):
            symbol, valence = line.split("\t")
            table[symbol] = float(valence)
    return table


@cache
def _textblob_senses() -> dict[str, tuple[float, float]]:
    """Return TextBlob's English lexicon as TextBlob averages it: word -> (polarity, subjectivity).

    Read from TextBlob's own file with its averaging (senses within a part of speech, then parts of speech)
    and its "-ly" adverbs; importing textblob.en would load its tagger, spelling model and NLTK (seconds).
    """
    by_pos: dict[str, dict[str, list[tuple[float, float]]]] = {}
    text = (package_dir("textblob") / "en" / "en-sentiment.xml").read_text(encoding="utf-8")
    for tag in _WORD_TAG_RE.findall(text):
        attributes = dict(_ATTRIBUTE_RE.findall(tag))
        form = attributes.get("form")
        if form:
            pair = (float(attributes.get("polarity", 0.0)), float(attributes.get("subjectivity", 0.0)))
            by_pos.setdefault(form, {}).setdefault(attributes.get("pos", ""), []).append(pair)
    table: dict[str, tuple[float, float]] = {}
    adverbs: dict[str, tuple[float, float]] = {}
    for form, senses in by_pos.items():
        means = {pos: _mean(pairs) for pos, pairs in senses.items()}
        table[form] = _mean(list(means.values()))
        if "JJ" in means:
            stem = form[:-1] + "i" if form.endswith("y") else form
            stem = stem[:-2] if stem.endswith("le") else stem
            adverbs[stem + "ly"] = means["JJ"]
    table.update(adverbs)
    return {form.lower(): value for form, value in table.items() if " " not in form}


def _mean(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the mean of (polarity, subjectivity) pairs."""
    return sum(p for p, _ in pairs) / len(pairs), sum(s for _, s in pairs) / len(pairs)


@cache
def textblob() -> dict[str, float]:
    """Return TextBlob's English polarity lexicon (MIT licence; the Pattern lexicon, BSD)."""
    return {word: polarity for word, (polarity, _) in _textblob_senses().items() if polarity}


@cache
def subjectivity() -> dict[str, float]:
    """Return TextBlob's English subjectivity of each word it knows."""
    return {word: subj for word, (_, subj) in _textblob_senses().items()}


def _pattern_xml(path: Path) -> dict[str, float]:
    """Read a Pattern-format sentiment XML: each lower-cased word form and its mean polarity over senses."""
    sums: dict[str, list[float]] = {}
    for form, polarity in _ATTRIBUTES_RE.findall(path.read_text(encoding="utf-8")):
        sums.setdefault(form.lower(), []).append(float(polarity))
    return {form: sum(values) / len(values) for form, values in sums.items() if sum(values)}


@cache
def foreign(language: str) -> dict[str, float]:
    """Return the polarity lexicon of German, French or Spanish (empty for any other language)."""
    if language == "de":
        return _pattern_xml(package_dir("textblob_de") / "data" / "de-sentiment.xml")
    if language == "fr":
        return _pattern_xml(package_dir("textblob_fr") / "fr-sentiment.xml")
    if language == "es":
        table: dict[str, float] = {}
        for line in data_file("lexicon-es.tsv").splitlines():
            if line and not line.startswith("#"):
                word, polarity = line.split("\t")
                table[word] = float(polarity) * SPANISH_STRENGTH
        return table
    return {}


# Inflection endings tried, in order, when a word form is not in its lexicon: (ending, replacement).
_ENDINGS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "de": (("em", ""), ("en", ""), ("er", ""), ("es", ""), ("e", "")),
    "fr": (("es", ""), ("s", ""), ("e", "")),
    "es": (("os", "o"), ("as", "o"), ("a", "o"), ("es", ""), ("s", "")),
}


def lookup(lexicon: dict[str, float], word: str, language: str) -> float | None:
    """Return a word's polarity, trying its base form when the inflected one is not listed."""
    polarity = lexicon.get(word)
    if polarity is not None or len(word) < 5:
        return polarity
    for ending, replacement in _ENDINGS.get(language, ()):
        if word.endswith(ending):
            found = lexicon.get(word[: -len(ending)] + replacement)
            if found is not None:
                return found
    return None


def strip_elision(word: str) -> str:
    """Return a French word without its elided article or pronoun ("l'accueil" -> "accueil")."""
    return _ELISION_RE.sub("", word)

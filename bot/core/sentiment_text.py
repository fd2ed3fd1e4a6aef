"""Normalises feedback text, splits it into tokens, reads the word lists and tells the language of a text."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from bot.core import language_guess

LANGUAGES: Final[tuple[str, ...]] = ("en", "de", "fr", "es")
CLEAR_FUNCTION_WORDS: Final[int] = 2  # function words of one language that decide without the guesser
GUESS_CONFIDENCE: Final[float] = 0.8  # the guesser's probability from which it outvotes the contact's language
GUESS_MAJORITY: Final[float] = 0.5  # with no contact's language, the guesser's probability from which it decides

_APOSTROPHES: Final[dict[int, str]] = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'", "‛": "'", "“": '"', "”": '"', "„": '"'}
)

W, NUM, EMO, END, COMMA = range(5)

_TOKEN_RE: Final[re.Pattern[str]] = re.compile(
    r"(?P<skip>(?:https?://|www\.)\S+|@\w+|&\w+;)"
    r"|(?P<emo>(?<![\w/])(?:[:;=][\-o'^]?[()\[\]dDpP/\\|*3]+|<3+|</3|\^_*\^)(?![\w]))"
    r"|(?P<word>[^\W\d_]+(?:'[^\W\d_]*)*)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<end>[.!?;:…]+|\s[-–—]+\s|[–—]|\n)"
    r"|(?P<comma>,)"
    r"|(?P<emoji>[\U0001F300-\U0001FAFF\u2600-\u27BF\u2764])"
)
_KINDS: Final[dict[str, int]] = {"word": W, "num": NUM, "emo": EMO, "emoji": EMO, "end": END, "comma": COMMA}
# The token kind of each group number of _TOKEN_RE (-1: skipped), so tokenise() looks up an int, not a name.
_KIND_OF_GROUP: Final[tuple[int, ...]] = tuple(
    _KINDS.get(next((n for n, i in _TOKEN_RE.groupindex.items() if i == index), ""), -1)
    for index in range(_TOKEN_RE.groups + 1)
)


def normalise(text: str) -> str:
    """Return text with unicode apostrophes, quotes, compatibility forms and HTML entities folded."""
    text = text.translate(_APOSTROPHES)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one normalised text as parallel tuples: kind, lower-case text and character span."""

    text: str
    kinds: tuple[int, ...]
    texts: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def tokenise(norm: str) -> Tokens:
    """Split normalised text into words, numbers, emoticons and emoji, and clause punctuation."""
    kinds: list[int] = []
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN_RE.finditer(norm):
        kind = _KIND_OF_GROUP[match.lastindex or 0]
        if kind < 0:
            continue
        start, end = match.span()
        kinds.append(kind)
        texts.append(match.group().lower() if kind == W else match.group().strip())
        starts.append(start)
        ends.append(end)
    return Tokens(norm, tuple(kinds), tuple(texts), tuple(starts), tuple(ends))


def data_file(name: str) -> str:
    """Return the text of one of the scorer's data files."""
    return (resources.files("bot.core") / "data" / "sentiment" / name).read_text(encoding="utf-8")


@cache
def word_lists() -> dict[tuple[str, str], frozenset[str]]:
    """Return the hand-written word lists of words.tsv, keyed by (language, kind)."""
    lists: dict[tuple[str, str], set[str]] = {}
    for line in data_file("words.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, kind, words = line.split("\t")
        lists.setdefault((language, kind), set()).update(words.split())
    return {key: frozenset(words) for key, words in lists.items()}


def words(language: str, kind: str) -> frozenset[str]:
    """Return one word list (empty when the language has none of that kind)."""
    return word_lists().get((language, kind), frozenset())


@cache
def _stopwords() -> dict[str, str]:
    """Map each stopword to its language, leaving out words that two languages share."""
    owner: dict[str, str] = {}
    shared: set[str] = set()
    for (language, kind), members in word_lists().items():
        if kind != "stopword":
            continue
        for word in members:
            if word in owner and owner[word] != language:
                shared.add(word)
            owner[word] = language
    return {word: language for word, language in owner.items() if word not in shared}


def detect_language(tokens: Tokens, hint: str | None = None) -> tuple[str, bool]:
    """Return the language of a text ("en", "de", "fr", "es", or "other"), and whether the text itself told.

    Function words decide when they are clear (at least two, and twice as many as any other language's);
    otherwise the character n-gram guesser decides when it is confident (probability 0.8 against the
    contact's language, the hint; 0.5 without one); otherwise the function words, if any, with the hint
    winning a tie; otherwise the hint, or English. A text in another script, or read as Italian, Portuguese
    or Dutch, is "other".
    """
    stopwords = _stopwords()
    counts: dict[str, int] = {}
    latin = other_script = 0
    for kind, text in zip(tokens.kinds, tokens.texts, strict=True):
        if kind != W:
            continue
        if text.isascii() or "LATIN" in unicodedata.name(text[0], ""):
            latin += 1
        else:
            other_script += 1
        language = stopwords.get(text)
        if language is not None:
            counts[language] = counts.get(language, 0) + 1
    if other_script > latin:
        return "other", True
    fallback = hint if hint in LANGUAGES else "en"
    ranked = sorted(counts.values(), reverse=True)
    best = ranked[0] if ranked else 0
    clear = best >= CLEAR_FUNCTION_WORDS and best >= 2 * (ranked[1] if len(ranked) > 1 else 0)
    if not clear and latin:
        guessed, probability = language_guess.guess(tokens.text)
        if probability >= (GUESS_CONFIDENCE if hint in LANGUAGES else GUESS_MAJORITY):
            return (guessed if guessed in LANGUAGES else "other"), True
    if not counts:
        return fallback, False
    if counts.get(fallback, 0) == best:
        return fallback, True
    winner = max(counts, key=lambda language: (counts[language], language == "en"))
    return (winner if winner in LANGUAGES else "other"), True

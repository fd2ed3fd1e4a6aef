"""Scores customer feedback: TextBlob's lexicon plus rules for how customers actually write."""

from __future__ import annotations

import gc
import html
import math
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from textblob.en import sentiment as _textblob_lexicon
from textblob.en import spelling as _textblob_spelling

from bot.core import sentiment_rules as rules

Label = Literal["positive", "negative", "neutral", "unknown"]

SCORER_VERSION: Final[str] = "pulse-sentiment-1"

POSITIVE_THRESHOLD: Final[float] = 0.05
NEGATIVE_THRESHOLD: Final[float] = -0.05

MAX_CUES: Final[int] = 5

# Global constants of the rules, chosen by hand and checked against the development sets.
_NEGATE_POSITIVE: Final[float] = -0.65  # "not good" is bad, but less bad than "bad"
_NEGATE_NEGATIVE: Final[float] = -0.45  # "not bad" is only mildly good
_NEGATION_REACH: Final[int] = 3  # content words a negation reaches across
_BOOSTER_REACH: Final[int] = 2  # "really did a great job": an intensifier skips a word or two
_BEFORE_CONTRAST: Final[float] = 0.5  # weight of what came before "but"
_AFTER_CONTRAST: Final[float] = 1.5  # weight of what follows it
_CONCESSIVE: Final[float] = 0.5  # weight of an "although ..." clause
_CAPS: Final[float] = 1.4  # one word in capitals among lower-case words
_SHOUT: Final[float] = 1.15  # the whole text in capitals
_EXCLAMATION: Final[float] = 0.1  # per "!", up to four
_ABSENCE_VALUE: Final[float] = -0.2  # "there was no one there": a lack, even with nothing named
_NO_ANSWER: Final[float] = -0.3  # a bare "No." answers the question in the negative
_WELL: Final[float] = 0.35  # "played well", "it went well"
_INTENT_AGAIN: Final[float] = 0.6  # "would buy again"
_INTENT_AGAIN_NEGATED: Final[float] = -0.85  # "would not buy again"
_INTENT_REFUSED: Final[float] = -0.7  # "won't order from them"
_SQUASH: Final[float] = 1.0  # keeps polarity inside (-1, 1) while a single "good" stays near its valence
_LENGTH_DAMPING: Final[float] = 0.5  # more agreeing cues make a stronger score, but not linearly


@dataclass(frozen=True, slots=True)
class Sentiment:
    """The polarity, label, subjectivity and driving cues of one piece of feedback."""

    polarity: float
    subjectivity: float
    label: Label
    cues: tuple[str, ...]


_UNKNOWN: Final[Sentiment] = Sentiment(0.0, 0.0, "unknown", ())

# --- lexicon -----------------------------------------------------------------------------------------

_SENT, _NEG, _BOOST, _CONTRAST, _CONCESS, _INTENT, _NOOP, _PLAIN = range(8)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One lexicon entry: a kind, a value and, for sentiment words, the value under negation."""

    kind: int
    value: float
    negated: float = math.nan
    standalone: float = 0.0
    modal: bool = False


_APOSTROPHES: Final[dict[int, str]] = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'", "‛": "'", "“": '"', "”": '"', "„": '"'}
)

_WORD: Final[str] = r"[^\W\d_]+(?:'[^\W\d_]+)*"
_PHRASE_TOKEN_RE: Final[re.Pattern[str]] = re.compile(rf"{_WORD}|\d+")


def _split(phrase: str) -> tuple[str, ...]:
    """Return the tokens of a lexicon phrase, split the way the text tokeniser splits."""
    return tuple(_PHRASE_TOKEN_RE.findall(phrase.lower()))


def _words(block: str) -> list[str]:
    """Return the whitespace-separated words of a rules block."""
    return block.split()


def _build_lexicon() -> dict[tuple[str, ...], _Entry]:
    """Merge TextBlob's lexicon with the hand-written rules into one table keyed by token tuples."""
    table: dict[tuple[str, ...], _Entry] = {}
    _textblob_lexicon.load()
    for word, senses in _textblob_lexicon.items():
        polarity = senses[None][0]
        if polarity and " " not in word:
            table[(word,)] = _Entry(_SENT, float(polarity))
    for tiers in (rules.GENERAL_TIERS, rules.WORD_TIERS, rules.TEXTBLOB_CORRECTIONS):
        for valence, block in tiers.items():
            for word in _words(block):
                table[_split(word)] = _Entry(_SENT, valence)
    for word in _words(rules.NEUTRAL_WORDS):
        table[(word,)] = _Entry(_PLAIN, 0.0)
    for key, entry in list(table.items()):
        if entry.kind == _SENT and entry.value == 0.0:
            table[key] = _Entry(_PLAIN, 0.0)
    for phrase, valence in rules.PHRASES.items():
        table[_split(phrase)] = _Entry(_SENT, valence) if valence else _Entry(_NOOP, 0.0)
    for phrase, (plain, negated) in rules.NEGATION_SENSITIVE.items():
        table[_split(phrase)] = _Entry(_SENT, plain, negated)
    modal = frozenset(_words(rules.MODAL_NEGATORS))
    for word in _words(rules.NEGATORS):
        table[(word,)] = _Entry(_NEG, 0.0, modal=word in modal)
    for phrase in rules.NEGATOR_PHRASES:
        table[_split(phrase)] = _Entry(_NEG, 0.0)
    for word, (multiplier, standalone) in rules.BOOSTERS.items():
        table[(word,)] = _Entry(_BOOST, multiplier, standalone=standalone)
    for phrase, multiplier in rules.BOOSTER_PHRASES.items():
        table[_split(phrase)] = _Entry(_BOOST, multiplier)
    for word in _words(rules.CONTRAST_WORDS):
        table[(word,)] = _Entry(_CONTRAST, 0.0)
    for phrase in rules.CONCESSIVE_PHRASES.split("|"):
        table[_split(phrase)] = _Entry(_CONCESS, 0.0)
    for word in _words(rules.INTENT_VERBS):
        table.setdefault((word,), _Entry(_INTENT, 0.0))
    return table


_LEXICON: Final[dict[tuple[str, ...], _Entry]] = _build_lexicon()

# First words and longer proper prefixes of multi-word entries, so phrase matching stops early.
_PHRASE_STARTS: Final[frozenset[str]] = frozenset(key[0] for key in _LEXICON if len(key) > 1)
_PHRASE_PREFIXES: Final[frozenset[tuple[str, ...]]] = frozenset(
    key[:length] for key in _LEXICON for length in range(2, len(key))
)

_MODALS: Final[frozenset[str]] = frozenset(_words(rules.MODALS))
_ABSENCE: Final[frozenset[str]] = frozenset(("no", "nobody", "nothing", "nowhere", "neither"))
_SHORT_NEGATORS: Final[frozenset[str]] = frozenset(("little",))  # "little sense", not "little kids crying"
_ABILITY_NEGATORS: Final[frozenset[str]] = frozenset(("can't", "cant", "cannot", "couldn't", "couldnt"))
_TRANSPARENT: Final[frozenset[str]] = frozenset(_words(rules.NEGATION_TRANSPARENT))
_BLOCKERS: Final[frozenset[str]] = frozenset(_words(rules.NEGATION_BLOCKERS))
_INTENSIFYING: Final[frozenset[str]] = frozenset(_words(rules.INTENSIFYING_ADJECTIVES))
_INTERJECTIONS: Final[frozenset[str]] = frozenset(_words(rules.INTERJECTIONS))
_DETERMINERS: Final[frozenset[str]] = frozenset(_words(rules.DETERMINERS))
_LIKE_SUBJECTS: Final[frozenset[str]] = frozenset(_words(rules.LIKE_SUBJECTS))
_NOT_BEFORE_WELL: Final[frozenset[str]] = frozenset(("as", "oh", "ah", "well", "and", "but", "so", "very"))
_TOO_BOOST: Final[float] = rules.BOOSTERS["too"][0]
_TOO_BLOCKED: Final[frozenset[str]] = frozenset(_words(rules.TOO_BLOCKED))
_FOREIGN: Final[frozenset[str]] = frozenset(_words(rules.FOREIGN_WORDS))


def _spelling_words() -> frozenset[str]:
    """Loads TextBlob's spelling list once; its loader leaves the file to the garbage collector, so close it here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        words = frozenset(w.lower() for w in _textblob_spelling if w.isalpha())
        gc.collect()
    return words


_ENGLISH: Final[frozenset[str]] = (
    _spelling_words() | frozenset(k[0] for k in _LEXICON) | frozenset(_words(rules.ENGLISH_EXTRA))
) - _FOREIGN
_EMOTICONS: Final[dict[str, float]] = {k.lower(): v for k, v in rules.EMOTICONS.items()}
_EMOJI: Final[dict[str, float]] = dict(rules.EMOJI)


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


_CONTRACTED_NEGATION: Final[_Entry] = _Entry(_NEG, 0.0)
_LAUGHTER: Final[_Entry] = _Entry(_SENT, 0.5, 0.5)
_LAUGHTER_RE: Final[re.Pattern[str]] = re.compile(r"^(?:a?h+[aeiou]+){2,}h*$|^(?:lo+l)+$|^lma+o+$|^(?:he){2,}$")
_ELONGATED_RE: Final[re.Pattern[str]] = re.compile(r"(\w)\1{2,}")
_NO_RE: Final[re.Pattern[str]] = re.compile(r"(?:no+)+$")


@lru_cache(maxsize=65536)
def _lookup_word(word: str) -> _Entry | None:
    """Return the lexicon entry of a single word, trying base forms for sentiment words."""
    entry = _LEXICON.get((word,))
    if entry is not None:
        return entry
    if word.endswith("n't"):
        return _CONTRACTED_NEGATION
    if _LAUGHTER_RE.match(word):
        return _LAUGHTER
    if _NO_RE.match(word):
        return _LEXICON[("no",)]
    for base in _inflections(word):
        entry = _LEXICON.get((base,))
        if entry is not None and entry.kind == _SENT:
            return entry
        squeezed = _ELONGATED_RE.sub(r"\1", base)
        if squeezed != base:
            entry = _LEXICON.get((squeezed,))
            if entry is not None and entry.kind == _SENT:
                return entry
    return None


# --- tokeniser ---------------------------------------------------------------------------------------

_W, _NUM, _EMO, _RATING, _EXCL, _QUESTION, _STOP, _COMMA = range(8)

_PUNCT_EMOTICONS = sorted((e for e in _EMOTICONS if not e[0].isalnum()), key=len, reverse=True)
_EMOJI_CLASS = "".join(sorted(set(_EMOJI))) + "\U0001f300-\U0001faff\u2600-\u27bf"

_TOKEN_RE: Final[re.Pattern[str]] = re.compile(
    r"(?P<skip>(?:https?://|www\.)\S+|@\w+|#(?=\w)|&\w+;)"
    rf"|(?P<word>{_WORD})"
    r"|(?P<rating>\d+(?:\.\d+)?\s*(?:/|out\s+of)\s*(?:10|5)\b(?!\s*(?:/|\d)))"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    rf"|(?P<emo>(?<!\d)(?=[:;=<>^(\-])(?i:{'|'.join(map(re.escape, _PUNCT_EMOTICONS))})(?![a-z0-9]))"
    r"|(?P<excl>!+)"
    r"|(?P<question>\?+)"
    r"|(?P<stop>[.;:…]+|\s[-–—]+\s|[–—]|\n)"
    r"|(?P<comma>,)"
    rf"|(?P<emoji>[{_EMOJI_CLASS}])"
)
_KINDS: Final[dict[str, int]] = {
    "rating": _RATING,
    "emo": _EMO,
    "word": _W,
    "num": _NUM,
    "excl": _EXCL,
    "question": _QUESTION,
    "stop": _STOP,
    "comma": _COMMA,
    "emoji": _EMO,
}
_RATING_RE: Final[re.Pattern[str]] = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|out\s+of)\s*(\d+)")


def _normalise(text: str) -> str:
    """Return text with unicode apostrophes, quotes, compatibility forms and HTML entities folded."""
    text = text.translate(_APOSTROPHES)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text


def _rating_valence(token: str) -> float:
    """Return the valence of a rating such as "8/10" or "2 out of 5"."""
    match = _RATING_RE.match(token)
    if match is None:
        return 0.0
    share = float(match.group(1)) / float(match.group(2))
    return max(-0.9, min(0.9, (min(share, 1.0) - 0.6) * 2.0))


# --- scoring -----------------------------------------------------------------------------------------


def _is_latin(word: str) -> bool:
    """Tell whether a word is written in the Latin alphabet."""
    return word.isascii() or all(ch <= "ɏ" or ch == "'" for ch in word)


@lru_cache(maxsize=65536)
def _is_english_word(word: str) -> bool:
    """Tell whether a word, or a base form of it, is in the English vocabulary."""
    if word in _ENGLISH:
        return True
    if "'" in word:
        stem = word.split("'", 1)[0]
        return len(stem) > 1 and stem in _ENGLISH
    return len(word) > 4 and any(base in _ENGLISH for base in _inflections(word))


def _is_english(tokens: _Tokens, has_items: bool) -> bool:
    """Tell, by a cheap vocabulary heuristic, whether the words read as English.

    Capitalised words that are not English (names, brands, acronyms) are left out of the count.
    """
    english = foreign = other_script = unknown = 0
    for kind, word, start in zip(tokens.kinds, tokens.texts, tokens.starts, strict=True):
        if kind != _W:
            continue
        if not _is_latin(word):
            other_script += 1
        elif word in _FOREIGN:
            foreign += 1
        elif _is_english_word(word):
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


@dataclass(slots=True)
class _Tokens:
    """The tokens of one text as parallel lists: kind, lower-case text, span and capitalisation."""

    text: str
    kinds: list[int]
    texts: list[str]
    starts: list[int]
    ends: list[int]
    caps: list[bool]


def _tokenise(norm: str) -> _Tokens:
    """Split normalised text into words, numbers, ratings, emoticons, emoji and punctuation."""
    tokens = _Tokens(norm, [], [], [], [], [])
    for match in _TOKEN_RE.finditer(norm):
        group = match.lastgroup
        if group is None or group == "skip":
            continue
        raw = match.group()
        tokens.kinds.append(_KINDS[group])
        tokens.texts.append(raw.lower())
        tokens.starts.append(match.start())
        tokens.ends.append(match.end())
        tokens.caps.append(group == "word" and len(raw) > 1 and raw.isupper())
    return tokens


class _Scan:
    """One left-to-right pass over the tokens that turns them into weighted sentiment items."""

    __slots__ = (
        "after_contrast",
        "boost",
        "boost_after_negation",
        "boost_left",
        "boost_start",
        "clause_weight",
        "ends",
        "exclamations",
        "first",
        "last",
        "neg_index",
        "neg_last",
        "neg_left",
        "neg_modal",
        "neg_start",
        "neg_word",
        "negated",
        "revive",
        "sentence_first",
        "shouting",
        "standalone",
        "starts",
        "tokens",
        "values",
        "weights",
    )

    def __init__(self, tokens: _Tokens, shouting: bool) -> None:
        """Start a scan of the tokens; shouting says the whole text is in capitals."""
        self.tokens = tokens
        self.shouting = shouting
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.values: list[float] = []
        self.weights: list[float] = []
        self.first: list[int] = []
        self.last: list[int] = []
        self.negated: list[bool] = []
        self.sentence_first = 0
        self.exclamations = 0
        self.neg_left = 0
        self.neg_start = 0
        self.neg_modal = False
        self.neg_word = ""
        self.neg_index = 0
        self.neg_last = 0
        self.revive = False
        self.boost = 1.0
        self.boost_left = 0
        self.boost_start = 0
        self.boost_after_negation = False
        self.standalone: tuple[int, int, int, float] | None = None
        self.after_contrast = 1.0
        self.clause_weight = 1.0

    def run(self) -> None:
        """Scan every token."""
        kinds = self.tokens.kinds
        n = len(kinds)
        i = 0
        while i < n:
            kind = kinds[i]
            if kind in (_W, _NUM):
                i = self._word(i)
            else:
                self._symbol(i, kind)
                i += 1
        self._close_negation()
        self._drop_booster()

    def _add(self, first: int, last: int, start: int, value: float, negated: bool = False) -> None:
        """Record a sentiment item covering tokens first..last, its cue starting at start."""
        self.starts.append(start)
        self.ends.append(self.tokens.ends[last])
        self.values.append(value)
        self.weights.append(self.after_contrast * self.clause_weight)
        self.first.append(first)
        self.last.append(last)
        self.negated.append(negated)

    def _pop(self) -> None:
        """Remove the last item, which the next word has absorbed."""
        for column in (self.starts, self.ends, self.values, self.weights, self.first, self.last):
            column.pop()
        self.negated.pop()

    def _drop_booster(self) -> None:
        """Forget a pending booster, scoring it on its own if it has a value of its own ("Super!")."""
        if self.standalone is not None:
            first, last, start, value = self.standalone
            self._add(first, last, start, value)
        self.boost = 1.0
        self.boost_left = 0
        self.standalone = None

    def _close_negation(self) -> None:
        """End an open negation; a "no" or "nothing" that negated nothing still reads as a lack."""
        if self.neg_left and self.neg_word in _ABSENCE:
            self._add(self.neg_index, self.neg_last, self.neg_start, _ABSENCE_VALUE)
        self.neg_left = 0

    def _end_clause(self) -> None:
        """Close negation, boosters and concessive weighting at a clause boundary."""
        self._close_negation()
        self.revive = False
        self._drop_booster()
        self.clause_weight = 1.0

    def _symbol(self, i: int, kind: int) -> None:
        """Handle an emoticon, emoji, rating or punctuation token."""
        texts = self.tokens.texts
        if kind == _EMO:
            text = texts[i]
            value = _EMOTICONS.get(text, _EMOJI.get(text, 0.0))
            if value:
                self._add(i, i, self.tokens.starts[i], value)
            return
        if kind == _RATING:
            self._add(i, i, self.tokens.starts[i], _rating_valence(texts[i]))
            return
        self._end_clause()
        if kind == _EXCL:
            self.exclamations += len(texts[i])
        if kind != _COMMA:
            self.sentence_first = len(self.values)
            self.after_contrast = 1.0

    def _match(self, i: int) -> tuple[_Entry | None, int]:
        """Return the longest lexicon entry starting at token i and how many tokens it covers."""
        texts = self.tokens.texts
        found: tuple[_Entry | None, int] = (None, 1)
        if texts[i] in _PHRASE_STARTS:
            kinds = self.tokens.kinds
            key: tuple[str, ...] = (texts[i],)
            for j in range(i + 1, len(texts)):
                if kinds[j] != _W and kinds[j] != _NUM:
                    break
                key = (*key, texts[j])
                entry = _LEXICON.get(key)
                if entry is not None:
                    found = (entry, j - i + 1)
                if key not in _PHRASE_PREFIXES:
                    break
        if found[0] is None:
            return _lookup_word(texts[i]), 1
        return found

    def _word(self, i: int) -> int:
        """Handle the word at token i and return the index of the next token to scan."""
        entry, span = self._match(i)
        if entry is None or entry.kind == _PLAIN:
            self._plain(i)
            return i + 1
        kind = entry.kind
        if kind == _SENT:
            return self._sentiment(i, span, entry)
        if kind == _INTENT:
            return self._intent(i)
        if kind == _NEG:
            self._negator(i, span, entry)
        elif kind == _BOOST:
            return self._booster(i, span, entry)
        elif kind == _CONTRAST:
            self._contrast(i, span)
        elif kind == _CONCESS:
            self._end_clause()
            self.clause_weight = _CONCESSIVE
        else:
            self.neg_left = 0
        return i + span

    def _plain(self, i: int) -> None:
        """Handle a word with no sentiment: it may carry a negation on, revive it, or stop it."""
        word = self.tokens.texts[i]
        if word in _BLOCKERS:
            self._close_negation()
        elif (word == "or" or word == "nor") and self.revive:
            self.neg_left = _NEGATION_REACH
            self.neg_start = self.tokens.starts[i]
        elif self.neg_left and word not in _TRANSPARENT:
            if self.neg_left == 1:
                self._close_negation()
            else:
                self.neg_left -= 1
        if self.boost_left:
            self.boost_left -= 1
            if not self.boost_left:
                self._drop_booster()

    def _negator(self, i: int, span: int, entry: _Entry) -> None:
        """Open a negation scope, remembering a modal just before it ("would not")."""
        texts = self.tokens.texts
        at_end = i + 1 == len(texts) or self.tokens.kinds[i + 1] not in (_W, _NUM)
        if span == 1 and at_end and _NO_RE.match(texts[i]):
            self._add(i, i, self.tokens.starts[i], _NO_ANSWER)
            return
        previous_modal = i > 0 and self.tokens.kinds[i - 1] == _W and texts[i - 1] in _MODALS
        self._close_negation()
        self.neg_index = i
        self.neg_last = i + span - 1
        self.neg_left = 1 if texts[i] in _SHORT_NEGATORS else _NEGATION_REACH
        self.neg_start = self.tokens.starts[i - 1 if previous_modal else i]
        self.neg_modal = entry.modal or previous_modal
        self.neg_word = texts[i]
        self.revive = False
        if self.boost_left:
            self.boost_left = _BOOSTER_REACH

    def _booster(self, i: int, span: int, entry: _Entry) -> int:
        """Start or extend an intensifier or hedge; "too" before a plain word is a complaint."""
        tokens = self.tokens
        n = len(tokens.texts)
        nxt = i + span
        if tokens.texts[nxt - 1] == "too" and nxt < n and tokens.kinds[nxt] == _W:
            follow_word = tokens.texts[nxt]
            follow = _lookup_word(follow_word)
            plain = follow is None or (
                -0.05 < follow.value < 0.6 if follow.kind == _SENT else follow.kind not in (_NEG, _CONTRAST)
            )
            if plain and follow_word not in _TOO_BLOCKED:
                value = rules.TOO_VALENCE * entry.value / _TOO_BOOST
                if self.boost_left:
                    value *= self.boost
                    self.boost = 1.0
                    self.boost_left = 0
                    self.standalone = None
                if tokens.caps[nxt] and not self.shouting:
                    value *= _CAPS
                self._consume_negation_into(i, nxt, tokens.starts[i], value)
                return nxt + 1
        if not self.boost_left:
            self.boost = 1.0
            self.boost_start = tokens.starts[i]
            self.boost_after_negation = self.neg_left > 0
        self.boost = min(self.boost * entry.value, 2.0)
        if tokens.caps[i] and not self.shouting:
            self.boost *= _CAPS
        self.boost_left = _BOOSTER_REACH
        alone = nxt >= n or tokens.kinds[nxt] not in (_W, _NUM) or _lookup_word(tokens.texts[nxt]) is None
        if entry.standalone and alone and not self.neg_left:
            self.standalone = (i, i + span - 1, tokens.starts[i], entry.standalone)
        return nxt

    def _consume_negation_into(self, first: int, last: int, start: int, value: float) -> None:
        """Add an item, flipping it if a negation is open."""
        negated = self.neg_left > 0
        if negated:
            value *= _NEGATE_POSITIVE if value > 0 else _NEGATE_NEGATIVE
            start = self.neg_start
            self.neg_left = 0
            self.revive = True
        self._add(first, last, start, value, negated)

    def _contrast(self, i: int, span: int) -> None:
        """Weigh what follows "but" or "however" above what came before it."""
        tokens = self.tokens
        word = tokens.texts[i]
        nxt = i + span
        at_clause_end = nxt >= len(tokens.kinds) or tokens.kinds[nxt] not in (_W, _NUM, _EMO)
        self._end_clause()
        if word == "although" or (word == "though" and not at_clause_end):
            self.clause_weight = _CONCESSIVE
            return
        weights = self.weights
        if word == "though":
            for j in range(len(weights)):
                weights[j] *= _BEFORE_CONTRAST if j < self.sentence_first else _AFTER_CONTRAST
            return
        for j in range(len(weights)):
            weights[j] *= _BEFORE_CONTRAST
        self.after_contrast = _AFTER_CONTRAST

    def _intent(self, i: int) -> int:
        """Score a buying verb: "buy again" is loyalty, "would not buy again" or "won't order" is not."""
        tokens = self.tokens
        kinds = tokens.kinds
        n = len(kinds)
        value = 0.0
        last = i
        for j in range(i + 1, min(n, i + 7)):
            if kinds[j] != _W:
                break
            if tokens.texts[j] == "again":
                value = _INTENT_AGAIN_NEGATED if self.neg_left else _INTENT_AGAIN
                last = j
                break
        if not value and self.neg_left and self.neg_modal:
            value = _INTENT_REFUSED
        if not value:
            self._plain(i)
            return i + 1
        start = tokens.starts[i]
        negated = self.neg_left > 0
        if negated:
            start = self.neg_start
            self.neg_left = 0
        self._add(i, last, start, value, negated)
        return last + 1

    def _enough_after(self, last: int) -> int:
        """Return the index of an "enough" closing "can't recommend them enough", or 0."""
        tokens = self.tokens
        for j in range(last + 1, min(len(tokens.texts), last + 5)):
            if tokens.kinds[j] != _W:
                return 0
            if tokens.texts[j] == "enough":
                return j
        return 0

    def _sentiment(self, i: int, span: int, entry: _Entry) -> int:
        """Score a sentiment word or phrase under the open negation, booster and emphasis."""
        tokens = self.tokens
        texts = tokens.texts
        last = i + span - 1
        if span == 1 and i > 0:
            word = texts[i]
            if (word == "like" and texts[i - 1] not in _LIKE_SUBJECTS) or (
                word == "kind" and texts[i - 1] in _DETERMINERS
            ):
                self._plain(i)
                return i + 1
        elif span == 1 and texts[i] == "like":
            self._plain(i)
            return i + 1
        value = entry.value
        if span == 1 and texts[i] == "well" and self.neg_left == 0:
            if i == 0 or tokens.kinds[i - 1] != _W or texts[i - 1] in _NOT_BEFORE_WELL:
                self._plain(i)
                return i + 1
            value = _WELL
        start = tokens.starts[i]
        negated = self.neg_left > 0 and not (span == 1 and texts[i] in _INTERJECTIONS)
        if negated:
            enough = self._enough_after(last) if value > 0 and self.neg_word in _ABILITY_NEGATORS else 0
            if enough:
                value = min(1.0, value * _AFTER_CONTRAST)
                last = enough
            else:
                flipped = entry.negated
                if math.isnan(flipped):
                    flipped = value * (_NEGATE_POSITIVE if value > 0 else _NEGATE_NEGATIVE)
                value = flipped
            start = self.neg_start
            self.neg_left = 0
            self.revive = True
        if self.boost_left:
            if self.boost_after_negation and negated:
                value /= self.boost
            else:
                value *= self.boost
            start = min(start, self.boost_start)
            self.boost = 1.0
            self.boost_left = 0
            self.standalone = None
        if (
            span == 1
            and texts[i] == "free"
            and self.values
            and self.last[-1] == i - 1
            and tokens.text[self.ends[-1] : tokens.starts[i]] in ("-", " ")
        ):
            start = self.starts[-1]
            value = -self.values[-1] * _AFTER_CONTRAST / 2
            self._pop()
        elif value < 0 and self.values and self.last[-1] == i - 1 and self.values[-1] > 0:
            previous = self.first[-1]
            if previous == i - 1 and not self.negated[-1] and texts[previous] in _INTENSIFYING:
                start = self.starts[-1]
                value *= _AFTER_CONTRAST
                self._pop()
        if not self.shouting and any(tokens.caps[i : last + 1]):
            value *= _CAPS
        if value:
            self._add(i, last, start, value, negated)
        return last + 1


def score_text(text: str) -> Sentiment:
    """Score one piece of customer feedback."""
    if not text or text.isspace():
        return _UNKNOWN
    norm = _normalise(text)
    tokens = _tokenise(norm)
    words = [t for k, t in zip(tokens.kinds, tokens.texts, strict=True) if k == _W]
    shouting = sum(tokens.caps) >= 2 and not any(ch.islower() for ch in norm)
    scan = _Scan(tokens, shouting)
    scan.run()
    if not _is_english(tokens, bool(scan.values)):
        return _UNKNOWN

    contributions = [v * w for v, w in zip(scan.values, scan.weights, strict=True)]
    total = sum(contributions)
    if total:
        total /= len(contributions) ** _LENGTH_DAMPING
        total *= 1.0 + _EXCLAMATION * min(scan.exclamations, 4)
        if shouting:
            total *= _SHOUT
    polarity = max(-1.0, min(1.0, total / math.sqrt(total * total + _SQUASH)))
    label = _label(polarity)
    return Sentiment(
        polarity=polarity,
        subjectivity=_subjectivity(words),
        label=label,
        cues=_cues(norm.lower(), scan.starts, scan.ends, contributions, polarity, label),
    )


_TEXTBLOB_SUBJECTIVITY: Final[dict[str, tuple[float, float, bool]]] = {
    word: (float(senses[None][1]), float(senses[None][2]), "RB" in senses) for word, senses in _textblob_lexicon.items()
}
_TEXTBLOB_NEGATIONS: Final[frozenset[str]] = frozenset(_textblob_lexicon.negations)


def _subjectivity(words: list[str]) -> float:
    """Return TextBlob's subjectivity of the words, by the same averaging as its PatternAnalyzer."""
    scores: list[list[float]] = []
    modifier: str | None = None
    negation: str | None = None
    for word in words:
        known = _TEXTBLOB_SUBJECTIVITY.get(word)
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
            negation = word if word in _TEXTBLOB_NEGATIONS else None
        else:
            if word in _TEXTBLOB_NEGATIONS:
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

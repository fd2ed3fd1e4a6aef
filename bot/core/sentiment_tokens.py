"""Normalises feedback text and splits it into the tokens the sentiment scan reads."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from bot.core.sentiment_lexicon import EMOJI, EMOTICONS, WORD_PATTERN

_APOSTROPHES: Final[dict[int, str]] = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'", "‛": "'", "“": '"', "”": '"', "„": '"'}
)

W, NUM, EMO, RATING, EXCL, QUESTION, STOP, COMMA = range(8)

_PUNCT_EMOTICONS = sorted((e for e in EMOTICONS if not e[0].isalnum()), key=len, reverse=True)
_EMOJI_CLASS = "".join(sorted(set(EMOJI))) + "\U0001f300-\U0001faff\u2600-\u27bf"

_TOKEN_RE: Final[re.Pattern[str]] = re.compile(
    r"(?P<skip>(?:https?://|www\.)\S+|@\w+|#(?=\w)|&\w+;)"
    rf"|(?P<word>{WORD_PATTERN})"
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
    "rating": RATING,
    "emo": EMO,
    "word": W,
    "num": NUM,
    "excl": EXCL,
    "question": QUESTION,
    "stop": STOP,
    "comma": COMMA,
    "emoji": EMO,
}
_RATING_RE: Final[re.Pattern[str]] = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|out\s+of)\s*(\d+)")


def normalise(text: str) -> str:
    """Return text with unicode apostrophes, quotes, compatibility forms and HTML entities folded."""
    text = text.translate(_APOSTROPHES)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text


def rating_valence(token: str) -> float:
    """Return the valence of a rating such as "8/10" or "2 out of 5"."""
    match = _RATING_RE.match(token)
    if match is None:
        return 0.0
    share = float(match.group(1)) / float(match.group(2))
    return max(-0.9, min(0.9, (min(share, 1.0) - 0.6) * 2.0))


@dataclass(slots=True)
class Tokens:
    """The tokens of one text as parallel lists: kind, lower-case text, span and capitalisation."""

    text: str
    kinds: list[int]
    texts: list[str]
    starts: list[int]
    ends: list[int]
    caps: list[bool]


def tokenise(norm: str) -> Tokens:
    """Split normalised text into words, numbers, ratings, emoticons, emoji and punctuation."""
    tokens = Tokens(norm, [], [], [], [], [])
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

"""Applies the sentiment rules in one left-to-right pass over the tokens of a text."""

from __future__ import annotations

import math
from typing import Final

from bot.core import sentiment_rules as rules
from bot.core.sentiment_lexicon import (
    BOOST,
    CONCESS,
    CONTRAST,
    EMOJI,
    EMOTICONS,
    INTENT,
    LEXICON,
    NEG,
    NO_RE,
    PHRASE_PREFIXES,
    PHRASE_STARTS,
    PLAIN,
    SENT,
    Entry,
    lookup_word,
    rule_words,
)
from bot.core.sentiment_scan_state import ScanState
from bot.core.sentiment_tokens import COMMA, EMO, EXCL, NUM, QUESTION, RATING, W, rating_valence

# Constants of the rules, chosen by hand and checked against the development sets.
_NEGATE_POSITIVE: Final[float] = -0.65  # "not good" is bad, but less bad than "bad"
_NEGATE_NEGATIVE: Final[float] = -0.45  # "not bad" is only mildly good
_NEGATION_REACH: Final[int] = 3  # content words a negation reaches across
_BOOSTER_REACH: Final[int] = 2  # "really did a great job": an intensifier skips a word or two
_BEFORE_CONTRAST: Final[float] = 0.5  # weight of what came before "but"
_AFTER_CONTRAST: Final[float] = 1.5  # weight of what follows it
_CONCESSIVE: Final[float] = 0.5  # weight of an "although ..." clause
_CAPS: Final[float] = 1.4  # one word in capitals among lower-case words
_NO_ANSWER: Final[float] = -0.3  # a bare "No." answers the question in the negative
_WELL: Final[float] = 0.35  # "played well", "it went well"
_INTENT_AGAIN: Final[float] = 0.6  # "would buy again"
_INTENT_AGAIN_NEGATED: Final[float] = -0.85  # "would not buy again"
_INTENT_REFUSED: Final[float] = -0.7  # "won't order from them"
_QUESTIONED_PRAISE: Final[float] = 0.5  # weight of praise inside a question
_BEYOND_COMPARE: Final[float] = 1.3  # "never been this happy", "couldn't be any happier": not a negation

_MODALS: Final[frozenset[str]] = frozenset(rule_words(rules.MODALS))
_SHORT_NEGATORS: Final[frozenset[str]] = frozenset(("little",))  # "little sense", not "little kids crying"
_ABILITY_NEGATORS: Final[frozenset[str]] = frozenset(("can't", "cant", "cannot", "couldn't", "couldnt"))
_PERFECT_NEGATORS: Final[frozenset[str]] = frozenset(
    ("never", "haven't", "havent", "hasn't", "hasnt", "hadn't", "hadnt")
)
_COMPARATIVES: Final[frozenset[str]] = frozenset(
    ("better", "happier", "nicer", "easier", "worse", "harder", "sadder", "angrier", "prouder", "smoother")
)
_TRANSPARENT: Final[frozenset[str]] = frozenset(rule_words(rules.NEGATION_TRANSPARENT))
_BLOCKERS: Final[frozenset[str]] = frozenset(rule_words(rules.NEGATION_BLOCKERS))
_INTENSIFYING: Final[frozenset[str]] = frozenset(rule_words(rules.INTENSIFYING_ADJECTIVES))
_INTERJECTIONS: Final[frozenset[str]] = frozenset(rule_words(rules.INTERJECTIONS))
_DETERMINERS: Final[frozenset[str]] = frozenset(rule_words(rules.DETERMINERS))
_LIKE_SUBJECTS: Final[frozenset[str]] = frozenset(rule_words(rules.LIKE_SUBJECTS))
_NOT_BEFORE_WELL: Final[frozenset[str]] = frozenset(("as", "oh", "ah", "well", "and", "but", "so", "very"))
_TOO_BOOST: Final[float] = rules.BOOSTERS["too"][0]
_TOO_BLOCKED: Final[frozenset[str]] = frozenset(rule_words(rules.TOO_BLOCKED))


class Scan(ScanState):
    """One left-to-right pass over the tokens that turns them into weighted sentiment items."""

    # The state, and so every slot, lives in ScanState.
    __slots__ = ()

    def run(self) -> None:
        """Scan every token."""
        kinds = self.tokens.kinds
        n = len(kinds)
        i = 0
        while i < n:
            kind = kinds[i]
            if kind in (W, NUM):
                i = self._word(i)
            else:
                self._symbol(i, kind)
                i += 1
        self._close_negation()
        self._drop_booster()

    def _symbol(self, i: int, kind: int) -> None:
        """Handle an emoticon, emoji, rating or punctuation token."""
        texts = self.tokens.texts
        if kind == EMO:
            text = texts[i]
            value = EMOTICONS.get(text, EMOJI.get(text, 0.0))
            if value:
                self._add(i, i, self.tokens.starts[i], value)
            return
        if kind == RATING:
            self._add(i, i, self.tokens.starts[i], rating_valence(texts[i]))
            return
        self._end_clause()
        if kind == EXCL:
            self.exclamations += len(texts[i])
        elif kind == QUESTION:
            # "Is it any good?" asks rather than praises; "why is it so slow?" still complains.
            for j in range(self.sentence_first, len(self.values)):
                if self.values[j] > 0:
                    self.weights[j] *= _QUESTIONED_PRAISE
        if kind != COMMA:
            self.sentence_first = len(self.values)
            self.after_contrast = 1.0

    def _match(self, i: int) -> tuple[Entry | None, int]:
        """Return the longest lexicon entry starting at token i and how many tokens it covers."""
        texts = self.tokens.texts
        found: tuple[Entry | None, int] = (None, 1)
        if texts[i] in PHRASE_STARTS:
            kinds = self.tokens.kinds
            key: tuple[str, ...] = (texts[i],)
            for j in range(i + 1, len(texts)):
                if kinds[j] != W and kinds[j] != NUM:
                    break
                key = (*key, texts[j])
                entry = LEXICON.get(key)
                if entry is not None:
                    found = (entry, j - i + 1)
                if key not in PHRASE_PREFIXES:
                    break
        if found[0] is None:
            return lookup_word(texts[i]), 1
        return found

    def _word(self, i: int) -> int:
        """Handle the word at token i and return the index of the next token to scan."""
        entry, span = self._match(i)
        if entry is None or entry.kind == PLAIN:
            self._plain(i)
            return i + 1
        kind = entry.kind
        if kind == SENT:
            return self._sentiment(i, span, entry)
        if kind == INTENT:
            return self._intent(i)
        if kind == NEG:
            self._negator(i, span, entry)
        elif kind == BOOST:
            return self._booster(i, span, entry)
        elif kind == CONTRAST:
            self._contrast(i, span)
        elif kind == CONCESS:
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

    def _negator(self, i: int, span: int, entry: Entry) -> None:
        """Open a negation scope, remembering a modal just before it ("would not")."""
        texts = self.tokens.texts
        at_end = i + 1 == len(texts) or self.tokens.kinds[i + 1] not in (W, NUM)
        if span == 1 and at_end and NO_RE.match(texts[i]):
            self._add(i, i, self.tokens.starts[i], _NO_ANSWER)
            return
        previous_modal = i > 0 and self.tokens.kinds[i - 1] == W and texts[i - 1] in _MODALS
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

    def _booster(self, i: int, span: int, entry: Entry) -> int:
        """Start or extend an intensifier or hedge; "too" before a plain word is a complaint."""
        tokens = self.tokens
        n = len(tokens.texts)
        nxt = i + span
        if tokens.texts[nxt - 1] == "too" and nxt < n and tokens.kinds[nxt] == W:
            follow_word = tokens.texts[nxt]
            follow = lookup_word(follow_word)
            plain = follow is None or (
                -0.05 < follow.value < 0.6 if follow.kind == SENT else follow.kind not in (NEG, CONTRAST)
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
        alone = nxt >= n or tokens.kinds[nxt] not in (W, NUM) or lookup_word(tokens.texts[nxt]) is None
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
        at_clause_end = nxt >= len(tokens.kinds) or tokens.kinds[nxt] not in (W, NUM, EMO)
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
            if kinds[j] != W:
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

    def _beyond_compare(self, i: int) -> bool:
        """Tell whether an open negation praises or damns the word at i beyond comparison instead of denying it.

        "haven't been this happy in years" and "never been this angry" name a degree not reached before;
        "couldn't be any happier" and "could not have gone any worse" one that cannot be passed.
        """
        before = self.tokens.texts[i - 1]
        if before == "this":
            return self.neg_word in _PERFECT_NEGATORS
        if before == "any" and self.tokens.texts[i] in _COMPARATIVES:
            return self.neg_modal or self.neg_word in _ABILITY_NEGATORS
        return False

    def _enough_after(self, last: int) -> int:
        """Return the index of an "enough" closing "can't recommend them enough", or 0."""
        tokens = self.tokens
        for j in range(last + 1, min(len(tokens.texts), last + 5)):
            if tokens.kinds[j] != W:
                return 0
            if tokens.texts[j] == "enough":
                return j
        return 0

    def _sentiment(self, i: int, span: int, entry: Entry) -> int:
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
            if i == 0 or tokens.kinds[i - 1] != W or texts[i - 1] in _NOT_BEFORE_WELL:
                self._plain(i)
                return i + 1
            value = _WELL
        start = tokens.starts[i]
        negated = self.neg_left > 0 and not (span == 1 and texts[i] in _INTERJECTIONS)
        if negated and span == 1 and self._beyond_compare(i):
            value *= _BEYOND_COMPARE
            start = self.neg_start
            self.neg_left = 0
            negated = False
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

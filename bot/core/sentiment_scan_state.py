"""Holds the running state of a sentiment scan: the items found so far and the scopes still open."""

from __future__ import annotations

from typing import Final

from bot.core.sentiment_tokens import Tokens

_ABSENCE: Final[frozenset[str]] = frozenset(("no", "nobody", "nothing", "nowhere", "neither"))
_ABSENCE_VALUE: Final[float] = -0.2  # "there was no one there": a lack, even with nothing named


class ScanState:
    """The items a scan has found so far and its open negation, booster and clause scopes."""

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

    def __init__(self, tokens: Tokens, shouting: bool) -> None:
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

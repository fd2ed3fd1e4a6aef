"""The one account matcher every surface uses: exact, then case and spacing, then look-alikes, then unique prefix."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

# Zero-width characters, the soft hyphen, the word joiner, the BOM and bidi controls: invisible when typed or pasted.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


class Stage(StrEnum):
    """How a typed name matched an account, from the strictest way to the loosest."""

    EXACT = "exact"
    CASE_AND_SPACING = "case_and_spacing"
    LOOK_ALIKE = "look_alike"
    PREFIX = "prefix"


class Named(Protocol):
    """Anything with an account's name (rows, models, test values)."""

    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """The matcher's verdict: one account and how it matched, or the candidates a rep has to choose from."""

    account: T | None
    stage: Stage | None = None
    candidates: tuple[T, ...] = ()


def tidy(name: str) -> str:
    """Returns a name with its runs of white space made single spaces and its ends trimmed."""
    return " ".join(name.split())


def spacing_key(name: str) -> str:
    """Returns the name ignoring case and spacing (the second stage)."""
    return tidy(name).casefold()


def name_key(name: str) -> str:
    """Returns the key under which account names are unique: look-alikes, case and spacing all fold together.

    NFKC composes decomposed accents and maps fullwidth and other compatibility forms to plain letters;
    invisible characters are dropped first so "Ac\u200bme" is "Acme".
    """
    visible = _INVISIBLE.sub("", name)
    folded = unicodedata.normalize("NFKC", visible).casefold()
    return tidy(unicodedata.normalize("NFKC", folded))


def match_account(typed: str, accounts: Iterable[T]) -> Match[T]:
    """Picks the account a typed name means among `accounts` (those whose key starts with the typed key).

    Earlier stages win outright; the prefix stage matches only when exactly one account starts with the name.
    """
    pool = list(accounts)
    clean = tidy(typed)
    key = name_key(typed)
    if not key:
        return Match(None)
    stages: tuple[tuple[Stage, Callable[[str], bool]], ...] = (
        (Stage.EXACT, lambda name: tidy(name) == clean),
        (Stage.CASE_AND_SPACING, lambda name: spacing_key(name) == spacing_key(clean)),
        (Stage.LOOK_ALIKE, lambda name: name_key(name) == key),
    )
    for stage, test in stages:
        hits = [a for a in pool if test(a.name)]
        if len(hits) == 1:
            return Match(hits[0], stage)
    prefixed = tuple(a for a in pool if name_key(a.name).startswith(key))
    if len(prefixed) == 1:
        return Match(prefixed[0], Stage.PREFIX)
    return Match(None, None, prefixed)

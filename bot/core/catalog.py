"""What people read, in their language: gettext catalogs (bot/locale/*/LC_MESSAGES/pulse.po) with plural forms.

The `.po` files are the only source; each is compiled in memory with Babel the first time its language is used,
so a catalog can never be out of date with its compiled form. Messages use `{name}` placeholders; `gettext`
and `ngettext` are the keywords the extraction test looks for, and `phrase` / `nphrase` mark a message the pure
core builds in English that a surface says in its reader's language (`Words.say`). Babel also picks a browser's
language from its Accept-Language header.
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import date
from pathlib import Path

from babel.core import negotiate_locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "pulse"
LANGUAGES = ("en", "de", "fr", "es")
DEFAULT = "en"
# Longer Accept-Language headers are cut: nobody lists 200 characters of languages, and the parse stays cheap.
MAX_ACCEPT_LANGUAGE = 200
# How a chart's date axis writes a tick, by what the ticks step through; `year` adds the year ("Feb 2026").
DATE_SKELETONS = {("day", False): "MMMd", ("day", True): "yMMMd", ("month", True): "yMMM"}


class Words:
    """One language's messages: `gettext` for plain ones, `ngettext` for those that depend on a count."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def gettext(self, message: str, **values: object) -> str:
        """Returns the message in this language with its placeholders filled."""
        found = self._translations.gettext(message)
        return found.format(**values) if values else found

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """Returns the form of the message this language uses for `count`, with `{count}` and the rest filled."""
        return self._translations.ngettext(singular, plural, count).format(count=count, **values)

    def short_date(self, day: date, *, unit: str = "day", year: bool = False) -> str:
        """Returns a date as an axis writes it here ("3. Feb.", "févr. 2026"): by day, month or year (`unit`)."""
        if unit == "year":
            return format_skeleton("y", day, locale=self.language)
        if unit == "month" and not year:
            # The month as a date writes it ("März", "Apr."), like the "Feb. 2026" beside it, not standing alone.
            return format_date(day, "MMM", locale=self.language)
        return format_skeleton(DATE_SKELETONS[unit, year], day, locale=self.language)

    def say(self, text: str) -> str:
        """Returns a core-built phrase in this language (its values too); any other text is returned as it is."""
        if not isinstance(text, Phrase):
            return text
        values = {name: self._value(value) for name, value in text.values.items()}
        if text.plural is None:
            return self.gettext(text.msgid, **values)
        found = self._translations.ngettext(text.msgid, text.plural, text.number)
        return found.format(**{"count": self._value(text.number), **values})

    def _value(self, value: object) -> object:
        """A phrase's value as this language writes it: nested phrases said, whole numbers grouped (10.000)."""
        if isinstance(value, str):
            return self.say(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return format_decimal(value, locale=self.language)
        return value


class Phrase(str):
    """English text that keeps its message and values, so that each surface can say it in its reader's language."""

    msgid: str
    plural: str | None
    number: int
    values: dict[str, object]

    def __new__(cls, msgid: str, plural: str | None, number: int, values: dict[str, object]) -> Phrase:
        template = msgid if plural is None or number == 1 else plural
        filled = {"count": number, **values} if plural is not None else values
        grouped = {name: f"{value:,}" if type(value) is int else value for name, value in filled.items()}
        made = super().__new__(cls, template.format(**grouped) if filled else template)
        made.msgid, made.plural, made.number, made.values = msgid, plural, number, values
        return made


def phrase(message: str, **values: object) -> Phrase:
    """Marks a message for the catalogs and keeps it with its values; it reads as English until a surface says it."""
    return Phrase(message, None, 0, values)


def nphrase(singular: str, plural: str, count: int, **values: object) -> Phrase:
    """Like `phrase`, for a message whose form depends on `count`."""
    return Phrase(singular, plural, count, values)


def po_path(language: str) -> Path:
    """Returns where a language's catalog lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def words(language: str | None) -> Words:
    """Returns the catalog for a language, English when the language is unknown or unset."""
    language = language if language in LANGUAGES else DEFAULT
    with po_path(language).open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Words(language, gettext.GNUTranslations(compiled))


def browser_language(accept_language: str | None) -> str:
    """Returns the browser's best supported language from an Accept-Language header, English when none fits."""
    return _negotiate((accept_language or "")[:MAX_ACCEPT_LANGUAGE]) or DEFAULT


def accepted_language(accept_language: str | None) -> str | None:
    """Returns the browser's best supported language, None when the header names none of ours (nothing to remember)."""
    header = (accept_language or "")[:MAX_ACCEPT_LANGUAGE]
    named = {tag.split("-")[0] for tag, _ in _ranges(header)}
    return (_negotiate(header) or DEFAULT) if named & set(LANGUAGES) else None


@functools.lru_cache(maxsize=256)
def _negotiate(header: str) -> str | None:
    """Babel's match of the header's wanted languages, best quality first, against the catalogs; None when none fit."""
    wanted = [tag for tag, quality in sorted(_ranges(header), key=lambda item: -item[1]) if quality > 0]
    found = negotiate_locale(wanted, LANGUAGES, sep="-", aliases={})
    return found.lower() if found else None


def _ranges(header: str) -> list[tuple[str, float]]:
    """Returns the header's language ranges with their quality (RFC 9110 `tag;q=0.8`), in the order sent."""
    ranges = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        weight = params.strip()
        try:
            quality = float(weight[2:]) if weight.startswith("q=") else 1.0
        except ValueError:
            quality = 0.0
        ranges.append((tag.strip().lower(), quality))
    return ranges

"""What people read, in their language: gettext catalogs (bot/locale/*/LC_MESSAGES/pulse.po) with plural forms.

The `.po` files are the only source; each is compiled in memory with Babel the first time its language is used,
so a catalog can never be out of date with its compiled form. Messages use `{name}` placeholders; `gettext`
and `ngettext` are the keywords the extraction test looks for.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "pulse"
LANGUAGES = ("en", "de", "fr", "es")
DEFAULT = "en"


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

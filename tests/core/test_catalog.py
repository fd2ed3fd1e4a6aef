"""The catalogs: every message in the code is translated in all four languages, plurals render for 0, 1 and many."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.core import catalog

ROOT = Path(__file__).resolve().parents[2]
# `phrase` and `nphrase` mark messages the core builds in English for a surface to say in its reader's language;
# templates (pages and e-mails) call the reader's catalog as `_`.
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "phrase": None, "nphrase": (1, 2), "_": None}
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.txt", "jinja2.ext:babel_extract"),
]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _code_messages() -> dict[str | tuple[str, ...], str]:
    """Every message the code and its templates pass to gettext/ngettext/_, with where it is."""
    found: dict[str | tuple[str, ...], str] = {}
    for folder in ("app", "bot", "handlers"):
        for filename, line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=METHODS, keywords=KEYWORDS
        ):
            found.setdefault(message, f"{folder}/{filename}:{line}")
    return found


def _catalog(language: str):
    with catalog.po_path(language).open("rb") as source:
        return read_po(source, locale=language)


def _key(message: str | tuple[str, ...]) -> str:
    return message[0] if isinstance(message, tuple) else message


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


CODE = _code_messages()


def test_the_code_has_messages_to_translate():
    assert len(CODE) > 80


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_every_message_in_the_code_is_translated_with_the_same_placeholders(language):
    entries = {_key(m.id): m for m in _catalog(language) if m.id}
    missing = [where for message, where in CODE.items() if _key(message) not in entries]
    assert not missing, f"untranslated in {language}: {missing}"
    for message in CODE:
        entry = entries[_key(message)]
        expected = _names(_key(message))
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(forms) and not entry.fuzzy, (language, entry.id)
        for form in forms:
            # a plural form may leave out {count} only when the language says the number another way; none do here
            assert _names(form) == expected | ({"count"} if isinstance(message, tuple) else set()), (language, form)


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_every_plural_message_renders_for_zero_one_and_many(language):
    w = catalog.words(language)
    plurals = [m for m in CODE if isinstance(m, tuple)]
    assert len(plurals) >= 10
    for singular, plural in plurals:
        values = {name: f"<{name}>" for name in _names(singular) | _names(plural) if name != "count"}
        rendered = {n: w.ngettext(singular, plural, n, **values) for n in (0, 1, 2, 21)}
        for n, text in rendered.items():
            assert str(n) in text and "{" not in text, (language, text)
        if singular != plural and language != "en":
            translated = _catalog(language)[singular].string
            if translated[0] != translated[1]:
                # French counts 0 as singular; the others count only 1.
                one_like = {0, 1} if language == "fr" else {1}
                for n, text in rendered.items():
                    form = translated[0] if n in one_like else translated[1]
                    assert text == form.format(count=n, **values), (language, n, text)


def test_english_plurals_follow_the_count():
    w = catalog.words("en")
    assert w.ngettext("{count} digest subscription.", "{count} digest subscriptions.", 1) == "1 digest subscription."
    assert w.ngettext("{count} digest subscription.", "{count} digest subscriptions.", 0) == "0 digest subscriptions."
    assert w.ngettext("{arrow}{count} pt", "{arrow}{count} pts", 1, arrow="↑") == "↑1 pt"
    assert w.ngettext("{arrow}{count} pt", "{arrow}{count} pts", 28, arrow="↓") == "↓28 pts"


def test_french_puts_a_no_break_space_before_double_punctuation():
    for entry in _catalog("fr"):
        for form in entry.string if isinstance(entry.string, tuple) else (entry.string,):
            assert not re.search(r" [:;?!]", form or ""), form


def test_unknown_languages_read_english():
    assert catalog.words("xx").language == "en" and catalog.words(None).language == "en"


def test_plural_rules_are_declared_in_each_catalog():
    assert _catalog("fr").plural_expr == "(n > 1)"
    for language in ("en", "de", "es"):
        assert _catalog(language).num_plurals == 2


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_catalogs_hold_no_message_the_code_no_longer_uses(language):
    used = {_key(message) for message in CODE}
    stale = [m.id for m in _catalog(language) if m.id and _key(m.id) not in used]
    assert not stale, f"{language} still translates: {stale}"


def test_the_browser_language_is_babels_best_supported_match_by_quality():
    assert catalog.browser_language("de-CH,de;q=0.9,en;q=0.5") == "de"
    assert catalog.browser_language("pt-BR, fr;q=0.4, es-MX;q=0.8") == "es"
    assert catalog.browser_language("FR-ca;q=0.9, de;q=0") == "fr"
    assert catalog.browser_language("*") == catalog.browser_language(None) == catalog.browser_language("it") == "en"
    assert catalog.browser_language("x" * 300 + ",de") == "en"  # only the first 200 characters are read
    assert catalog.accepted_language("pt, it") is None and catalog.accepted_language("it, es-MX;q=0.5") == "es"
    assert catalog.accepted_language("de ; q=0.3") == "de"


def test_dates_are_written_the_way_each_language_writes_them() -> None:
    day = date(2026, 3, 3)
    assert [catalog.words(lang).short_date(day) for lang in catalog.LANGUAGES] == [
        "Mar 3",
        "3. März",
        "3 mars",
        "3 mar",
    ]
    assert catalog.words("de").short_date(day, year=True) == "3. März 2026"
    assert catalog.words("fr").short_date(day, unit="month") == "mars"
    assert catalog.words("es").short_date(day, unit="month", year=True) == "mar 2026"
    assert catalog.words("de").short_date(day, unit="year") == "2026"

"""Language codes people and files give us ("de", "de-AT", "FR_ca"), and the survey's default question in each.

Every word lives in the gettext catalogs (bot/core/catalog.py); this module only names languages.
"""

from __future__ import annotations

from bot.core.catalog import DEFAULT, LANGUAGES, Words, words


def language_or_default(language: str | None) -> str:
    """Returns a supported language code for a stored preference, English when unknown."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    return code if code in LANGUAGES else DEFAULT


def parse_language(raw: str | None) -> str | None:
    """Returns the supported language a code names ("de", "de-AT", "FR_ca"), None when blank; else ValueError."""
    text = (raw or "").strip()
    if not text:
        return None
    code = text.lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise ValueError(f"language `{text[:20]}` is not one of " + ", ".join(LANGUAGES))
    return code


def default_question(language: str | None) -> str:
    """Returns "Would you buy from us again?" in the given language."""
    return words(language_or_default(language)).gettext("Would you buy from us again?")


def answer_labels(w: Words) -> dict[str, str]:
    """Returns each answer's button label in the reader's language, by the answer's value."""
    return {"yes": w.gettext("Yes"), "unsure": w.gettext("Not sure"), "no": w.gettext("No")}

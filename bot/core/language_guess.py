"""Guesses the language of a short text by its character n-grams (py3langid), among seven languages."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

# Pulse scores the first four; the other three are told apart so that their texts are not taken for one of those.
CANDIDATES: Final[tuple[str, ...]] = ("en", "de", "fr", "es", "it", "pt", "nl")
MAX_CHARACTERS: Final[int] = 300  # enough to tell a language; bounds the cost of a long text (70 us at most)


@cache
def _identifier() -> LanguageIdentifier:
    """Load py3langid's model (about 0.6 s, once), restricted to the candidate languages, with probabilities."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def guess(text: str) -> tuple[str, float]:
    """Return the most likely candidate language of a text and its probability among the candidates (0..1)."""
    language, probability = _identifier().classify(text[:MAX_CHARACTERS])
    return str(language), float(probability)

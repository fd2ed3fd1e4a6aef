"""Tests for the trained German, French and Spanish sentiment models."""

from __future__ import annotations

import gzip

import pytest

from bot.core import sentiment_language_model as language_model
from bot.core.sentiment import read, score_text
from bot.core.sentiment_text import normalise, tokenise

CLEAR = [
    ("de", "positive", "Die Lieferung kam schnell und der Service war ausgezeichnet, ich bin sehr zufrieden!"),
    ("de", "negative", "Das Produkt ist leider kaputt angekommen und der Kundenservice war unfreundlich."),
    ("fr", "positive", "Livraison rapide, produit de très bonne qualité, je suis ravi."),
    ("fr", "negative", "Très déçu, le produit est arrivé cassé et le service client ne répond pas."),
    ("es", "positive", "El servicio fue excelente y el personal muy amable, lo recomiendo."),
    ("es", "negative", "Muy mala experiencia, el pedido llegó tarde y roto."),
]


@pytest.mark.parametrize(("language", "label", "text"), CLEAR)
def test_clear_comments_get_their_label_in_their_language(language: str, label: str, text: str) -> None:
    scored = score_text(text)
    assert (scored.language, scored.label) == (language, label)
    assert scored.cues
    lower = " ".join(normalise(text).lower().split())
    assert all(cue in lower for cue in scored.cues)  # the customer's own words


@pytest.mark.parametrize(("language", "label", "text"), CLEAR)
def test_the_contact_language_gives_the_same_label(language: str, label: str, text: str) -> None:
    assert score_text(text, language=language).label == label


@pytest.mark.parametrize("language", language_model.MODEL_LANGUAGES)
def test_each_language_ships_a_model_with_lexicon_features_and_the_rules(language: str) -> None:
    weights = language_model.model(language)
    assert weights is not None
    assert f"lex:{language}" in weights and f"lex:{language}_compound" in weights
    assert any(name.startswith(f"{language}:") for name in weights)
    assert "r:intent_never_again" in weights


def test_the_scorer_reads_the_trained_model_for_a_german_comment() -> None:
    evidence = read("Der Service war leider nicht gut.")
    assert evidence is not None and evidence.language == "de"
    assert evidence.weights is language_model.model("de")
    assert "de:not_gut" in evidence.features.names and "lex:de_not" in evidence.features.names


def test_rules_still_apply_under_a_trained_model() -> None:
    scored = score_text("Ich werde nie wieder bei euch bestellen.")
    assert scored.label == "negative"
    assert any("nie wieder" in cue for cue in scored.cues)


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("de", "Das ist nicht gut.", "de:not_gut"),
        ("fr", "Ce n'est pas bon.", "fr:not_bon"),
        ("es", "No es bueno.", "es:not_bueno"),
    ],
)
def test_negation_is_marked_in_each_language(language: str, text: str, name: str) -> None:
    assert name in language_model.features(tokenise(normalise(text)), language).names


def test_a_model_is_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = gzip.open

    def counting_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    language_model.model.cache_clear()
    monkeypatch.setattr(gzip, "open", counting_open)
    try:
        for text in ("Sehr gut, danke!", "Leider schlecht.", "Alles bestens, gerne wieder."):
            score_text(text, language="de")
        assert sum(path.endswith("model-de.tsv.gz") for path in opened) == 1
    finally:
        monkeypatch.undo()
        language_model.model.cache_clear()


def test_a_language_without_a_model_has_none() -> None:
    assert language_model.model("it") is None

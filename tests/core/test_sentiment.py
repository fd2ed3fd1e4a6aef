"""Pins the scorer's behaviour: the trained model, negation, contrast, emoji, languages, cues and its data files."""

from __future__ import annotations

import dataclasses
import gzip
import math
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import language_guess, sentiment_features, sentiment_lexicons
from bot.core.sentiment import (
    MODEL_FILE,
    NEGATIVE_THRESHOLD,
    POSITIVE_THRESHOLD,
    SCORER_VERSION,
    Sentiment,
    describe,
    model,
    score_text,
)
from bot.core.sentiment_text import LANGUAGES, detect_language, normalise, tokenise, word_lists

DATA = resources.files("bot.core") / "data" / "sentiment"


def label(text: str, **kwargs: str) -> str:
    """Return the label of a text."""
    return score_text(text, **kwargs).label  # type: ignore[arg-type]


def test_module_constants() -> None:
    assert SCORER_VERSION
    assert NEGATIVE_THRESHOLD < 0 < POSITIVE_THRESHOLD


def test_sentiment_is_frozen() -> None:
    result = score_text("Lovely staff")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.polarity = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "ʼ", "´", "`"])
def test_any_apostrophe_reads_the_same(apostrophe: str) -> None:
    text = f"The new blender isn{apostrophe}t great"
    assert score_text(text) == score_text("The new blender isn't great")
    assert label(text) == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The food was good", "positive"),
        ("The food was not good", "negative"),
        ("The staff were helpful", "positive"),
        ("The staff were not helpful at all", "negative"),
        ("The room was dirty", "negative"),
    ],
)
def test_negation_turns_a_judgement_around(text: str, expected: str) -> None:
    assert label(text) == expected


def test_negation_reaches_only_into_its_clause() -> None:
    negated = sentiment_features.negated_positions(tokenise("not cheap. great staff"), "en")
    assert negated == [False, True, False, False, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It worked great at first but then it broke", "negative"),
        ("Delivery was slow but the product is excellent", "positive"),
    ],
)
def test_the_clause_after_a_contrast_weighs_more(text: str, expected: str) -> None:
    assert label(text) == expected


def test_a_conceded_clause_counts_less() -> None:
    plain = score_text("The staff were friendly, the room was filthy").polarity
    assert score_text("Although the staff were friendly, the room was filthy").polarity < plain


def test_clause_weights_follow_but_and_although() -> None:
    tokens = tokenise("good but bad. although nice, awful")
    weights = sentiment_features.clause_weights(tokens, "en")
    assert weights[0] == sentiment_features.BEFORE_BUT
    assert weights[2] == sentiment_features.AFTER_BUT
    assert weights[4] == weights[5] == sentiment_features.CONCEDED
    assert weights[7] == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("😍", "positive"),
        ("👍", "positive"),
        ("😡", "negative"),
        ("👎", "negative"),
        (":)", "positive"),
        (":(", "negative"),
    ],
)
def test_emoji_and_emoticons(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "Grazie mille, è stato molto gentile", "这个产品很好"])
def test_empty_and_unsupported_languages_are_unknown(text: str) -> None:
    assert score_text(text) == Sentiment(0.0, 0.0, "unknown", (), "")


def test_unsupported_languages_are_scored_by_their_emoji() -> None:
    result = score_text("Grazie mille, è stato molto gentile 😍")
    assert result.label == "positive" and result.cues == ("😍",) and result.language == "other"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Der Service war sehr gut und die Lieferung schnell", "de", "positive"),
        ("Das Gerät ist leider nicht gut, die Qualität ist schlecht", "de", "negative"),
        ("Le service était excellent, je suis très content", "fr", "positive"),
        ("Le produit est de mauvaise qualité et le vendeur était désagréable", "fr", "negative"),
        ("La atención fue excelente y el producto es muy bueno", "es", "positive"),
        ("El producto es malo y la atención fue pésima", "es", "negative"),
    ],
)
def test_german_french_and_spanish_get_real_scores(text: str, language: str, expected: str) -> None:
    result = score_text(text)
    assert (result.language, result.label) == (language, expected)


def test_the_contacts_language_decides_when_neither_function_words_nor_the_guesser_are_sure() -> None:
    tokens = tokenise(normalise("Super Qualität!"))
    assert detect_language(tokens, "de") == ("de", False)
    assert detect_language(tokenise(normalise("super")), "fr") == ("fr", False)
    assert detect_language(tokenise(normalise("ok"))) == ("en", False)
    assert score_text("Schlechter Kundendienst", language="de").label == "negative"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Nunca más compraré aquí", "es"),
        ("Sehr zufrieden", "de"),
        ("Lieferung verspätet", "de"),
        ("Rien à dire", "fr"),
        ("Muy bien", "es"),
    ],
)
def test_short_comments_without_clear_function_words_are_told_by_their_letters(text: str, language: str) -> None:
    assert detect_language(tokenise(normalise(text))) == (language, True)
    assert score_text(text).language == language


def test_a_confident_guess_outvotes_the_contacts_language() -> None:
    assert detect_language(tokenise(normalise("Nunca más compraré aquí")), "fr") == ("es", True)
    assert detect_language(tokenise(normalise("Die Lieferung war schnell")), "en") == ("de", True)


def test_the_guesser_names_one_of_its_candidates_with_a_probability() -> None:
    language, probability = language_guess.guess("Der Kundendienst hat nie zurückgerufen")
    assert language == "de" and 0.8 <= probability <= 1.0
    assert language_guess.guess("ok")[0] in language_guess.CANDIDATES


def test_function_words_outvote_the_contacts_language() -> None:
    tokens = tokenise(normalise("The delivery was late and the box was damaged"))
    assert detect_language(tokens, "de") == ("en", True)


def test_cues_name_what_drove_the_score_in_the_customers_words() -> None:
    result = score_text("Charged twice and nobody called me back. The app is fine.")
    assert result.label == "negative"
    assert any("charged twice" in cue for cue in result.cues)
    assert describe(result).startswith("negative: '")


def test_cues_are_few_lowercase_in_text_order_from_the_text_and_agree_with_the_label() -> None:
    text = "Great staff, lovely room, superb food, friendly driver, clean pool, quick checkout, AMAZING view"
    result = score_text(text)
    assert result.label == "positive"
    assert 0 < len(result.cues) <= 5
    lower = text.lower()
    positions = [lower.index(cue) for cue in result.cues]
    assert positions == sorted(positions)
    for cue in result.cues:
        assert score_text(cue).polarity > 0


def test_function_words_are_never_cues() -> None:
    result = score_text("The product is okay but the delivery was a disaster")
    assert result.label == "negative"
    assert not {"the", "is", "was", "but", "a", "but the"} & set(result.cues)


def test_subjectivity_is_zero_for_facts_and_high_for_opinions() -> None:
    assert score_text("Wonderful, beautiful, awful").subjectivity > 0.5
    assert 0.0 <= score_text("The parcel came on Tuesday").subjectivity <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_scores_within_range_and_consistently(text: str) -> None:
    first = score_text(text)
    assert -1.0 <= first.polarity <= 1.0
    assert first.label in ("positive", "negative", "neutral", "unknown")
    assert (first.label == "unknown") == (first.polarity == 0.0 and first.label == "unknown")
    assert score_text(text) == first


def test_a_workspace_adjustment_moves_the_scores_of_the_features_it_names() -> None:
    text = "The widgetco upgrade arrived"
    base = score_text(text).polarity
    assert score_text(text, adjustment={"w:widgetco": -3.0}).polarity < base - 0.3
    assert score_text(text, adjustment={"w:elsewhere": -3.0}).polarity == base


# The data files: each is validated, so a bad edit fails here and not at run time.


def test_the_model_file_is_versioned_and_holds_finite_trained_weights_only() -> None:
    with gzip.open(str(DATA / MODEL_FILE), "rt", encoding="utf-8") as lines:
        header = [next(lines) for _ in range(3)]
        body = [line.rstrip("\n").rsplit("\t", 1) for line in lines]
    assert header[0].startswith(f"# {SCORER_VERSION} ") and all(line.startswith("# ") for line in header)
    assert len(body) > 1000
    names = [name for name, _ in body]
    assert len(names) == len(set(names))
    assert all(math.isfinite(float(weight)) for _, weight in body)
    assert not any(name.startswith("r:") for name in names), "rules keep their hand-set weights"
    assert {"lex:vader", "lex:textblob"} <= set(names)


def test_words_tsv_lists_known_kinds_for_known_languages() -> None:
    kinds = {"negator", "but", "although", "intensifier", "stopword"}
    for (language, kind), members in word_lists().items():
        assert language in {*LANGUAGES, "it", "pt", "nl"} and kind in kinds and members
        assert all(word == word.lower() and "\t" not in word for word in members)
    for language in LANGUAGES:
        assert word_lists()[(language, "negator")] and word_lists()[(language, "stopword")]


def test_rules_tsv_rows_are_valid() -> None:
    rows = [line.split("\t") for line in (DATA / "rules.tsv").read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row[0] and not row[0].startswith("#")]
    assert rows and all(len(row) == 4 for row in rows)
    for name, language, weight, pattern in rows:
        assert re.fullmatch(r"[a-z_]+", name) and language in LANGUAGES
        assert -4.0 <= float(weight) <= 4.0 and float(weight) != 0.0
        assert re.compile(pattern).groups == 0, "rules use non-capturing groups"
        assert not re.search(pattern, ""), "a rule must not match an empty comment"
    weights: dict[str, set[str]] = {}
    for name, _, weight, _ in rows:
        weights.setdefault(name, set()).add(weight)
    assert {name: found for name, found in weights.items() if len(found) > 1} == {}, "a rule name has one weight"


def test_lexicon_and_emoji_files_are_word_tab_number() -> None:
    for name, limit in (("lexicon-es.tsv", 1.0), ("emoji.tsv", 1.0)):
        rows = [line.split("\t") for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
        rows = [row for row in rows if row[0] and not row[0].startswith("#")]
        assert len(rows) > 10
        assert all(len(row) == 2 and -limit <= float(row[1]) <= limit and row[0].strip() == row[0] for row in rows)


def test_every_lexicon_loads() -> None:
    assert sentiment_lexicons.vader()["good"] > 0 > sentiment_lexicons.vader()["bad"]
    assert sentiment_lexicons.textblob()["good"] > 0
    assert sentiment_lexicons.foreign("de")["gut"] > 0 > sentiment_lexicons.foreign("de")["schlecht"]
    assert sentiment_lexicons.foreign("fr")["bon"] > 0 > sentiment_lexicons.foreign("fr")["mauvais"]
    assert sentiment_lexicons.foreign("es")["bueno"] > 0 > sentiment_lexicons.foreign("es")["malo"]
    assert sentiment_lexicons.foreign("it") == {}
    assert model()["lex:vader_compound"] > 0 and model()["lex:textblob"] > 0


def test_the_compound_feature_saturates_and_flips_under_negation_as_vader_does() -> None:
    def compound(text: str) -> float:
        return sentiment_features.english(tokenise(normalise(text))).totals()["lex:vader_compound"]

    values = [compound(" ".join(["good"] * n)) for n in range(1, 9)]
    assert 0 < values[0] < values[-1] < 1
    assert values[1] - values[0] > values[-1] - values[-2]  # each further word adds less
    assert compound("not good") < 0
    assert "lex:vader_compound" not in sentiment_features.english(tokenise(normalise("the table"))).totals()

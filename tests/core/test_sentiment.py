"""Pins the sentiment rules: apostrophes, negation, complaints, contrast, emphasis, emoji, language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob.en.sentiments import PatternAnalyzer

from bot.core.sentiment import (
    NEGATIVE_THRESHOLD,
    POSITIVE_THRESHOLD,
    SCORER_VERSION,
    Sentiment,
    describe,
    score_text,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sentiment"


def polarity(text: str) -> float:
    """Return the polarity of a text."""
    return score_text(text).polarity


def label(text: str) -> str:
    """Return the label of a text."""
    return score_text(text).label


def test_module_constants() -> None:
    assert SCORER_VERSION
    assert NEGATIVE_THRESHOLD < 0 < POSITIVE_THRESHOLD


def test_sentiment_is_frozen() -> None:
    result = score_text("Lovely staff")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.polarity = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "ʼ", "´", "`"])
def test_any_apostrophe_negates(apostrophe: str) -> None:
    text = f"The new blender isn{apostrophe}t great"
    assert score_text(text) == score_text("The new blender isn't great")
    assert label(text) == "negative"


def test_casing_does_not_change_the_sign() -> None:
    assert label("THE REPAIR WAS SHODDY") == label("the repair was shoddy") == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "I would not buy from this shop again",
        "Never again.",
        "We won't be back",
        "Honestly not worth it",
        "I will not recommend this garage",
        "Wouldn't order again",
        "I'd never purchase anything here again",
        "Won't be using them again",
        "We will never shop there again",
        "Can't recommend them, sorry",
    ],
)
def test_negated_purchase_intent_is_negative(text: str) -> None:
    assert label(text) == "negative"
    assert polarity(text) <= -0.5


@pytest.mark.parametrize(
    "text",
    [
        "Would happily buy again",
        "We'll definitely be back",
        "I'd recommend them to anyone",
        "Worth every penny",
        "Will order from them again",
        "Wouldn't hesitate to recommend",
        "Can't recommend this plumber enough",
    ],
)
def test_stated_purchase_intent_is_positive(text: str) -> None:
    assert label(text) == "positive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The coffee was not good", "negative"),
        ("The room isn't great", "negative"),
        ("The courier was not helpful at all", "negative"),
        ("No problems with the install", "positive"),
        ("Never disappointed by this bakery", "positive"),
        ("The fitting was not bad at all", "positive"),
        ("I don't think the upgrade is worth it", "negative"),
        ("There was no warmth or charm in the shop", "negative"),
    ],
)
def test_negation(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I was charged twice for one order",
        "The parcel arrived damaged",
        "Still waiting for the replacement",
        "Nobody called back",
        "I had to chase them for a week",
        "My booking was cancelled",
        "No response to three emails",
        "The package never arrived",
        "They sent the wrong item",
        "I was double billed",
        "My refund is still pending",
        "On hold for an hour",
        "The kettle stopped working after a month",
        "Lost my order and blamed the courier",
    ],
)
def test_factual_complaints_without_adjectives_are_negative(text: str) -> None:
    assert label(text) == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The setup worked great but then it broke", "negative"),
        ("Delivery was slow, but the staff were lovely", "positive"),
        ("It looks nice; however, it stopped working", "negative"),
        ("Although the wait was long, the food was excellent", "positive"),
        ("The app is handy. The battery drain is terrible though.", "negative"),
    ],
)
def test_the_clause_after_a_contrast_dominates(text: str, expected: str) -> None:
    assert label(text) == expected


def test_intensifiers_strengthen_and_hedges_soften() -> None:
    assert polarity("good") < polarity("very good") < polarity("extremely good")
    assert polarity("slow") < polarity("a bit slow") < 0
    assert 0 < polarity("somewhat helpful") < polarity("helpful")
    assert polarity("disappointing") < polarity("kind of disappointing") < 0
    assert polarity("too small") < 0


def test_capitals_and_exclamation_marks_add_emphasis() -> None:
    assert polarity("The support was AWFUL") < polarity("The support was awful") < 0
    assert polarity("Great service!!!") > polarity("Great service") > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("🙂", "positive"),
        ("😡", "negative"),
        ("👍", "positive"),
        ("👎", "negative"),
        (":)", "positive"),
        (":(", "negative"),
        ("Arrived today 😡", "negative"),
        ("Thanks :-)", "positive"),
        ("fixed my bike in ten minutes 👍👍", "positive"),
    ],
)
def test_emoji_and_emoticons(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t ",
        "...",
        "Das Paket kam beschädigt an und niemand hat sich gemeldet.",
        "El servicio fue muy lento y nadie respondió.",
        "Le colis est arrivé en retard et personne n'a répondu.",
        "包裹到得很晚，客服也不回复。",
        "Посылка пришла поздно.",
    ],
)
def test_empty_and_non_english_text_is_unknown(text: str) -> None:
    result = score_text(text)
    assert result == Sentiment(0.0, 0.0, "unknown", ())
    assert describe(result) == "unknown"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Paket kam heute an 😍", "positive"),
        ("El pedido llegó roto :(", "negative"),
        ("Le colis est arrivé 👍", "positive"),
        ("Посылка пришла поздно 😡", "negative"),
    ],
)
def test_non_english_text_is_scored_by_its_emoji_alone(text: str, expected: str) -> None:
    result = score_text(text)
    assert result.label == expected
    assert result.subjectivity == 0.0
    assert all(not cue.isalpha() for cue in result.cues)


def test_when_praise_and_complaint_cancel_out_the_last_one_decides() -> None:
    # "nice" and "awful" weigh the same, so only their order tells them apart, and only weakly.
    assert 0 < polarity("The room was awful. The staff were nice.") < POSITIVE_THRESHOLD
    assert NEGATIVE_THRESHOLD < polarity("The staff were nice. The room was awful.") < 0
    assert label("The staff were nice. The room was awful.") == "neutral"


def test_praise_inside_a_question_counts_for_less() -> None:
    assert 0 < polarity("Is the new model any good?") < polarity("The new model is good.")
    assert label("Why is the app so slow?") == "negative"
    assert label("Was the delivery really the fastest option? It arrived broken.") == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I haven't been this happy with a purchase in years", "positive"),
        ("We have never been this pleased with a builder", "positive"),
        ("I have never been this disappointed by a hotel", "negative"),
        ("Hasn't been this cold in the flat since we moved in", "negative"),
        ("I couldn't be any happier with the sofa", "positive"),
        ("The fitting could not have gone any better", "positive"),
        ("The handover could not have gone any worse", "negative"),
        ("It was not any better than the old one", "negative"),
        ("I have never been happy with their support", "negative"),
    ],
)
def test_negation_that_praises_beyond_comparison(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The cleaner was awsome", "positive"),
        ("I was flattered by the handwritten note", "positive"),
        ("Merry Christmas to the whole team", "positive"),
        ("The staff really put their heart into it", "positive"),
        ("Finally got my parcel", "positive"),
        ("Saved me a trip to town", "positive"),
        ("wish I could be there for the opening", "positive"),
        ("Please stop sending me these emails", "negative"),
        ("The boiler broke and we had to call an emergency plumber", "negative"),
        ("He nearly had a heart attack when he saw the bill", "negative"),
        ("Our waiter brought the menus", "neutral"),
        ("We will stop by the shop on Friday", "neutral"),
    ],
)
def test_new_general_words(text: str, expected: str) -> None:
    assert label(text) == expected


def test_plain_statements_are_neutral() -> None:
    assert label("The parcel arrived on Tuesday.") == "neutral"
    assert label("I ordered a blue jumper on Monday.") == "neutral"


def test_cues_name_what_drove_the_score() -> None:
    result = score_text("Charged twice, and nobody called back.")
    assert result.label == "negative"
    assert result.cues == ("charged twice", "nobody called back")
    assert describe(result) == "negative: 'charged twice', 'nobody called back'"


def test_cues_are_few_lowercase_in_text_order_and_from_the_text() -> None:
    text = "GREAT coffee, lovely staff, fair prices, comfy chairs, quick wifi, friendly owner and nice music"
    result = score_text(text)
    assert result.label == "positive"
    assert 0 < len(result.cues) <= 5
    lowered = text.lower()
    positions = [lowered.index(cue) for cue in result.cues]
    assert positions == sorted(positions)
    assert all(cue == cue.lower() for cue in result.cues)


def test_cues_agree_with_the_label() -> None:
    result = score_text("Friendly driver but the sofa arrived damaged and nobody answered")
    assert result.label == "negative"
    assert "friendly" not in result.cues
    assert "arrived damaged" in result.cues


@pytest.mark.parametrize(
    "text",
    [
        "the food was very good but the service was slow",
        "a horrible movie with a great cast",
        "not really good at all",
    ],
)
def test_subjectivity_is_textblobs(text: str) -> None:
    assert score_text(text).subjectivity == pytest.approx(PatternAnalyzer().analyze(text).subjectivity)


_VOCABULARY = [
    "not",
    "never",
    "no",
    "very",
    "too",
    "but",
    "although",
    "good",
    "bad",
    "again",
    "buy",
    "would",
    "won't",
    "charged",
    "twice",
    "arrived",
    "damaged",
    "!!!",
    "?",
    ",",
    ".",
    "😡",
    ":)",
    "LOVE",
    "a bit",
    "kind of",
    "isn’t",
    "worth",
    "it",
    "8/10",
    "1 star",
    "hahaha",
    "sooo",
    "und",
    "包裹",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(_VOCABULARY), max_size=25).map(" ".join),
    )
)
def test_any_text_scores_within_range_and_consistently(text: str) -> None:
    result = score_text(text)
    assert -1.0 <= result.polarity <= 1.0
    assert 0.0 <= result.subjectivity <= 1.0
    assert len(result.cues) <= 5
    if result.label == "unknown":
        assert result.polarity == 0.0
    elif result.polarity >= POSITIVE_THRESHOLD:
        assert result.label == "positive"
    elif result.polarity <= NEGATIVE_THRESHOLD:
        assert result.label == "negative"
    else:
        assert result.label == "neutral"


def _imdb() -> list[tuple[str, int]]:
    """Read the imdb sentences, splitting on LF only because the texts contain U+0085."""
    rows = []
    for line in (DATA / "imdb_labelled.txt").read_text(encoding="utf-8").split("\n"):
        if line.strip():
            text, value = line.rstrip("\r").rsplit("\t", 1)
            rows.append((text.strip(), int(value)))
    return rows


@pytest.mark.skipif(not (DATA / "imdb_labelled.txt").exists(), reason="shared/data/sentiment is absent")
def test_imdb_binary_accuracy_is_at_least_80_percent() -> None:
    rows = _imdb()
    correct = 0
    for text, value in rows:
        score = polarity(text)
        correct += (score > 0 and value == 1) or (score < 0 and value == 0)
    assert correct / len(rows) >= 0.80

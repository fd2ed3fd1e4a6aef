"""The risk model: the shipped trees read back exactly, the evaluator's arithmetic, and what the features say."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from bot.core import risk_model
from bot.core.signals import AccountSignals, Quote

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def account(**changes: object) -> AccountSignals:
    """A happy account that answers every pulse; tests change only what they are about."""
    base = AccountSignals(
        account_id=1,
        name="Acme",
        owner_id="U0OWNER",
        billed=100_000,
        forecast=50_000,
        responses=6,
        satisfaction=0.9,
        baseline=0.9,
        previous_satisfaction=0.9,
        pulses_sent=6,
        pulses_answered=6,
        unanswered_streak=0,
        last_response_at=NOW - timedelta(days=10),
        last_no_at=None,
        recent_scores=(1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        worst_recent=None,
        alert=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def shipped_document() -> dict[str, object]:
    text = (resources.files("bot.core") / "data" / risk_model.MODEL_FILE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_the_shipped_model_gives_the_likelihoods_scikit_learn_gave_its_check_rows():
    document = shipped_document()
    checks = document["checks"]
    assert isinstance(checks, list) and len(checks) >= 5
    chances = [check["likelihood"] for check in checks]
    assert max(chances) - min(chances) > 0.3  # the rows span the range, not one corner of it
    for check in checks:
        assert risk_model.model().likelihood(tuple(check["features"])) == pytest.approx(check["likelihood"], abs=1e-9)


def test_the_shipped_model_is_over_pulses_features_and_says_how_it_was_trained():
    document = shipped_document()
    assert tuple(document["features"]) == risk_model.FEATURES  # type: ignore[arg-type]
    assert "tuning seeds" in str(document["trained_on"])
    assert len(risk_model.model().trees) == document["params"]["max_iter"]  # type: ignore[index]


def test_a_model_over_other_features_is_refused():
    document = {**shipped_document(), "features": ["revenue", *risk_model.FEATURES[1:]]}
    with pytest.raises(ValueError, match="features"):
        risk_model.parse_model(document)


def test_the_evaluator_walks_each_tree_left_at_or_below_the_threshold_and_adds_the_leaves():
    # Two trees over feature 0: the first splits at 0.5, the second is a single leaf.
    document = {
        "version": "test",
        "features": list(risk_model.FEATURES),
        "baseline": -1.0,
        "trees": [
            [[0, 0.5, 1, 2, 0.0], [-1, 0.0, 0, 0, -2.0], [-1, 0.0, 0, 0, 3.0]],
            [[-1, 0.0, 0, 0, 0.5]],
        ],
    }
    model = risk_model.parse_model(document)
    width = len(risk_model.FEATURES)
    at = (0.5,) + (0.0,) * (width - 1)
    above = (0.6,) + (0.0,) * (width - 1)
    assert model.likelihood(at) == pytest.approx(1 / (1 + math.exp(-(-1.0 - 2.0 + 0.5))))
    assert model.likelihood(above) == pytest.approx(1 / (1 + math.exp(-(-1.0 + 3.0 + 0.5))))


def test_features_read_the_latest_answers_the_no_and_the_silence():
    no_at = NOW - timedelta(days=30)
    unhappy = account(
        recent_scores=(1.0, 0.0, -1.0),
        last_no_at=no_at,
        last_response_at=no_at,
        satisfaction=-0.2,
        baseline=0.9,
        unanswered_streak=9,
        pulses_sent=10,
        pulses_answered=4,
        worst_recent=Quote("late again", "no", "negative", ("late",), no_at, "jane@x.example"),
    )
    values = dict(zip(risk_model.FEATURES, risk_model.features(unhappy, 0.7, now=NOW), strict=True))
    assert values["latest_no"] == 1.0 and values["latest_unsure"] == 0.0
    assert values["recent_no"] == pytest.approx(math.exp(-1))
    assert values["negative_comment"] == pytest.approx(math.exp(-1))
    assert values["badness_last_2"] == pytest.approx(0.75)
    assert values["badness_last_3"] == pytest.approx(0.5)
    assert values["drop"] == pytest.approx(1.1)
    assert values["unanswered_streak"] == risk_model.STREAK_MAX
    assert values["answer_rate"] == pytest.approx(0.4)
    assert values["severity"] == 0.7


def test_an_account_never_asked_has_neutral_features():
    never = account(
        responses=0,
        satisfaction=None,
        baseline=None,
        previous_satisfaction=None,
        pulses_sent=0,
        pulses_answered=0,
        last_response_at=None,
        recent_scores=(),
    )
    values = dict(zip(risk_model.FEATURES, risk_model.features(never, 0.0, now=NOW), strict=True))
    assert values["no_answers"] == 1.0
    assert values["answer_rate"] == risk_model.UNKNOWN_RATE
    assert values["badness_before"] == risk_model.UNKNOWN_PRIOR
    assert 0.0 <= risk_model.likelihood(never, 0.0, now=NOW) <= 1.0


def test_a_fresh_no_after_years_of_yes_is_far_likelier_lost_than_a_happy_account():
    happy = account()
    turned = account(
        recent_scores=(1.0, 1.0, 1.0, 1.0, 1.0, -1.0),
        last_no_at=NOW - timedelta(days=2),
        last_response_at=NOW - timedelta(days=2),
        satisfaction=0.2,
    )
    assert risk_model.likelihood(turned, 0.6, now=NOW) > 4 * risk_model.likelihood(happy, 0.0, now=NOW)

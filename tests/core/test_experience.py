"""Per-account experience: recency-weighted satisfaction, baseline and trend, response rate, the telling comment."""

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import experience, survey
from bot.core.experience import PulseCounts, ScoredResponse, summarize, weighted_mean
from bot.core.triggers import Cause, triggered

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COUNTS = PulseCounts(sent=10, answered=4, unanswered_streak=2)


def response(
    days_ago: float,
    experience: float,
    answer: str = "yes",
    label: str = "unknown",
    rid: int = 0,
    polarity: float | None = None,
) -> ScoredResponse:
    return ScoredResponse(rid, NOW - timedelta(days=days_ago), answer, experience, label, polarity)


def test_recent_answers_outweigh_old_ones():
    old_happy = [response(300 - i, 1.0, rid=i) for i in range(10)]
    fresh_no = [response(1, -1.0, "no", rid=99)]
    summary = summarize(old_happy + fresh_no, COUNTS, now=NOW)
    plain_mean = (10 * 1.0 - 1.0) / 11
    assert summary.satisfaction is not None and summary.satisfaction < plain_mean
    assert summary.satisfaction < 0.2


def test_baseline_is_the_accounts_usual_level_before_its_latest_answers():
    history = [response(200 - 10 * i, 0.8, rid=i) for i in range(8)]
    latest = [response(2, -0.9, "no", rid=50), response(1, -1.0, "no", rid=51)]
    summary = summarize(history + latest, COUNTS, now=NOW)
    assert summary.baseline == 0.8
    assert summary.trend is not None and summary.trend < -1.0
    assert summary.previous_satisfaction is not None and summary.previous_satisfaction > summary.satisfaction


def test_too_little_history_has_no_baseline():
    summary = summarize([response(3, 0.5, rid=1), response(1, 0.2, rid=2)], COUNTS, now=NOW)
    assert summary.baseline is None and summary.trend is None
    assert summary.responses == 2


def test_response_rate_streak_and_recent_scores():
    summary = summarize([response(i, i / 20, rid=i) for i in range(15)], COUNTS, now=NOW)
    assert summary.response_rate == 0.4
    assert summary.unanswered_streak == 2
    assert len(summary.recent_scores) == 12
    assert summary.recent_scores[-1] == 0.0  # newest last


def test_the_telling_response_is_the_latest_no_then_the_most_negative_comment():
    rows = [
        response(50, -0.9, "no", rid=1),
        response(10, -0.8, "no", rid=2),
        response(5, -0.2, "unsure", "negative", rid=3, polarity=-0.9),
    ]
    assert summarize(rows, COUNTS, now=NOW).telling_response_id == 2
    comments = [
        response(5, 0.1, "unsure", "negative", rid=3, polarity=-0.3),
        response(4, 0.0, "unsure", "negative", rid=4, polarity=-0.8),
    ]
    assert summarize(comments, COUNTS, now=NOW).telling_response_id == 4
    assert summarize([response(200, -1.0, "no", rid=9)], COUNTS, now=NOW).telling_response_id is None


@given(st.lists(st.tuples(st.floats(0, 400), st.floats(-1, 1)), min_size=1, max_size=30), st.floats(1, 1000))
def test_weighted_satisfaction_stays_in_range_and_does_not_change_as_time_passes(rows, later_days):
    responses = [response(days, value, rid=i) for i, (days, value) in enumerate(rows)]
    mean = weighted_mean(responses, timedelta(days=60))
    assert mean is not None and -1.0 <= mean <= 1.0
    moved = [
        ScoredResponse(r.response_id, r.at + timedelta(days=later_days), r.answer, r.experience, r.label, None)
        for r in responses
    ]
    assert abs((weighted_mean(moved, timedelta(days=60)) or 0) - mean) < 1e-3


def test_triggers_fire_for_a_no_a_strongly_negative_comment_and_a_drop():
    calm = summarize([response(i * 10, 0.8, rid=i) for i in range(6)], COUNTS, now=NOW)
    dropped = summarize(
        [response(100 - i * 10, 0.8, rid=i) for i in range(6)]
        + [response(1, -0.9, "no", rid=8), response(0, -1.0, "no", rid=9)],
        COUNTS,
        now=NOW,
    )
    assert triggered(answer=survey.Answer.YES, label="positive", polarity=0.6, after=calm) == ()
    assert triggered(answer=survey.Answer.NO, label="unknown", polarity=None, after=calm) == (Cause.NO_ANSWER,)
    assert triggered(answer=survey.Answer.UNSURE, label="negative", polarity=-0.7, after=calm) == (
        Cause.NEGATIVE_COMMENT,
    )
    assert triggered(answer=survey.Answer.UNSURE, label="negative", polarity=-0.2, after=calm) == ()
    assert Cause.DROP in triggered(answer=survey.Answer.NO, label="unknown", polarity=None, after=dropped)


@given(st.floats(-1, 1), st.floats(-1, 1), st.floats(-1, 1))
def test_the_answer_comes_first_and_the_comment_second(yes_polarity, unsure_polarity, no_polarity):
    yes = survey.score_experience(survey.Answer.YES, yes_polarity)
    unsure = survey.score_experience(survey.Answer.UNSURE, unsure_polarity)
    no = survey.score_experience(survey.Answer.NO, no_polarity)
    assert yes > unsure > no
    assert survey.score_experience(survey.Answer.YES, None) == 1.0
    assert survey.experience_percent(-1.0) == 0 and survey.experience_percent(1.0) == 100


def test_the_quiet_contact_is_the_one_who_used_to_answer_and_stopped():
    # Newest first. Contact 1 answered all three of their earlier pulses and missed the last three; contact 2
    # never answers (not news); contact 3 missed two but answered one of four before; 4's pulse is still open.
    pulses = [
        (1, False),
        (2, False),
        (4, None),
        (1, False),
        (3, False),
        (1, False),
        (3, False),
        (1, True),
        (3, True),
        (1, True),
        (3, False),
        (1, True),
        (3, False),
        (3, False),
        (2, False),
    ]
    quiet = experience.quiet_contact(pulses)
    assert quiet == experience.QuietContactCounts(contact_id=1, streak=3, answered=3, asked=3)
    assert quiet.rate == pytest.approx(0.8)  # 3 of 3, smoothed: (3 + 1) / (3 + 2)
    assert quiet.surprise == pytest.approx(-3 * math.log10(0.2))
    assert experience.contact_answer_rate(1, 1) == pytest.approx(2 / 3)  # one answer is not yet a habit
    assert experience.contact_answer_rate(50, 50) == experience.QUIET_CONTACT_RATE_CAP


def test_no_quiet_contact_without_a_streak_of_two_after_an_answer():
    assert experience.quiet_contact([]) is None
    assert experience.quiet_contact([(1, False), (1, True)]) is None  # one miss is not a streak
    assert experience.quiet_contact([(1, False), (1, False), (1, False)]) is None  # never answered: not "stopped"
    assert experience.quiet_contact([(None, False), (None, False), (None, True)]) is None  # no contact to name
    assert experience.quiet_contact([(1, True), (1, False), (1, False), (1, True)]) is None  # answered since


def test_the_least_likely_silence_wins_over_the_longer_one():
    # Contact 5 misses 3 after answering 1 of 4 (a 30% chance at its smoothed rate); contact 6 misses 2 after
    # answering 4 of 4 (under 3%).
    pulses = [(5, False), (5, False), (6, False), (5, False), (6, False)]
    pulses += [(5, True), (5, False), (5, False), (5, False), (6, True), (6, True), (6, True), (6, True)]
    quiet = experience.quiet_contact(pulses)
    assert quiet is not None and (quiet.contact_id, quiet.streak) == (6, 2)

"""Classification of accounts (the eight cells of seed 000, figure 2), thresholds, risk signals, decay, evidence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import experience, portfolio, portfolio_risk, survey
from bot.core.portfolio import AccountClass
from bot.core.signals import AccountSignals, AlertInfo, ClassifyConfig, Quote, Thresholds

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
CONFIG = ClassifyConfig()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def account(account_id: int = 1, name: str = "Acme", **changes: object) -> AccountSignals:
    """A calm, well-answered account; tests change only what they are about."""
    base = AccountSignals(
        account_id=account_id,
        name=name,
        owner_id="U0OWNER",
        billed=100_000.0,
        forecast=50_000.0,
        responses=6,
        satisfaction=0.2,
        baseline=0.2,
        previous_satisfaction=0.2,
        pulses_sent=6,
        pulses_answered=6,
        unanswered_streak=0,
        last_response_at=days_ago(10),
        last_no_at=None,
        recent_scores=(0.2, 0.2),
        worst_recent=None,
        alert=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def comment(text: str, *, answer: str = "no", label: str = "negative", cues: tuple[str, ...] = (), age: float = 2):
    return Quote(text=text, answer=answer, label=label, cues=cues, at=days_ago(age), contact="jane@acme.example")


def alert(*, age: float = 6, acknowledged: bool = False, snoozed_until: datetime | None = None) -> AlertInfo:
    return AlertInfo(
        alert_id=41,
        cause="no_answer",
        opened_at=days_ago(age),
        acknowledged_by="U0LEAD" if acknowledged else None,
        acknowledged_at=days_ago(1) if acknowledged else None,
        snoozed_until=snoozed_until,
    )


def history(answers: str, *, every: float = 14, last: float = 2, streak: int = 0, **changes: object) -> AccountSignals:
    """An account whose aggregates come from a string of answers (y, u, n), oldest first, as Pulse summarises them."""
    kinds = {"y": survey.Answer.YES, "u": survey.Answer.UNSURE, "n": survey.Answer.NO}
    scored = [
        experience.ScoredResponse(
            i, days_ago(last + every * (len(answers) - 1 - i)), kinds[a], kinds[a].value_score, "unknown", None
        )
        for i, a in enumerate(answers)
    ]
    counts = experience.PulseCounts(sent=len(answers) + streak, answered=len(answers), unanswered_streak=streak)
    summary = experience.summarize(scored, counts, now=NOW)
    base = account(
        responses=summary.responses,
        satisfaction=summary.satisfaction,
        baseline=summary.baseline,
        previous_satisfaction=summary.previous_satisfaction,
        pulses_sent=summary.pulses_sent,
        pulses_answered=summary.pulses_answered,
        unanswered_streak=summary.unanswered_streak,
        last_response_at=summary.last_response_at,
        last_no_at=summary.last_no_at,
        recent_scores=summary.recent_scores,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


FIXED = Thresholds(billed_high=1_000_000, forecast_high=500_000)
HIGH = {"billed": 2_400_000.0, "forecast": 900_000.0}


def assess(signals: AccountSignals, t: Thresholds = FIXED, config: ClassifyConfig = CONFIG) -> portfolio.Assessment:
    return portfolio.assess(signals, t, config, now=NOW)


@pytest.mark.parametrize(
    ("billed", "forecast", "answers", "expected"),
    [
        (2_400_000, 900_000, "n", AccountClass.INTERVENE),
        (2_400_000, 100_000, "yyyn", AccountClass.PROTECT),
        (60_000, 1_100_000, "yyn", AccountClass.SECURE),
        (30_000, 15_000, "nn", AccountClass.REASSESS),
        (2_400_000, 900_000, "yyy", AccountClass.HEALTHY),
        (2_400_000, 100_000, "yuy", AccountClass.EXPAND),
        (60_000, 1_100_000, "y", AccountClass.GROW),
        (30_000, 15_000, "yy", AccountClass.NURTURE),
    ],
)
def test_all_eight_cells_of_figure_two_have_a_class_and_a_play(billed, forecast, answers, expected):
    result = assess(history(answers, billed=billed, forecast=forecast))
    assert result.account_class is expected
    assert result.reasons and expected.play in result.reasons
    assert expected.at_risk == result.at_risk


def test_seed_zeros_first_customer_is_intervene_now_on_one_answer():
    quote = comment("Nobody called back, we are looking at other suppliers", cues=("nobody called back",), age=1)
    one = history("n", last=1, billed=900_000, forecast=400_000, worst_recent=quote)
    t = Thresholds(billed_high=500_000, forecast_high=200_000)
    result = assess(one, t)
    assert result.account_class is AccountClass.INTERVENE
    assert result.classification.confidence == "based on 1 answer (tentative)"
    assert result.evidence == "strong"
    assert result.reasons[0] == "Answered No 1 day ago"
    assert "Likely to migrate" in " | ".join(result.reasons)


def test_the_classes_of_unhappy_customers_never_look_reassuring():
    unhappy = [c for c in AccountClass if c.at_risk]
    assert set(unhappy) == {AccountClass.INTERVENE, AccountClass.PROTECT, AccountClass.SECURE, AccountClass.REASSESS}
    assert "Maintain" not in {c.label for c in unhappy}


@pytest.mark.parametrize(
    "changes",
    [
        {"satisfaction": 0.9, "baseline": 0.9, "last_no_at": days_ago(1), "recent_scores": (1.0, -1.0)},
        {"satisfaction": 0.8, "unanswered_streak": 6, "pulses_sent": 12, "pulses_answered": 6},
        {"satisfaction": 0.6, "alert": alert(age=30)},
        {"satisfaction": 0.6, "worst_recent": comment("awful", age=0), "alert": alert(age=10)},
    ],
)
def test_an_account_listed_at_risk_always_wears_an_unhappy_class(changes):
    for amounts in ({"billed": 2_400_000, "forecast": 900_000}, {"billed": 50_000, "forecast": 0}):
        result = assess(account(**amounts, **changes))
        assert result.at_risk
        assert result.account_class.at_risk, (changes, result.account_class)


def test_no_answers_and_no_evidence_says_so_and_is_not_healthy():
    result = assess(account(**HIGH, responses=0, satisfaction=None, baseline=None, recent_scores=()))
    assert result.account_class is AccountClass.INSUFFICIENT
    assert result.account_class.label == "No answers yet"
    assert result.classification.confidence == "no answers yet"
    assert not result.at_risk


def test_confidence_is_said_in_words():
    assert assess(history("yyyy", streak=2)).classification.confidence == "based on 4 answers and 2 unanswered pulses"
    assert assess(history("yy")).classification.confidence == "based on 2 answers (tentative)"


def test_satisfaction_follows_a_decline_within_one_or_two_answers():
    one = history("yyyyyyn")
    two = history("yyyyyynn")
    assert one.satisfaction is not None and two.satisfaction is not None
    assert survey.experience_percent(one.satisfaction) < 62
    assert survey.experience_percent(two.satisfaction) < 40
    assert assess(two).evidence == "strong"


def test_a_happy_account_saying_not_sure_once_is_not_at_risk_however_big():
    result = assess(history("yyyyu", billed=50_000_000, forecast=20_000_000))
    assert not result.at_risk
    assert result.account_class is AccountClass.HEALTHY


def test_a_later_yes_supersedes_a_no():
    no = assess(history("yyn", last=3))
    then_yes = assess(history("yyny", last=1, every=2))
    assert no.at_risk
    assert not then_yes.at_risk
    assert any("Yes since" in r for r in then_yes.reasons)


def test_a_no_repeated_weighs_more_and_says_so():
    once, twice = assess(history("yyyyn")), assess(history("yyynn"))
    assert twice.severity > once.severity
    assert "2 of the last 3 answers" in twice.reasons[0] or any("2 of the last 3" in r for r in twice.reasons)


def test_a_no_from_a_usually_happy_customer_is_more_news_than_from_a_hesitant_one():
    assert assess(history("yyyyyn")).severity > assess(history("uuuuun")).severity


def test_a_fall_weighs_by_its_size():
    small, large = (
        assess(history("uuuuuu", satisfaction=-0.1, baseline=0.3)),
        assess(history("yyyyyu", baseline=1.0, satisfaction=-0.2)),
    )
    drop = [s for s in large.signals if s.kind == "drop"]
    assert drop and drop[0].reason == "Satisfaction 40/100, down 60 points from its usual 100"
    assert large.severity > small.severity


def test_silence_from_contacts_who_used_to_answer_counts_more_the_less_likely_it_is():
    usual = history("yyyyyyyy", streak=3)
    rare = history("yyyyyyyy", streak=3, pulses_sent=30, pulses_answered=9)
    silence = [s for s in assess(usual).signals if s.kind == "silence"]
    assert silence and "No answer to the last 3 pulses" in silence[0].reason
    assert silence[0].weight > next(s.weight for s in assess(rare).signals if s.kind == "silence")


def test_silence_alone_never_makes_strong_evidence():
    result = assess(history("yyyyyyyy", streak=12, last=200, every=5))
    assert result.evidence != "strong"


def test_a_big_account_that_never_answered_is_a_signal_a_small_one_is_not():
    never = {"responses": 0, "satisfaction": None, "baseline": None, "recent_scores": (), "last_response_at": None}
    big = assess(account(**HIGH, **never, unanswered_streak=3, pulses_sent=3, pulses_answered=0))
    small = assess(account(billed=20_000, forecast=0, **never, unanswered_streak=3, pulses_sent=3, pulses_answered=0))
    assert big.reasons[0] == "Never answered: no answer to the 3 pulses sent (high-value account)"
    assert small.severity == 0.0


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ({"last_no_at": days_ago(90)}, {"last_no_at": days_ago(1)}),
        ({"worst_recent": comment("bad", age=60)}, {"worst_recent": comment("bad", age=3)}),
        (
            {"satisfaction": -0.3, "baseline": 0.6, "last_response_at": days_ago(45)},
            {"satisfaction": -0.3, "baseline": 0.6, "last_response_at": days_ago(2)},
        ),
    ],
)
def test_an_old_signal_weighs_less_than_a_fresh_one(older, newer):
    old, fresh = assess(account(**older)), assess(account(**newer))
    assert 0 < old.severity < fresh.severity


def test_a_signal_halves_every_half_life():
    # A "No" followed by a "Not sure": superseded evidence halves every half-life (30 days).
    weights = [assess(history("yyyynu", last=d)).signals[0].weight for d in (0, 30, 60)]
    assert weights[1] == pytest.approx(weights[0] / 2)
    assert weights[2] == pytest.approx(weights[0] / 4)


def test_a_no_that_is_still_the_latest_answer_fades_three_times_more_slowly():
    # Silence since a "No" does not say the customer is happy again: it halves every three half-lives.
    weights = [assess(history("yyyyn", last=d)).signals[0].weight for d in (0, 90, 180)]
    assert weights[1] == pytest.approx(weights[0] / 2)
    assert weights[2] == pytest.approx(weights[0] / 4)
    superseded = assess(history("yyyynu", last=30)).signals[0].weight
    standing = assess(history("yyyyn", last=44)).signals[0].weight
    assert standing > superseded


def test_signals_combine_like_independent_chances():
    both = assess(history("yyyyn", last=0, alert=alert(age=14)))
    no = next(s.weight for s in both.signals if s.kind == "no")
    rest = 1.0
    for signal in both.signals:
        rest *= 1 - signal.weight
    assert both.severity == pytest.approx(1 - rest)
    assert both.severity > no


def test_an_unacknowledged_alert_weighs_more_as_it_ages_and_not_once_acknowledged():
    weights = [assess(account(alert=alert(age=d))).severity for d in (0, 7, 30)]
    assert weights[0] < weights[1] < weights[2]
    assert assess(account(alert=alert(acknowledged=True))).severity == 0.0


def test_a_snooze_mutes_what_the_alert_covers_but_not_what_came_after():
    snooze = alert(age=3, snoozed_until=NOW + timedelta(days=4))
    muted = history("yyyyn", last=3, **HIGH, unanswered_streak=0, alert=snooze)
    result = assess(muted)
    assert result.snoozed
    assert not result.at_risk
    assert "Alert snoozed until 2024-06-07" in result.reasons
    newer = assess(replace(muted, last_no_at=days_ago(1), last_response_at=days_ago(1)))
    assert newer.at_risk


def test_thresholds_are_portfolio_quantiles():
    t = portfolio.thresholds([float(v) for v in range(1, 11)], [float(v) for v in range(10, 0, -1)], CONFIG)
    assert t.billed_high == pytest.approx(6.4)
    assert t.forecast_high == pytest.approx(5.5)
    assert (t.billed_top_pct, t.forecast_top_pct) == (40, 50)
    assert [v for v in range(1, 11) if portfolio_risk.is_high(v, t.billed_high)] == [7, 8, 9, 10]


def test_absolute_overrides_replace_the_portfolio_cut_offs():
    config = ClassifyConfig(billed_high=1_000_000, forecast_high=250_000)
    t = portfolio.thresholds([1.0, 2.0], [1.0, 2.0], config)
    assert t == Thresholds(1_000_000, 250_000, None, None)
    reasons = portfolio.classify(account(billed=1_200_000, forecast=100_000), t, config).reasons
    assert "Billing 1.2M is high (at or above 1M)" in reasons
    assert "Forecast 100k is low (below 250k)" in reasons


def test_empty_portfolio_and_zero_revenue_are_never_high():
    t = portfolio.thresholds([], [], CONFIG)
    assert (t.billed_high, t.forecast_high) == (0.0, 0.0)
    assert not portfolio_risk.is_high(0.0, t.billed_high)


def test_the_floor_and_the_satisfaction_cut_are_configurable():
    signals = history("yyyyu", **HIGH)
    assert assess(signals, config=ClassifyConfig(satisfaction_low=0.9)).account_class is AccountClass.INTERVENE
    lenient = ClassifyConfig(severity_floor=0.9, strong_evidence=0.95)
    assert not assess(history("yyyyn", **HIGH), config=lenient).at_risk


def test_last_change_and_the_comment_that_moved_it_are_reasons():
    quote = comment("We were  charged twice.\nNobody called back.", cues=("charged twice",))
    signals = account(satisfaction=-0.3, previous_satisfaction=0.25, worst_recent=quote)
    reasons = portfolio.classify(signals, FIXED, CONFIG).reasons
    assert "Last answer moved satisfaction from 62 to 35 (-27 points)" in reasons
    assert "Comment from jane@acme.example (no): “We were charged twice. Nobody called back.”" in reasons


def test_class_labels_read_as_people_say_them():
    assert [c.label for c in AccountClass] == [
        "Intervene now",
        "Protect the revenue",
        "Secure the forecast",
        "Reassess coverage",
        "Maintain",
        "Expand",
        "Grow",
        "Keep warm",
        "No answers yet",
    ]

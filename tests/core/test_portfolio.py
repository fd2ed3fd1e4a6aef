"""Classification of accounts (seed 000, figure 2), thresholds, risk signals, decay and ranking."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import portfolio, portfolio_risk
from bot.core.portfolio import AccountClass, AccountSignals, AlertInfo, ClassifyConfig, Quote, Thresholds

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


# A realistic portfolio around the three customers of the article's figure: billing from 20k to 3M.
PORTFOLIO = [
    account(1, "Customer One", billed=2_400_000, forecast=900_000, satisfaction=-0.45, baseline=0.3),
    account(2, "Customer Two", billed=60_000, forecast=1_100_000, satisfaction=0.75, baseline=0.7),
    account(3, "Customer Three", billed=30_000, forecast=15_000, satisfaction=-0.5, baseline=-0.4),
    account(4, "Northwind", billed=3_000_000, forecast=1_500_000, satisfaction=0.6, baseline=0.6),
    account(5, "Globex", billed=1_200_000, forecast=400_000, satisfaction=0.3, baseline=0.3),
    account(6, "Initech", billed=800_000, forecast=250_000, satisfaction=0.1, baseline=0.2),
    account(7, "Umbrella", billed=450_000, forecast=120_000, satisfaction=0.5, baseline=0.5),
    account(8, "Hooli", billed=250_000, forecast=600_000, satisfaction=0.2, baseline=0.2),
    account(9, "Stark", billed=150_000, forecast=80_000, satisfaction=0.35, baseline=0.4),
    account(10, "Wayne", billed=20_000, forecast=10_000, satisfaction=0.6, baseline=0.6),
]
PORTFOLIO_T = portfolio.thresholds([a.billed for a in PORTFOLIO], [a.forecast for a in PORTFOLIO], CONFIG)


@pytest.mark.parametrize(
    ("account_id", "expected", "fragments"),
    [
        (1, AccountClass.INTERVENE, ("Likely to migrate", "Billing 2.4M is high for this portfolio (top 40%)")),
        (2, AccountClass.GROW, ("Under-served potential", "Forecast 1.1M is significant for this portfolio")),
        (3, AccountClass.REASSESS, ("reassess sales coverage", "Billing 30k is low for this portfolio")),
        (4, AccountClass.HEALTHY, ("maintain", "Satisfaction 80/100 is high (70 or above)")),
        (8, AccountClass.HEALTHY, ("Forecast 600k is significant",)),
    ],
)
def test_figure_two_customers_land_in_their_classes(account_id, expected, fragments):
    signals = next(a for a in PORTFOLIO if a.account_id == account_id)
    result = portfolio.classify(signals, PORTFOLIO_T, CONFIG)
    assert result.account_class is expected
    text = " | ".join(result.reasons)
    for fragment in fragments:
        assert fragment in text


def test_customer_one_says_satisfaction_is_low_in_points():
    result = portfolio.classify(PORTFOLIO[0], PORTFOLIO_T, CONFIG)
    assert "Satisfaction 28/100 is low (50 or below)" in result.reasons
    assert (result.billed_high, result.forecast_high, result.satisfaction_level) == (True, True, "low")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"billed": 2_000_000, "forecast": 10_000, "satisfaction": -0.6}, AccountClass.HEALTHY),
        ({"billed": 2_000_000, "forecast": 900_000, "satisfaction": 0.1}, AccountClass.HEALTHY),
        ({"billed": 2_000_000, "forecast": 900_000, "satisfaction": 0.0}, AccountClass.INTERVENE),
        ({"billed": 10_000, "forecast": 900_000, "satisfaction": 0.39}, AccountClass.HEALTHY),
        ({"billed": 10_000, "forecast": 900_000, "satisfaction": 0.4}, AccountClass.GROW),
        ({"billed": 10_000, "forecast": 10_000, "satisfaction": 0.0}, AccountClass.REASSESS),
        ({"billed": 0, "forecast": 0, "satisfaction": -1.0}, AccountClass.REASSESS),
    ],
)
def test_cut_offs_are_inclusive_and_everything_else_is_healthy(changes, expected):
    t = Thresholds(billed_high=1_000_000, forecast_high=500_000)
    assert portfolio.classify(account(**changes), t, CONFIG).account_class is expected


@pytest.mark.parametrize(
    ("responses", "satisfaction", "reason"),
    [
        (0, None, "No answers yet: not enough feedback to classify"),
        (1, -0.8, "Only 1 answer so far: not enough feedback to classify"),
    ],
)
def test_too_little_feedback_says_so_instead_of_guessing(responses, satisfaction, reason):
    signals = account(billed=2_400_000, forecast=900_000, responses=responses, satisfaction=satisfaction)
    result = portfolio.classify(signals, PORTFOLIO_T, CONFIG)
    assert result.account_class is AccountClass.INSUFFICIENT
    assert result.reasons[0] == reason
    assert AccountClass.INSUFFICIENT.label == "Not enough feedback"


def test_insufficient_feedback_still_carries_the_risk_of_a_no():
    signals = account(billed=2_400_000, forecast=900_000, responses=1, satisfaction=-1.0, last_no_at=days_ago(1))
    result = portfolio.assess(signals, PORTFOLIO_T, CONFIG, now=NOW)
    assert result.account_class is AccountClass.INSUFFICIENT
    assert result.severity > 0.5
    assert result.at_risk
    assert result.reasons[:2] == ("Only 1 answer so far: not enough feedback to classify", "Answered No 1 day ago")


def test_min_responses_is_configurable():
    config = ClassifyConfig(min_responses=5)
    assert portfolio.class_of(account(responses=4), PORTFOLIO_T, config) is AccountClass.INSUFFICIENT
    assert portfolio.class_of(account(responses=5), PORTFOLIO_T, config) is not AccountClass.INSUFFICIENT


def test_thresholds_are_portfolio_quantiles():
    t = portfolio.thresholds([float(v) for v in range(1, 11)], [float(v) for v in range(10, 0, -1)], CONFIG)
    assert t.billed_high == pytest.approx(6.4)
    assert t.forecast_high == pytest.approx(5.5)
    assert (t.billed_top_pct, t.forecast_top_pct) == (40, 50)
    high = [v for v in range(1, 11) if portfolio_risk.is_high(v, t.billed_high)]
    assert high == [7, 8, 9, 10]


def test_quantiles_are_configurable():
    config = ClassifyConfig(billed_high_quantile=0.9, forecast_high_quantile=0.0)
    t = portfolio.thresholds([0.0, 100.0], [5.0, 7.0], config)
    assert t.billed_high == pytest.approx(90.0)
    assert t.forecast_high == pytest.approx(5.0)
    assert (t.billed_top_pct, t.forecast_top_pct) == (10, 100)


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
    assert portfolio_risk.is_high(1.0, t.billed_high)


def test_last_change_and_the_comment_that_moved_it_are_reasons():
    quote = comment("We were  charged twice.\nNobody called back.", cues=("charged twice",))
    signals = account(satisfaction=-0.3, previous_satisfaction=0.25, worst_recent=quote)
    reasons = portfolio.classify(signals, PORTFOLIO_T, CONFIG).reasons
    assert "Last answer moved satisfaction from 62 to 35 (-27 points)" in reasons
    assert "Comment from jane@acme.example (no): “We were charged twice. Nobody called back.”" in reasons


HIGH_VALUE = {"billed": 2_400_000.0, "forecast": 100_000.0, "satisfaction": 0.3, "baseline": 0.3}


@pytest.mark.parametrize(
    ("changes", "kind", "reason"),
    [
        ({"last_no_at": days_ago(2)}, "no", "Answered No 2 days ago"),
        (
            {"worst_recent": comment("x", answer="unsure", cues=("charged twice", "nobody called back"))},
            "negative_comment",
            "Negative comment 2 days ago: 'charged twice', 'nobody called back'",
        ),
        (
            {"satisfaction": 0.1, "baseline": 0.6, "last_response_at": days_ago(1)},
            "drop",
            "Satisfaction 55/100, down 25 points from its usual 80",
        ),
        ({"unanswered_streak": 3, "last_response_at": days_ago(40)}, "silence", "No answer to the last 3 pulses"),
        ({"alert": alert(age=6)}, "alert", "Alert open 6 days, not acknowledged"),
        ({"satisfaction": -0.2, "baseline": -0.2}, "low_satisfaction", "Satisfaction 40/100 is low (50 or below)"),
    ],
)
def test_each_risk_signal_raises_severity(changes, kind, reason):
    calm = portfolio.assess(account(**HIGH_VALUE), PORTFOLIO_T, CONFIG, now=NOW)
    assert calm.severity == 0.0
    assert not calm.at_risk
    result = portfolio.assess(account(**{**HIGH_VALUE, **changes}), PORTFOLIO_T, CONFIG, now=NOW)
    assert result.severity > CONFIG.severity_floor
    assert result.at_risk
    assert [s.kind for s in result.signals] == [kind]
    assert result.reasons[0].startswith(reason)


def test_signals_combine_like_independent_chances():
    no = {"last_no_at": NOW}
    both = portfolio.assess(account(**HIGH_VALUE, **no, alert=alert(age=14)), PORTFOLIO_T, CONFIG, now=NOW)
    alone = portfolio.assess(account(**HIGH_VALUE, **no), PORTFOLIO_T, CONFIG, now=NOW)
    assert alone.severity == pytest.approx(0.6)
    assert both.severity == pytest.approx(1 - (1 - 0.6) * (1 - 0.4))
    assert both.reasons[:2] == ("Answered No just now", "Alert open 14 days, not acknowledged")


def test_silence_of_a_small_account_is_not_a_signal():
    small = account(billed=20_000, forecast=5_000, unanswered_streak=5, last_response_at=days_ago(200))
    assert portfolio.assess(small, PORTFOLIO_T, CONFIG, now=NOW).severity == 0.0


def test_long_silence_of_a_big_account_weighs_more_and_says_since_when():
    short = account(**HIGH_VALUE, unanswered_streak=2, last_response_at=days_ago(20))
    long = account(**HIGH_VALUE, unanswered_streak=2, last_response_at=days_ago(90))
    never = account(
        **{**HIGH_VALUE, "responses": 0, "satisfaction": None, "unanswered_streak": 1}, last_response_at=None
    )
    short_a, long_a = (portfolio.assess(a, PORTFOLIO_T, CONFIG, now=NOW) for a in (short, long))
    assert long_a.severity > short_a.severity
    assert "last answer 90 days ago" in long_a.reasons[0]
    never_a = portfolio.assess(never, PORTFOLIO_T, CONFIG, now=NOW)
    assert never_a.reasons[:2] == (
        "No answers yet: not enough feedback to classify",
        "Never answered: no answer to the one pulse sent (high-value account)",
    )


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ({"last_no_at": days_ago(90)}, {"last_no_at": days_ago(1)}),
        ({"worst_recent": comment("bad", age=60)}, {"worst_recent": comment("bad", age=3)}),
        (
            {"satisfaction": -0.3, "baseline": 0.3, "last_response_at": days_ago(45)},
            {"satisfaction": -0.3, "baseline": 0.3, "last_response_at": days_ago(2)},
        ),
    ],
)
def test_an_old_signal_weighs_less_than_a_fresh_one(older, newer):
    old = portfolio.assess(account(**older), PORTFOLIO_T, CONFIG, now=NOW)
    fresh = portfolio.assess(account(**newer), PORTFOLIO_T, CONFIG, now=NOW)
    assert 0 < old.severity < fresh.severity


def test_a_signal_halves_every_half_life():
    for days, expected in ((0, 0.6), (30, 0.3), (60, 0.15)):
        result = portfolio.assess(account(last_no_at=days_ago(days)), PORTFOLIO_T, CONFIG, now=NOW)
        assert result.severity == pytest.approx(expected)
    slow = ClassifyConfig(signal_half_life_days=60)
    assert portfolio.assess(account(last_no_at=days_ago(60)), PORTFOLIO_T, slow, now=NOW).severity == pytest.approx(0.3)


def test_a_no_long_past_falls_below_the_floor():
    result = portfolio.assess(account(last_no_at=days_ago(365)), PORTFOLIO_T, CONFIG, now=NOW)
    assert 0 < result.severity < CONFIG.severity_floor
    assert not result.at_risk


def test_an_unacknowledged_alert_weighs_more_as_it_ages_and_not_once_acknowledged():
    weights = [portfolio.assess(account(alert=alert(age=d)), PORTFOLIO_T, CONFIG, now=NOW).severity for d in (0, 7, 30)]
    assert weights[0] < weights[1] < weights[2]
    acknowledged = portfolio.assess(account(alert=alert(acknowledged=True)), PORTFOLIO_T, CONFIG, now=NOW)
    assert acknowledged.severity == 0.0


def test_a_snooze_mutes_what_the_alert_covers_but_not_what_came_after():
    snooze = alert(age=3, snoozed_until=NOW + timedelta(days=4))
    muted = account(**HIGH_VALUE, last_no_at=days_ago(3), unanswered_streak=4, alert=snooze)
    result = portfolio.assess(muted, PORTFOLIO_T, CONFIG, now=NOW)
    assert result.snoozed
    assert result.severity == 0.0
    assert "Alert snoozed until 2024-06-07" in result.reasons
    newer = portfolio.assess(replace(muted, last_no_at=days_ago(1)), PORTFOLIO_T, CONFIG, now=NOW)
    assert newer.severity == pytest.approx(0.6 * 0.5 ** (1 / 30))
    expired = replace(muted, alert=alert(age=3, snoozed_until=days_ago(1)))
    assert portfolio.assess(expired, PORTFOLIO_T, CONFIG, now=NOW).severity > newer.severity


def test_intervene_now_is_at_risk_unless_snoozed():
    customer_one = PORTFOLIO[0]
    assert portfolio.assess(customer_one, PORTFOLIO_T, CONFIG, now=NOW).at_risk
    snoozed = replace(customer_one, alert=alert(age=1, snoozed_until=NOW + timedelta(days=6)))
    assert not portfolio.assess(snoozed, PORTFOLIO_T, CONFIG, now=NOW).at_risk


def test_risk_value_is_revenue_at_stake_times_severity_and_ranks_accounts():
    big_mild = account(1, "Big", billed=2_000_000, forecast=1_000_000, last_no_at=days_ago(120))
    small_fresh = account(2, "Small", billed=50_000, forecast=10_000, last_no_at=NOW)
    mid_fresh = account(3, "Mid", billed=500_000, forecast=100_000, last_no_at=days_ago(3))
    results = {a.name: portfolio.assess(a, PORTFOLIO_T, CONFIG, now=NOW) for a in (big_mild, small_fresh, mid_fresh)}
    for result in results.values():
        assert result.risk_value == pytest.approx(result.at_stake * result.severity)
    assert results["Big"].at_stake == 3_000_000
    assert results["Small"].severity > results["Big"].severity
    ranked = sorted(results, key=lambda name: -results[name].risk_value)
    assert ranked == ["Mid", "Big", "Small"]


def test_class_labels_read_as_people_say_them():
    assert [c.label for c in AccountClass] == [
        "Intervene now",
        "Grow",
        "Reassess coverage",
        "Maintain",
        "Not enough feedback",
    ]

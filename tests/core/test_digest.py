"""The digest: ranking, headline numbers, growth, quiet days, sparklines, plain text, and 100,000 accounts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import digest, portfolio
from bot.core.portfolio import AccountClass, AccountSignals, AlertInfo, ClassifyConfig, Quote, Thresholds

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
CONFIG = ClassifyConfig()
FIXED = Thresholds(billed_high=500_000, forecast_high=200_000)


def account(account_id: int, name: str | None = None, **changes: object) -> AccountSignals:
    """A calm, middling account with no risk signal; tests change only what they are about."""
    base = AccountSignals(
        account_id=account_id,
        name=name or f"Account {account_id:06d}",
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
        last_response_at=NOW - timedelta(days=10),
        last_no_at=None,
        recent_scores=(0.2, 0.4, -0.1),
        worst_recent=None,
        alert=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def fresh_no(account_id: int, name: str | None = None, *, days: float = 1, **changes: object) -> AccountSignals:
    return account(account_id, name, last_no_at=NOW - timedelta(days=days), **changes)


def build(accounts: list[AccountSignals], **options: object) -> digest.Digest:
    return digest.build_digest(accounts, now=NOW, config=CONFIG, thresholds=FIXED, **options)  # type: ignore[arg-type]


def test_accounts_rank_by_revenue_at_risk_then_at_stake_then_name():
    accounts = [
        fresh_no(1, "Zeta", billed=100_000, forecast=0),
        fresh_no(2, "Alpha", billed=100_000, forecast=0),
        fresh_no(3, "Big", billed=900_000, forecast=100_000, days=30),
        fresh_no(4, "Medium", billed=300_000, forecast=0),
        account(5, "Calm", billed=5_000_000, forecast=0),
    ]
    result = build(accounts)
    assert [e.name for e in result.at_risk] == ["Big", "Medium", "Alpha", "Zeta"]
    assert result.at_risk[0].risk_value == pytest.approx(1_000_000 * 0.3)


def test_equal_risk_ranks_the_bigger_account_first():
    # A half-faded "No" on 100k weighs exactly as much as a fresh one on 50k.
    bigger = fresh_no(1, "Bigger", billed=100_000, forecast=0, days=30)
    smaller = fresh_no(2, "Another", billed=50_000, forecast=0, days=0)
    result = build([smaller, bigger])
    assert result.at_risk[0].risk_value == pytest.approx(result.at_risk[1].risk_value)
    assert [e.name for e in result.at_risk] == ["Bigger", "Another"]


def test_headline_counts_accounts_and_revenue_at_stake():
    accounts = [
        fresh_no(1, billed=1_000_000, forecast=200_000),
        fresh_no(2, billed=150_000, forecast=50_000),
        account(3),
        account(4),
    ]
    result = build(accounts)
    assert (result.total_accounts, result.at_risk_count) == (4, 2)
    assert result.at_risk_revenue == pytest.approx(1_400_000)
    assert result.headline == "2 of 4 accounts at risk, 1.4M in revenue at stake"
    assert not result.quiet


def test_entries_carry_satisfaction_trend_sparkline_quote_and_alert_age():
    quote = Quote("charged twice", "no", "negative", ("charged twice",), NOW - timedelta(days=1), "jane@x.example")
    alert = AlertInfo(7, "negative_comment", NOW - timedelta(days=6, hours=3), None, None, None)
    signals = fresh_no(1, satisfaction=-0.38, baseline=0.18, worst_recent=quote, alert=alert, recent_scores=(1, -1))
    entry = build([signals]).at_risk[0]
    assert (entry.satisfaction_pct, entry.trend_points) == (31, -28)
    assert entry.sparkline == "█▁"
    assert entry.quote == quote
    assert entry.alert_age_days == 6
    assert entry.reasons[0] == "Answered No 1 day ago"
    assert "Negative comment 1 day ago: 'charged twice'" in entry.reasons


def test_insufficient_accounts_are_counted_and_listed_only_with_a_signal():
    quiet_new = account(1, responses=1, satisfaction=0.9)
    worried_new = fresh_no(2, responses=1, satisfaction=-1.0)
    result = build([quiet_new, worried_new])
    assert result.insufficient_count == 2
    assert [e.account_id for e in result.at_risk] == [2]
    assert result.at_risk[0].account_class is AccountClass.INSUFFICIENT
    assert result.at_risk[0].reasons[0] == "Only 1 answer so far: not enough feedback to classify"


def test_growth_accounts_get_their_own_short_section_ranked_by_forecast():
    growers = [
        account(i, f"Grow {i}", billed=10_000, forecast=200_000 + i * 10_000, satisfaction=0.8) for i in range(8)
    ]
    worried_grower = fresh_no(100, "Worried grower", billed=10_000, forecast=900_000, satisfaction=0.8)
    result = build([*growers, worried_grower, fresh_no(50)], max_growth=3)
    assert [e.name for e in result.growth] == ["Grow 7", "Grow 6", "Grow 5"]
    assert all(e.account_class is AccountClass.GROW for e in result.growth)
    assert result.growth_count == 8
    assert "Worried grower" in [e.name for e in result.at_risk]


def test_a_quiet_day_is_an_all_clear():
    result = build([account(1), account(2, satisfaction=0.9)])
    assert result.quiet
    assert result.at_risk == ()
    assert result.headline == "All clear: none of 2 accounts needs attention today"
    assert "All clear" in digest.render_text(result)


def test_thresholds_come_from_the_portfolio_unless_passed():
    accounts = [account(i, billed=i * 100_000.0, forecast=i * 10_000.0) for i in range(1, 11)]
    accounts.append(account(99, "Unhappy big one", billed=950_000, forecast=95_000, satisfaction=-0.5, baseline=-0.5))
    relative = digest.build_digest(iter(accounts), now=NOW, config=CONFIG)
    assert relative.at_risk[0].account_class is AccountClass.INTERVENE
    absolute = digest.build_digest(iter(accounts), now=NOW, config=CONFIG, thresholds=Thresholds(2_000_000, 2_000_000))
    assert absolute.at_risk[0].account_class is AccountClass.REASSESS


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((), ""),
        ((-1.0, 0.0, 1.0), "▁▅█"),
        ((-5.0, 5.0), "▁█"),
        ((0.0, 0.25, 0.5, 0.75), "▅▅▆▇"),
    ],
)
def test_sparkline_draws_scores_between_minus_one_and_one(values, expected):
    assert digest.sparkline(values) == expected


def test_sparkline_takes_its_own_range():
    assert digest.sparkline([0, 50, 100], lo=0, hi=100) == "▁▅█"
    assert digest.sparkline([3.0, 3.0], lo=1, hi=1) == "▄▄"


def test_render_text_is_plain_and_complete():
    quote = Quote("<!channel> *charged* twice", "no", "negative", (), NOW, "jane@x.example")
    alert = AlertInfo(7, "no_answer", NOW - timedelta(days=2), "U0LEAD", NOW - timedelta(days=1), None)
    accounts = [
        fresh_no(1, "Acme\nCorp", billed=1_200_000, forecast=0, worst_recent=quote, alert=alert),
        fresh_no(2, "Beta"),
        account(3, "Sprout", billed=10_000, forecast=400_000, satisfaction=0.8),
        account(4, "Newbie", responses=0, satisfaction=None),
    ]
    text = digest.render_text(build(accounts))
    lines = text.splitlines()
    assert lines[0] == "Pulse digest · all accounts · 2024-06-03"
    assert lines[1] == "2 of 4 accounts at risk, 1.4M in revenue at stake"
    assert "1. Acme Corp · Maintain · billed 1.2M, forecast 0, at stake 1.2M" in lines
    assert "   - Answered No 1 day ago" in lines
    assert "   “<!channel> *charged* twice” (jane@x.example)" in lines
    assert "   Owner @U0OWNER · alert open 2 days, acknowledged by U0LEAD 1 day ago" in lines
    assert any(line.startswith("2. Beta") for line in lines)
    assert "- Sprout: forecast 400k, billed 10k, satisfaction 90/100 ↑30 pts ▅▆▄ · owner @U0OWNER" in lines
    assert lines[-1] == "1 account has too little feedback to classify."


def test_render_text_limits_the_list_and_says_how_many_more():
    result = build([fresh_no(i) for i in range(1, 8)])
    text = digest.render_text(result, limit=3)
    assert "3. " in text
    assert "4. " not in text
    assert "+4 more at-risk accounts not shown here." in text


def test_a_hundred_thousand_accounts_build_with_exact_counts():
    def accounts():
        for i in range(100_000):
            kind = i % 10
            if kind == 0:
                yield fresh_no(i, billed=float(i), forecast=1000.0)
            elif kind == 1:
                yield account(i, billed=10_000, forecast=300_000 + i, satisfaction=0.8)
            elif kind == 2:
                yield account(i, responses=1)
            else:
                yield account(i, billed=float(i % 900_000))

    result = digest.build_digest(accounts(), now=NOW, config=CONFIG, thresholds=FIXED)
    assert result.total_accounts == 100_000
    assert result.at_risk_count == 10_000
    assert len(result.at_risk) == 200
    assert result.unlisted_count == 9_800
    assert result.at_risk_revenue == pytest.approx(sum(float(i) + 1000.0 for i in range(0, 100_000, 10)))
    assert [e.account_id for e in result.at_risk[:3]] == [99_990, 99_980, 99_970]
    assert result.at_risk[-1].account_id == 99_990 - 199 * 10
    assert result.insufficient_count == 10_000
    assert result.growth_count == 10_000
    assert [e.account_id for e in result.growth] == [99_991, 99_981, 99_971, 99_961, 99_951]
    assert result.headline == "10,000 of 100,000 accounts at risk, 509.9M in revenue at stake"


def test_intervene_now_is_listed_even_without_a_fresh_signal():
    customer_one = account(1, billed=900_000, forecast=300_000, satisfaction=-0.1, baseline=-0.1)
    entry = build([customer_one]).at_risk[0]
    assert entry.account_class is AccountClass.INTERVENE
    assert entry.reasons[0] == "Satisfaction 45/100 is low (50 or below)"
    assert portfolio.classify(customer_one, FIXED, CONFIG).reasons[0].startswith("Likely to migrate")

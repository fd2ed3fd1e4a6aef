"""The digest: ranking, headline numbers, growth, quiet days, sparklines, plain text, and 100,000 accounts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import digest, portfolio_risk, risk_model
from bot.core.portfolio import AccountClass
from bot.core.signals import AccountSignals, AlertInfo, ClassifyConfig, QuietContact, Quote, Thresholds

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
    """An account whose latest answer is a "No" after a run of Yes: strong, fresh evidence."""
    at = NOW - timedelta(days=days)
    fields: dict[str, object] = {
        "last_no_at": at,
        "last_response_at": at,
        "satisfaction": -0.2,
        "baseline": 0.9,
        "recent_scores": (1.0, 1.0, -1.0),
    }
    return account(account_id, name, **{**fields, **changes})


def severity(s: AccountSignals) -> float:
    return portfolio_risk.combine(portfolio_risk.find_signals(s, FIXED, CONFIG, now=NOW))


def build(accounts: list[AccountSignals], **options: object) -> digest.Digest:
    return digest.build_digest(accounts, now=NOW, config=CONFIG, thresholds=FIXED, **options)  # type: ignore[arg-type]


def test_strong_evidence_ranks_first_then_revenue_at_risk_then_name():
    accounts = [
        fresh_no(1, "Zeta", billed=100_000, forecast=0),
        fresh_no(2, "Alpha", billed=100_000, forecast=0),
        fresh_no(3, "Big but old", billed=9_000_000, forecast=1_000_000, days=75),
        fresh_no(4, "Medium", billed=300_000, forecast=0),
        account(5, "Calm giant", billed=50_000_000, forecast=0),
    ]
    result = build(accounts)
    assert [e.name for e in result.at_risk] == ["Medium", "Alpha", "Zeta", "Big but old"]
    assert [e.evidence for e in result.at_risk] == ["strong", "strong", "strong", "some"]
    assert result.at_risk[0].risk_value == pytest.approx(300_000 * result.at_risk[0].severity)


def test_the_ranking_follows_the_likelihood_not_the_size():
    # A giant whose "No" is three months old, a mid-sized one with a fresh "No", a small one with a fresh "No":
    # the fresh evidence ranks first whatever the size, and each entry carries the likelihood it ranked by.
    old = fresh_no(1, "Giant, old No", billed=40_000_000, forecast=10_000_000, days=90)
    fresh = fresh_no(2, "Mid, fresh No", billed=300_000, forecast=0)
    small = fresh_no(3, "Small, fresh No", billed=20_000, forecast=0)
    result = build([old, fresh, small])
    assert [e.name for e in result.at_risk] == ["Mid, fresh No", "Small, fresh No", "Giant, old No"]
    chances = [e.likelihood for e in result.at_risk]
    assert chances == sorted(chances, reverse=True)
    assert chances[0] > chances[2] > 0


def test_a_hesitant_customers_second_no_is_strong_evidence_above_mild_evidence_at_a_bigger_account():
    # A second "No" from a customer who often hesitates and a big account's fresh fall are both strong evidence,
    # in the order the risk model gives them; mild evidence at a bigger account never comes before either.
    hesitant = fresh_no(1, "Small No", billed=20_000, forecast=0, baseline=0.3, recent_scores=(-1.0, 1.0, -1.0))
    fallen = account(
        2,
        "Big fall",
        billed=40_000_000,
        forecast=10_000_000,
        satisfaction=-0.6,
        baseline=0.9,
        last_response_at=NOW - timedelta(days=5),
        recent_scores=(1.0, 0.0, 0.0),
    )
    mild = account(
        3, "Big and mild", billed=40_000_000, forecast=0, satisfaction=0.3, baseline=0.9, recent_scores=(1.0, 0.0)
    )
    result = build([mild, hesitant, fallen])
    names = [e.name for e in result.at_risk]
    assert sorted(names[:2]) == ["Big fall", "Small No"]
    assert [e.evidence for e in result.at_risk[:2]] == ["strong", "strong"]
    assert "Big and mild" not in names or names.index("Big and mild") == 2


def test_a_no_counts_less_as_it_ages_and_never_more():
    ages = (1, 10, 30, 60, 90, 150)
    chances = [risk_model.likelihood(fresh_no(1, days=d), severity(fresh_no(1, days=d)), now=NOW) for d in ages]
    assert chances == sorted(chances, reverse=True)
    assert chances[0] > chances[-1]


def test_revenue_is_not_an_input_of_the_likelihood_and_orders_equal_likelihoods():
    small = fresh_no(1, "Small", billed=20_000, forecast=0)
    big = fresh_no(2, "Big", billed=20_000_000, forecast=5_000_000)
    assert risk_model.features(small, 0.5, now=NOW) == risk_model.features(big, 0.5, now=NOW)
    result = build([small, big])
    assert [e.name for e in result.at_risk] == ["Big", "Small"]
    assert result.at_risk[0].likelihood == result.at_risk[1].likelihood


def test_a_happy_account_is_never_listed_for_its_size():
    giant = account(
        1,
        "Giant",
        billed=90_000_000,
        forecast=40_000_000,
        satisfaction=0.8,
        baseline=1.0,
        recent_scores=(1.0, 1.0, 0.0),
    )
    result = build([giant, fresh_no(2, "Small", billed=20_000, forecast=0)])
    assert [e.name for e in result.at_risk] == ["Small"]


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
    assert {"Answered No 1 day ago", "Negative comment 1 day ago: 'charged twice'"} <= set(entry.reasons)
    assert entry.reasons[0] == max(entry.signals, key=lambda s: s.weight).reason
    assert entry.evidence == "strong"


def test_one_answer_classifies_with_its_confidence_in_words():
    new = fresh_no(2, billed=900_000, forecast=300_000, responses=1, baseline=None, recent_scores=(-1.0,))
    entry = build([new, account(3, responses=0, satisfaction=None, baseline=None, recent_scores=())]).at_risk[0]
    assert entry.account_class is AccountClass.INTERVENE
    assert entry.confidence == "based on 1 answer (tentative)"
    assert entry.play.startswith("Likely to migrate")
    assert build([new, account(3, responses=0, satisfaction=None)]).insufficient_count == 1


def test_the_growth_list_is_complete_and_ranked_by_forecast():
    growers = [
        account(i, f"Grow {i}", billed=10_000, forecast=200_000 + i * 10_000, satisfaction=0.8) for i in range(8)
    ]
    worried_grower = fresh_no(100, "Worried grower", billed=10_000, forecast=900_000)
    result = build([*growers, worried_grower, fresh_no(50)])
    assert [e.name for e in result.growth] == [f"Grow {i}" for i in range(7, -1, -1)]
    assert all(e.account_class is AccountClass.GROW for e in result.growth)
    assert result.growth_count == 8
    assert "Worried grower" in [e.name for e in result.at_risk]
    assert next(e for e in result.at_risk if e.name == "Worried grower").account_class is AccountClass.SECURE


def test_a_quiet_day_is_an_all_clear():
    result = build([account(1), account(2, satisfaction=0.9)])
    assert result.quiet
    assert result.at_risk == ()
    assert result.headline == "All clear: none of 2 accounts needs attention today"
    assert "All clear" in digest.render_text(result)


def test_thresholds_come_from_the_portfolio_unless_passed():
    accounts = [account(i, billed=i * 100_000.0, forecast=i * 10_000.0) for i in range(1, 11)]
    accounts.append(fresh_no(99, "Unhappy big one", billed=950_000, forecast=95_000))
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
    assert "1. Acme Corp · Protect the revenue (based on 6 answers) · billed 1.2M, forecast 0, at stake 1.2M" in lines
    assert "   - Answered No 1 day ago" in lines
    assert "   “<!channel> *charged* twice” (jane@x.example)" in lines
    assert "   Owner @U0OWNER · alert open 2 days, acknowledged by U0LEAD 1 day ago" in lines
    assert any(line.startswith("2. Beta") for line in lines)
    assert "- Sprout: forecast 400k, billed 10k, satisfaction 90/100 ↑30 pts ▅▆▄ · owner @U0OWNER" in lines
    assert lines[-1] == "1 account has no answers yet."


def test_the_cap_limits_every_list_and_says_how_many_more_and_where():
    result = build([fresh_no(i) for i in range(1, 8)], cap=3)
    assert len(result.shown) == 3
    assert result.more_count == 4
    text = digest.render_text(result)
    assert "3. " in text
    assert "4. " not in text
    assert "+4 more at-risk accounts: pulse digest --format json, or each owner's App Home" in text
    assert len(build([fresh_no(i) for i in range(1, 30)]).shown) == digest.DEFAULT_CAP


def test_a_hundred_thousand_accounts_build_with_exact_counts():
    def accounts():
        for i in range(100_000):
            kind = i % 10
            if kind == 0:
                yield fresh_no(i, billed=float(i), forecast=1000.0)
            elif kind == 1:
                yield account(i, billed=10_000, forecast=300_000 + i, satisfaction=0.8)
            elif kind == 2:
                yield account(i, responses=0, satisfaction=None, baseline=None, recent_scores=())
            else:
                yield account(i, billed=float(i % 900_000))

    result = digest.build_digest(accounts(), now=NOW, config=CONFIG, thresholds=FIXED, max_growth=5)
    assert result.total_accounts == 100_000
    assert result.at_risk_count == 10_000
    assert len(result.at_risk) == 200
    assert result.unlisted_count == 9_800
    assert result.more_count == 10_000 - digest.DEFAULT_CAP
    assert result.at_risk_revenue == pytest.approx(sum(float(i) + 1000.0 for i in range(0, 100_000, 10)))
    assert [e.account_id for e in result.at_risk[:3]] == [99_990, 99_980, 99_970]
    assert result.at_risk[-1].account_id == 99_990 - 199 * 10
    assert result.insufficient_count == 10_000
    assert result.growth_count == 10_000
    assert [e.account_id for e in result.growth] == [99_991, 99_981, 99_971, 99_961, 99_951]
    assert result.headline == "10,000 of 100,000 accounts at risk, 509.9M in revenue at stake"


@settings(max_examples=200, deadline=None)
@given(
    satisfaction=st.one_of(st.none(), st.floats(-1, 1)),
    baseline=st.one_of(st.none(), st.floats(-1, 1)),
    scores=st.lists(st.sampled_from([-1.0, -0.55, 0.0, 0.15, 0.55, 1.0]), max_size=6),
    no_days=st.one_of(st.none(), st.floats(0, 400)),
    streak=st.integers(0, 8),
    billed=st.floats(0, 5e6),
    forecast=st.floats(0, 5e6),
)
def test_no_listed_account_ever_wears_a_reassuring_class(
    satisfaction, baseline, scores, no_days, streak, billed, forecast
):
    signals = account(
        1,
        billed=billed,
        forecast=forecast,
        responses=len(scores),
        satisfaction=satisfaction if scores else None,
        baseline=baseline,
        recent_scores=tuple(scores),
        last_no_at=None if no_days is None else NOW - timedelta(days=no_days),
        unanswered_streak=streak,
        pulses_sent=len(scores) + streak,
        pulses_answered=len(scores),
    )
    result = build([signals, account(2, billed=1.0, forecast=1.0)])
    for entry in result.at_risk:
        assert entry.account_class.at_risk, entry
    assert all(not e.account_class.at_risk for e in result.growth)


def test_silence_after_a_no_does_not_take_it_back():
    # A "No" a month ago with pulses unanswered since is still the customer's latest word: the silence adds to it.
    answered = fresh_no(1, "Quiet since No", days=30, billed=50_000, forecast=0, pulses_sent=8, unanswered_streak=0)
    quiet = replace(answered, unanswered_streak=3)
    assert risk_model.likelihood(quiet, severity(quiet), now=NOW) >= risk_model.likelihood(
        answered, severity(answered), now=NOW
    )
    assert severity(quiet) > severity(answered)
    assert [e.name for e in build([quiet, account(2, "Calm")]).at_risk] == ["Quiet since No"]


def test_a_contact_who_used_to_answer_going_quiet_is_silence_even_while_others_answer():
    quiet = QuietContact("jane@acme.example", streak=3, answered=4, asked=4)
    calm = account(1, "Calm")
    gone = replace(account(2, "Jane went quiet"), quiet_contact=quiet)
    drifting = replace(account(3, "Drifting"), quiet_contact=QuietContact("bob@x.example", 2, 1, 5))
    silence = [s for s in portfolio_risk.find_signals(gone, FIXED, CONFIG, now=NOW) if s.kind == "silence"]
    assert [s.reason for s in silence] == [
        "jane@acme.example stopped answering: no answer to the last 3 pulses, after answering 4 of 4"
    ]
    # A contact who seldom answered missing two is weak evidence; one who always did missing three is not.
    assert severity(drifting) < CONFIG.severity_floor <= severity(gone)
    assert risk_model.likelihood(gone, severity(gone), now=NOW) > risk_model.likelihood(calm, severity(calm), now=NOW)
    assert [e.name for e in build([calm, gone, drifting]).at_risk] == ["Jane went quiet"]

"""The portfolio matrix value: the digest's classes and verdicts, cut-offs in 0-100, and the alt text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.core import catalog, digest
from bot.core.experience import PulseCounts, ScoredResponse, summarize
from bot.core.history import build_history, history_alt_text
from bot.core.matrix import alt_text, build_matrix, percent
from bot.core.portfolio import AccountClass
from bot.core.signals import AccountSignals, ClassifyConfig, Thresholds

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
CONFIG = ClassifyConfig()
FIXED = Thresholds(billed_high=500_000, forecast_high=200_000)


def account(account_id: int, name: str, **changes: object) -> AccountSignals:
    """A calm, middling account with no risk signal."""
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
        last_response_at=NOW - timedelta(days=10),
        last_no_at=None,
        recent_scores=(0.2, 0.4, -0.1),
        worst_recent=None,
        alert=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def portfolio() -> list[AccountSignals]:
    """A calm account, a big one that just said No, and one without answers."""
    at = NOW - timedelta(days=1)
    return [
        account(1, "Calm Co"),
        account(
            2,
            "Big $Risk$ Ltd",
            billed=900_000.0,
            forecast=400_000.0,
            last_no_at=at,
            last_response_at=at,
            satisfaction=-0.2,
            baseline=0.9,
            recent_scores=(1.0, 1.0, -1.0),
        ),
        account(3, "Silent Inc", responses=0, satisfaction=None, baseline=None, previous_satisfaction=None),
    ]


def test_points_carry_the_digests_classes_and_verdicts() -> None:
    signals = portfolio()
    view = build_matrix(signals, FIXED, CONFIG, scope="all accounts", now=NOW)
    made = digest.build_digest(signals, now=NOW, config=CONFIG, thresholds=FIXED)
    listed = {e.account_id: e.account_class for e in made.at_risk}
    by_id = {p.account_id: p for p in view.points}
    assert {i for i, p in by_id.items() if p.needs_action} == set(listed)
    for account_id, account_class in listed.items():
        assert by_id[account_id].account_class is account_class
    assert by_id[2].account_class is AccountClass.INTERVENE
    assert by_id[3].satisfaction is None and by_id[3].account_class is AccountClass.INSUFFICIENT
    assert by_id[1].satisfaction == 60.0 and by_id[2].satisfaction == 40.0
    assert (view.billed_high, view.satisfaction_low, view.satisfaction_high) == (500_000, 50.0, 70.0)
    assert view.as_of == NOW and view.needing_action == (by_id[2],)


def test_alt_text_says_how_many_which_need_action_and_by_class() -> None:
    view = build_matrix(portfolio(), FIXED, CONFIG, scope="all accounts", now=NOW)
    text = alt_text(view, catalog.words("en"))
    assert "3 accounts" in text and "1 needs action: Big $Risk$ Ltd." in text
    assert "Intervene now (1)" in text and "No answers yet (1)" in text
    assert "1 account without answers is drawn hollow on the left." in text
    german = alt_text(view, catalog.words("de"))
    assert "Big $Risk$ Ltd" in german and german != text


def test_alt_text_of_an_empty_portfolio_and_of_many_names_stays_within_slack() -> None:
    empty = build_matrix([], FIXED, CONFIG, scope="all accounts", now=NOW)
    assert "0 accounts" in alt_text(empty) and "need" not in alt_text(empty)
    at = NOW - timedelta(days=1)
    many = [
        account(i, "N" * 500 + str(i), last_no_at=at, last_response_at=at, satisfaction=-0.6, baseline=0.9)
        for i in range(300)
    ]
    text = alt_text(build_matrix(many, FIXED, CONFIG, scope="all accounts", now=NOW))
    assert len(text) <= 2000 and "300 need action" in text and "and 295 more" in text and "(300)" in text


def test_history_replays_satisfaction_after_each_answer() -> None:
    answers = [("yes", 1.0), ("yes", 1.0), ("yes", 1.0), ("yes", 1.0), ("no", -1.0), ("no", -1.0)]
    responses = [
        ScoredResponse(i, NOW - timedelta(days=60 - i), a, e, "negative" if a == "no" else "positive", None)
        for i, (a, e) in enumerate(answers)
    ]
    view = build_history(
        7, "Acme", responses, commented=frozenset({4}), satisfaction_low=0.0, satisfaction_high=0.4, now=NOW
    )
    levels = [round(p.satisfaction) for p in view.points]
    assert levels[:4] == [100, 100, 100, 100] and 56 <= levels[4] <= 60 and levels[5] < 40
    counts = PulseCounts(sent=0, answered=0, unanswered_streak=0)
    for n in range(1, 7):
        read = summarize(responses[:n], counts, now=NOW).satisfaction
        assert read is not None and view.points[n - 1].satisfaction == percent(read)
    assert [p.label for p in view.points] == [None, None, None, None, "negative", None]
    assert (view.satisfaction_low, view.satisfaction_high) == (50.0, 70.0)
    text = history_alt_text(view)
    assert "6 answers" in text and "4 Yes, 0 Not sure, 2 No" in text and f"now {levels[5]}/100" in text
    assert "no answers yet" in history_alt_text(
        build_history(7, "Acme", [], satisfaction_low=0, satisfaction_high=0.4, now=NOW)
    )

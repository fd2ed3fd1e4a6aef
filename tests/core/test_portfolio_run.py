"""Risk measured against the account's own past: a run of answers other than Yes, a complaint that is news."""

from __future__ import annotations

from tests.core.test_portfolio import assess, history


def run_weight(answers: str, **changes: object) -> float:
    """The weight of the run signal for a string of answers (y, u, n), oldest first; 0 without one."""
    found = [s for s in assess(history(answers, **changes)).signals if s.kind == "run"]
    return found[0].weight if found else 0.0


def test_hesitating_twice_after_a_long_run_of_yes_is_a_signal_and_says_so():
    result = assess(history("yyyyyyyyuu"))
    run = [s for s in result.signals if s.kind == "run"]
    assert run and run[0].reason == "No Yes in the last 2 answers, after 8 Yes in the 8 before"
    assert run[0].weight > 0.2


def test_the_same_run_says_less_at_an_account_that_often_hesitates():
    assert run_weight("yyyyyyyyuu") > run_weight("yuyuyuyyuu") > 0


def test_a_longer_run_weighs_more():
    assert run_weight("yyyyyyyyuuu") > run_weight("yyyyyyyyuu") > run_weight("yyyyyyyyu")


def test_no_run_without_enough_history_or_after_a_yes():
    assert run_weight("yyuu") == 0
    assert run_weight("yyyyyyuy") == 0


def test_the_run_fades_with_the_age_of_the_latest_answer():
    assert run_weight("yyyyyyyyuu", last=60) < run_weight("yyyyyyyyuu", last=2) / 3


def test_a_happy_account_saying_not_sure_once_stays_off_the_list_however_big():
    result = assess(history("yyyyyyyyyu", billed=50_000_000, forecast=20_000_000))
    assert not result.at_risk


def test_a_complaint_from_a_usually_happy_customer_is_more_news_than_from_a_hesitant_one():
    from tests.core.test_portfolio import comment

    def weight(answers: str) -> float:
        quoted = history(answers, worst_recent=comment("Slow and careless", answer="unsure"))
        return next(s.weight for s in assess(quoted).signals if s.kind == "negative_comment")

    assert weight("yyyyyyu") > weight("uuuuuuu") > 0

"""The bounded at-risk list: one share-based cut every surface applies, and the accounts beyond it counted."""

from __future__ import annotations

from dataclasses import replace

from bot.core import digest, digest_json, matrix, portfolio, portfolio_table
from bot.core.signals import ClassifyConfig
from tests.core.test_digest import NOW, account, fresh_no

CONFIG = ClassifyConfig(at_risk_share=0.15)


def _portfolio(at_risk: int, calm: int) -> list:
    risky = [fresh_no(i, f"Risky {i:03d}", billed=10_000 * i, forecast=0) for i in range(1, at_risk + 1)]
    quiet = [account(1000 + i, f"Calm {i:03d}") for i in range(calm)]
    return risky + quiet


def _cut(accounts: list, config: ClassifyConfig = CONFIG):
    t = portfolio.thresholds([s.billed for s in accounts], [s.forecast for s in accounts], config)
    return portfolio.with_risk_cut(t, accounts, config, now=NOW)


def test_the_list_holds_at_most_the_share_of_the_portfolio_strongest_first_and_counts_the_rest():
    accounts = _portfolio(at_risk=20, calm=80)  # 15% of 100 accounts: 15 of the 20 over the floor
    built = digest.build_digest(accounts, now=NOW, config=CONFIG)
    assert (built.at_risk_count, built.watch_count) == (15, 5)
    assert [e.name for e in built.at_risk] == [f"Risky {i:03d}" for i in range(20, 5, -1)]
    assert [e.name for e in built.watch] == [f"Risky {i:03d}" for i in range(5, 0, -1)]
    assert "15 of 100 accounts at risk" in built.headline
    text = digest.render_text(built)
    assert "+5 more at-risk accounts" in text  # beyond the ten a surface shows
    assert "5 more accounts show weaker signs: pulse digest --format json, or the portfolio page" in text


def test_a_list_under_the_share_is_not_cut_and_a_small_portfolio_still_lists_a_few():
    under = digest.build_digest(_portfolio(at_risk=10, calm=90), now=NOW, config=CONFIG)
    assert (under.at_risk_count, under.watch_count) == (10, 0)
    assert "weaker signs" not in digest.render_text(under)
    small = digest.build_digest(_portfolio(at_risk=5, calm=0), now=NOW, config=CONFIG)
    assert (small.at_risk_count, small.watch_count) == (portfolio.MIN_LISTED, 5 - portfolio.MIN_LISTED)


def test_the_share_is_a_setting():
    accounts = _portfolio(at_risk=20, calm=80)
    assert digest.build_digest(accounts, now=NOW, config=replace(CONFIG, at_risk_share=0.1)).at_risk_count == 10
    assert digest.build_digest(accounts, now=NOW, config=replace(CONFIG, at_risk_share=1.0)).at_risk_count == 20


def test_digest_json_matrix_table_and_assess_agree_on_the_cut():
    accounts = _portfolio(at_risk=20, calm=80)
    t = _cut(accounts)
    built = digest.build_digest(accounts, now=NOW, config=CONFIG, thresholds=t, max_entries=1000)
    listed = {e.name for e in built.at_risk}
    watched = {e.name for e in built.watch}
    document = digest_json.document(built)
    assert {e["name"] for e in document["at_risk"]} == listed
    assert {e["name"] for e in document["watch"] if e["flag"] == "watch"} == watched
    assert document["watch_count"] == len(watched) == 5
    assert [e["rank"] for e in document["watch"]] == list(range(16, 21))
    view = matrix.build_matrix(accounts, t, CONFIG, scope="all accounts", now=NOW)
    assert {p.name for p in view.points if p.needs_action} == listed
    rows = portfolio_table.build_rows(accounts, thresholds=t, config=CONFIG, now=NOW, ranking=[], names={})
    assert {r.name for r in rows if r.at_risk} == listed
    assert {r.name for r in rows if r.watch} == watched
    for s in accounts:
        assessed = portfolio.assess(s, t, CONFIG, now=NOW)
        assert assessed.at_risk == (s.name in listed)
        assert assessed.watch == (s.name in watched)
        # Beyond the cut the evidence still speaks: a watch account keeps its unhappy class.
        if s.name in watched:
            assert assessed.account_class.value in {
                "intervene_now",
                "protect_revenue",
                "secure_forecast",
                "reassess_coverage",
            }


def test_signals_found_for_the_cut_are_reused_by_the_list_with_the_same_result():
    accounts = _portfolio(at_risk=20, calm=80)
    t = portfolio.thresholds([s.billed for s in accounts], [s.forecast for s in accounts], CONFIG)
    assessed: portfolio.Assessed = {}
    cut = portfolio.with_risk_cut(t, accounts, CONFIG, now=NOW, assessed=assessed)
    assert set(assessed) == {s.account_id for s in accounts}
    reused = digest.build_digest(accounts, now=NOW, config=CONFIG, thresholds=cut, assessed=assessed)
    fresh = digest.build_digest(accounts, now=NOW, config=CONFIG, thresholds=cut)
    assert [e.name for e in reused.at_risk] == [e.name for e in fresh.at_risk]
    assert (reused.at_risk_count, reused.watch_count, reused.headline) == (
        fresh.at_risk_count,
        fresh.watch_count,
        fresh.headline,
    )

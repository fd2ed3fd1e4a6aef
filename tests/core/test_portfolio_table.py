"""The portfolio page's table: the digest's classes and reasons for every account, its order, filters and sorts."""

from __future__ import annotations

from bot.core import portfolio, portfolio_table
from bot.core.digest import build_digest
from bot.core.portfolio import AccountClass
from bot.core.portfolio_table import TableQuery, parse_query, select_rows
from tests.core.test_portfolio import CONFIG, NOW, account, days_ago

NAMES = {"U0OWNER": "Olga", "U0ZED": "Zed"}


def _portfolio():
    accounts = [
        account(1, "Calm Co"),
        account(2, "Angry Big", billed=900_000.0, satisfaction=-0.8, last_no_at=days_ago(1), recent_scores=(0.2, -0.8)),
        account(3, "Angry Small", billed=5_000.0, satisfaction=-0.7, last_no_at=days_ago(2), owner_id="U0ZED"),
        account(4, "Quiet One", responses=0, satisfaction=None, baseline=None, previous_satisfaction=None),
        account(5, "beta growth", billed=1_000.0, forecast=400_000.0, satisfaction=0.6),
    ]
    cut = portfolio.thresholds([a.billed for a in accounts], [a.forecast for a in accounts], CONFIG)
    digest = build_digest(accounts, now=NOW, config=CONFIG, thresholds=cut, max_entries=10)
    ranking = [entry.account_id for entry in digest.at_risk]
    rows = portfolio_table.build_rows(accounts, thresholds=cut, config=CONFIG, now=NOW, ranking=ranking, names=NAMES)
    assert all(not row.reasons for row in rows)  # reasons are written for the rows a page shows
    by_id = {a.account_id: a for a in accounts}
    return portfolio_table.explain(rows, by_id, thresholds=cut, config=CONFIG, now=NOW), digest


def test_every_account_has_the_digests_class_and_reasons():
    rows, digest = _portfolio()
    assert len(rows) == 5
    for entry in digest.at_risk:
        [row] = [r for r in rows if r.account_id == entry.account_id]
        assert (row.account_class, row.reasons, row.at_stake) == (entry.account_class, entry.reasons, entry.at_stake)
        assert row.at_risk and row.rank is not None
    quiet = next(r for r in rows if r.name == "Quiet One")
    assert quiet.account_class is AccountClass.INSUFFICIENT and quiet.satisfaction_pct is None
    assert {r.owner_name for r in rows} == {"Olga", "Zed"}


def test_the_default_order_is_the_digests_ranking_then_revenue_at_stake():
    rows, digest = _portfolio()
    shown, matching = select_rows(rows, TableQuery())
    ranked = [e.account_id for e in digest.at_risk]
    assert [r.account_id for r in shown[: len(ranked)]] == ranked and matching == 5
    rest = shown[len(ranked) :]
    assert [r.at_stake for r in rest] == sorted((r.at_stake for r in rest), reverse=True)


def test_sorts_filters_and_limits():
    rows, _ = _portfolio()
    by_name = [r.name for r in select_rows(rows, parse_query(None, None, "name", None))[0]]
    assert by_name == ["Angry Big", "Angry Small", "beta growth", "Calm Co", "Quiet One"]  # case does not matter
    by_stake = [r.at_stake for r in select_rows(rows, parse_query(None, None, "stake", None))[0]]
    assert by_stake == sorted(by_stake, reverse=True)  # most at stake first, unless asked otherwise
    worst = select_rows(rows, parse_query(None, None, "satisfaction", "desc"))[0]
    assert worst[-1].satisfaction_pct is None and worst[0].name == "beta growth"  # unknown last either way
    assert select_rows(rows, parse_query(None, None, "owner", "desc"))[0][0].owner_name == "Zed"
    one_class, count = select_rows(rows, parse_query(None, "insufficient_feedback", None, None))
    assert [r.name for r in one_class] == ["Quiet One"] and count == 1
    first_two, count = select_rows(rows, TableQuery(), limit=2)
    assert len(first_two) == 2 and count == 5


def test_anything_unknown_in_the_url_falls_back_to_the_default():
    assert parse_query("<script>", "nope", "drop table", "sideways") == TableQuery()
    assert parse_query("U0ZED", "grow", "class", "desc") == TableQuery("U0ZED", AccountClass.GROW, "class", True)


def test_links_keep_the_filters_and_toggle_the_direction():
    query = parse_query("U0ZED", "grow", "stake", None)
    assert query.params() == {"owner": "U0ZED", "class": "grow", "sort": "stake"}
    assert query.toggled("stake") == {"owner": "U0ZED", "class": "grow", "sort": "stake", "dir": "asc"}
    assert query.toggled("name") == {"owner": "U0ZED", "class": "grow", "sort": "name", "dir": "asc"}
    assert TableQuery().toggled("rank") == {"dir": "desc"}

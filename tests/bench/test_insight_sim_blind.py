"""The blind generator is deterministic per seed and draws the intended share of truly at-risk accounts."""

from __future__ import annotations

import statistics

import pytest

from bench.insight_sim import SEED_CELLS
from bench.insight_sim_blind import BLIND_PROFILES, BlindSimulator


def snapshot(profile: str, seed: int) -> list[tuple[object, ...]]:
    """The truth and the observable history (when, which answer) of one drawn portfolio."""
    portfolio = BlindSimulator(BLIND_PROFILES[profile], seed).portfolio()
    return [
        (
            a.name,
            a.billed,
            a.forecast,
            a.at_risk,
            a.truth_class,
            tuple(a.contacts),
            *((e.at, e.answer) for e in a.events),
        )
        for a in portfolio
    ]


def test_same_seed_same_portfolio_and_another_seed_differs() -> None:
    assert snapshot("J", 7) == snapshot("J", 7)
    assert snapshot("J", 7) != snapshot("J", 8)


@pytest.mark.parametrize("profile", sorted(BLIND_PROFILES))
def test_truth_share_is_the_profiles_target(profile: str) -> None:
    p = BLIND_PROFILES[profile]
    shares = []
    for seed in (11, 12, 13):
        ordinary = [a for a in BlindSimulator(p, seed).portfolio() if a.kind != "cell"]
        assert len(ordinary) == p.accounts
        shares.append(sum(a.at_risk for a in ordinary) / len(ordinary))
    assert abs(statistics.mean(shares) - p.churn_share) < 0.03
    assert all(abs(s - p.churn_share) < 0.06 for s in shares)


def test_cell_accounts_fill_every_seed_000_cell_and_say_it_lately() -> None:
    portfolio = BlindSimulator(BLIND_PROFILES["H"], 7).portfolio()
    cells = [a for a in portfolio if a.truth_class]
    assert sorted(a.truth_class for a in cells) == sorted(list(SEED_CELLS.values()) * 2)
    for account in cells:
        assert account.answers
        assert (account.answers[-1] == "no") == account.at_risk

"""The fifth, blind portfolio generator: deterministic, calibrated truth shares, consistent histories and cells."""

from __future__ import annotations

import pytest

from bench.insight_sim import NOW, SEED_CELLS
from bench.insight_sim_fifth import FIFTH_PROFILES, FifthSimulator, at_risk_share, load_comments


def _snapshot(profile: str, seed: int) -> list[tuple]:
    return [
        (
            a.name,
            a.owner,
            a.billed,
            a.forecast,
            a.kind,
            a.at_risk,
            tuple(a.contacts),
            a.truth_class,
            tuple((e.at, e.contact, e.answer, e.comment) for e in a.events),
        )
        for a in FifthSimulator(FIFTH_PROFILES[profile], seed).portfolio()
    ]


def test_same_seed_same_portfolio_and_other_seed_differs() -> None:
    assert _snapshot("K", 5) == _snapshot("K", 5)
    assert _snapshot("K", 5) != _snapshot("K", 6)
    assert _snapshot("L", 5) != _snapshot("K", 5)


@pytest.mark.parametrize(("profile", "low", "high"), [("K", 0.03, 0.10), ("L", 0.15, 0.30)])
def test_truth_share_is_near_the_profile_target(profile: str, low: float, high: float) -> None:
    p = FIFTH_PROFILES[profile]
    share = at_risk_share(p, range(11, 14))
    assert low <= share <= high
    assert low <= p.target_share <= high
    assert p.describe().startswith(f"~{p.accounts} accounts, fifth generator")


@pytest.mark.parametrize("profile", sorted(FIFTH_PROFILES))
def test_accounts_and_events_are_consistent(profile: str) -> None:
    accounts = FifthSimulator(FIFTH_PROFILES[profile], 11).portfolio()
    assert len({a.name for a in accounts}) == len(accounts)
    assert abs(len(accounts) - FIFTH_PROFILES[profile].accounts) <= 20
    for a in accounts:
        assert 1 <= len(a.contacts) <= 6
        assert a.billed > 0 and a.forecast >= 0
        assert a.billed % 100 == 0 and a.forecast % 100 == 0
        for e in a.events:
            assert e.at < NOW and e.at.tzinfo is not None
            assert e.contact in a.contacts
            assert e.answer in ("yes", "unsure", "no", None)


def test_cell_accounts_carry_seed_cells_and_answers() -> None:
    cells = [a for a in FifthSimulator(FIFTH_PROFILES["K"], 11).portfolio() if a.kind == "cell"]
    assert len(cells) == FIFTH_PROFILES["K"].cell_accounts
    assert {a.truth_class for a in cells} == set(SEED_CELLS.values())
    for a in cells:
        assert a.answers
        if a.at_risk:
            latest = max(e.at for e in a.events if e.answer is not None)
            assert (NOW - latest).days <= 42
            assert a.answers[-1] in ("no", "unsure")


def test_comment_bank_is_large_enough() -> None:
    bank = load_comments()
    assert all(len(bank[s]) >= 40 for s in ("positive", "neutral", "negative"))

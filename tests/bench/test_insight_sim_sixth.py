"""The sixth, blind portfolio generator: deterministic, calibrated truth shares, consistent histories and cells."""

from __future__ import annotations

import pytest

from bench.insight_sim import NOW, OWNERS, SEED_CELLS
from bench.insight_sim_sixth import SIXTH_PROFILES, SixthSimulator


def _fingerprint(seed: int, name: str = "M") -> list[tuple]:
    return [
        (
            a.name,
            a.billed,
            a.forecast,
            a.at_risk,
            tuple(a.contacts),
            tuple((e.at, e.contact, e.answer) for e in a.events),
        )
        for a in SixthSimulator(SIXTH_PROFILES[name], seed).portfolio()
    ]


def test_same_seed_same_portfolio_and_another_seed_differs() -> None:
    """A seed fixes the portfolio; another seed draws another one."""
    assert _fingerprint(5) == _fingerprint(5)
    assert _fingerprint(5) != _fingerprint(6)


@pytest.mark.parametrize(("name", "low", "high"), [("M", 0.06, 0.15), ("N", 0.23, 0.37)])
def test_truly_at_risk_share_is_near_the_target(name: str, low: float, high: float) -> None:
    """Over seeds 11-13 the truly at-risk share of ordinary accounts sits in a band around the profile's target."""
    ordinary = [a for seed in (11, 12, 13) for a in SixthSimulator(SIXTH_PROFILES[name], seed).portfolio()]
    ordinary = [a for a in ordinary if a.kind != "cell"]
    share = sum(a.at_risk for a in ordinary) / len(ordinary)
    assert low <= share <= high


@pytest.mark.parametrize("name", sorted(SIXTH_PROFILES))
def test_histories_are_consistent(name: str) -> None:
    """Every event is before the digest day, by one of the account's contacts; names unique; revenue well formed."""
    accounts = SixthSimulator(SIXTH_PROFILES[name], 3).portfolio()
    assert len({a.name for a in accounts}) == len(accounts)
    for account in accounts:
        assert account.owner in OWNERS
        assert 1 <= len(account.contacts) <= 5
        assert account.billed > 0 and account.billed % 100 == 0
        assert account.forecast >= 0 and account.forecast % 100 == 0
        assert account.events
        for event in account.events:
            assert event.at < NOW
            assert event.contact in account.contacts
            assert event.answer in ("yes", "unsure", "no", None)


@pytest.mark.parametrize("name", sorted(SIXTH_PROFILES))
def test_cell_accounts_carry_seed_classes_and_answers(name: str) -> None:
    """Cell accounts carry a seed-000 class and at least one answer; unhappy ones said so within six weeks."""
    cells = [a for a in SixthSimulator(SIXTH_PROFILES[name], 0).portfolio() if a.kind == "cell"]
    assert len(cells) == SIXTH_PROFILES[name].cell_accounts
    for account in cells:
        assert account.truth_class in SEED_CELLS.values()
        assert account.answers
        if account.at_risk:
            last = max((e for e in account.events if e.answer), key=lambda e: e.at)
            assert last.answer in ("no", "unsure")
            assert (NOW - last.at).days <= 42


def test_describe_leaves_out_the_name() -> None:
    """Each profile describes itself in one line starting with its size, without its name."""
    for name, profile in SIXTH_PROFILES.items():
        line = profile.describe()
        assert line.startswith(f"~{profile.accounts} accounts, sixth generator (")
        assert "\n" not in line and f"profile {name}" not in line

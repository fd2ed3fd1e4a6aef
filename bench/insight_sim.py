"""A simulated portfolio with known truth for bench/insight.py: trajectories, silence, comments, seed-000 cells.

Each account follows a trajectory of latent satisfaction s(t) in [-1, 1]: stable happy, lukewarm, quietly
declining, sudden churn or recovering. Interactions come at an account's own pace, more often while it is
unhappy (trouble brings tickets and calls). After each one a pulse goes to one of its contacts; the contact
answers less often the unhappier they are (silence), answers Yes/Not sure/No from s(t) plus noise, and sometimes
comments with a sentiment that follows the answer. Revenue is log-normal. The truly at-risk accounts are the
declining and churning ones. A few accounts are placed in the cells of seed 000's figure 2 with a known class.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
HISTORY_DAYS = 365
COMMENTS_FILE = Path(__file__).resolve().parent / "data" / "insight_comments.tsv"
OWNERS = tuple(f"U0REP{n:04d}" for n in range(1, 11))
WORDS = ("Acme", "Globex", "Initech", "Umbra", "Vertex", "Nimbus", "Orbit", "Quanta", "Helix", "Borealis")
CUSTOMER_ONE_COMMENT = "Nobody called back, we are looking at other suppliers"
# (billed high, forecast high, unhappy) -> the class seed 000's figure 2 (and the plays for its open cells) gives.
SEED_CELLS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "intervene_now",
    (True, False, True): "protect_revenue",
    (False, True, True): "secure_forecast",
    (False, False, True): "reassess_coverage",
    (True, True, False): "healthy",
    (True, False, False): "expand",
    (False, True, False): "grow",
    (False, False, False): "nurture",
}


@dataclass(frozen=True)
class Profile:
    """How one kind of portfolio behaves: its size, mix of trajectories, noise, silence and cadence."""

    name: str
    accounts: int
    at_risk_share: float
    churn_part: float
    lukewarm_share: float
    recovering_share: float
    noise: float
    gap_days: tuple[float, float]
    answer_rate: tuple[float, float]
    silence_slope: float
    comment_rate: float
    decline_days: tuple[int, int]
    seed_accounts: int = 16
    trouble_contact: float = 0.5


PROFILES: dict[str, Profile] = {
    "A": Profile("A", 300, 0.12, 0.3, 0.25, 0.08, 0.30, (14, 35), (0.5, 0.9), 0.6, 0.30, (40, 140)),
    "B": Profile("B", 600, 0.05, 0.5, 0.35, 0.10, 0.40, (20, 50), (0.35, 0.8), 0.4, 0.20, (30, 90), 24, 0.4),
    "C": Profile("C", 100, 0.20, 0.2, 0.15, 0.05, 0.25, (10, 25), (0.6, 0.95), 0.7, 0.40, (60, 180), 12, 0.6),
}


@dataclass
class Event:
    """One pulse as the history shows it: when, to whom, the answer (None: never answered) and the comment."""

    at: datetime
    contact: str
    answer: str | None
    comment: str = ""


@dataclass
class SimAccount:
    """One simulated account with its truth (trajectory, at risk, seed-000 class) and its observable history."""

    name: str
    owner: str
    billed: float
    forecast: float
    kind: str
    at_risk: bool
    contacts: list[str]
    truth_class: str | None = None
    events: list[Event] = field(default_factory=list)

    @property
    def answers(self) -> list[str]:
        """The answers given, oldest first."""
        return [e.answer for e in sorted(self.events, key=lambda e: e.at) if e.answer is not None]


def load_comments() -> dict[str, list[str]]:
    """Reads the comment bank: sentiment -> texts."""
    bank: dict[str, list[str]] = {"positive": [], "neutral": [], "negative": []}
    with COMMENTS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            bank[row["sentiment"]].append(row["text"])
    return bank


def pick_share(values: list[float], rng: random.Random, low: float, high: float) -> float:
    """Picks a value from sorted `values` at a random share of the way up, between `low` and `high` (0-1)."""
    return values[min(len(values) - 1, int(rng.uniform(low, high) * len(values)))]


CellMaker = Callable[[int, tuple[bool, bool, bool], list[float], list[float]], "SimAccount"]


def with_cell_accounts(accounts: list[SimAccount], count: int, make: CellMaker, rng: random.Random) -> list[SimAccount]:
    """Adds `count` accounts placed in seed 000's cells (in turn), sized against the drawn ones, then shuffles."""
    billed = sorted(a.billed for a in accounts)
    forecast = sorted(a.forecast for a in accounts)
    for j in range(count):
        cell = list(SEED_CELLS)[j % len(SEED_CELLS)]
        accounts.append(make(len(accounts), cell, billed, forecast))
    rng.shuffle(accounts)
    return accounts


class Simulator:
    """Draws one portfolio of a profile from one random seed."""

    def __init__(self, profile: Profile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(seed * 7919 + sum(map(ord, profile.name)))
        self.comments = load_comments()

    def portfolio(self) -> list[SimAccount]:
        """Draws the whole portfolio: ordinary accounts, then the seed-000 accounts placed in known cells."""
        p, rng = self.p, self.rng
        kinds = self._kinds(p.accounts)
        accounts = [self._account(i, kind) for i, kind in enumerate(kinds)]
        first = len(accounts)

        def make(index: int, cell: tuple[bool, bool, bool], billed: list[float], forecast: list[float]) -> SimAccount:
            return self._seed_account(index, cell, billed, forecast, first=index == first)

        return with_cell_accounts(accounts, p.seed_accounts, make, rng)

    def _kinds(self, n: int) -> list[str]:
        p = self.p
        risky = round(n * p.at_risk_share)
        churn = round(risky * p.churn_part)
        lukewarm = round(n * p.lukewarm_share)
        recovering = round(n * p.recovering_share)
        kinds = ["churn"] * churn + ["declining"] * (risky - churn) + ["lukewarm"] * lukewarm
        kinds += ["recovering"] * recovering
        return kinds + ["stable"] * (n - len(kinds))

    def _revenue(self) -> tuple[float, float]:
        rng = self.rng
        billed = round(math.exp(rng.gauss(math.log(120_000), 1.1)), -2)
        forecast = round(billed * math.exp(rng.gauss(-0.8, 0.9)), -2) if rng.random() < 0.8 else 0.0
        return billed, forecast

    def _account(self, i: int, kind: str) -> SimAccount:
        rng, p = self.rng, self.p
        billed, forecast = self._revenue()
        contacts = [f"contact{c}@acct{i:05d}.example" for c in range(rng.randint(1, 3))]
        account = SimAccount(
            f"{rng.choice(WORDS)} {i:05d}",
            rng.choice(OWNERS),
            billed,
            forecast,
            kind,
            kind in ("churn", "declining"),
            contacts,
        )
        latent = self._trajectory(kind)
        rate = rng.uniform(*p.answer_rate)
        gap = rng.uniform(*p.gap_days)
        days = HISTORY_DAYS - rng.uniform(0, gap)
        while days > 0:
            at = NOW - timedelta(days=days)
            s = latent(days)
            account.events.append(self._pulse(at, rng.choice(contacts), s, rate))
            # Trouble brings contact (tickets, escalations, calls): an unhappy account is logged more often.
            days -= gap * rng.uniform(0.5, 1.5) * (1 - p.trouble_contact * (1 - s) / 2)
        return account

    def _trajectory(self, kind: str):  # type: ignore[no-untyped-def]
        """Returns s(days ago) for a kind of account."""
        rng, p = self.rng, self.p
        high = rng.uniform(0.45, 0.95)
        if kind == "stable":
            return lambda d: high
        if kind == "lukewarm":
            middle = rng.uniform(-0.15, 0.3)
            return lambda d: middle
        if kind == "declining":
            start, end = rng.uniform(*p.decline_days), rng.uniform(-0.9, -0.3)
            return lambda d: high if d > start else end + (high - end) * d / start
        if kind == "churn":
            event, low = rng.uniform(8, 45), rng.uniform(-1.0, -0.6)
            return lambda d: high if d > event else low
        dip_end = rng.uniform(60, 120)
        dip_start, low = dip_end + rng.uniform(30, 60), rng.uniform(-0.9, -0.4)
        return lambda d: low if dip_end < d < dip_start else high - 0.1

    def _pulse(self, at: datetime, contact: str, s: float, rate: float, *, answered: bool | None = None) -> Event:
        rng, p = self.rng, self.p
        chance = rate * (1 - p.silence_slope * (1 - (s + 1) / 2))
        if answered is False or (answered is None and rng.random() >= chance):
            return Event(at, contact, None)
        u = s + rng.gauss(0, p.noise)
        answer = "yes" if u > 0.25 else ("no" if u < -0.35 else "unsure")
        comment = ""
        if rng.random() < p.comment_rate + (0.15 if answer == "no" else 0.0):
            comment = rng.choice(self.comments[self._sentiment(answer)])
        return Event(at, contact, answer, comment)

    def _sentiment(self, answer: str) -> str:
        roll = self.rng.random()
        if answer == "yes":
            return "positive" if roll < 0.75 else "neutral"
        if answer == "no":
            return "negative" if roll < 0.8 else "neutral"
        return "neutral" if roll < 0.5 else ("negative" if roll < 0.8 else "positive")

    def _seed_account(
        self, i: int, cell: tuple[bool, bool, bool], billed: list[float], forecast: list[float], *, first: bool
    ) -> SimAccount:
        """An account in a known cell of figure 2, with one to four answers in the last four months."""
        rng = self.rng
        billed_high, forecast_high, unhappy = cell

        amount = pick_share(billed, rng, 0.88, 0.98) if billed_high else pick_share(billed, rng, 0.03, 0.25)
        upcoming = (
            pick_share(forecast, rng, 0.85, 0.97)
            if forecast_high
            else (0.0 if rng.random() < 0.5 else pick_share(forecast, rng, 0.0, 0.2))
        )
        kind = "churn" if unhappy else "stable"
        account = SimAccount(
            f"Seed {i:05d}",
            rng.choice(OWNERS),
            amount,
            upcoming,
            kind,
            unhappy,
            [f"buyer@seed{i:05d}.example"],
            SEED_CELLS[cell],
        )
        count = 1 if first else rng.randint(1, 4)
        times = sorted((rng.uniform(2, 120) for _ in range(count)), reverse=True)
        if unhappy:
            # The customer said so lately: the last answer is within six weeks, like seed 000's first customer.
            times[-1] = rng.uniform(1, 42)
            times.sort(reverse=True)
        event = times[-1] + rng.uniform(1, 20)
        happy = rng.uniform(0.6, 0.95)
        for days in times:
            s = (rng.uniform(-1.0, -0.6) if days < event else happy) if unhappy else happy
            account.events.append(self._pulse(NOW - timedelta(days=days), account.contacts[0], s, 1.0, answered=True))
        if first:
            account.events[-1] = Event(account.events[-1].at, account.contacts[0], "no", CUSTOMER_ONE_COMMENT)
        return account

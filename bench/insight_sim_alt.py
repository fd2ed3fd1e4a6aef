"""A second, independent portfolio generator for bench/insight.py: a Markov model of satisfaction with regimes.

Written from a different model of behaviour than bench/insight_sim.py, to check that the digest's rules follow
how portfolios behave rather than one generator. It was for reporting only until the fresh-"No" ranking (issue
#12): since then its seeds 1-3 are tuning data like the main generator's, and its held-out seeds are 101-103
(see docs/classification.md). The untuned check is now bench/insight_sim_third.py.

Each account sits in one of four satisfaction states (happy, content, strained, critical) and moves week by week
by a Markov chain. Most accounts are in a steady regime pulled back to their home state; some switch, at a
random week, to a souring regime that drifts down. Contacts per account vary from 1 to 5, each with their own
habit of answering; contacts leave (more often at a souring account) and are replaced. A pulse goes out at the
account's own cadence to a random current contact, who answers with a logistic chance of satisfaction; the
answer is an ordinal reading of satisfaction with noise; comments carry a noisy sentiment. Revenue is Pareto.
The chain then runs 13 weeks past NOW with a churn hazard per state: the truth is the accounts that churn in
that next period. A few accounts are placed in seed 000's cells with a known class, built this model's way.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import timedelta

from bench.insight_sim import NOW, OWNERS, SEED_CELLS, Event, SimAccount, load_comments, pick_share, with_cell_accounts

HISTORY_WEEKS = 52
FUTURE_WEEKS = 13
LEVELS = (0.8, 0.4, -0.2, -0.7)  # latent satisfaction of happy, content, strained, critical
CHURN_HAZARD = (0.0005, 0.002, 0.025, 0.09)  # per week, by state
WORDS = ("Aurora", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Garnet", "Harbor", "Iris", "Juniper")


@dataclass(frozen=True)
class AltProfile:
    """How one kind of portfolio behaves in this model: size, regime mix, cadence, answering and noise."""

    name: str
    accounts: int
    souring_share: float
    wobbly_share: float
    souring_down: tuple[float, float]
    cadence_days: tuple[float, float]
    answer_intercept: tuple[float, float]
    answer_slope: float
    noise: float
    comment_rate: float
    sentiment_flip: float
    turnover: float
    seed_accounts: int = 12

    def describe(self) -> str:
        """One line on the profile's make-up."""
        return (
            f"{self.accounts} accounts, alt generator (Markov regimes): {self.souring_share:.0%} souring, "
            f"{self.wobbly_share:.0%} wobbly; truth = churn in the next {FUTURE_WEEKS} weeks"
        )


ALT_PROFILES: dict[str, AltProfile] = {
    "D": AltProfile("D", 400, 0.09, 0.2, (0.04, 0.14), (7, 40), (-0.2, 0.5), 1.6, 0.3, 0.25, 0.2, 0.004),
    "E": AltProfile("E", 150, 0.24, 0.3, (0.05, 0.2), (10, 30), (0.0, 0.7), 2.2, 0.45, 0.35, 0.3, 0.006, 10),
}


@dataclass
class Contact:
    """One person at an account: their address, habit of answering, and the week they leave (None: stays)."""

    email: str
    intercept: float
    leaves: int | None = None


class AltSimulator:
    """Draws one portfolio of an alt profile from one random seed."""

    def __init__(self, profile: AltProfile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(seed * 104729 + 17 + sum(map(ord, profile.name)))
        self.comments = load_comments()

    def portfolio(self) -> list[SimAccount]:
        """Draws the ordinary accounts, then the seed-000 cell accounts, shuffled."""
        accounts = [self._account(i) for i in range(self.p.accounts)]
        return with_cell_accounts(accounts, self.p.seed_accounts, self._cell_account, self.rng)

    def _revenue(self) -> tuple[float, float]:
        rng = self.rng
        billed = round(min(5e6, 20_000 * (1 - rng.random()) ** (-1 / 1.3)), -2)
        forecast = round(billed * rng.uniform(0.1, 1.5), -2) if rng.random() < 0.7 else 0.0
        return billed, forecast

    def _step(self, state: int, home: int, souring: bool, down: float) -> int:
        """One week of the chain."""
        roll = self.rng.random()
        if souring:
            if roll < down:
                return min(3, state + 1)
            return max(0, state - 1) if roll > 0.98 else state
        if state > home:
            return state - 1 if roll < 0.25 else state
        if state < home:
            return state + 1 if roll < 0.1 else state
        return min(3, state + 1) if roll < 0.04 else (max(0, state - 1) if roll > 0.97 else state)

    def _account(self, i: int) -> SimAccount:
        rng, p = self.rng, self.p
        billed, forecast = self._revenue()
        roll = rng.random()
        souring_from = rng.randint(HISTORY_WEEKS - 30, HISTORY_WEEKS + 2) if roll < p.souring_share else None
        wobbly = p.souring_share <= roll < p.souring_share + p.wobbly_share
        home = rng.choice((1, 2)) if wobbly else rng.choice((0, 0, 1))
        down = rng.uniform(*p.souring_down)
        contacts = [self._contact(i, c) for c in range(rng.randint(1, 5))]
        everyone = list(contacts)
        account = SimAccount(f"{rng.choice(WORDS)} {i:05d}", rng.choice(OWNERS), billed, forecast, "alt", False, [])
        state, cadence, churned = home, rng.uniform(*p.cadence_days), False
        for week in range(HISTORY_WEEKS + FUTURE_WEEKS):
            souring = souring_from is not None and week >= souring_from
            state = self._step(state, home, souring, down)
            if week >= HISTORY_WEEKS:
                churned = churned or rng.random() < CHURN_HAZARD[state]
                continue
            contacts = self._turnover(i, week, contacts, everyone, souring)
            if rng.random() < 7 / cadence:
                at = NOW - timedelta(days=(HISTORY_WEEKS - week) * 7 - rng.uniform(0, 7))
                account.events.append(self._pulse(at, rng.choice(contacts), LEVELS[state], week))
        account.contacts = [c.email for c in everyone]
        account.at_risk = churned
        account.kind = "souring" if souring_from is not None else ("wobbly" if wobbly else "steady")
        return account

    def _contact(self, i: int, c: int) -> Contact:
        return Contact(f"person{c}@alt{i:05d}.example", self.rng.gauss(*self.p.answer_intercept))

    def _turnover(
        self, i: int, week: int, contacts: list[Contact], everyone: list[Contact], souring: bool
    ) -> list[Contact]:
        """Contacts leave (a champion leaving comes with souring) and are replaced; a leaver disengages first."""
        rng = self.rng
        rate = self.p.turnover * (4 if souring else 1)
        for contact in contacts:
            if contact.leaves is None and rng.random() < rate:
                contact.leaves = week + rng.randint(2, 8)
        staying = [c for c in contacts if c.leaves is None or c.leaves > week]
        while len(staying) < len(contacts):
            fresh = self._contact(i, len(everyone))
            everyone.append(fresh)
            staying.append(fresh)
        return staying

    def _pulse(self, at, contact: Contact, s: float, week: int) -> Event:  # type: ignore[no-untyped-def]
        rng, p = self.rng, self.p
        leaving = contact.leaves is not None and contact.leaves - week <= 6
        logit = contact.intercept + p.answer_slope * s - (1.5 if leaving else 0.0)
        if rng.random() >= 1 / (1 + math.exp(-logit)):
            return Event(at, contact.email, None)
        return self._answered(at, contact.email, s)

    def _answered(self, at, email: str, s: float) -> Event:  # type: ignore[no-untyped-def]
        rng, p = self.rng, self.p
        u = s + rng.gauss(0, p.noise)
        answer = "yes" if u > 0.3 else ("no" if u < -0.3 else "unsure")
        comment = ""
        if rng.random() < p.comment_rate:
            mood = s + rng.gauss(0, 0.5)
            sentiment = "positive" if mood > 0.3 else ("negative" if mood < -0.3 else "neutral")
            if rng.random() < p.sentiment_flip:
                sentiment = rng.choice(("positive", "neutral", "negative"))
            comment = rng.choice(self.comments[sentiment])
        return Event(at, email, answer, comment)

    def _cell_account(
        self, i: int, cell: tuple[bool, bool, bool], billed: list[float], forecast: list[float]
    ) -> SimAccount:
        """An account in a known cell of figure 2: one to three answers in the last three months."""
        rng = self.rng
        billed_high, forecast_high, unhappy = cell

        amount = pick_share(billed, rng, 0.85, 0.97) if billed_high else pick_share(billed, rng, 0.05, 0.3)
        upcoming = pick_share(forecast, rng, 0.85, 0.97) if forecast_high else 0.0
        email = f"lead@altcell{i:05d}.example"
        account = SimAccount(
            f"Cell {i:05d}", rng.choice(OWNERS), amount, upcoming, "cell", unhappy, [email], SEED_CELLS[cell]
        )
        days = sorted((rng.uniform(3, 90) for _ in range(rng.randint(1, 3))), reverse=True)
        for n, ago in enumerate(days):
            last = n == len(days) - 1
            s = (LEVELS[3] if last or rng.random() < 0.5 else LEVELS[1]) if unhappy else LEVELS[0]
            account.events.append(self._answered(NOW - timedelta(days=ago), email, s))
        return account

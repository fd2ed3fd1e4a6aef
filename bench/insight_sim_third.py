"""A third portfolio generator for bench/insight.py: hidden logistic health decay with contact-level fatigue.

Written after the risk model was tuned on the main and alt generators, and run once, untuned, as an
out-of-sample check; since the bounded at-risk list (issue #12) its seeds 1-3 are tuning data like the other
generators' and only seeds 101-103 are held out (see docs/classification.md).

Each account has a hidden health in (0, 1). Steady accounts wander around their own level (a mean-reverting
random walk, day by day); mixed accounts wander around a middling level with larger steps; decaying accounts
follow a logistic fall from their level to a low one, centred on a day that may lie in the past or in the two
months after the digest's day (so some have not shown it yet); bouncing accounts dip and recover. Each account
has one to six contacts, each with their own bias (some generous, some grumpy) and a response fatigue: the
chance of answering falls with every pulse the contact has had, and rises with health; now and then a new
contact joins. Pulses go out at a steady cadence that does not depend on health. An answer reads health plus the
contact's bias and noise on a 0-10 scale (9-10 Yes, 0-5 No, else Not sure). Revenue is log-uniform; the forecast
dries up as health falls. The truth: accounts whose health is below `AT_RISK_HEALTH` 45 days after the
digest's day. A few accounts are placed in seed 000's cells with a known class, built this model's way.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import timedelta

from bench.insight_sim import NOW, OWNERS, SEED_CELLS, Event, SimAccount, load_comments, pick_share, with_cell_accounts

HISTORY_DAYS = 360
FUTURE_DAYS = 45
AT_RISK_HEALTH = 0.35
WORDS = ("Kestrel", "Lumen", "Meridian", "Nova", "Onyx", "Pylon", "Quill", "Rook", "Sable", "Tundra")


@dataclass(frozen=True)
class ThirdProfile:
    """How one kind of portfolio behaves in this model: size, mix, cadence, fatigue and noise."""

    name: str
    accounts: int
    decaying_share: float
    mixed_share: float
    bouncing_share: float
    cadence_days: tuple[float, float]
    fatigue_pulses: tuple[float, float]
    noise: float
    comment_rate: float
    seed_accounts: int = 12

    def describe(self) -> str:
        """One line on the profile's make-up."""
        return (
            f"{self.accounts} accounts, third generator (logistic health, contact fatigue): "
            f"{self.decaying_share:.0%} decaying, {self.mixed_share:.0%} mixed, {self.bouncing_share:.0%} bouncing; "
            f"truth = health below {AT_RISK_HEALTH} in {FUTURE_DAYS} days"
        )


THIRD_PROFILES: dict[str, ThirdProfile] = {
    "F": ThirdProfile("F", 250, 0.15, 0.25, 0.06, (10, 30), (8, 30), 1.4, 0.2),
    "G": ThirdProfile("G", 500, 0.04, 0.4, 0.1, (15, 45), (5, 20), 1.8, 0.15, 16),
}


@dataclass
class Person:
    """One contact: address, bias on the 0-10 scale, fatigue scale, pulses had so far, the day they joined."""

    email: str
    bias: float
    fatigue: float
    pulses: int = 0


class ThirdSimulator:
    """Draws one portfolio of a third-generator profile from one random seed."""

    def __init__(self, profile: ThirdProfile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(seed * 15485863 + 29 + sum(map(ord, profile.name)))
        self.comments = load_comments()

    def portfolio(self) -> list[SimAccount]:
        """Draws the ordinary accounts, then the seed-000 cell accounts, shuffled."""
        accounts = [self._account(i) for i in range(self.p.accounts)]
        return with_cell_accounts(accounts, self.p.seed_accounts, self._cell_account, self.rng)

    def _kind(self) -> str:
        p, roll = self.p, self.rng.random()
        if roll < p.decaying_share:
            return "decaying"
        if roll < p.decaying_share + p.mixed_share:
            return "mixed"
        if roll < p.decaying_share + p.mixed_share + p.bouncing_share:
            return "bouncing"
        return "steady"

    def _health_path(self, kind: str) -> list[float]:
        """Health for every day from HISTORY_DAYS ago to FUTURE_DAYS ahead (index 0 is the oldest day)."""
        rng = self.rng
        days = HISTORY_DAYS + FUTURE_DAYS + 1
        if kind == "decaying":
            top, bottom = rng.uniform(0.6, 0.95), rng.uniform(0.02, 0.25)
            centre = HISTORY_DAYS + rng.uniform(-150, FUTURE_DAYS - 5)
            steep = rng.uniform(0.03, 0.15)
            return [bottom + (top - bottom) / (1 + math.exp(steep * (d - centre))) for d in range(days)]
        if kind == "bouncing":
            level = rng.uniform(0.6, 0.9)
            start = rng.uniform(80, HISTORY_DAYS - 60)
            length, depth = rng.uniform(30, 80), rng.uniform(0.3, 0.6)
            return [
                level - depth * math.sin(math.pi * (d - start) / length) if start < d < start + length else level
                for d in range(days)
            ]
        level, step = (rng.uniform(0.35, 0.6), 0.03) if kind == "mixed" else (rng.uniform(0.6, 0.95), 0.015)
        h, path = level, []
        for _ in range(days):
            h += 0.05 * (level - h) + rng.gauss(0, step)
            h = min(0.99, max(0.01, h))
            path.append(h)
        return path

    def _account(self, i: int) -> SimAccount:
        rng, p = self.rng, self.p
        kind = self._kind()
        health = self._health_path(kind)
        billed = round(math.exp(rng.uniform(math.log(5_000), math.log(5_000_000))), -2)
        now_health = health[HISTORY_DAYS]
        forecast = round(billed * rng.uniform(0.0, 1.2) * now_health, -2) if rng.random() < 0.75 else 0.0
        people = [self._person(i, c) for c in range(rng.randint(1, 6))]
        everyone = list(people)
        account = SimAccount(f"{rng.choice(WORDS)} {i:05d}", rng.choice(OWNERS), billed, forecast, kind, False, [])
        cadence = rng.uniform(*p.cadence_days)
        day = rng.uniform(0, cadence)
        while day < HISTORY_DAYS:
            if rng.random() < 0.01 * cadence / 10:
                fresh = self._person(i, len(everyone))
                people.append(fresh)
                everyone.append(fresh)
            person = rng.choice(people)
            at = NOW - timedelta(days=HISTORY_DAYS - day)
            account.events.append(self._pulse(at, person, health[int(day)]))
            day += cadence * rng.uniform(0.7, 1.3)
        account.contacts = [person.email for person in everyone]
        account.at_risk = health[HISTORY_DAYS + FUTURE_DAYS] < AT_RISK_HEALTH
        return account

    def _person(self, i: int, c: int) -> Person:
        rng = self.rng
        return Person(f"member{c}@third{i:05d}.example", rng.gauss(0, 0.9), rng.uniform(*self.p.fatigue_pulses))

    def _pulse(self, at, person: Person, health: float) -> Event:  # type: ignore[no-untyped-def]
        rng = self.rng
        person.pulses += 1
        fatigue = math.exp(-person.pulses / person.fatigue)
        chance = (0.25 + 0.75 * fatigue) / (1 + math.exp(-(4 * health - 1.2)))
        if rng.random() >= chance:
            return Event(at, person.email, None)
        return self._answered(at, person.email, health, person.bias)

    def _answered(self, at, email: str, health: float, bias: float) -> Event:  # type: ignore[no-untyped-def]
        rng, p = self.rng, self.p
        score = min(10.0, max(0.0, 10 * health + bias + rng.gauss(0, p.noise)))
        answer = "yes" if score >= 8.5 else ("no" if score < 5.5 else "unsure")
        comment = ""
        if rng.random() < p.comment_rate:
            mood = score + rng.gauss(0, 2.0)
            sentiment = "positive" if mood >= 8 else ("negative" if mood < 5 else "neutral")
            comment = rng.choice(self.comments[sentiment])
        return Event(at, email, answer, comment)

    def _cell_account(
        self, i: int, cell: tuple[bool, bool, bool], billed: list[float], forecast: list[float]
    ) -> SimAccount:
        """An account in a known cell of figure 2: two to four answers in the last five months."""
        rng = self.rng
        billed_high, forecast_high, unhappy = cell

        amount = pick_share(billed, rng, 0.86, 0.98) if billed_high else pick_share(billed, rng, 0.04, 0.3)
        positive = [v for v in forecast if v > 0] or [1_000.0]
        upcoming = pick_share(positive, rng, 0.85, 0.98) if forecast_high else 0.0
        email = f"owner@thirdcell{i:05d}.example"
        account = SimAccount(
            f"Mark {i:05d}", rng.choice(OWNERS), amount, upcoming, "cell", unhappy, [email], SEED_CELLS[cell]
        )
        days = sorted((rng.uniform(2, 150) for _ in range(rng.randint(2, 4))), reverse=True)
        turn = rng.uniform(days[-1], days[-1] + 30)
        for ago in days:
            health = rng.uniform(0.05, 0.3) if unhappy and ago <= turn else rng.uniform(0.85, 0.98)
            account.events.append(self._answered(NOW - timedelta(days=ago), email, health, 0.0))
        return account

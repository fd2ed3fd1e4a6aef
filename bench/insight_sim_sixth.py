"""A sixth, blind portfolio generator: self-exciting incidents, grudges with memory, lock-in, resellers, takeovers.

Each account suffers incidents from a Hawkes process (a seasonal baseline rate, and every incident raises the
chance of the next one for a while); each incident adds a grievance of heavy-tailed severity that fades with the
account's own memory. The grievance, an unobserved frailty and a recent takeover raise a churn hazard that a
latent switching cost (lock-in) lowers. Pulses follow routine touch-points paced by the account's seasonal
industry, plus follow-ups after incidents. A direct contact answers from a momentary mood and the grievance,
masked by a persistent personal loyalty; in distributor accounts a reseller often answers instead, from their own
margin mood and only faintly from the end customer's. Contacts answer most when they feel strongly (either way);
answers arrive after heavy-tailed delays, so a late or recent pulse stays unanswered. A takeover replaces the
contacts. Truth comes from the future only: the hazard (with incidents still to come, and takeovers) is run past
the digest day, its scale calibrated to the profile's share, and an account is truly at risk when it churns, or
halves its spend when lock-in makes leaving too costly, within the profile's horizon.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.insight_sim import NOW, OWNERS, SEED_CELLS, Event, SimAccount, pick_share, with_cell_accounts

COMMENTS_FILE = Path(__file__).resolve().parent / "data" / "insight_sixth_comments.tsv"
HISTORY_DAYS = 365
WARMUP_DAYS = 120
WORDS = ("Fjord", "Cobalt", "Larch", "Meridian", "Pillar", "Saffron", "Tundra", "Wren", "Keystone", "Osprey", "Basalt")
FIRST = ("anna", "ben", "chloe", "dev", "eli", "fatima", "goran", "hana", "ivan", "jules", "kofi", "lena", "marco")
LAST = ("berg", "costa", "dahl", "evans", "fox", "grant", "hale", "ito", "kaur", "lund", "mora", "novak", "price")


@dataclass(frozen=True)
class SixthProfile:
    """A portfolio kind: size, revenue mix, channel share, incident process, takeovers, truth horizon and share."""

    name: str
    accounts: int
    at_risk_share: float
    horizon_days: int
    revenue_mix: str  # "small-mid" (many tiny, some mid, no whales) or "mid-whales"
    channel_share: float
    takeover_rate: float  # per account per year
    incident_rate: tuple[float, float]  # baseline incidents per day
    branching: tuple[float, float]  # Hawkes branching ratio
    memory_days: tuple[float, float]
    gap_days: tuple[float, float]
    cell_accounts: int = 12

    def describe(self) -> str:
        """One line on the profile, without its name."""
        mix = "many tiny and mid-size accounts, no whales" if self.revenue_mix == "small-mid" else "mid-size and whales"
        return (
            f"~{self.accounts} accounts, sixth generator (Hawkes incidents with fading grudges, lock-in, "
            f"{self.channel_share:.0%} via resellers, takeovers; {mix}); truth = churn or spend halved within "
            f"{self.horizon_days} days after the digest, ~{self.at_risk_share:.0%} truly at risk"
        )


SIXTH_PROFILES: dict[str, SixthProfile] = {
    "M": SixthProfile("M", 350, 0.10, 120, "small-mid", 0.45, 0.04, (1 / 120, 1 / 45), (0.2, 0.6), (25, 90), (21, 60)),
    "N": SixthProfile(
        "N", 180, 0.30, 180, "mid-whales", 0.15, 0.10, (1 / 150, 1 / 50), (0.3, 0.6), (30, 100), (14, 40)
    ),
}


def load_comments() -> dict[str, list[str]]:
    """Reads the sixth comment bank: sentiment -> texts."""
    bank: dict[str, list[str]] = {"positive": [], "neutral": [], "negative": []}
    with COMMENTS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            bank[row["sentiment"]].append(row["text"])
    return bank


@dataclass
class _Contact:
    email: str
    loyalty: float  # 0..1, masks grievance
    engagement: float  # base answer propensity
    reseller: bool
    since: float  # day (relative to NOW, negative = past) from which the contact is in place
    until: float = math.inf


@dataclass
class _Hidden:
    incidents: list[tuple[float, float]]  # (day, severity), days relative to NOW
    memory: float
    switching: float
    frailty: float
    takeovers: list[float]
    season_peak: float
    season_amp: float
    margin_phase: float

    def grievance(self, day: float) -> float:
        """Accumulated, fading grievance at a day."""
        return sum(sev * math.exp(-(day - t) / self.memory) for t, sev in self.incidents if t <= day)

    def season(self, day: float) -> float:
        """Seasonal activity multiplier (busy season > 1)."""
        return 1 + self.season_amp * math.cos(2 * math.pi * (day - self.season_peak) / 365)


class SixthSimulator:
    """Draws one portfolio of a sixth-generator profile from one random seed."""

    def __init__(self, profile: SixthProfile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(f"sixth:{profile.name}:{seed}")
        self.comments = load_comments()

    def portfolio(self) -> list[SimAccount]:
        """Draws ordinary accounts, settles their future against a calibrated hazard, then adds the cell accounts."""
        p, rng = self.p, self.rng
        drawn = [self._account(i) for i in range(p.accounts)]
        scale = self._calibrate([cumulative for _, (_, cumulative) in drawn])
        accounts = []
        for account, (lock, cumulative) in drawn:
            leaves = rng.random() < 1 - math.exp(-scale * cumulative)
            account.at_risk = leaves
            account.kind = ("downsize" if rng.random() < lock else "churn") if leaves else "retained"
            accounts.append(account)
        return with_cell_accounts(accounts, p.cell_accounts, self._cell_account, rng)

    def _calibrate(self, cumulative: list[float]) -> float:
        """Bisects the market's hazard scale so the expected at-risk share meets the profile's."""
        low, high = 1e-9, 1e3
        for _ in range(80):
            mid = math.sqrt(low * high)
            share = sum(1 - math.exp(-mid * h) for h in cumulative) / len(cumulative)
            low, high = (mid, high) if share < self.p.at_risk_share else (low, mid)
        return math.sqrt(low * high)

    def _revenue(self) -> tuple[float, float]:
        rng = self.rng
        if self.p.revenue_mix == "small-mid":
            centre, spread = (8_000, 0.7) if rng.random() < 0.7 else (55_000, 0.45)
            billed = min(250_000.0, math.exp(rng.gauss(math.log(centre), spread)))
        else:
            centre, spread = (1_400_000, 0.5) if rng.random() < 0.08 else (90_000, 0.6)
            billed = math.exp(rng.gauss(math.log(centre), spread))
        billed = max(100.0, round(billed, -2))
        forecast = 0.0 if rng.random() < 0.15 else max(0.0, round(billed * math.exp(rng.gauss(-0.3, 0.6)), -2))
        return billed, forecast

    def _hawkes(self, h: _Hidden, start: float, end: float, mu: float, alpha: float, beta: float) -> None:
        """Ogata thinning of a seasonal, self-exciting incident process over [start, end)."""
        rng, t, times = self.rng, start, []
        while True:
            excite = sum(alpha * math.exp(-beta * (t - s)) for s in times)
            bound = mu * (1 + h.season_amp) + excite + 1e-12
            t += rng.expovariate(bound)
            if t >= end:
                break
            rate = mu * h.season(t) + sum(alpha * math.exp(-beta * (t - s)) for s in times)
            if rng.random() * bound <= rate:
                times.append(t)
                h.incidents.append((t, 0.5 * min(6.0, rng.paretovariate(2.2) - 0.6)))

    def _contact(self, i: int, since: float, *, reseller: bool) -> _Contact:
        rng = self.rng
        name = f"{rng.choice(FIRST)}.{rng.choice(LAST)}{rng.randint(1, 99)}"
        return _Contact(
            f"{'partner.' if reseller else ''}{name}@acct{i:05d}.example",
            rng.betavariate(2, 2) if since < -HISTORY_DAYS else rng.betavariate(1.2, 3),
            rng.uniform(0.35, 0.9),
            reseller,
            since,
        )

    def _account(self, i: int) -> tuple[SimAccount, tuple[float, float]]:
        """One ordinary account: hidden state, history of pulses, and (lock-in, future cumulative hazard)."""
        rng, p = self.rng, self.p
        billed, forecast = self._revenue()
        h = _Hidden(
            [],
            rng.uniform(*p.memory_days),
            rng.betavariate(2, 3) + (0.3 if billed > 200_000 else 0.0),
            rng.gauss(0, 0.6),
            [],
            rng.uniform(0, 365),
            rng.choice((0.0, 0.15, 0.5, 0.8)),
            rng.uniform(0, 2 * math.pi),
        )
        fragile = rng.random() < 0.25
        mu = rng.uniform(*p.incident_rate) * (1.8 if fragile else 1.0)
        beta = 1 / rng.uniform(5, 20)
        alpha = rng.uniform(*p.branching) * beta * (1.3 if fragile else 1.0)
        self._hawkes(h, -HISTORY_DAYS - WARMUP_DAYS, p.horizon_days, mu, min(alpha, 0.9 * beta), beta)
        day = -HISTORY_DAYS - WARMUP_DAYS
        while True:
            day += rng.expovariate(p.takeover_rate / 365)
            if day >= p.horizon_days:
                break
            h.takeovers.append(day)
        channel = rng.random() < p.channel_share
        contacts = [self._contact(i, -HISTORY_DAYS - 1, reseller=channel and k == 0) for k in range(rng.randint(1, 3))]
        for t in (t for t in h.takeovers if -HISTORY_DAYS < t < 0):
            for c in contacts:
                c.until = min(c.until, t)
            contacts += [self._contact(i, t, reseller=channel and k == 0) for k in range(rng.randint(1, 2))]
        contacts = contacts[:5]
        account = SimAccount(
            f"{rng.choice(WORDS)} {i:05d}", rng.choice(OWNERS), billed, forecast, "retained", False, []
        )
        for at in self._touch_days(h, rng.uniform(*p.gap_days)):
            present = [c for c in contacts if c.since <= at < c.until] or contacts[-1:]
            reseller = [c for c in present if c.reseller]
            contact = reseller[0] if reseller and rng.random() < 0.7 else rng.choice(present)
            account.events.append(self._pulse(at, contact, h))
        used = {e.contact for e in account.events}
        account.contacts = [c.email for c in contacts if c.email in used or c.until == math.inf]
        account.events.sort(key=lambda e: e.at)
        return account, (min(0.85, h.switching), self._future_hazard(h))

    def _touch_days(self, h: _Hidden, gap: float) -> list[float]:
        """Routine touch-points paced by the season, plus follow-ups after incidents; days relative to NOW."""
        rng, days = self.rng, []
        day = -HISTORY_DAYS + rng.uniform(0, gap)
        while day < -0.5:
            days.append(day)
            day += gap * rng.uniform(0.6, 1.4) / h.season(day)
        for t, sev in h.incidents:
            if -HISTORY_DAYS < t < -1 and rng.random() < min(0.9, 0.35 + 0.15 * sev):
                days.append(min(-0.5, t + rng.uniform(1, 6)))
        return sorted(days)

    def _future_hazard(self, h: _Hidden) -> float:
        """The relative hazard integrated day by day over the horizon after the digest day."""
        total = 0.0
        for d in range(self.p.horizon_days):
            recent = any(0 <= d - t < 240 for t in h.takeovers)
            total += math.exp(1.3 * h.grievance(d) - 2.2 * h.switching + h.frailty + (1.2 if recent else 0.0))
        return total

    def _pulse(self, at: float, contact: _Contact, h: _Hidden, *, force: bool = False) -> Event:
        """One pulse: mood, loyalty masking or a reseller's own view, a U-shaped answer chance, heavy-tailed delay."""
        rng = self.rng
        when = NOW + timedelta(days=at)
        grievance = h.grievance(at)
        if contact.reseller:
            margin = 0.35 * math.sin(2 * math.pi * at / 200 + h.margin_phase)
            signal = 0.3 + margin - 0.2 * grievance + rng.gauss(0, 0.3)
        else:
            felt = 0.75 - 0.6 * grievance
            signal = contact.loyalty * 0.6 + (1 - contact.loyalty) * felt + rng.gauss(0, 0.35)
        chance = contact.engagement * (0.45 + 0.55 * min(1.0, abs(signal - 0.1) / 0.9))
        delay = rng.paretovariate(1.1) - 1
        if not force and (rng.random() >= chance or delay > 28 or at + delay > 0):
            return Event(when, contact.email, None)
        answer = "yes" if signal > 0.3 else ("no" if signal < -0.3 else "unsure")
        comment = ""
        if rng.random() < 0.18 + 0.25 * min(1.0, abs(signal)):
            comment = rng.choice(self.comments[self._sentiment(answer)])
        return Event(when, contact.email, answer, comment)

    def _sentiment(self, answer: str) -> str:
        roll = self.rng.random()
        if answer == "yes":
            return "positive" if roll < 0.7 else "neutral"
        if answer == "no":
            return "negative" if roll < 0.85 else "neutral"
        return "neutral" if roll < 0.55 else ("negative" if roll < 0.85 else "positive")

    def _cell_account(self, i: int, cell: tuple[bool, bool, bool], billed: list[float], forecast: list[float]):
        """An account in a known seed-000 cell, with one to four answers in the last four months from the model."""
        rng = self.rng
        billed_high, forecast_high, unhappy = cell

        amount = pick_share(billed, rng, 0.9, 0.99) if billed_high else pick_share(billed, rng, 0.02, 0.25)
        upcoming = (
            pick_share(forecast, rng, 0.88, 0.98)
            if forecast_high
            else (0.0 if rng.random() < 0.4 else pick_share(forecast, rng, 0.0, 0.2))
        )
        contact = self._contact(i, -HISTORY_DAYS - 1, reseller=False)
        contact.loyalty = rng.uniform(0.0, 0.2) if unhappy else rng.uniform(0.6, 0.9)
        h = _Hidden([], rng.uniform(60, 120), 0.2, 0.0, [], 0.0, 0.0, 0.0)
        times = sorted((-rng.uniform(2, 120) for _ in range(rng.randint(1, 4))), reverse=False)
        if unhappy:
            times[-1] = -rng.uniform(1, 42)
            times.sort()
            # A burst of incidents shortly before the latest answer (or before all of them) builds the grievance.
            start = times[-1] - rng.uniform(5, 30) if rng.random() < 0.6 else times[0] - rng.uniform(3, 20)
            h.incidents = [(start + k * rng.uniform(1, 6), rng.uniform(1.5, 3.5)) for k in range(rng.randint(2, 4))]
        account = SimAccount(
            f"Cell {i:05d}", rng.choice(OWNERS), amount, max(0.0, upcoming), "cell", unhappy, [contact.email]
        )
        account.truth_class = SEED_CELLS[cell]
        for day in times:
            account.events.append(self._pulse(day, contact, h, force=True))
        last = account.events[-1]
        if unhappy and last.answer == "yes":
            text = rng.choice(self.comments["negative"]) if rng.random() < 0.5 else ""
            account.events[-1] = Event(last.at, last.contact, rng.choice(("no", "unsure")), text)
        return account

"""A fifth, blind portfolio generator: contracts, renewals, support tickets and stakeholders who see different things.

Each account is an agent with a contract (annual, multi-year or monthly) and a revenue drawn from a Pareto law (a few
whales, a long tail). Week by week its hidden state moves: product value (adoption, with broken integrations and good
releases), support experience (tickets open and close, some breach their SLA and some escalate), sponsorship (the
champion may leave and be replaced by a stranger), competitor pressure (approaches that fade) and budget pressure
(fiscal-year reviews that cut spend whatever the satisfaction). Pulses follow interactions: a closed ticket, a quarterly
business review, a renewal conversation. The contact who answers sees the account from a role: users judge support,
champions judge value, the decision-maker (who rarely answers) weighs all of it, budget and competitors included. So
some accounts say Yes right up to a budget cut, quiet accounts with few tickets stay silent though happy, and contacts
tire of frequent pulses. The truth is read from the future of the hidden state after the digest day: an account is at
risk when, within the profile's horizon, it churns or downgrades by at least 40% at a renewal (or, on a monthly plan,
cancels). A dozen accounts are placed in the cells of seed 000's figure 2 with a known class.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.insight_sim import NOW, OWNERS, SEED_CELLS, Event, SimAccount, pick_share, with_cell_accounts

COMMENTS_FILE = Path(__file__).resolve().parent / "data" / "insight_fifth_comments.tsv"
HISTORY_WEEKS = 52
WORDS = ("Arden", "Bricklane", "Cobalt", "Dunmore", "Eastgate", "Fernhill", "Granite", "Harbour", "Ironwood", "Juniper")
_NAME_TEXT = (
    "alex ana ben carla dev elena farid grace hugo ines jon kai lena marco nadia omar paula quinn rosa sam tara"
)
NAMES = (_NAME_TEXT + " uma victor wen yara zoe").split()
ROLE_RATE = {"user": 0.45, "admin": 0.55, "champion": 0.6, "decider": 0.2}


@dataclass(frozen=True)
class FifthProfile:
    """A kind of book: size, revenue shape, contract mix, trouble rates and the horizon and bar of its truth."""

    name: str
    accounts: int
    target_share: float
    horizon_days: int
    acv_base: float
    pareto_alpha: float
    monthly_share: float
    multi_year_share: float
    ticket_rate: float
    sla_breach: float
    competitor_rate: float
    budget_cut: float
    churn_bar: float
    cell_accounts: int = 12

    def describe(self) -> str:
        """One line: size, make-up, truth definition and the approximate at-risk share."""
        return (
            f"~{self.accounts} accounts, fifth generator (contracts, tickets, roles), "
            f"Pareto revenue (alpha {self.pareto_alpha}), "
            f"{self.monthly_share:.0%} of small accounts monthly, {self.multi_year_share:.0%} of large multi-year; "
            f"truth = churn or downgrade >=40% within {self.horizon_days} days after the digest; "
            f"~{self.target_share:.0%} at risk"
        )


FIFTH_PROFILES: dict[str, FifthProfile] = {
    "K": FifthProfile("K", 400, 0.06, 120, 6000, 1.1, 0.2, 0.25, 0.6, 0.08, 0.6, 0.12, 0.31),
    "L": FifthProfile("L", 200, 0.22, 90, 2500, 1.6, 0.7, 0.05, 0.9, 0.2, 1.5, 0.25, 0.32),
}


def load_comments() -> dict[str, list[str]]:
    """Reads the fifth comment bank: sentiment -> texts."""
    bank: dict[str, list[str]] = {"positive": [], "neutral": [], "negative": []}
    with COMMENTS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            bank[row["sentiment"]].append(row["text"])
    return bank


def clamp(x: float, low: float = 0.0, high: float = 1.0) -> float:
    """x bounded to [low, high]."""
    return max(low, min(high, x))


@dataclass
class _State:
    """An account's hidden state in one week."""

    value: float
    value_goal: float
    support: float
    sponsor: float
    competitor: float = 0.0
    budget: float = 0.0

    def utility(self) -> float:
        """How the decision-maker weighs the account: value, support and sponsor against competitors and budget."""
        return 0.45 * self.value + 0.2 * self.support + 0.2 * self.sponsor - 0.35 * self.competitor - 0.45 * self.budget


class FifthSimulator:
    """Draws one portfolio of a fifth profile from one random seed."""

    def __init__(self, profile: FifthProfile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(f"fifth/{profile.name}/{seed}")
        self.comments = load_comments()

    def portfolio(self) -> list[SimAccount]:
        """Draws the ordinary accounts, then the seed-000 accounts placed in known cells."""
        accounts = [self._account(i) for i in range(self.p.accounts)]
        return with_cell_accounts(accounts, self.p.cell_accounts, self._cell_account, self.rng)

    def _poisson(self, lam: float) -> int:
        limit, k, prod = math.exp(-lam), 0, self.rng.random()
        while prod > limit:
            k += 1
            prod *= self.rng.random()
        return k

    def _contacts(self, i: int, segment: str) -> list[tuple[str, str, float, float]]:
        """(email, role, politeness, responsiveness) for an account's people."""
        rng = self.rng
        count = {"enterprise": rng.randint(3, 5), "midmarket": rng.randint(2, 4), "smb": rng.randint(1, 2)}[segment]
        roles = ["decider", "champion", "admin", "user", "user"][:count] if count > 1 else ["decider"]
        names = rng.sample(NAMES, len(roles))
        return [self._person(i, n, r) for n, r in zip(names, roles, strict=True)]

    def _person(self, i: int, name: str, role: str) -> tuple[str, str, float, float]:
        return f"{name}@acct{i:05d}.example", role, self.rng.gauss(0.08, 0.08), self.rng.uniform(0.3, 1.3)

    def _account(self, i: int) -> SimAccount:
        rng, p = self.rng, self.p
        acv = min(p.acv_base * rng.paretovariate(p.pareto_alpha), p.acv_base * 500)
        segment = "enterprise" if acv > 80_000 else ("midmarket" if acv > 15_000 else "smb")
        plan = "annual"
        if segment == "smb" and rng.random() < p.monthly_share:
            plan = "monthly"
        elif segment != "smb" and rng.random() < p.multi_year_share:
            plan = "multi_year"
        renewal = {"annual": rng.randint(1, 365), "multi_year": rng.randint(1, 1095), "monthly": rng.randint(1, 30)}
        due = renewal[plan]
        shelfware = rng.random() < 0.12
        goal = clamp(rng.gauss(0.35, 0.12) if shelfware else rng.gauss(0.72, 0.14))
        st = _State(goal, goal, clamp(rng.gauss(0.7, 0.1)), clamp(rng.gauss(0.65, 0.2)))
        people = self._contacts(i, segment)
        breach = p.sla_breach * math.exp(rng.gauss(0, 0.6))
        tickets = p.ticket_rate * {"enterprise": 2.0, "midmarket": 1.0, "smb": 0.4}[segment] * rng.uniform(0.2, 1.8)
        qbr_phase, fiscal_week = rng.randrange(13), rng.randrange(52)
        sent: dict[str, list[float]] = {}
        events: list[Event] = []
        outcome = "not_due" if plan != "monthly" else "stays"
        horizon_weeks = p.horizon_days // 7

        def pulse(days: float, person: tuple[str, str, float, float], view: float) -> None:
            """Sends a pulse `days` before NOW unless this contact had one in the last 14 days."""
            email, role, polite, responsive = person
            recent = [d for d in sent.get(email, []) if d - days < 60]
            if recent and min(recent) - days < 14:
                return
            sent.setdefault(email, []).append(days)
            chance = ROLE_RATE[role] * responsive * 0.8 ** len(recent) * (0.7 + 0.8 * abs(view - 0.5))
            if rng.random() >= chance:
                events.append(Event(NOW - timedelta(days=days), email, None))
                return
            u = view + polite + rng.gauss(0, 0.1)
            answer = "yes" if u > 0.55 else ("no" if u < 0.36 else "unsure")
            events.append(Event(NOW - timedelta(days=days), email, answer, self._comment(answer, u)))

        for week in range(-HISTORY_WEEKS, horizon_weeks + 1):
            # Product value drifts toward its goal; integrations break, releases land.
            st.value += 0.08 * (st.value_goal - st.value) + rng.gauss(0, 0.03)
            if rng.random() < 0.012:
                st.value_goal = clamp(st.value_goal - rng.uniform(0.1, 0.3))
            elif rng.random() < 0.015:
                st.value_goal = clamp(st.value_goal + rng.uniform(0.05, 0.15))
            st.value = clamp(st.value)
            st.sponsor = clamp(st.sponsor + 0.03 * (0.7 - st.sponsor))
            st.competitor *= 0.93
            st.budget *= 0.985
            if rng.random() < p.competitor_rate / 52:
                st.competitor = clamp(st.competitor + rng.uniform(0.2, 0.5))
            if (week - fiscal_week) % 52 == 0 and rng.random() < p.budget_cut:
                st.budget = rng.uniform(0.3, 0.7)
            champion = next((c for c in people if c[1] == "champion"), None)
            if champion and rng.random() < 0.005:
                st.sponsor = 0.15
                if len(people) < 6:
                    used = {c[0].split("@")[0] for c in people}
                    people.append(self._person(i, rng.choice([n for n in NAMES if n not in used]), "champion"))
                people.remove(champion)
                people.insert(0, (*champion[:1], "gone", *champion[2:]))
            live = [c for c in people if c[1] != "gone"]
            # Tickets: more how-to questions when the product fits badly; breaches and escalations sour support.
            for _ in range(self._poisson(tickets * (1.6 - st.value))):
                target = 0.85
                if rng.random() < breach:
                    target = 0.05 if rng.random() < 0.3 else 0.25
                st.support = clamp(st.support + 0.2 * (target - st.support))
                asked = [c for c in live if c[1] in ("user", "admin")] or live
                if week < 0 and rng.random() < 0.7:
                    person = rng.choice(asked)
                    view = 0.55 * st.support + 0.45 * st.value if person[1] in ("user", "admin") else st.utility()
                    pulse(-week * 7 - rng.uniform(0.2, 6.5), person, view)
            st.support = clamp(st.support + 0.02 * (0.7 - st.support))
            days_left = (due - week * 7) % (1095 if plan == "multi_year" else 365)
            if week < 0 and segment == "enterprise" and week % 13 == qbr_phase:
                person = next((c for c in live if c[1] == "champion"), live[0])
                view = 0.5 * st.value + 0.2 * st.support + 0.3 * st.sponsor - 0.2 * st.competitor
                pulse(-week * 7 - rng.uniform(0.5, 6), person, view if person[1] == "champion" else st.utility())
            if week < 0 and plan != "monthly" and 0 < days_left <= 56 and rng.random() < 0.15:
                pulse(-week * 7 - rng.uniform(0.5, 6), live[0], st.utility())
            if week >= 0 and outcome in ("not_due", "stays"):
                outcome = self._decide(st, plan, week, due)
        at_risk = outcome in ("churns", "downgrades", "cancels")
        billed = acv if plan != "monthly" else acv * rng.randint(3, 12) / 12
        forecast = 0.0 if rng.random() < 0.12 else acv * rng.uniform(0.7, 1.2)
        if rng.random() < 0.3:
            forecast += acv * rng.uniform(0.1, 0.8)
        return SimAccount(
            f"{rng.choice(WORDS)} {i:05d}",
            rng.choice(OWNERS),
            max(100.0, round(billed, -2)),
            round(forecast, -2),
            f"{plan}_{outcome}",
            at_risk,
            [c[0] for c in people],
            None,
            sorted(events, key=lambda e: e.at),
        )

    def _decide(self, st: _State, plan: str, week: int, due: int) -> str:
        """The account's decision in a future week of the horizon, or its unchanged status."""
        rng, bar = self.rng, self.p.churn_bar
        u = st.utility() + rng.gauss(0, 0.05)
        if plan == "monthly":
            if (
                week % 4 == due % 4
                and week * 7 <= self.p.horizon_days
                and rng.random() < 0.6 / (1 + math.exp((u - bar) / 0.05))
            ):
                return "cancels"
            return "stays"
        if not week * 7 <= due < week * 7 + 7 or due > self.p.horizon_days:
            return "not_due"
        if rng.random() < 1 / (1 + math.exp((u - bar) / 0.05)):
            return "churns" if u < bar - 0.05 or rng.random() < 0.5 else "downgrades"
        if st.budget > 0.25 and rng.random() < st.budget:
            return "downgrades"
        return "expands" if u > 0.6 and rng.random() < 0.3 else "renews"

    def _comment(self, answer: str, u: float) -> str:
        rng = self.rng
        if rng.random() >= 0.22 + (0.2 if answer == "no" else 0.0):
            return ""
        roll = rng.random()
        if answer == "yes":
            sentiment = "positive" if roll < 0.72 else "neutral"
        elif answer == "no":
            sentiment = "negative" if roll < 0.85 else "neutral"
        else:
            sentiment = "neutral" if roll < 0.55 else ("negative" if u < 0.45 else "positive")
        return rng.choice(self.comments[sentiment])

    def _cell_account(
        self, i: int, cell: tuple[bool, bool, bool], billed: list[float], forecast: list[float]
    ) -> SimAccount:
        """An account in a known cell of figure 2 with one to four recent answers from its people."""
        rng = self.rng
        billed_high, forecast_high, unhappy = cell

        amount = pick_share(billed, rng, 0.9, 0.99) if billed_high else pick_share(billed, rng, 0.02, 0.25)
        upcoming = (
            pick_share(forecast, rng, 0.9, 0.99)
            if forecast_high
            else (0.0 if rng.random() < 0.4 else pick_share(forecast, rng, 0, 0.2))
        )
        people = self._contacts(i, "enterprise" if billed_high else "smb")
        account = SimAccount(
            f"Cell {i:05d}",
            rng.choice(OWNERS),
            amount,
            upcoming,
            "cell",
            unhappy,
            [c[0] for c in people],
            SEED_CELLS[cell],
        )
        times = sorted((rng.uniform(3, 120) for _ in range(rng.randint(1, 4))), reverse=True)
        if unhappy:
            times[-1] = rng.uniform(1, 42)
            times.sort(reverse=True)
        for n, days in enumerate(times):
            email, _role, _, _ = rng.choice(people)
            sour = unhappy and (n == len(times) - 1 or rng.random() < 0.5)
            view = rng.uniform(0.05, 0.3) if sour else rng.uniform(0.65, 0.95)
            answer = "no" if view < 0.2 or (sour and n == len(times) - 1) else ("unsure" if sour else "yes")
            comment = (
                rng.choice(self.comments["negative"]) if sour and rng.random() < 0.7 else self._comment(answer, view)
            )
            account.events.append(Event(NOW - timedelta(days=days), email, answer, comment))
        return account


def at_risk_share(profile: FifthProfile, seeds: range) -> float:
    """The share of truly at-risk ordinary accounts over some seeds."""
    ordinary = [a for s in seeds for a in FifthSimulator(profile, s).portfolio() if a.kind != "cell"]
    return sum(a.at_risk for a in ordinary) / len(ordinary)

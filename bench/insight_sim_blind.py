"""A fourth simulated portfolio for bench/insight.py, written blind to the ranking code: latent health with shocks.

Behaviour model (written before any result was seen, without reading the ranking or classification code). Each
account belongs to a segment (enterprise, mid-market, self-serve) that sets its contact count, its revenue scale and
whether it renews on a yearly contract. Its latent health x(t), on a logit-like scale, is simulated week by week from
a year before the digest day to 13 weeks after it: a mean-reverting random walk around a baseline that itself
drifts slowly, hit by occasional shocks - a failed delivery (a sharp dip that fades over weeks and brings extra
interactions), a price rise (lowers the baseline, felt most by the buyer), a champion leaving (lowers the baseline;
the champion's address goes silent until a successor is named some weeks later) and good news (a short lift). Some
accounts are new within the year. Contacts have roles - user, buyer, exec - with their own bias, answer rate and
sensitivity to each kind of shock; execs are rarely asked, rarely answer and are polite. Pulses follow interactions
at the account's own pace, with bursts in January and September (planning and budget season) and after incidents;
each goes to one active contact, who answers with a propensity that falls as the contact disengages (low perceived
health, a run of unanswered pulses). The answer comes from perceived health (health + role and personal bias +
logistic noise); some accounts are polite and turn most "No" into "Not sure", and some healthy accounts complain
loudly once (one "No" with an angry comment after a small incident). Comments are optional and their sentiment is
noisy (a comment bank with positive, neutral, guarded and negative texts). Billed revenue is heavy-tailed (Pareto
per segment); the forecast follows health with noise and is sometimes zero (nothing booked). Truth: an account
churns or cuts its spend by more than half within 90 days after the digest day, drawn from a weekly hazard that
rises as health falls and as it trends down over the last eight weeks, and, for contract segments, peaks around the
renewal date; the hazard's base is set per portfolio so the expected churn share equals the profile's target. A few
accounts are placed in seed 000's cells (SEED_CELLS) like the other generators do: billed and forecast drawn from
the high or low part of the ordinary accounts' spread, and "unhappy" meaning the latest answer, within six weeks, is
a "No"; their truth is the cell's class, and the unhappy ones count as at risk.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bench.insight_sim import NOW, OWNERS, SEED_CELLS, Event, SimAccount, pick_share, with_cell_accounts

HISTORY_WEEKS = 52
FUTURE_WEEKS = 13  # 91 days: the truth window after the digest day
TREND_WEEKS = 8
COMMENTS_FILE = Path(__file__).resolve().parent / "data" / "insight_blind_comments.tsv"
WORDS = ("Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Juniper", "Larch", "Maple", "Oak")
SHOCKS = ("delivery", "price", "champion", "good")


@dataclass(frozen=True)
class Segment:
    """A kind of customer: contacts, revenue scale, whether it renews on a contract, and its health baseline."""

    name: str
    contacts: tuple[int, int]
    revenue_scale: float
    pareto_alpha: float
    contract: bool
    baseline: tuple[float, float]  # mean, spread of the account's health baseline


SEGMENTS: dict[str, Segment] = {
    "enterprise": Segment("enterprise", (3, 5), 60_000.0, 1.3, True, (1.2, 0.7)),
    "midmarket": Segment("midmarket", (2, 3), 12_000.0, 1.5, True, (1.0, 0.8)),
    "selfserve": Segment("selfserve", (1, 2), 1_200.0, 1.8, False, (0.8, 0.9)),
}


@dataclass(frozen=True)
class Role:
    """A contact's role: how often they are asked, answer and comment, their bias, and what they feel most."""

    name: str
    weight: float
    answer_rate: float
    comment_rate: float
    bias: float
    polite: float  # chance a "No" comes out as "Not sure"
    feels: dict[str, float]


ROLES: dict[str, Role] = {
    "user": Role("user", 0.55, 0.60, 0.25, 0.0, 0.15, {"delivery": 1.5, "price": 0.3, "champion": 0.8, "good": 1.2}),
    "buyer": Role("buyer", 0.30, 0.45, 0.20, -0.2, 0.25, {"delivery": 0.7, "price": 1.6, "champion": 1.0, "good": 0.8}),
    "exec": Role("exec", 0.15, 0.25, 0.10, 0.3, 0.55, {"delivery": 0.5, "price": 0.8, "champion": 1.2, "good": 0.6}),
}


@dataclass(frozen=True)
class BlindProfile:
    """How one kind of portfolio behaves in this model: size, segment mix, pace, shocks, target churn share."""

    name: str
    accounts: int
    churn_share: float
    mix: tuple[float, float, float]  # enterprise, mid-market, self-serve
    gap_days: tuple[float, float]
    shocks_per_year: float
    polite_share: float
    loud_share: float
    new_share: float
    seed_accounts: int = 16

    def describe(self) -> str:
        """One line on the profile's make-up."""
        e, m, s = self.mix
        return (
            f"{self.accounts} accounts, blind generator (latent health with shocks, contact roles): "
            f"{e:.0%} enterprise, {m:.0%} mid-market, {s:.0%} self-serve; truth = churn or spend cut > 50% "
            f"within 90 days, ~{self.churn_share:.0%}"
        )


BLIND_PROFILES: dict[str, BlindProfile] = {
    "H": BlindProfile("H", 500, 0.10, (0.25, 0.5, 0.25), (18, 50), 1.5, 0.3, 0.06, 0.12, 16),
    "J": BlindProfile("J", 200, 0.15, (0.1, 0.3, 0.6), (12, 35), 2.0, 0.2, 0.08, 0.2, 8),
}


@dataclass
class Contact:
    """One contact: address, role, personal bias, engagement, unanswered run, and the weeks they can answer."""

    email: str
    role: Role
    bias: float
    engagement: float
    start_week: int = -HISTORY_WEEKS
    leaves_week: int | None = None
    dropped_week: int | None = None  # the rep stops pulsing a departed address
    unanswered: int = 0


@dataclass
class Course:
    """One account's latent history: health per week from its first week, and the shocks by week."""

    health: list[float]
    shocks: dict[int, str] = field(default_factory=dict)


def sigmoid(z: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-z))


def load_blind_comments() -> dict[str, list[str]]:
    """Reads this generator's own comment bank: sentiment -> texts."""
    bank: dict[str, list[str]] = {}
    with COMMENTS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            bank.setdefault(row["sentiment"], []).append(row["text"])
    return bank


def week_of(at: datetime) -> int:
    """Weeks from the digest day (negative: before it)."""
    return math.floor((at - NOW).total_seconds() / (7 * 86400))


class BlindSimulator:
    """Draws one portfolio of a blind-generator profile from one random seed."""

    def __init__(self, profile: BlindProfile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(seed * 104729 + 4051 + sum(map(ord, profile.name)))
        self.comments = load_blind_comments()

    def portfolio(self) -> list[SimAccount]:
        """Draws the ordinary accounts, sets their truth from the hazard, adds the seed-000 cell accounts, shuffles."""
        drawn = [self._account(i) for i in range(self.p.accounts)]
        self._truth(drawn)
        accounts = [a for a, _ in drawn]
        return with_cell_accounts(accounts, self.p.seed_accounts, self._cell_account, self.rng)

    # -- truth -------------------------------------------------------------------------------------------------

    def _truth(self, drawn: list[tuple[SimAccount, float]]) -> None:
        """Sets at_risk from the hazard, its base chosen so the expected churn share is the profile's target."""
        exposures = [exposure for _, exposure in drawn]

        def expected(base: float) -> float:
            return sum(1.0 - math.exp(-base * e) for e in exposures) / len(exposures)

        low, high = 1e-9, 1e3
        for _ in range(100):
            mid = math.sqrt(low * high)
            low, high = (mid, high) if expected(mid) < self.p.churn_share else (low, mid)
        base = math.sqrt(low * high)
        for account, exposure in drawn:
            if self.rng.random() < 1.0 - math.exp(-base * exposure):
                account.at_risk = True
                account.kind += ":" + ("churn" if self.rng.random() < 0.6 else "downsell")
            else:
                account.kind += ":stays"

    # -- ordinary accounts ---------------------------------------------------------------------------------------

    def _segment(self) -> Segment:
        e, m, _ = self.p.mix
        roll = self.rng.random()
        return SEGMENTS["enterprise" if roll < e else "midmarket" if roll < e + m else "selfserve"]

    def _health(self, segment: Segment, start: int) -> Course:
        """Weekly latent health from `start` to FUTURE_WEEKS, with the shocks that hit it."""
        rng, p = self.rng, self.p
        baseline = rng.gauss(*segment.baseline)
        x = baseline + rng.gauss(0, 0.5)
        incident = 0.0
        path = Course([])
        for week in range(start, FUTURE_WEEKS + 1):
            baseline += rng.gauss(0, 0.04)
            if rng.random() < p.shocks_per_year / 52:
                kind = rng.choices(SHOCKS, weights=(0.4, 0.2, 0.15, 0.25))[0]
                path.shocks[week] = kind
                if kind == "delivery":
                    incident -= rng.uniform(0.8, 2.0)
                elif kind == "price":
                    baseline -= rng.uniform(0.3, 0.8)
                elif kind == "champion":
                    baseline -= rng.uniform(0.3, 0.9)
                    incident -= rng.uniform(0.2, 0.6)
                else:
                    incident += rng.uniform(0.3, 0.8)
            incident *= 0.87  # half-life about five weeks
            x += 0.08 * (baseline - x) + rng.gauss(0, 0.15)
            path.health.append(x + incident)
        return path

    def _account(self, i: int) -> tuple[SimAccount, float]:
        """One ordinary account and its hazard exposure over the 13 weeks after the digest day."""
        rng, p = self.rng, self.p
        segment = self._segment()
        start = -HISTORY_WEEKS if rng.random() >= p.new_share else -rng.randint(4, HISTORY_WEEKS - 1)
        path = self._health(segment, start)

        def health(week: int) -> float:
            return path.health[max(0, min(len(path.health) - 1, week - start))]

        now_x = health(0)
        billed = segment.revenue_scale * rng.paretovariate(segment.pareto_alpha)
        if start > -HISTORY_WEEKS:
            billed *= (-start) / HISTORY_WEEKS  # billed over the months they have been a customer
        growth = math.exp(0.25 * (now_x - 1.0) + rng.gauss(0, 0.35))
        booked = rng.random() >= sigmoid(-1.2 - 0.9 * now_x)
        forecast = billed * growth if booked else 0.0
        slug = f"{rng.choice(WORDS).lower()}{i:05d}"
        name = f"{rng.choice(WORDS)} {segment.name.title()} {i:05d}"
        account = SimAccount(name, rng.choice(OWNERS), billed, forecast, segment.name, False, [])
        contacts = self._contacts(segment, slug, path, start)
        account.contacts = [c.email for c in contacts]
        account.events = self._pulses(health, path, contacts, start)
        # Exposure: sum of weekly relative hazards after the digest day; falls with health and its 8-week trend.
        renewal = rng.randint(1, 52)
        exposure = 0.0
        for week in range(1, FUTURE_WEEKS + 1):
            x = health(week)
            trend = x - health(week - TREND_WEEKS)
            factor = 1.0
            if segment.contract:
                factor = 5.0 if renewal - 2 <= week <= renewal else 0.3
            exposure += factor * math.exp(-1.2 * x - 0.8 * trend)
        return account, exposure

    def _contacts(self, segment: Segment, slug: str, path: Course, start: int) -> list[Contact]:
        """The account's contacts by role; a champion leaving hands over to a successor some weeks later."""
        rng = self.rng
        count = rng.randint(*segment.contacts)
        roles = ["user"] + [
            rng.choices(list(ROLES), weights=[r.weight for r in ROLES.values()])[0] for _ in range(count - 1)
        ]
        contacts = [
            Contact(f"{role}{k}@{slug}.example", ROLES[role], rng.gauss(0, 0.4), rng.gauss(0.8, 0.8), start)
            for k, role in enumerate(roles)
        ]
        for week, kind in sorted(path.shocks.items()):
            if kind != "champion" or week > 0:
                continue
            active = [c for c in contacts if c.leaves_week is None]
            if len(active) < 1:
                continue
            leaver = max(active, key=lambda c: c.engagement)
            leaver.leaves_week = week
            leaver.dropped_week = week + rng.randint(4, 20)
            successor = week + rng.randint(3, 12)
            if successor <= 0:
                contacts.append(
                    Contact(
                        f"{leaver.role.name}{len(contacts)}@{slug}.example",
                        leaver.role,
                        rng.gauss(-0.1, 0.4),
                        rng.gauss(0.3, 0.8),
                        successor,
                    )
                )
        return contacts

    def _pulses(self, health: Callable[[int], float], path: Course, contacts: list[Contact], start: int) -> list[Event]:
        """The observable history: interactions at the account's pace, seasonal bursts, pulses after incidents."""
        rng, p = self.rng, self.p
        gap = rng.uniform(*p.gap_days)
        polite = rng.random() < p.polite_share
        loud_day = rng.uniform(-330, -10) if rng.random() < p.loud_share else None
        events: list[Event] = []
        extra: list[float] = []
        for week, kind in path.shocks.items():
            if kind == "delivery" and week < 0:
                extra += [week * 7 + rng.uniform(1, 20) for _ in range(rng.randint(1, 3))]
        days = []
        for day in range(start * 7, 0):
            month = (NOW + timedelta(days=day)).month
            season = 1.8 if month in (1, 9) else 0.8 if month in (7, 8, 12) else 1.0
            if rng.random() < season / gap:
                days.append(day + rng.random())
        days += [d for d in extra if start * 7 <= d < 0]
        for day in sorted(days):
            at = NOW + timedelta(days=day)
            week = week_of(at)
            active = [c for c in contacts if c.start_week <= week and (c.dropped_week is None or week < c.dropped_week)]
            if not active:
                continue
            contact = rng.choices(active, weights=[c.role.weight for c in active])[0]
            gone = contact.leaves_week is not None and week >= contact.leaves_week
            felt = health(week)
            recent = [k for w, k in path.shocks.items() if week - 6 <= w <= week]
            for kind in recent:
                felt += (contact.role.feels[kind] - 1.0) * (-0.5 if kind != "good" else 0.3)
            perceived = felt + contact.role.bias + contact.bias
            loud = loud_day is not None and abs(day - loud_day) < gap / 2
            if loud:
                loud_day = None
                events.append(Event(at, contact.email, "no", rng.choice(self.comments["negative"])))
                continue
            chance = (
                0.0
                if gone
                else contact.role.answer_rate
                * sigmoid(1.5 + contact.engagement + 0.6 * perceived - 0.5 * contact.unanswered)
            )
            if rng.random() >= chance:
                contact.unanswered += 1
                contact.engagement -= 0.05 + (0.1 if perceived < 0 else 0.0)
                events.append(Event(at, contact.email, None))
                continue
            contact.unanswered = 0
            score = perceived + rng.gauss(0, 1) * 0.6 + (rng.random() - 0.5) * 0.4
            answer = "yes" if score > 0.4 else "no" if score < -0.7 else "unsure"
            if answer == "no" and rng.random() < (0.8 if polite else contact.role.polite):
                answer = "unsure"
            events.append(Event(at, contact.email, answer, self._comment(contact.role, answer, perceived, polite)))
        return events

    def _comment(self, role: Role, answer: str, perceived: float, polite: bool) -> str:
        """An optional comment whose sentiment follows perceived health only loosely."""
        rng = self.rng
        rate = role.comment_rate * (2.0 if answer == "no" else 1.0 if answer == "unsure" else 0.7)
        if rng.random() >= rate:
            return ""
        tone = perceived + rng.gauss(0, 0.9)
        sentiment = "positive" if tone > 0.8 else "negative" if tone < -0.5 else "neutral"
        polite_bad = sentiment == "negative" and polite
        if polite_bad or (sentiment == "neutral" and tone < 0.0 and rng.random() < 0.4):
            sentiment = "guarded"
        return rng.choice(self.comments[sentiment])

    # -- seed-000 cells ------------------------------------------------------------------------------------------

    def _cell_account(
        self, i: int, cell: tuple[bool, bool, bool], billed: list[float], forecast: list[float]
    ) -> SimAccount:
        """An account in a known cell of seed 000's figure 2: one to four answers, the latest within six weeks."""
        rng = self.rng
        billed_high, forecast_high, unhappy = cell

        amount = pick_share(billed, rng, 0.88, 0.98) if billed_high else pick_share(billed, rng, 0.03, 0.25)
        positive = [v for v in forecast if v > 0] or [1_000.0]
        upcoming = (
            pick_share(positive, rng, 0.86, 0.97)
            if forecast_high
            else (0.0 if rng.random() < 0.5 else pick_share(positive, rng, 0.0, 0.1))
        )
        email = f"buyer@blindcell{i:05d}.example"
        account = SimAccount(
            f"Grove {i:05d}", rng.choice(OWNERS), amount, upcoming, "cell", unhappy, [email], SEED_CELLS[cell]
        )
        earlier = sorted((rng.uniform(45, 150) for _ in range(rng.randint(0, 3))), reverse=True)
        ago = [*earlier, rng.uniform(2, 42)]
        for n, days in enumerate(ago):
            last = n == len(ago) - 1
            if unhappy and last:
                answer, comment = "no", rng.choice(self.comments["negative"])
            else:
                answer, comment = "yes", (rng.choice(self.comments["positive"]) if rng.random() < 0.3 else "")
            account.events.append(Event(NOW - timedelta(days=days), email, answer, comment))
        return account

"""Seeds a realistic sample portfolio (accounts, months of interactions, answers and comments) for `pulse demo`.

Everything goes through the seeding module (the real services) at simulated times, so aggregates, alerts and
the digest come out exactly as they would in use. Demo alerts are never sent anywhere.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core import money, states, survey
from bot.core.commands import name_key
from bot.core.kinds import Kind
from bot.services import accounts, alerts, seeding, stats
from bot.services.demo_data import COMPANIES, FIRST_NAMES, HAPPY, KINDS, MIXED, NOTES, REPS, UNHAPPY
from bot.services.pulses import hash_token
from storage.models import Account, Pulse
from storage.queries import accounts as account_queries
from storage.queries import alerts as alert_queries
from storage.queries import outbox as outbox_queries
from storage.queries import pulses as pulse_queries

DEMO_TEAM = "T0DEMO000"
DEMO_NAME = "Pulse demo"
HISTORY_DAYS = 180


@dataclass(frozen=True, slots=True)
class Persona:
    """How one sample account behaves: how happy, how talkative, trending which way."""

    mood: float
    drift: float
    answer_rate: float


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What the demo created."""

    team_id: str
    accounts: int
    interactions: int
    responses: int


def seed(
    db: Session,
    *,
    now: datetime,
    team_id: str = DEMO_TEAM,
    seed_value: int = 7,
    progress: Callable[[int], None] | None = None,
) -> DemoReport:
    """Creates the sample portfolio in the workspace (idempotent: an existing demo portfolio is kept).

    `progress` hears of each account seeded (out of len(COMPANIES))."""
    rng = random.Random(seed_value)
    existing = account_queries.count_accounts(db, team_id=team_id)
    if existing:
        return DemoReport(team_id, existing, 0, 0)
    workspace = account_queries.ensure_workspace(db, team_id=team_id, now=now, name=DEMO_NAME)
    workspace.name = DEMO_NAME
    db.add(workspace)
    policy = survey.SurveyPolicy(
        delay=timedelta(minutes=30),
        throttle=timedelta(days=10),
        reminder_after=timedelta(days=3),
        expires_after=timedelta(days=14),
        edit_window=timedelta(hours=72),
    )
    owners = list(REPS)
    total_interactions = total_responses = 0
    for index, name in enumerate(COMPANIES):
        figure = round(rng.lognormvariate(11.5, 1.1), -3)
        billed = money.to_money(figure)
        forecast = money.to_money(
            round(figure * rng.uniform(0.0, 0.8) if rng.random() < 0.8 else rng.lognormvariate(11, 1), -3)
        )
        persona = _persona(rng, index)
        account = accounts.create_account(
            db,
            team_id=team_id,
            name=name,
            owner_id=owners[index % len(owners)],
            now=now - timedelta(days=365),
            billed=billed,
            forecast=forecast,
        )
        contacts = [
            f"{rng.choice(FIRST_NAMES)}.{i}@{name_key(name).split()[0].strip(chr(39))}.example" for i in range(3)
        ]
        made, answered = _history(db, rng, account, contacts, persona, policy=policy, now=now)
        total_interactions += made
        total_responses += answered
        assert account.id is not None
        stats.refresh(db, account_id=account.id, team_id=team_id, now=now)
        if progress is not None:
            progress(index + 1)
    _handle_alerts(db, rng, team_id=team_id, now=now)
    # Demo alerts must never reach a real workspace's owners.
    outbox_queries.park_for_demo(db, team_id=team_id)
    return DemoReport(team_id, len(COMPANIES), total_interactions, total_responses)


def sample_survey_token(db: Session, *, team_id: str, now: datetime) -> str | None:
    """Issues a new link to the demo's latest open survey, for whoever tries Pulse to answer as a customer would."""
    pulse = pulse_queries.latest_open(db, team_id=team_id, now=now)
    if pulse is None or pulse.id is None:
        return None
    token = secrets.token_urlsafe(32)
    pulse_queries.add_token(db, pulse_id=pulse.id, token_hash=hash_token(token), now=now)
    return token


def _persona(rng: random.Random, index: int) -> Persona:
    """Gives accounts a spread of stories: loyal, drifting away, recovering, silent."""
    story = index % 8
    if story in (0, 1, 2):
        return Persona(mood=rng.uniform(0.5, 0.9), drift=0.0, answer_rate=rng.uniform(0.6, 0.9))
    if story in (3, 4):
        return Persona(mood=rng.uniform(0.5, 0.8), drift=-rng.uniform(0.8, 1.4), answer_rate=rng.uniform(0.5, 0.8))
    if story == 5:
        return Persona(mood=rng.uniform(-0.3, 0.1), drift=rng.uniform(0.6, 1.0), answer_rate=0.6)
    if story == 6:
        return Persona(mood=rng.uniform(0.0, 0.4), drift=0.0, answer_rate=0.1)
    return Persona(mood=rng.uniform(-0.4, 0.2), drift=-0.3, answer_rate=0.7)


def _history(
    db: Session,
    rng: random.Random,
    account: Account,
    contacts: list[str],
    persona: Persona,
    *,
    policy: survey.SurveyPolicy,
    now: datetime,
) -> tuple[int, int]:
    """Plays months of interactions and answers for one account at their simulated times."""
    start = now - timedelta(days=HISTORY_DAYS)
    moment = start + timedelta(days=rng.uniform(0, 10))
    made = answered = 0
    while moment < now - timedelta(hours=2):
        progress = (moment - start) / (now - start)
        logged = seeding.log(
            db,
            account=account,
            email=rng.choice(contacts),
            kind=Kind(rng.choice(KINDS)),
            note=rng.choice(NOTES),
            source="demo",
            key=f"demo:{account.id}:{made}",
            policy=policy,
            now=moment,
        )
        made += 1

        pulse = db.get(Pulse, logged.pulse.id) if logged.pulse is not None else None
        if pulse is not None and pulse.state == states.PulseState.SCHEDULED and pulse.id is not None:
            answered += _deliver_and_answer(db, rng, pulse, persona, progress, policy=policy, now=now)
        moment += timedelta(days=rng.uniform(4, 16))
    return made, answered


def _deliver_and_answer(
    db: Session,
    rng: random.Random,
    pulse: Pulse,
    persona: Persona,
    progress: float,
    *,
    policy: survey.SurveyPolicy,
    now: datetime,
) -> int:
    """Marks a pulse sent at its due time and, as the persona would, answers it."""
    sent_at = pulse.due_at
    token = seeding.send(db, pulse=pulse, sent_at=sent_at, policy=policy)
    answer_at = sent_at + timedelta(hours=rng.uniform(1, 60))
    if rng.random() > persona.answer_rate or answer_at >= now:
        if pulse.expires_at is not None and pulse.expires_at <= now:
            pulse.state, pulse.next_action_at = states.PulseState.EXPIRED, None
        return 0
    mood = max(-1.0, min(1.0, persona.mood + persona.drift * progress + rng.gauss(0, 0.25)))
    if mood > 0.35:
        answer, comment = survey.Answer.YES, rng.choice(HAPPY)
    elif mood > -0.15:
        answer, comment = survey.Answer.UNSURE, rng.choice(MIXED)
    else:
        answer, comment = survey.Answer.NO, rng.choice(UNHAPPY)
    seeding.answer(db, token=token, reply=answer, comment=comment, now=answer_at, policy=policy, react=True)
    return 1


def _handle_alerts(db: Session, rng: random.Random, *, team_id: str, now: datetime) -> None:
    """Plays the reps' side: most older alerts were resolved within days, some acknowledged, recent ones open."""
    for alert in alert_queries.list_for_team(db, team_id=team_id):
        account = db.get(Account, alert.account_id)
        assert account is not None
        age = now - alert.opened_at
        handled_at = alert.opened_at + timedelta(hours=rng.uniform(2, 72))
        if age > timedelta(days=21) and rng.random() < 0.85:
            alerts.acknowledge(db, alert=alert, user_id=account.owner_id, now=handled_at)
            alerts.resolve(
                db, alert=alert, user_id=account.owner_id, now=handled_at + timedelta(days=rng.uniform(1, 6))
            )
        elif handled_at < now and rng.random() < 0.5:
            alerts.acknowledge(db, alert=alert, user_id=account.owner_id, now=handled_at)
    db.flush()

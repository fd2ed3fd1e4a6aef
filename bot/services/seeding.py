"""Creates accounts, contacts, interactions and answers for the demo, the tests and the benchmarks, one way.

Small portfolios go through the real services, so aggregates and alerts come out as they would in use; a
benchmark's large portfolio is written as plain rows (insert_rows), with aggregates it computed itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core import states, survey
from bot.core.kinds import Kind
from bot.services import interactions, responses
from bot.services.pulses import hash_token
from storage.models import Account, Pulse
from storage.queries import bulk
from storage.queries import pulses as pulse_queries
from storage.rows import AccountRow


def log(
    db: Session,
    *,
    account: Account | AccountRow,
    email: str,
    key: str,
    policy: survey.SurveyPolicy,
    now: datetime,
    rep_id: str | None = None,
    kind: Kind = Kind.CALL,
    note: str = "",
    source: str = "seed",
) -> interactions.Logged:
    """Logs an interaction with a contact (created on first use) and plans its pulse, as a rep would."""
    row = account if isinstance(account, AccountRow) else AccountRow.of(account)
    request = interactions.LogInteraction(
        team_id=row.team_id,
        account=row,
        contact=email,
        rep_id=rep_id or row.owner_id,
        kind=kind,
        note=note,
        survey=True,
        source=source,
        idempotency_key=key,
    )
    logged = interactions.log_interaction(db, request=request, policy=policy, now=now)
    assert isinstance(logged, interactions.Logged)
    return logged


def send(db: Session, *, pulse: Pulse, sent_at: datetime, policy: survey.SurveyPolicy, remind: bool = False) -> str:
    """Marks a scheduled pulse sent by e-mail at `sent_at` and returns a new link token to its survey page.

    The next action is its reminder when `remind`, else its expiry."""
    assert pulse.id is not None
    token = secrets.token_urlsafe(32)
    pulse.state, pulse.channel, pulse.sent_at, pulse.asked_at = states.PulseState.SENT, "email", sent_at, sent_at
    pulse.expires_at = sent_at + policy.expires_after
    pulse.next_action_at = sent_at + (policy.reminder_after if remind else policy.expires_after)
    db.add(pulse)
    pulse_queries.add_token(db, pulse_id=pulse.id, token_hash=hash_token(token), now=sent_at)
    return token


def answer(
    db: Session,
    *,
    token: str,
    reply: survey.Answer,
    comment: str,
    policy: survey.SurveyPolicy,
    now: datetime,
    react: bool = False,
) -> None:
    """Answers a survey through its link, as the customer would; `react` updates aggregates and alerts at once."""
    responses.record_answer(db, token=token, answer=reply, comment=comment, now=now, policy=policy)
    if react:
        responses.react_to_answers(db, now=now)


def insert_rows(engine: Engine, batches: Iterable[Mapping[str, Sequence[Mapping[str, Any]]]]) -> None:
    """Writes a large portfolio as plain rows, one transaction per batch of {table: rows}, then settles ids."""
    for batch in batches:
        with engine.begin() as connection:
            for table in bulk.TABLES:
                bulk.insert_rows(connection, table=table, rows=batch.get(table, ()))
    with engine.begin() as connection:
        bulk.settle(connection)

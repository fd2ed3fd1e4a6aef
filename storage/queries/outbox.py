"""Queries on the outbox of Slack messages: queueing once, claiming due ones under a lease. They never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from bot.core import states
from storage import lease, statements
from storage.models import Outbox


def add_message(
    session: Session, *, team_id: str, kind: str, dedupe_key: str, payload: dict[str, Any], now: datetime
) -> Outbox | None:
    """Queues a message; the same dedupe key is queued only once. Returns None for a duplicate."""
    row = Outbox(
        team_id=team_id, kind=kind, dedupe_key=dedupe_key, payload=payload, next_attempt_at=now, created_at=now
    )
    return statements.inserted_once(session, row)


def due_messages(session: Session, *, now: datetime, limit: int) -> list[Outbox]:
    """Returns pending messages due by now whose lease is free, oldest due first (to be leased with `lease.take`)."""
    return lease.due(
        session,
        Outbox,
        where=(col(Outbox.state) == states.OutboxState.PENDING, col(Outbox.next_attempt_at) <= now),
        order_by=col(Outbox.next_attempt_at),
        now=now,
        limit=limit,
    )


def renew_lease(session: Session, *, message_id: int, owner: str, until: datetime) -> bool:
    """Extends a worker's lease on a pending message; False when another worker has taken it over."""
    return lease.renew(
        session,
        Outbox,
        row_id=message_id,
        owner=owner,
        until=until,
        where=(col(Outbox.state) == states.OutboxState.PENDING,),
    )


def park_for_demo(session: Session, *, team_id: str) -> None:
    """Parks every message of a workspace so that nothing queued for it is ever sent (a demo)."""
    session.execute(update(Outbox).where(col(Outbox.team_id) == team_id).values(state=states.OutboxState.DEMO))

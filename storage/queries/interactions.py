"""Queries on logged interactions and pending logs. They never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import Interaction, PendingLog


def get_by_idempotency_key(session: Session, *, team_id: str, key: str) -> Interaction | None:
    """Returns the interaction already logged under this idempotency key."""
    return session.exec(
        select(Interaction).where(Interaction.team_id == team_id, Interaction.idempotency_key == key)
    ).first()


def add_interaction(session: Session, interaction: Interaction) -> Interaction | None:
    """Inserts an interaction; returns None when another request logged the same key first."""
    try:
        with session.begin_nested():
            session.add(interaction)
            session.flush()
    except IntegrityError:
        return None
    return interaction


def list_recent(session: Session, *, account_id: int, limit: int) -> list[Interaction]:
    """Returns an account's latest interactions, newest first."""
    return list(
        session.exec(
            select(Interaction)
            .where(Interaction.account_id == account_id)
            .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
            .limit(limit)
        )
    )


def add_pending(
    session: Session, *, pending_id: str, team_id: str, user_id: str, payload: dict[str, Any], now: datetime
) -> PendingLog:
    """Keeps a log request that waits for the rep to choose its account."""
    pending = PendingLog(id=pending_id, team_id=team_id, user_id=user_id, payload=payload, created_at=now)
    session.add(pending)
    session.flush()
    return pending


def get_pending(session: Session, *, team_id: str, pending_id: str) -> PendingLog | None:
    """Returns a pending log of the workspace."""
    pending = session.get(PendingLog, pending_id)
    return pending if pending is not None and pending.team_id == team_id else None


def delete_pending_before(session: Session, *, cutoff: datetime) -> int:
    """Deletes pending logs created before the cutoff; returns how many."""
    result = session.execute(delete(PendingLog).where(col(PendingLog.created_at) < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

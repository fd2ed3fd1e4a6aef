"""Queries on the audit trail and on Slack requests already handled. They never commit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage import statements
from storage.models import AuditEvent, HandledRequest


def add_event(
    session: Session,
    *,
    team_id: str,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> AuditEvent:
    """Stores one audit event."""
    event = AuditEvent(
        team_id=team_id,
        at=now,
        actor=actor[:64],
        action=action[:64],
        subject_type=subject_type[:32],
        subject_id=subject_id[:200],
        before=before,
        after=after,
    )
    session.add(event)
    return event


def page(session: Session, *, team_id: str, limit: int, offset: int = 0) -> list[AuditEvent]:
    """Returns a workspace's events, newest first."""
    return list(
        session.exec(
            select(AuditEvent)
            .where(AuditEvent.team_id == team_id)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .offset(offset)
            .limit(limit)
        )
    )


def count(session: Session, *, team_id: str) -> int:
    """Returns how many events a workspace has."""
    return int(session.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.team_id == team_id)).one())


def stream(session: Session, *, team_id: str, batch: int = 500) -> Iterator[AuditEvent]:
    """Yields a workspace's events, oldest first, in batches."""
    last = 0
    while True:
        rows = list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.team_id == team_id, col(AuditEvent.id) > last)
                .order_by(col(AuditEvent.id))
                .limit(batch)
            )
        )
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].id or last


def claim_request(session: Session, *, key: str, team_id: str, now: datetime, fingerprint: str = "") -> bool:
    """Marks a request handled; False when it already was (a replay)."""
    handled = HandledRequest(key=key[:200], team_id=team_id, at=now, fingerprint=fingerprint)
    return statements.inserted_once(session, handled) is not None


def handled_fingerprint(session: Session, *, key: str) -> str | None:
    """Returns the fingerprint a handled request was stored with, None if it was never handled."""
    found = session.get(HandledRequest, key[:200])
    return found.fingerprint if found is not None else None

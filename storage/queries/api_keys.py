"""Queries on workspace API keys. They never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage import statements
from storage.models import ApiKey


def add_key(session: Session, *, team_id: str, key_hash: str, prefix: str, created_by: str, now: datetime) -> ApiKey:
    """Stores a new key's hash."""
    return statements.inserted(
        session, ApiKey(team_id=team_id, key_hash=key_hash, prefix=prefix, created_by=created_by, created_at=now)
    )


def revoke_all(session: Session, *, team_id: str, now: datetime) -> int:
    """Revokes every active key of a workspace; returns how many."""
    result = session.execute(
        update(ApiKey)
        .where(col(ApiKey.team_id) == team_id, col(ApiKey.revoked_at).is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def list_for(session: Session, *, team_id: str) -> list[ApiKey]:
    """Returns a workspace's keys, newest first."""
    statement = (
        select(ApiKey).where(ApiKey.team_id == team_id).order_by(col(ApiKey.created_at).desc(), col(ApiKey.id).desc())
    )
    return list(session.exec(statement))


def get_by_hash(session: Session, *, key_hash: str) -> ApiKey | None:
    """Returns the key with this hash."""
    return session.exec(select(ApiKey).where(ApiKey.key_hash == key_hash)).first()

"""Queries for a workspace's learned sentiment adjustments. They never commit."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from storage.models import SentimentAdjustment

MAX_FEATURE = 200


def get_adjustments(session: Session, *, team_id: str, features: Collection[str] | None = None) -> dict[str, float]:
    """Returns a workspace's adjustments: every one, or only those of the given features."""
    statement = select(col(SentimentAdjustment.feature), col(SentimentAdjustment.delta)).where(
        col(SentimentAdjustment.team_id) == team_id
    )
    if features is not None:
        wanted = {name for name in features if len(name) <= MAX_FEATURE}
        if not wanted:
            return {}
        statement = statement.where(col(SentimentAdjustment.feature).in_(wanted))
    return {str(feature): float(delta) for feature, delta in session.execute(statement)}


def has_adjustments(session: Session, *, team_id: str) -> bool:
    """Tells whether a workspace has learned anything from corrections."""
    statement = select(col(SentimentAdjustment.feature)).where(col(SentimentAdjustment.team_id) == team_id)
    return session.execute(statement.limit(1)).first() is not None


def set_adjustments(session: Session, *, team_id: str, deltas: Mapping[str, float], now: datetime) -> None:
    """Stores new adjustments of a workspace's features (features too long to key are left out)."""
    kept = {name: delta for name, delta in deltas.items() if len(name) <= MAX_FEATURE}
    if not kept:
        return
    existing = {
        row.feature: row
        for row in session.scalars(
            select(SentimentAdjustment).where(
                col(SentimentAdjustment.team_id) == team_id, col(SentimentAdjustment.feature).in_(set(kept))
            )
        )
    }
    for name, delta in kept.items():
        row = existing.get(name) or SentimentAdjustment(team_id=team_id, feature=name)
        row.delta, row.updated_at = delta, now
        session.add(row)
    session.flush()

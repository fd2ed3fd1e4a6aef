"""Queries behind the pictures: one account's answers over time, oldest first. They never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from storage.models import Response


def history_responses(
    session: Session, *, team_id: str, account_id: int, since: datetime, limit: int = 200
) -> list[Response]:
    """Returns an account's latest responses since a moment (at most `limit`), oldest first."""
    statement = (
        select(Response)
        .where(
            col(Response.team_id) == team_id,
            col(Response.account_id) == account_id,
            col(Response.created_at) >= since,
        )
        .order_by(col(Response.created_at).desc(), col(Response.id).desc())
        .limit(limit)
    )
    return list(reversed(list(session.scalars(statement))))

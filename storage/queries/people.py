"""Cached Slack display names. They never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlmodel import Session, col, select

from storage.models import UserName


class CachedName(NamedTuple):
    """A user's display name and when Slack last said it."""

    name: str
    fetched_at: datetime


def cached_names(session: Session, *, team_id: str, user_ids: Iterable[str]) -> dict[str, CachedName]:
    """Returns the cached name and when it was fetched for each of these users that has one."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    rows = session.exec(select(UserName).where(UserName.team_id == team_id, col(UserName.user_id).in_(wanted)))
    return {row.user_id: CachedName(name=row.name, fetched_at=row.fetched_at) for row in rows}


def save_name(session: Session, *, team_id: str, user_id: str, name: str, now: datetime) -> None:
    """Stores (or refreshes) a user's display name."""
    session.merge(UserName(team_id=team_id, user_id=user_id, name=name[:200], fetched_at=now))
    session.flush()

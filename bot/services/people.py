"""People's names instead of Slack ids: looked up once, then cached for a day."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlmodel import Session

from storage.queries import people as people_queries

NAME_TTL = timedelta(days=1)
MAX_LOOKUPS = 8

NameLookup = Callable[[str], str | None]
"""Asks the directory (Slack's users.info) for a user's display name; None when it cannot say."""


def display_names(
    db: Session,
    *,
    team_id: str,
    user_ids: Iterable[str],
    now: datetime,
    lookup: NameLookup | None = None,
    ttl: timedelta = NAME_TTL,
) -> dict[str, str]:
    """Returns the names known for these users; missing or stale ones are looked up (a few per call) and cached."""
    wanted = [u for u in dict.fromkeys(user_ids) if u]
    cached = people_queries.cached_names(db, team_id=team_id, user_ids=wanted)
    names = {user_id: entry.name for user_id, entry in cached.items()}
    if lookup is None:
        return names
    due = [u for u in wanted if u not in cached or now - cached[u].fetched_at > ttl][:MAX_LOOKUPS]
    for user_id in due:
        found = lookup(user_id)
        if found:
            people_queries.save_name(db, team_id=team_id, user_id=user_id, name=found, now=now)
            names[user_id] = found
    return names

"""The catalog a workspace reads Pulse in, looked up once per request."""

from __future__ import annotations

from sqlmodel import Session

from bot.core.catalog import Words, words
from bot.services import workspaces


def words_for(db: Session, *, team_id: str) -> Words:
    """Returns the messages in the workspace's language (English until someone sets one)."""
    return words(workspaces.get_language(db, team_id=team_id))

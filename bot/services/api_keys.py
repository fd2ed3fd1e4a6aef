"""Workspace API keys for logging from other systems: issuing, revoking and authenticating them."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services import audit
from storage.models import ApiKey
from storage.queries import accounts as account_queries
from storage.queries import api_keys as key_queries

KEY_PREFIX = "pk_"
PREFIX_LENGTH = 10
# A key is "pk_" plus 43 URL-safe characters; anything much longer is not worth hashing.
MAX_KEY_LENGTH = 128
# Writing last_used_at on every request would turn each logged interaction into two row updates.
TOUCH_INTERVAL = timedelta(minutes=1)


def _hash(key: str) -> str:
    """Returns the SHA-256 hex digest under which a key is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_key(db: Session, *, team_id: str, user_id: str, now: datetime) -> str:
    """Creates a key for the workspace and returns it in plain text; only its hash and prefix are kept."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    account_queries.ensure_workspace(db, team_id=team_id, now=now)
    stored = key_queries.add_key(
        db, team_id=team_id, key_hash=_hash(key), prefix=key[:PREFIX_LENGTH], created_by=user_id, now=now
    )
    audit.record(
        db,
        team_id=team_id,
        actor=user_id,
        action="api_key.create",
        subject_type="api_key",
        subject_id=stored.id or 0,
        before=None,
        after={"prefix": stored.prefix},
        now=now,
    )
    return key


def revoke_keys(db: Session, *, team_id: str, now: datetime, actor: str = "cli") -> int:
    """Revokes every active key of the workspace; returns how many."""
    active = [k.prefix for k in key_queries.list_for(db, team_id=team_id) if k.revoked_at is None]
    revoked = key_queries.revoke_all(db, team_id=team_id, now=now)
    audit.record(
        db,
        team_id=team_id,
        actor=actor,
        action="api_key.revoke_all",
        subject_type="api_key",
        subject_id="*",
        before={"active": active},
        after={"active": []},
        now=now,
    )
    return revoked


def list_keys(db: Session, *, team_id: str) -> list[ApiKey]:
    """Returns the workspace's keys, active and revoked, newest first."""
    return key_queries.list_for(db, team_id=team_id)


@dataclass(frozen=True, slots=True)
class KeyCheck:
    """A valid key's workspace, and whether its last use is stale enough to note (a write)."""

    team_id: str
    key_id: int
    needs_touch: bool


def check_key(db: Session, *, key: str, now: datetime) -> KeyCheck | None:
    """Checks a key with reads only (an invalid one never waits for a writer); None when unknown or revoked."""
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_LENGTH:
        return None
    found = key_queries.get_by_hash(db, key_hash=_hash(key))
    if found is None or found.revoked_at is not None or found.id is None:
        return None
    stale = found.last_used_at is None or now - found.last_used_at >= TOUCH_INTERVAL
    return KeyCheck(found.team_id, found.id, stale)


def touch_key(db: Session, *, key_id: int, now: datetime) -> None:
    """Notes that a key was used just now."""
    found = db.get(ApiKey, key_id)
    if found is not None:
        found.last_used_at = now
        db.add(found)


def authenticate(db: Session, *, key: str, now: datetime) -> str | None:
    """Returns the team id of a valid, unrevoked key, or None; notes its use at most once a minute."""
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_LENGTH:
        return None
    # The lookup compares hashes, never the key itself, so response timing says nothing about the key.
    found = key_queries.get_by_hash(db, key_hash=_hash(key))
    if found is None or found.revoked_at is not None:
        return None
    if found.last_used_at is None or now - found.last_used_at >= TOUCH_INTERVAL:
        found.last_used_at = now
        db.add(found)
    return found.team_id

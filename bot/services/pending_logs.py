"""Log requests waiting for their account: the rep's pick (or "create it") finishes them through the one use case."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core import survey
from bot.core.kinds import Kind
from bot.services import interactions
from storage.models import PendingLog
from storage.queries import interactions as interaction_queries

PENDING_TTL = timedelta(days=1)


class PendingGone(LookupError):
    """The pending log is unknown, belongs to another rep, or its chosen account no longer exists."""


def complete_pending(
    db: Session,
    *,
    team_id: str,
    user_id: str,
    pending_id: str,
    account_id: int | None,
    policy: survey.SurveyPolicy,
    now: datetime,
) -> interactions.Logged:
    """Logs a pending request against the chosen account, or a new one named as typed when none is chosen."""
    pending = get_pending(db, team_id=team_id, user_id=user_id, pending_id=pending_id)
    if pending is None:
        raise PendingGone(pending_id)
    payload = pending.payload
    account: interactions.AccountRef
    if account_id is None:
        account = interactions.AccountName(str(payload["account"]), if_missing=interactions.IfMissing.CREATE)
    else:
        account = account_id
    request = interactions.LogInteraction(
        team_id=team_id,
        account=account,
        contact=str(payload["email"]),
        kind=Kind(str(payload["kind"])),
        note=str(payload["note"]),
        survey=bool(payload.get("survey", True)),
        source="slash",
        idempotency_key=f"pending:{pending.id}",
        rep_id=user_id,
        language=str(payload["language"]) if payload.get("language") else None,
        replay_first=True,
    )
    try:
        logged = interactions.log_interaction(db, request=request, policy=policy, now=now)
    except interactions.Gone:
        raise PendingGone(pending_id) from None
    assert isinstance(logged, interactions.Logged)
    return logged


def get_pending(db: Session, *, team_id: str, user_id: str, pending_id: str) -> PendingLog | None:
    """Returns the rep's own pending log request, or None."""
    pending = interaction_queries.get_pending(db, team_id=team_id, pending_id=pending_id)
    return pending if pending is not None and pending.user_id == user_id else None


def purge_pending(db: Session, *, now: datetime, older_than: timedelta = PENDING_TTL) -> int:
    """Forgets log requests nobody finished within a day; returns how many."""
    return interaction_queries.delete_pending_before(db, cutoff=now - older_than)

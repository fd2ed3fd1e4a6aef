"""Multi-step use cases that start in Slack: logging from typed text, finishing a log once its account is known."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from bot.core import matching, survey
from bot.core.commands import Kind, LogInteraction
from bot.services import accounts, interactions
from storage.models import PendingLog
from storage.rows import AccountRow


@dataclass(frozen=True, slots=True)
class NeedsAccount:
    """The typed account name matched several accounts (candidates) or none; the log waits as `pending`."""

    pending: PendingLog
    typed: str
    candidates: tuple[AccountRow, ...]
    more: int = 0


LogOutcome = interactions.Logged | NeedsAccount


def log_from_command(
    db: Session,
    *,
    reader: Session | None = None,
    team_id: str,
    user_id: str,
    command: LogInteraction,
    idempotency_key: str,
    policy: survey.SurveyPolicy,
    now: datetime,
) -> LogOutcome:
    """Logs `/pulse log` text when its account resolves; otherwise keeps it pending and says why.

    The account is looked up through `reader` when given, so the write transaction starts as late as it can.
    """
    request = interactions.LogRequest(
        team_id=team_id,
        rep_id=user_id,
        email=command.email,
        kind=command.kind,
        note=command.note,
        survey=True,
        source="slash",
        idempotency_key=idempotency_key,
        language=command.language,
    )
    # A retry resolves the same account again and its idempotency key makes logging it a replay.
    resolution = accounts.resolve_account(reader or db, team_id=team_id, name=command.account)
    if resolution.account is not None:
        logged = interactions.log_interaction(db, account=resolution.account, request=request, policy=policy, now=now)
        loose = resolution.stage in (matching.Stage.LOOK_ALIKE, matching.Stage.PREFIX)
        return replace(logged, typed_as=command.account) if loose else logged
    payload = {
        "account": command.account,
        "email": command.email,
        "kind": command.kind.value,
        "note": command.note,
        "survey": True,
        "language": command.language,
    }
    pending = interactions.start_pending(db, team_id=team_id, user_id=user_id, payload=payload, now=now)
    return NeedsAccount(pending=pending, typed=command.account, candidates=resolution.candidates, more=resolution.more)


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
    pending = interactions.get_pending(db, team_id=team_id, user_id=user_id, pending_id=pending_id)
    if pending is None:
        raise PendingGone(pending_id)
    payload = pending.payload
    key = f"pending:{pending.id}"
    earlier = interactions.already_logged(db, team_id=team_id, key=key)
    if earlier is not None:
        return earlier
    account: AccountRow | None
    created = False
    if account_id is not None:
        account = accounts.get_account(db, team_id=team_id, account_id=account_id)
    else:
        account = accounts.resolve_account(db, team_id=team_id, name=str(payload["account"])).account
        if account is None:
            account, created = accounts.ensure_account(
                db, team_id=team_id, name=str(payload["account"]), owner_id=user_id, now=now
            )
    if account is None:
        raise PendingGone(pending_id)
    request = interactions.LogRequest(
        team_id=team_id,
        rep_id=user_id,
        email=str(payload["email"]),
        kind=Kind(str(payload["kind"])),
        note=str(payload["note"]),
        survey=bool(payload.get("survey", True)),
        source="slash",
        idempotency_key=key,
        language=str(payload["language"]) if payload.get("language") else None,
        created_account=created,
    )
    return interactions.log_interaction(db, account=account, request=request, policy=policy, now=now)

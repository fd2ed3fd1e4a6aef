"""Logging an interaction: the contact, the interaction itself and the pulse that follows, exactly once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.core import states, survey
from bot.core.commands import Kind
from bot.services import privacy
from storage.models import PendingLog
from storage.queries import accounts as account_queries
from storage.queries import interactions as interaction_queries
from storage.rows import AccountRow, ContactRow, InteractionRow, PulseRow

PENDING_TTL = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class LogRequest:
    """What a rep asked to log, from whichever surface."""

    team_id: str
    rep_id: str
    email: str
    kind: Kind
    note: str
    survey: bool
    source: str
    idempotency_key: str
    contact_name: str = ""
    occurred_at: datetime | None = None
    # The contact's language for surveys (en, de, fr, es); None keeps what is stored.
    language: str | None = None
    created_account: bool = False


@dataclass(frozen=True, slots=True)
class Logged:
    """The outcome of a log request; `duplicate` is true when the same request was logged before."""

    interaction: InteractionRow
    account: AccountRow
    contact: ContactRow | None
    pulse: PulseRow | None
    duplicate: bool
    new_contact: bool
    skip_detail: str | None
    # What the rep typed, when the account was found by a looser match than its exact name.
    typed_as: str | None = None


def log_interaction(
    db: Session, *, account: AccountRow, request: LogRequest, policy: survey.SurveyPolicy, now: datetime
) -> Logged:
    """Logs an interaction with its contact and plans its pulse; a repeated idempotency key logs nothing new.

    This is the busiest write path, so it runs five Core statements (storage.statements) instead of ORM
    round trips; the unique idempotency key, not a lookup beforehand, is what stops a retry logging twice.
    """
    contact, new_contact = interaction_queries.upsert_contact(
        db,
        team_id=account.team_id,
        account_id=account.id,
        email=request.email,
        name=request.contact_name,
        now=now,
        language=request.language,
    )
    interaction = interaction_queries.insert_interaction(
        db,
        team_id=request.team_id,
        account_id=account.id,
        contact_id=contact.id,
        rep_id=request.rep_id,
        kind=request.kind.value,
        note=request.note,
        survey=request.survey,
        source=request.source,
        idempotency_key=request.idempotency_key,
        occurred_at=request.occurred_at or now,
        now=now,
        created_account=request.created_account,
        created_contact=new_contact,
    )
    if interaction is None:
        return replay(db, team_id=request.team_id, key=request.idempotency_key, account=account)
    opted_out, last_asked = interaction_queries.asking_facts(
        db, team_id=account.team_id, email=contact.email, keys=(contact.email, privacy.email_hash(contact.email))
    )
    plan = survey.plan_pulse(
        now=now, policy=policy, rep_said_no=not request.survey, opted_out=opted_out, last_asked_at=last_asked
    )
    detail = None
    if plan.skip is not None:
        detail = survey.describe_skip(plan.skip, now=now, last_asked_at=plan.last_asked_at)
    pulse = interaction_queries.insert_pulse(
        db,
        team_id=account.team_id,
        account_id=account.id,
        contact_id=contact.id,
        interaction_id=interaction.id,
        rep_id=request.rep_id,
        email=contact.email,
        state=states.PulseState.SKIPPED if plan.skip else states.PulseState.SCHEDULED,
        skip_reason=detail,
        due_at=plan.due_at or now,
        asked_at=plan.due_at,
        now=now,
    )
    return Logged(interaction, account, contact, pulse, duplicate=False, new_contact=new_contact, skip_detail=detail)


def replay(db: Session, *, team_id: str, key: str, account: AccountRow | None = None) -> Logged:
    """Rebuilds the outcome of the interaction logged earlier under an idempotency key."""
    found = interaction_queries.logged_by_key(db, team_id=team_id, key=key)
    assert found is not None
    interaction, contact, pulse = found
    if account is None or account.id != interaction.account_id:
        account = account_queries.account_row(db, team_id=team_id, account_id=interaction.account_id)
        assert account is not None
    return Logged(
        interaction,
        account,
        contact,
        pulse,
        duplicate=True,
        new_contact=False,
        skip_detail=pulse.skip_reason if pulse else None,
    )


def already_logged(db: Session, *, team_id: str, key: str) -> Logged | None:
    """Returns what an idempotency key logged before, or None."""
    if interaction_queries.logged_by_key(db, team_id=team_id, key=key) is None:
        return None
    return replay(db, team_id=team_id, key=key)


def start_pending(db: Session, *, team_id: str, user_id: str, payload: dict[str, Any], now: datetime) -> PendingLog:
    """Keeps a log request while the rep picks or creates its account; returns it with a fresh id."""
    return interaction_queries.add_pending(
        db, pending_id=uuid.uuid4().hex, team_id=team_id, user_id=user_id, payload=payload, now=now
    )


def get_pending(db: Session, *, team_id: str, user_id: str, pending_id: str) -> PendingLog | None:
    """Returns the rep's own pending log request, or None."""
    pending = interaction_queries.get_pending(db, team_id=team_id, pending_id=pending_id)
    return pending if pending is not None and pending.user_id == user_id else None


def purge_pending(db: Session, *, now: datetime, older_than: timedelta = PENDING_TTL) -> int:
    """Forgets log requests nobody finished within a day; returns how many."""
    return interaction_queries.delete_pending_before(db, cutoff=now - older_than)

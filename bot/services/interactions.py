"""Logging an interaction: the contact, the interaction itself and the pulse that follows, exactly once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.core import survey
from bot.core.commands import Kind
from bot.services import privacy
from storage.models import Account, Contact, Interaction, PendingLog, Pulse
from storage.queries import accounts as account_queries
from storage.queries import interactions as interaction_queries
from storage.queries import pulses as pulse_queries

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


@dataclass(frozen=True, slots=True)
class Logged:
    """The outcome of a log request; `duplicate` is true when the same request was logged before."""

    interaction: Interaction
    account: Account
    contact: Contact | None
    pulse: Pulse | None
    duplicate: bool
    new_contact: bool
    skip_detail: str | None


def log_interaction(
    db: Session, *, account: Account, request: LogRequest, policy: survey.SurveyPolicy, now: datetime
) -> Logged:
    """Logs an interaction with its contact and plans its pulse; a repeated idempotency key logs nothing new."""
    assert account.id is not None
    earlier = interaction_queries.get_by_idempotency_key(db, team_id=request.team_id, key=request.idempotency_key)
    if earlier is not None:
        return _replay(db, earlier)
    contact = account_queries.get_contact(db, account_id=account.id, email=request.email)
    new_contact = contact is None
    if contact is None:
        contact = account_queries.add_contact(
            db, account=account, email=request.email, name=request.contact_name, now=now
        )
    interaction = interaction_queries.add_interaction(
        db,
        Interaction(
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
            created_at=now,
        ),
    )
    if interaction is None:
        # Another request with the same key won the race; report what it logged.
        raced = interaction_queries.get_by_idempotency_key(db, team_id=request.team_id, key=request.idempotency_key)
        assert raced is not None
        return _replay(db, raced)
    pulse, detail = _plan(db, account=account, contact=contact, interaction=interaction, policy=policy, now=now)
    return Logged(interaction, account, contact, pulse, duplicate=False, new_contact=new_contact, skip_detail=detail)


def _plan(
    db: Session,
    *,
    account: Account,
    contact: Contact,
    interaction: Interaction,
    policy: survey.SurveyPolicy,
    now: datetime,
) -> tuple[Pulse, str | None]:
    """Creates the interaction's pulse, scheduled or skipped with its reason."""
    assert interaction.id is not None
    assert account.id is not None
    last = pulse_queries.last_asked_at(db, team_id=account.team_id, email=contact.email)
    plan = survey.plan_pulse(
        now=now,
        policy=policy,
        rep_said_no=not interaction.survey,
        opted_out=any(
            account_queries.is_suppressed(db, team_id=account.team_id, email=key)
            for key in (contact.email, privacy.email_hash(contact.email))
        ),
        last_asked_at=last,
    )
    detail = None
    if plan.skip is not None:
        detail = survey.describe_skip(plan.skip, now=now, last_asked_at=plan.last_asked_at)
    pulse = pulse_queries.add_pulse(
        db,
        Pulse(
            team_id=account.team_id,
            account_id=account.id,
            contact_id=contact.id,
            interaction_id=interaction.id,
            rep_id=interaction.rep_id,
            email=contact.email,
            state=survey.PulseState.SKIPPED if plan.skip else survey.PulseState.SCHEDULED,
            skip_reason=detail,
            asked_at=plan.due_at,
            due_at=plan.due_at or now,
            next_action_at=plan.due_at,
            created_at=now,
        ),
    )
    return pulse, detail


def _replay(db: Session, interaction: Interaction) -> Logged:
    """Rebuilds the outcome of an interaction logged earlier under the same key."""
    account = db.get(Account, interaction.account_id)
    assert account is not None
    contact = db.get(Contact, interaction.contact_id) if interaction.contact_id else None
    pulse = pulse_queries.get_for_interaction(db, interaction_id=interaction.id or 0)
    return Logged(
        interaction,
        account,
        contact,
        pulse,
        duplicate=True,
        new_contact=False,
        skip_detail=pulse.skip_reason if pulse else None,
    )


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

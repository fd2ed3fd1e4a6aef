"""Queries on pulses, their link tokens and responses; claiming due work atomically. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage.models import Pulse, PulseToken, Response

# States whose pulse asked (or will ask) the contact; throttling counts them.
ASKING_STATES = ("scheduled", "sent", "reminded", "answered", "expired")
ACTIVE_STATES = ("scheduled", "sent", "reminded")


@dataclass(frozen=True, slots=True)
class PulseView:
    """A pulse as the timeline shows it, with its response if any."""

    state: str
    channel: str | None
    due_at: datetime
    sent_at: datetime | None
    skip_reason: str | None
    last_error: str | None
    response: Response | None


def add_pulse(session: Session, pulse: Pulse) -> Pulse:
    """Inserts a pulse and returns it with its id."""
    session.add(pulse)
    session.flush()
    return pulse


def last_asked_at(session: Session, *, team_id: str, email: str) -> datetime | None:
    """Returns when this address was last asked (or is scheduled to be) in the workspace."""
    return session.exec(
        select(Pulse.asked_at)
        .where(
            Pulse.team_id == team_id,
            Pulse.email == email,
            col(Pulse.asked_at).is_not(None),
            col(Pulse.state).in_(ASKING_STATES),
        )
        .order_by(col(Pulse.asked_at).desc())
        .limit(1)
    ).first()


def claim_due(session: Session, *, now: datetime, lease_until: datetime, owner: str, limit: int) -> list[Pulse]:
    """Leases up to `limit` pulses whose next action is due; other clocks skip them until the lease ends."""
    statement = (
        select(Pulse)
        .where(
            col(Pulse.state).in_(ACTIVE_STATES),
            col(Pulse.next_action_at) <= now,
            or_(col(Pulse.lease_until).is_(None), col(Pulse.lease_until) < now),
        )
        .order_by(col(Pulse.next_action_at))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    pulses = list(session.exec(statement))
    for pulse in pulses:
        pulse.lease_until = lease_until
        pulse.lease_owner = owner
    session.flush()
    return pulses


def holds_lease(session: Session, *, pulse_id: int, owner: str) -> Pulse | None:
    """Returns the pulse, locked, if this clock still holds its lease; None if another took it over."""
    statement = select(Pulse).where(Pulse.id == pulse_id, Pulse.lease_owner == owner)
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update()
    return session.exec(statement).first()


def add_token(session: Session, *, pulse_id: int, token_hash: str, now: datetime) -> None:
    """Records the hash of a newly issued link token."""
    session.add(PulseToken(token_hash=token_hash, pulse_id=pulse_id, created_at=now))
    session.flush()


def get_by_token_hash(session: Session, *, token_hash: str, for_update: bool = False) -> Pulse | None:
    """Returns the pulse a link token belongs to."""
    statement = select(Pulse).join(PulseToken, col(PulseToken.pulse_id) == col(Pulse.id))
    statement = statement.where(PulseToken.token_hash == token_hash)
    if for_update and session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(of=Pulse)
    return session.exec(statement).first()


def get_response(session: Session, *, pulse_id: int) -> Response | None:
    """Returns the response to a pulse."""
    return session.exec(select(Response).where(Response.pulse_id == pulse_id)).first()


def views_for_interactions(session: Session, *, interaction_ids: Sequence[int]) -> dict[int, PulseView]:
    """Returns the pulse (and response) of each interaction that has one, by interaction id."""
    if not interaction_ids:
        return {}
    rows = session.exec(
        select(Pulse, Response)
        .join(Response, col(Response.pulse_id) == col(Pulse.id), isouter=True)
        .where(col(Pulse.interaction_id).in_(interaction_ids))
    )
    return {
        pulse.interaction_id: PulseView(
            state=pulse.state,
            channel=pulse.channel,
            due_at=pulse.due_at,
            sent_at=pulse.sent_at,
            skip_reason=pulse.skip_reason,
            last_error=pulse.last_error,
            response=response,
        )
        for pulse, response in rows
    }


def get_for_interaction(session: Session, *, interaction_id: int) -> Pulse | None:
    """Returns the pulse that followed an interaction."""
    return session.exec(select(Pulse).where(Pulse.interaction_id == interaction_id)).first()

"""Queries on pulses, their link tokens and responses; claiming due work atomically. They never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from bot.core import states
from storage import lease
from storage.models import Pulse, PulseToken


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
            col(Pulse.state).in_(states.ASKING_STATES),
        )
        .order_by(col(Pulse.asked_at).desc())
        .limit(1)
    ).first()


def claim_due(session: Session, *, now: datetime, lease_until: datetime, owner: str, limit: int) -> list[Pulse]:
    """Leases up to `limit` pulses whose next action is due; other clocks skip them until the lease ends."""
    return lease.claim(
        session,
        Pulse,
        where=(col(Pulse.state).in_(states.ACTIVE_STATES), col(Pulse.next_action_at) <= now),
        order_by=col(Pulse.next_action_at),
        now=now,
        until=lease_until,
        owner=owner,
        limit=limit,
    )


def holds_lease(session: Session, *, pulse_id: int, owner: str) -> Pulse | None:
    """Returns the pulse, locked, if this clock still holds its lease; None if another took it over."""
    return lease.holding(session, Pulse, row_id=pulse_id, owner=owner)


def renew_lease(session: Session, *, pulse_id: int, owner: str, until: datetime) -> bool:
    """Extends this clock's lease on a pulse, atomically; False if another clock holds it (or it is done)."""
    return lease.renew(
        session, Pulse, row_id=pulse_id, owner=owner, until=until, where=(col(Pulse.state).in_(states.ACTIVE_STATES),)
    )


def add_token(session: Session, *, pulse_id: int, token_hash: str, now: datetime) -> None:
    """Records the hash of a newly issued link token."""
    session.add(PulseToken(token_hash=token_hash, pulse_id=pulse_id, created_at=now))
    session.flush()


def skip_scheduled(session: Session, *, team_id: str, email: str, skip_reason: str) -> None:
    """Skips every pulse still scheduled for this address in the workspace (it opted out)."""
    session.execute(
        update(Pulse)
        .where(
            col(Pulse.team_id) == team_id, col(Pulse.email) == email, col(Pulse.state) == states.PulseState.SCHEDULED
        )
        .values(state=states.PulseState.SKIPPED, skip_reason=skip_reason, next_action_at=None, asked_at=None)
    )


def latest_open(session: Session, *, team_id: str, now: datetime) -> Pulse | None:
    """Returns the workspace's most recently sent pulse that still takes an answer, or None."""
    statement = (
        select(Pulse)
        .where(Pulse.team_id == team_id, col(Pulse.state).in_(states.OPEN_STATES))
        .where(or_(col(Pulse.expires_at).is_(None), col(Pulse.expires_at) > now))
        .order_by(col(Pulse.sent_at).desc(), col(Pulse.id).desc())
    )
    return session.exec(statement.limit(1)).first()

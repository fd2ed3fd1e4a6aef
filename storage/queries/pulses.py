"""Queries on pulses, their link tokens and responses; claiming due work atomically. They never commit."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, or_, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from bot.core import states
from storage import lease, statements
from storage.models import Account, Pulse, PulseToken


def add_pulse(session: Session, pulse: Pulse) -> Pulse:
    """Inserts a pulse and returns it with its id."""
    return statements.inserted(session, pulse)


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


class WaitingPulse(NamedTuple):
    """A sent pulse still waiting for its answer."""

    account_name: str
    email: str
    sent_at: datetime
    expires_at: datetime | None


def list_waiting_for_rep(session: Session, *, team_id: str, user_id: str, limit: int) -> tuple[list[WaitingPulse], int]:
    """Returns the newest unanswered pulses a rep sent or owns the account of (at most `limit`), and their total."""
    mine = (col(Pulse.rep_id) == user_id) | (col(Account.owner_id) == user_id)
    statement = (
        core_select(col(Account.name), col(Pulse.email), col(Pulse.sent_at), col(Pulse.expires_at))
        .join(Account, col(Account.id) == col(Pulse.account_id))
        .where(col(Pulse.team_id) == team_id, col(Pulse.state).in_(states.OPEN_STATES), mine)
        .order_by(col(Pulse.sent_at).desc())
    )
    waiting = [
        WaitingPulse(account_name=str(row.name), email=str(row.email), sent_at=row.sent_at, expires_at=row.expires_at)
        for row in session.execute(statement.limit(limit))
    ]
    total = session.execute(core_select(func.count()).select_from(statement.subquery())).scalar_one()
    return waiting, int(total)


def count_closed_for_rep(
    session: Session, *, team_id: str, user_id: str, since: datetime, now: datetime
) -> tuple[int, int]:
    """Returns how many of a rep's pulses sent since a moment have closed, and how many of them were answered."""
    # Only pulses whose answer window has closed, or that were answered, can count against the rate:
    # a question sent a minute ago has not had its chance yet.
    answered = col(Pulse.state) == states.PulseState.ANSWERED
    closed = answered | (col(Pulse.expires_at) <= now) | (col(Pulse.state) == states.PulseState.EXPIRED)
    row = session.execute(
        core_select(func.count().label("sent"), func.count().filter(answered).label("answered")).where(
            col(Pulse.team_id) == team_id,
            col(Pulse.rep_id) == user_id,
            col(Pulse.sent_at) >= since,
            closed,
        )
    ).one()
    return int(row.sent), int(row.answered)

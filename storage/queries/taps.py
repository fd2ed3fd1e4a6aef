"""Answers tapped in a survey message and held before they count; and the contact's remembered language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.core import states
from storage import statements
from storage.models import Contact, Pulse, SurveyTap


def add_tap(
    session: Session,
    *,
    pulse_id: int,
    token_hash: str,
    answer: str,
    language: str | None,
    state: str,
    reason: str | None,
    hold_until: datetime,
    now: datetime,
) -> SurveyTap:
    """Stores one tap."""
    return statements.inserted(
        session,
        SurveyTap(
            pulse_id=pulse_id,
            token_hash=token_hash,
            answer=answer,
            language=language,
            state=state,
            reason=reason,
            hold_until=hold_until,
            created_at=now,
        ),
    )


def lock_pulse(session: Session, *, pulse_id: int) -> None:
    """Locks a pulse's row (PostgreSQL), so two clocks, or a clock and a tap, decide its taps one at a time."""
    session.exec(select(Pulse.id).where(col(Pulse.id) == pulse_id).with_for_update()).first()


def held_for(session: Session, *, pulse_id: int) -> list[SurveyTap]:
    """Returns a pulse's taps still held, oldest first."""
    query = select(SurveyTap).where(col(SurveyTap.pulse_id) == pulse_id, col(SurveyTap.state) == states.TapState.HELD)
    return list(session.exec(query.order_by(col(SurveyTap.id))))


def settled_since(session: Session, *, pulse_id: int, since: datetime) -> list[tuple[str, datetime]]:
    """Returns the answer and time of a pulse's taps no longer held (counted or discarded) since a moment."""
    query = select(SurveyTap.answer, SurveyTap.created_at).where(
        col(SurveyTap.pulse_id) == pulse_id,
        col(SurveyTap.created_at) >= since,
        col(SurveyTap.state) != states.TapState.HELD,
    )
    return [(str(answer), at) for answer, at in session.exec(query)]


def pulses_with_due_taps(session: Session, *, now: datetime, limit: int = 100) -> list[int]:
    """Returns pulses with a held tap whose hold is over."""
    query = (
        select(SurveyTap.pulse_id)
        .where(col(SurveyTap.state) == states.TapState.HELD, col(SurveyTap.hold_until) <= now)
        .distinct()
        .limit(limit)
    )
    return [int(pulse_id) for pulse_id in session.exec(query)]


def settle(session: Session, *, tap_ids: Iterable[int], state: str, reason: str | None) -> None:
    """Marks taps counted or discarded."""
    ids = list(tap_ids)
    if ids:
        session.execute(update(SurveyTap).where(col(SurveyTap.id).in_(ids)).values(state=state, reason=reason))


def discard_held(session: Session, *, pulse_id: int, reason: str) -> None:
    """Discards every tap of a pulse still held (a person sent the form)."""
    session.execute(
        update(SurveyTap)
        .where(col(SurveyTap.pulse_id) == pulse_id, col(SurveyTap.state) == states.TapState.HELD)
        .values(state=states.TapState.DISCARDED, reason=reason)
    )


def remember_language(session: Session, *, pulse_id: int, language: str) -> bool:
    """Stores the page's language on the pulse's contact when it has none yet; says whether it did."""
    pulse = session.get(Pulse, pulse_id)
    if pulse is None or pulse.contact_id is None:
        return False
    changed = session.execute(
        update(Contact)
        .where(col(Contact.id) == pulse.contact_id, col(Contact.language).is_(None))
        .values(language=language)
    )
    return bool(getattr(changed, "rowcount", 0))

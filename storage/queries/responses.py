"""Queries that read responses with everything around them. They never commit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from sqlalchemy import select
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from bot.core import states
from storage.models import Account, Contact, Interaction, Pulse, Response

ExportRow = tuple[Response, Account, Contact | None, Pulse | None, Interaction | None]


def iter_for_export(session: Session, *, team_id: str, batch: int = 1000) -> Iterator[ExportRow]:
    """Yields every response of a workspace with its account, contact, pulse and interaction, oldest first."""
    statement = (
        select(Response, Account, Contact, Pulse, Interaction)
        .join(Account, col(Account.id) == col(Response.account_id))
        .join(Contact, col(Contact.id) == col(Response.contact_id), isouter=True)
        .join(Pulse, col(Pulse.id) == col(Response.pulse_id), isouter=True)
        .join(Interaction, col(Interaction.id) == col(Pulse.interaction_id), isouter=True)
        .where(col(Response.team_id) == team_id)
        .order_by(col(Response.created_at), col(Response.id))
        .execution_options(yield_per=batch)
    )
    for row in session.execute(statement).tuples():
        yield cast(ExportRow, tuple(row))


UnansweredRow = tuple[Pulse, Account, Contact | None, Interaction | None]


def iter_unanswered_for_export(session: Session, *, team_id: str, batch: int = 1000) -> Iterator[UnansweredRow]:
    """Yields every pulse of a workspace that was sent and expired unanswered, with its account, oldest first."""
    statement = (
        select(Pulse, Account, Contact, Interaction)
        .join(Account, col(Account.id) == col(Pulse.account_id))
        .join(Contact, col(Contact.id) == col(Pulse.contact_id), isouter=True)
        .join(Interaction, col(Interaction.id) == col(Pulse.interaction_id), isouter=True)
        .where(
            col(Pulse.team_id) == team_id,
            col(Pulse.state) == states.PulseState.EXPIRED,
            col(Pulse.sent_at).is_not(None),
        )
        .order_by(col(Pulse.sent_at), col(Pulse.id))
        .execution_options(yield_per=batch)
    )
    for row in session.execute(statement).tuples():
        yield cast(UnansweredRow, tuple(row))


def source_id_taken(session: Session, *, team_id: str, source_id: str) -> bool:
    """Tells whether a response with this import id already exists in the workspace."""
    statement = select(col(Response.id)).where(col(Response.team_id) == team_id, col(Response.source_id) == source_id)
    return session.execute(statement.limit(1)).first() is not None


def claim_unreacted(session: Session, *, limit: int) -> list[Response]:
    """Returns answers the clock has not reacted to yet, oldest first; locked on PostgreSQL so clocks split them."""
    statement = (
        sqlmodel_select(Response)
        .where(col(Response.reacted_at).is_(None))
        .order_by(col(Response.updated_at))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return list(session.exec(statement))


def list_all(session: Session) -> Iterator[Response]:
    """Yields every response of every workspace, in the order they were stored."""
    yield from session.exec(sqlmodel_select(Response).order_by(col(Response.id)))

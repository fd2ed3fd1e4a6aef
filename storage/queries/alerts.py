"""Queries on owners' alerts. They never commit."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from bot.core import states
from storage import statements
from storage.models import Account, Alert

_UNRESOLVED = col(Alert.state) != states.AlertState.RESOLVED


def add_alert(session: Session, alert: Alert) -> Alert | None:
    """Inserts an alert; None when another answer opened the same account's alert for that cause first."""
    return statements.inserted_once(session, alert)


def get_unresolved(session: Session, *, account_id: int, cause: str) -> Alert | None:
    """Returns the account's unresolved alert for a cause."""
    return session.exec(
        select(Alert).where(col(Alert.account_id) == account_id, col(Alert.cause) == cause, _UNRESOLVED)
    ).first()


def list_unresolved_for_response(session: Session, *, response_id: int) -> list[Alert]:
    """Returns the unresolved alerts a response raised, oldest first."""
    return list(
        session.exec(select(Alert).where(col(Alert.response_id) == response_id, _UNRESOLVED).order_by(col(Alert.id)))
    )


def list_unresolved_for_account(session: Session, *, account_id: int) -> list[Alert]:
    """Returns every unresolved alert of an account, oldest first."""
    return list(
        session.exec(select(Alert).where(col(Alert.account_id) == account_id, _UNRESOLVED).order_by(col(Alert.id)))
    )


def ids_for_response(session: Session, *, response_id: int) -> list[int]:
    """Returns the ids of every alert a response raised."""
    return [int(i) for i in session.exec(select(Alert.id).where(Alert.response_id == response_id)) if i is not None]


def list_for_team(session: Session, *, team_id: str) -> list[Alert]:
    """Returns every alert of a workspace."""
    return list(session.exec(select(Alert).where(Alert.team_id == team_id)))


class OwnerAlert(NamedTuple):
    """An open alert on one of an owner's accounts."""

    id: int
    account_id: int
    account_name: str
    cause: str
    opened_at: datetime


def list_open_for_owner(session: Session, *, team_id: str, owner_id: str) -> list[OwnerAlert]:
    """Returns the open alerts on the accounts an owner owns, oldest first."""
    rows = session.execute(
        core_select(
            col(Alert.id),
            col(Alert.account_id),
            col(Account.name).label("account_name"),
            col(Alert.cause),
            col(Alert.opened_at),
        )
        .join(Account, col(Account.id) == col(Alert.account_id))
        .where(
            col(Alert.team_id) == team_id,
            col(Account.owner_id) == owner_id,
            col(Alert.state) == states.AlertState.OPEN,
        )
        .order_by(col(Alert.opened_at))
    )
    return [
        OwnerAlert(
            id=int(row.id),
            account_id=int(row.account_id),
            account_name=str(row.account_name),
            cause=str(row.cause),
            opened_at=row.opened_at,
        )
        for row in rows
    ]

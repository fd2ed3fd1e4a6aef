"""Queries on digest subscriptions and their daily runs; claiming due ones under a lease. They never commit."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage import lease, statements
from storage.models import DigestRun, Subscription


def get_for_channel(
    session: Session, *, team_id: str, channel_id: str, active_only: bool = True
) -> Subscription | None:
    """Returns a channel's subscription (only an active one unless told otherwise)."""
    statement = select(Subscription).where(Subscription.team_id == team_id, Subscription.channel_id == channel_id)
    if active_only:
        statement = statement.where(Subscription.active == True)  # noqa: E712
    return session.exec(statement).first()


def list_active(session: Session, *, team_id: str) -> list[Subscription]:
    """Returns the workspace's active subscriptions by channel."""
    return list(
        session.exec(
            select(Subscription)
            .where(Subscription.team_id == team_id, Subscription.active == True)  # noqa: E712
            .order_by(col(Subscription.channel_id))
        )
    )


def claim_due(session: Session, *, now: datetime, until: datetime, owner: str, limit: int) -> list[Subscription]:
    """Leases active subscriptions whose run is due, so another clock skips them."""
    return lease.claim(
        session,
        Subscription,
        where=(col(Subscription.active) == True, col(Subscription.next_run_at) <= now),  # noqa: E712
        order_by=col(Subscription.next_run_at),
        now=now,
        until=until,
        owner=owner,
        limit=limit,
    )


def renew_lease(session: Session, *, subscription_id: int, owner: str, until: datetime) -> bool:
    """Extends a clock's lease on a subscription; False when another clock has taken it over."""
    return lease.renew(session, Subscription, row_id=subscription_id, owner=owner, until=until)


def get_run(session: Session, *, subscription_id: int, local_date: str) -> DigestRun | None:
    """Returns a subscription's run for one local day."""
    return session.exec(
        select(DigestRun).where(DigestRun.subscription_id == subscription_id, DigestRun.local_date == local_date)
    ).first()


def add_run(session: Session, run: DigestRun) -> DigestRun | None:
    """Inserts a day's run; None when another clock claimed the day first."""
    return statements.inserted_once(session, run)

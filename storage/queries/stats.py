"""Queries behind the per-account aggregates and the digest: one account's history in, every account's row out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from bot.core import states
from storage.models import Account, AccountStats, Alert, Contact, Pulse, Response


def scored_responses(session: Session, *, account_id: int, since: datetime, limit: int = 500) -> list[Response]:
    """Returns an account's responses since a moment, newest first, at most `limit`."""
    statement = (
        select(Response)
        .where(col(Response.account_id) == account_id, col(Response.created_at) >= since)
        .order_by(col(Response.created_at).desc(), col(Response.id).desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def pulse_counts(session: Session, *, account_id: int, since: datetime) -> tuple[int, int]:
    """Returns how many pulses reached the account's contacts since a moment, and how many were answered."""
    statement = select(
        func.count().label("sent"),
        func.count().filter(col(Pulse.state) == states.PulseState.ANSWERED).label("answered"),
    ).where(
        col(Pulse.account_id) == account_id, col(Pulse.sent_at) >= since, col(Pulse.state).in_(states.DELIVERED_STATES)
    )
    counts = session.execute(statement).one()
    return int(counts.sent), int(counts.answered)


def unanswered_streak(session: Session, *, account_id: int, limit: int = 50) -> int:
    """Counts the account's latest expired pulses in a row, stopping at the latest answered one."""
    seen = session.scalars(
        select(col(Pulse.state))
        .where(
            col(Pulse.account_id) == account_id,
            col(Pulse.sent_at).is_not(None),
            col(Pulse.state).in_(states.DELIVERED_STATES),
        )
        .order_by(col(Pulse.sent_at).desc())
        .limit(limit)
    )
    streak = 0
    for state in seen:
        if state == states.PulseState.ANSWERED:
            break
        if state == states.PulseState.EXPIRED:
            streak += 1
    return streak


def contact_pulses(session: Session, *, account_id: int, limit: int = 200) -> list[tuple[int | None, str]]:
    """Returns the account's latest delivered pulses, newest first, as (contact id, state), at most `limit`."""
    rows = session.execute(
        select(col(Pulse.contact_id), col(Pulse.state))
        .where(
            col(Pulse.account_id) == account_id,
            col(Pulse.sent_at).is_not(None),
            col(Pulse.state).in_(states.DELIVERED_STATES),
        )
        .order_by(col(Pulse.sent_at).desc(), col(Pulse.id).desc())
        .limit(limit)
    )
    return [(contact_id, state) for contact_id, state in rows]


def add_sent(session: Session, *, account_id: int) -> bool:
    """Adds one sent pulse to an account's aggregates; False when the account has none yet.

    The 180-day window is kept honest by the daily refresh of stale aggregates, which recounts it.
    """
    statement = (
        update(AccountStats)
        .where(col(AccountStats.account_id) == account_id)
        .values(pulses_sent=col(AccountStats.pulses_sent) + 1)
        .execution_options(synchronize_session=False)
    )
    changed = session.execute(statement).rowcount  # type: ignore[attr-defined]
    existing = session.identity_map.get(session.identity_key(AccountStats, account_id))
    if existing is not None:
        session.expire(existing)
    return bool(changed)


def save_stats(session: Session, stats: AccountStats) -> None:
    """Inserts or replaces an account's aggregates in one statement (two clocks may refresh one account at once)."""
    values = {column.name: getattr(stats, column.name) for column in AccountStats.__table__.columns}  # type: ignore[attr-defined]
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(AccountStats).values(**values)
    changed = {name: statement.excluded[name] for name in values if name != "account_id"}
    session.execute(statement.on_conflict_do_update(index_elements=["account_id"], set_=changed))
    # Later ORM reads in this session must see the new row, not an older copy from the identity map.
    existing = session.identity_map.get(session.identity_key(AccountStats, stats.account_id))
    if existing is not None:
        session.expire(existing)


def portfolio_revenue(session: Session, *, team_id: str) -> tuple[list[Decimal], list[Decimal]]:
    """Returns every account's billed and forecast amounts, for the portfolio-relative cut-offs."""
    rows = session.execute(
        select(col(Account.billed), col(Account.forecast)).where(col(Account.team_id) == team_id)
    ).all()
    return [r.billed for r in rows], [r.forecast for r in rows]


def digest_rows(session: Session, *, team_id: str, owner_ids: Sequence[str] = ()) -> Iterator[Mapping[str, Any]]:
    """Yields one flat row per account, by column name: its aggregates, telling comment and oldest unresolved alert."""
    telling: Any = aliased(Response)
    speaker: Any = aliased(Contact)
    quiet: Any = aliased(Contact)
    oldest_alert = (
        select(col(Alert.account_id).label("account_id"), func.min(Alert.id).label("alert_id"))
        .where(col(Alert.team_id) == team_id, col(Alert.state) != states.AlertState.RESOLVED)
        .group_by(col(Alert.account_id))
        .subquery()
    )
    columns: list[Any] = [
        col(Account.id).label("account_id"),
        Account.name,
        Account.owner_id,
        Account.billed,
        Account.forecast,
        AccountStats.responses,
        AccountStats.satisfaction,
        AccountStats.baseline,
        AccountStats.previous_satisfaction,
        AccountStats.pulses_sent,
        AccountStats.pulses_answered,
        AccountStats.unanswered_streak,
        AccountStats.quiet_contact_streak,
        AccountStats.quiet_contact_answered,
        AccountStats.quiet_contact_asked,
        quiet.email.label("quiet_contact"),
        AccountStats.last_response_at,
        AccountStats.last_no_at,
        AccountStats.recent_scores,
        telling.comment.label("comment"),
        telling.answer.label("answer"),
        telling.label.label("label"),
        telling.label_override.label("label_override"),
        telling.cues.label("cues"),
        telling.created_at.label("said_at"),
        speaker.email.label("contact"),
        col(Alert.id).label("alert_id"),
        Alert.cause,
        Alert.opened_at,
        Alert.acknowledged_by,
        Alert.acknowledged_at,
        Alert.snoozed_until,
    ]
    statement = (
        select(*columns)
        .select_from(Account)
        .join(AccountStats, col(AccountStats.account_id) == col(Account.id), isouter=True)
        .join(telling, telling.id == col(AccountStats.telling_response_id), isouter=True)
        .join(speaker, speaker.id == telling.contact_id, isouter=True)
        .join(quiet, quiet.id == col(AccountStats.quiet_contact_id), isouter=True)
        .join(oldest_alert, oldest_alert.c.account_id == col(Account.id), isouter=True)
        .join(Alert, col(Alert.id) == oldest_alert.c.alert_id, isouter=True)
        .where(col(Account.team_id) == team_id)
        .execution_options(yield_per=2000)
    )
    if owner_ids:
        statement = statement.where(col(Account.owner_id).in_(list(owner_ids)))
    # Core rows straight off the session's connection: the ORM's row loading would double the cost of a
    # 100k-account digest and adds nothing to plain columns.
    yield from cast(Iterator[Mapping[str, Any]], session.connection().execute(statement).mappings())


def stale_accounts(session: Session, *, before: datetime, limit: int) -> list[tuple[int, str]]:
    """Returns accounts whose aggregates were last refreshed before a moment (or never), oldest first."""
    statement = (
        select(col(Account.id), col(Account.team_id))
        .join(AccountStats, col(AccountStats.account_id) == col(Account.id), isouter=True)
        .where(or_(col(AccountStats.refreshed_at).is_(None), and_(col(AccountStats.refreshed_at) < before)))
        .order_by(col(AccountStats.refreshed_at).is_not(None), col(AccountStats.refreshed_at))
        .limit(limit)
    )
    return [(int(r.id), str(r.team_id)) for r in session.execute(statement)]

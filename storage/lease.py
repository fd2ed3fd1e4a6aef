"""One way to claim queued rows under a lease, for every queue the clocks work on (pulses, outbox, digests).

A row is free when its `lease_until` is empty or has passed. Claiming sets `lease_until` and `lease_owner`
in the claiming transaction; on PostgreSQL the rows are read FOR UPDATE SKIP LOCKED, so concurrent clocks
split the work instead of waiting for each other (SQLite's write queue serialises them anyway). Before each
send, a clock renews its lease only while it still holds it: that is the fence against a clock whose lease
ran out while it was busy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, or_, update
from sqlmodel import Session, SQLModel, select

from storage import statements


class Leasable(Protocol):
    """A row with a lease: who holds it and until when."""

    lease_until: datetime | None
    lease_owner: str | None


T = TypeVar("T", bound=SQLModel)


def _column(model: type[SQLModel], name: str) -> Any:
    return statements.table(model).c[name]


def due(
    session: Session,
    model: type[T],
    *,
    where: Sequence[ColumnElement[bool]],
    order_by: Any,
    now: datetime,
    limit: int,
) -> list[T]:
    """Returns up to `limit` rows matching `where` whose lease is free; locked, skipping locked ones, on PostgreSQL."""
    lease_until = _column(model, "lease_until")
    statement = (
        select(model).where(*where, or_(lease_until.is_(None), lease_until < now)).order_by(order_by).limit(limit)
    )
    if statements.is_postgres(session):
        statement = statement.with_for_update(skip_locked=True)
    return list(session.exec(statement))


def take(session: Session, rows: Iterable[Leasable], *, owner: str, until: datetime) -> None:
    """Leases rows read by `due` to `owner` until a moment."""
    for row in rows:
        row.lease_until, row.lease_owner = until, owner
        session.add(row)
    session.flush()


def claim(
    session: Session,
    model: type[T],
    *,
    where: Sequence[ColumnElement[bool]],
    order_by: Any,
    now: datetime,
    until: datetime,
    owner: str,
    limit: int,
) -> list[T]:
    """Leases up to `limit` due rows to `owner`; other workers skip them until the lease ends."""
    rows = due(session, model, where=where, order_by=order_by, now=now, limit=limit)
    take(session, rows, owner=owner, until=until)  # type: ignore[arg-type]
    return rows


def renew(
    session: Session,
    model: type[SQLModel],
    *,
    row_id: int,
    owner: str,
    until: datetime,
    where: Sequence[ColumnElement[bool]] = (),
) -> bool:
    """Extends `owner`'s lease on one row, atomically; False when another worker holds it (or `where` fails)."""
    result = session.execute(
        update(model)
        .where(_column(model, "id") == row_id, _column(model, "lease_owner") == owner, *where)
        .values(lease_until=until)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def holding(session: Session, model: type[T], *, row_id: int, owner: str) -> T | None:
    """Returns the row, locked on PostgreSQL, if `owner` still holds its lease; None if another took it over."""
    statement = select(model).where(_column(model, "id") == row_id, _column(model, "lease_owner") == owner)
    if statements.is_postgres(session):
        statement = statement.with_for_update()
    return session.exec(statement).first()


def release(row: Leasable) -> None:
    """Gives a row's lease up (the caller's transaction stores it)."""
    row.lease_until = row.lease_owner = None

"""Slack messages decided inside a transaction and sent after it commits: queued once, delivered once, retried."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.services.ports import PermanentDeliveryError, TemporaryDeliveryError
from bot.services.pulses import backoff
from storage.models import Outbox

logger = logging.getLogger("pulse.outbox")

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 10

Transaction = Callable[[], AbstractContextManager[Session]]


def enqueue(
    db: Session, *, team_id: str, kind: str, dedupe_key: str, payload: dict[str, Any], now: datetime
) -> Outbox | None:
    """Queues a message; the same dedupe key is queued only once. Returns None for a duplicate."""
    row = Outbox(
        team_id=team_id, kind=kind, dedupe_key=dedupe_key, payload=payload, next_attempt_at=now, created_at=now
    )
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
    except IntegrityError:
        return None
    return row


@dataclass(frozen=True, slots=True)
class Kind:
    """How one kind of message is read from the database, sent, and its result remembered."""

    load: Callable[[Session, dict[str, Any]], object | None]
    send: Callable[[object], dict[str, Any]]
    record: Callable[[Session, dict[str, Any], dict[str, Any]], None]
    # Looks for what an earlier attempt may have delivered (Slack acted, but its answer never arrived).
    find: Callable[[object], dict[str, Any] | None] | None = None


@dataclass
class DrainReport:
    """What one run of the outbox did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0


def drain(
    transaction: Transaction,
    kinds: dict[str, Kind],
    *,
    clock: Callable[[], datetime],
    worker: str,
    batch: int = 50,
    lease: timedelta = LEASE,
) -> DrainReport:
    """Sends what is due: claim under a lease, load, send outside the transaction, record the outcome."""
    report = DrainReport()
    now = clock()
    work: list[tuple[int, str, dict[str, Any], object, bool]] = []
    with transaction() as db:
        statement = (
            select(Outbox)
            .where(
                Outbox.state == "pending",
                col(Outbox.next_attempt_at) <= now,
                or_(col(Outbox.lease_until).is_(None), col(Outbox.lease_until) < now),
            )
            .order_by(col(Outbox.next_attempt_at))
            .limit(batch)
        )
        if db.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        for row in db.exec(statement):
            assert row.id is not None
            kind = kinds.get(row.kind)
            value = kind.load(db, row.payload) if kind else None
            if value is None:
                row.state, row.last_error = "dropped", "nothing to send any more"
                report.dropped += 1
            else:
                # An earlier attempt that failed, or a clock that died holding the lease, may have delivered.
                in_doubt = row.attempts > 0 or row.lease_owner is not None
                row.lease_until, row.lease_owner = now + lease, worker
                work.append((row.id, row.kind, row.payload, value, in_doubt))
            db.add(row)
    for row_id, kind_name, payload, value, in_doubt in work:
        if not _renew(transaction, row_id, worker=worker, until=clock() + lease):
            continue
        outcome: dict[str, Any] | None = None
        error: Exception | None = None
        kind = kinds[kind_name]
        try:
            if in_doubt and kind.find is not None:
                outcome = kind.find(value)
            if outcome is None:
                outcome = kind.send(value)
        except (TemporaryDeliveryError, PermanentDeliveryError) as failure:
            error = failure
        with transaction() as db:
            claimed = db.get(Outbox, row_id)
            if claimed is None or claimed.lease_owner != worker:
                continue
            row = claimed
            row.lease_until = row.lease_owner = None
            row.attempts += 1
            if outcome is not None:
                row.state, row.sent_at, row.last_error = "sent", clock(), None
                kinds[kind_name].record(db, payload, outcome)
                report.sent += 1
            elif isinstance(error, TemporaryDeliveryError) and row.attempts < MAX_ATTEMPTS:
                row.next_attempt_at = clock() + backoff(row.attempts, error.retry_after)
                row.last_error = str(error)[:500]
                report.retried += 1
            else:
                row.state, row.last_error = "failed", str(error)[:500]
                logger.warning("outbox %s (%s) failed for good: %s", row_id, kind_name, error)
                report.failed += 1
            db.add(row)
    return report


def _renew(transaction: Transaction, row_id: int, *, worker: str, until: datetime) -> bool:
    """Extends this worker's lease right before a send; False when another worker has taken the row over."""
    with transaction() as db:
        result = db.execute(
            update(Outbox)
            .where(col(Outbox.id) == row_id, col(Outbox.lease_owner) == worker, col(Outbox.state) == "pending")
            .values(lease_until=until)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

"""Slack messages decided inside a transaction and sent after it commits: queued once, delivered once, retried."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.core import states
from bot.services.ports import PermanentDeliveryError, TemporaryDeliveryError
from bot.services.pulses import backoff
from storage import lease as storage_lease
from storage.models import Outbox
from storage.queries import outbox as outbox_queries

logger = logging.getLogger("pulse.outbox")

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 10

Transaction = Callable[[], AbstractContextManager[Session]]


def enqueue(
    db: Session, *, team_id: str, kind: str, dedupe_key: str, payload: dict[str, Any], now: datetime
) -> Outbox | None:
    """Queues a message; the same dedupe key is queued only once. Returns None for a duplicate."""
    return outbox_queries.add_message(db, team_id=team_id, kind=kind, dedupe_key=dedupe_key, payload=payload, now=now)


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
        taken: list[Outbox] = []
        for row in outbox_queries.due_messages(db, now=now, limit=batch):
            assert row.id is not None
            kind = kinds.get(row.kind)
            value = kind.load(db, row.payload) if kind else None
            if value is None:
                row.state, row.last_error = states.OutboxState.DROPPED, "nothing to send any more"
                report.dropped += 1
                db.add(row)
            else:
                # An earlier attempt that failed, or a clock that died holding the lease, may have delivered.
                in_doubt = row.attempts > 0 or row.lease_owner is not None
                taken.append(row)
                work.append((row.id, row.kind, row.payload, value, in_doubt))
        storage_lease.take(db, taken, owner=worker, until=now + lease)
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
            storage_lease.release(row)
            row.attempts += 1
            if outcome is not None:
                row.state, row.sent_at, row.last_error = states.OutboxState.SENT, clock(), None
                kinds[kind_name].record(db, payload, outcome)
                report.sent += 1
            elif isinstance(error, TemporaryDeliveryError) and row.attempts < MAX_ATTEMPTS:
                row.next_attempt_at = clock() + backoff(row.attempts, error.retry_after)
                row.last_error = str(error)[:500]
                report.retried += 1
            else:
                row.state, row.last_error = states.OutboxState.FAILED, str(error)[:500]
                logger.warning("outbox %s (%s) failed for good: %s", row_id, kind_name, error)
                report.failed += 1
            db.add(row)
    return report


def _renew(transaction: Transaction, row_id: int, *, worker: str, until: datetime) -> bool:
    """Extends this worker's lease right before a send; False when another worker has taken the row over."""
    with transaction() as db:
        return outbox_queries.renew_lease(db, message_id=row_id, owner=worker, until=until)

"""Digest subscriptions and their daily posting: exactly once per local day, whatever crashes or clocks do.

The schedule lives in the database, so the web process can change it and the clock sees it on its next run.
A run is a row unique per (subscription, local day): claiming the day is inserting that row. A post that
may have reached Slack before a crash is looked up in the channel before it is sent again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session

from bot.core import schedule, states
from bot.core.digest import Digest
from bot.core.signals import ClassifyConfig
from bot.services import audit, digests
from bot.services.ports import PermanentDeliveryError, TemporaryDeliveryError
from bot.services.pulses import backoff
from storage import lease as storage_lease
from storage.models import DigestRun, Subscription, Workspace
from storage.queries import subscriptions as subscription_queries

logger = logging.getLogger("pulse.digests")

LEASE = timedelta(minutes=5)
QUIET_MODES = ("all_clear", "skip")
Transaction = Callable[[], AbstractContextManager[Session]]


def subscribe(
    db: Session,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    now: datetime,
    local_time: str = "09:00",
    timezone: str | None = None,
    owner_ids: Sequence[str] = (),
    quiet: str = "all_clear",
) -> Subscription:
    """Creates or changes a channel's subscription; without a zone it waits for the subscriber's Slack zone."""
    schedule.parse_local_time(local_time)
    tz = timezone or "UTC"
    schedule.zone(tz)
    sub = subscription_queries.get_for_channel(db, team_id=team_id, channel_id=channel_id, active_only=False)
    before = _described(sub) if sub is not None and sub.active else None
    if sub is None:
        sub = Subscription(team_id=team_id, channel_id=channel_id, created_by=user_id, created_at=now)
    sub.created_by = user_id
    sub.local_time, sub.timezone, sub.timezone_pending = local_time, tz, timezone is None
    sub.owner_ids, sub.quiet, sub.active = list(owner_ids), quiet, True
    sub.next_run_at = schedule.next_run(local_time, tz, after=now)
    db.add(sub)
    db.flush()
    audit.record(
        db,
        team_id=team_id,
        actor=user_id,
        action="digest.subscribe",
        subject_type="channel",
        subject_id=channel_id,
        before=before,
        after=_described(sub),
        now=now,
    )
    return sub


def _described(sub: Subscription) -> dict[str, object]:
    """Returns what the audit trail keeps of a subscription."""
    return {
        "local_time": sub.local_time,
        "timezone": None if sub.timezone_pending else sub.timezone,
        "owners": list(sub.owner_ids) or "all",
        "quiet": sub.quiet,
    }


def set_timezone(db: Session, *, subscription_id: int, timezone: str, now: datetime) -> Subscription | None:
    """Applies the subscriber's Slack time zone to a subscription still waiting for one."""
    sub = db.get(Subscription, subscription_id)
    if sub is None or not sub.timezone_pending:
        return None
    schedule.zone(timezone)
    sub.timezone, sub.timezone_pending = timezone, False
    sub.next_run_at = schedule.next_run(sub.local_time, timezone, after=now)
    db.add(sub)
    return sub


def list_for(db: Session, *, team_id: str) -> list[Subscription]:
    """Returns the workspace's active subscriptions."""
    return subscription_queries.list_active(db, team_id=team_id)


def get_for_channel(db: Session, *, team_id: str, channel_id: str) -> Subscription | None:
    """Returns a channel's active subscription."""
    return subscription_queries.get_for_channel(db, team_id=team_id, channel_id=channel_id)


def unsubscribe(
    db: Session, *, team_id: str, channel_id: str, actor: str = "slack", now: datetime | None = None
) -> bool:
    """Stops a channel's digest; returns whether there was one."""
    sub = get_for_channel(db, team_id=team_id, channel_id=channel_id)
    if sub is None:
        return False
    sub.active = False
    db.add(sub)
    if now is not None:
        audit.record(
            db,
            team_id=team_id,
            actor=actor,
            action="digest.unsubscribe",
            subject_type="channel",
            subject_id=channel_id,
            before=_described(sub),
            after=None,
            now=now,
        )
    return True


@dataclass(frozen=True, slots=True)
class PostRequest:
    """One digest to post: where, for which run, and how far an earlier attempt got."""

    run_id: int
    team_id: str
    channel_id: str
    local_date: str
    quiet: str
    owner_ids: tuple[str, ...]
    may_exist: bool
    message_ts: str | None
    thread_posted: int
    created_at: datetime
    language: str | None = None


class Poster(Protocol):
    """Posts a digest to Slack and reports progress, so a retry resumes instead of repeating."""

    def post(self, request: PostRequest, digest: Digest, progress: Callable[[str, int, int], None]) -> bool:
        """Posts (or finds the earlier post, then finishes its thread); returns False for a skipped quiet day."""


@dataclass
class DigestReport:
    """What one run of the digest job did."""

    posted: int = 0
    skipped: int = 0
    waiting: int = 0
    retried: int = 0
    failed: int = 0
    requests: list[PostRequest] = field(default_factory=list)


def post_due(
    transaction: Transaction,
    poster: Poster,
    *,
    clock: Callable[[], datetime],
    worker: str,
    batch: int = 20,
    lease: timedelta = LEASE,
    config: ClassifyConfig | None = None,
    cap: int | None = None,
) -> DigestReport:
    """Posts every digest whose time has come: each subscription once per local day."""
    report = DigestReport()
    now = clock()
    with transaction() as db:
        for sub in subscription_queries.claim_due(db, now=now, until=now + lease, owner=worker, limit=batch):
            request = _start_run(db, sub, now=now, report=report)
            if request is not None:
                report.requests.append(request)
    for request in report.requests:
        # The fence, as for pulses: post only while this clock still holds the subscription's lease.
        if not _renew(transaction, request.run_id, worker=worker, until=clock() + lease):
            continue
        _post_one(transaction, poster, request, clock=clock, worker=worker, report=report, config=config, cap=cap)
    return report


def _renew(transaction: Transaction, run_id: int, *, worker: str, until: datetime) -> bool:
    """Extends this clock's lease on the run's subscription; False when another clock has taken it over."""
    with transaction() as db:
        run = db.get(DigestRun, run_id)
        if run is None:
            return False
        return subscription_queries.renew_lease(db, subscription_id=run.subscription_id, owner=worker, until=until)


def _start_run(db: Session, sub: Subscription, *, now: datetime, report: DigestReport) -> PostRequest | None:
    """Finds or creates today's run; returns what to post, or None when today is done or not due yet."""
    assert sub.id is not None
    day = schedule.due_day(sub.local_time, sub.timezone, scheduled_at=sub.next_run_at, now=now)
    if day is None:
        # The clock was down past a whole day: wait for today's time rather than replay the missed day.
        sub.next_run_at = schedule.at_local(schedule.local_day(now, sub.timezone), sub.local_time, sub.timezone)
        storage_lease.release(sub)
        report.waiting += 1
        return None
    run = subscription_queries.get_run(db, subscription_id=sub.id, local_date=day.isoformat())
    if run is None:
        run = subscription_queries.add_run(
            db,
            DigestRun(
                team_id=sub.team_id,
                subscription_id=sub.id,
                local_date=day.isoformat(),
                channel_id=sub.channel_id,
                created_at=now,
            ),
        )
        if run is None:
            return None
    if run.state in states.DIGEST_DONE:
        sub.next_run_at = schedule.next_run(sub.local_time, sub.timezone, after=now)
        storage_lease.release(sub)
        return None
    assert run.id is not None
    run.attempts += 1
    db.add(run)
    return PostRequest(
        run_id=run.id,
        team_id=sub.team_id,
        channel_id=run.channel_id,
        local_date=run.local_date,
        quiet=sub.quiet,
        owner_ids=tuple(sub.owner_ids),
        may_exist=run.attempts > 1,
        message_ts=run.message_ts,
        thread_posted=run.thread_posted,
        created_at=run.created_at,
        language=workspace.language if (workspace := db.get(Workspace, sub.team_id)) else None,
    )


def _post_one(
    transaction: Transaction,
    poster: Poster,
    request: PostRequest,
    *,
    clock: Callable[[], datetime],
    worker: str,
    report: DigestReport,
    config: ClassifyConfig | None = None,
    cap: int | None = None,
) -> None:
    """Builds and posts one digest, recording progress as it goes."""
    with transaction() as db:
        digest = digests.build(
            db, team_id=request.team_id, owner_ids=request.owner_ids, now=clock(), config=config, cap=cap
        )

    error: Exception | None = None
    posted = False
    try:
        posted = poster.post(request, digest, progress_recorder(transaction, request.run_id))
    except (TemporaryDeliveryError, PermanentDeliveryError) as failure:
        error = failure
    with transaction() as db:
        run = db.get(DigestRun, request.run_id)
        assert run is not None
        sub = db.get(Subscription, run.subscription_id)
        assert sub is not None
        if sub.lease_owner != worker:
            return
        now = clock()
        storage_lease.release(sub)
        if error is None:
            run.state = states.DigestRunState.POSTED if posted else states.DigestRunState.SKIPPED
            run.posted_at, run.last_error = now, None
            sub.next_run_at = schedule.next_run(sub.local_time, sub.timezone, after=now)
            report.posted += int(posted)
            report.skipped += int(not posted)
        elif isinstance(error, TemporaryDeliveryError) and run.attempts < 8:
            run.last_error = str(error)[:500]
            sub.next_run_at = now + backoff(run.attempts, error.retry_after)
            report.retried += 1
        else:
            run.state, run.last_error = states.DigestRunState.FAILED, str(error)[:500]
            sub.next_run_at = schedule.next_run(sub.local_time, sub.timezone, after=now)
            logger.warning("digest for %s on %s failed: %s", run.channel_id, run.local_date, error)
            report.failed += 1
        db.add_all([run, sub])


def progress_recorder(transaction: Transaction, run_id: int) -> Callable[[str, int, int], None]:
    """Returns the progress callback of a poster: where the digest went and how much of its thread is posted."""

    def progress(ts: str, posted: int, total: int) -> None:
        with transaction() as db:
            run = db.get(DigestRun, run_id)
            assert run is not None
            run.message_ts, run.thread_posted, run.thread_total = ts, posted, total
            db.add(run)

    return progress

"""A channel's digest posted now, from the command line: once per local day, counting what the clock posted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import select

from bot.core import schedule
from bot.core.signals import ClassifyConfig
from bot.services import digests, subscriptions
from bot.services.ports import DeliveryError
from storage.models import DigestRun, Subscription, Workspace


@dataclass(frozen=True, slots=True)
class PostedNow:
    """What posting a channel's digest now did, for which local day, and the message it is in."""

    outcome: Outcome
    local_date: str
    message_ts: str | None


def post_now(
    transaction: subscriptions.Transaction,
    poster: subscriptions.Poster,
    *,
    team_id: str,
    channel_id: str,
    clock: Callable[[], datetime],
    worker: str,
    lease: timedelta = subscriptions.LEASE,
    config: ClassifyConfig | None = None,
    cap: int | None = None,
) -> PostedNow:
    """Posts a channel's digest now (`pulse digest --channel`): once per local day, counting the clock's posts.

    The day is the subscription's run, so neither the clock nor another run posts it again; an unsubscribed
    channel gets an inactive subscription (the clock never posts it) that only keeps its days. A failure
    leaves the run to be resumed, not repeated, and is raised."""
    now = clock()
    with transaction() as db:
        sub = db.exec(
            select(Subscription).where(Subscription.team_id == team_id, Subscription.channel_id == channel_id)
        ).first()
        if sub is None:
            sub = Subscription(
                team_id=team_id, channel_id=channel_id, created_by=worker[:32], created_at=now, active=False
            )
            sub.next_run_at = now
        day = schedule.local_day(now, sub.timezone).isoformat()
        if sub.lease_until is not None and sub.lease_until >= now and sub.lease_owner != worker:
            return PostedNow(Outcome.BUSY, day, None)
        sub.lease_until, sub.lease_owner = now + lease, worker
        db.add(sub)
        db.flush()
        assert sub.id is not None
        run = db.exec(select(DigestRun).where(DigestRun.subscription_id == sub.id, DigestRun.local_date == day)).first()
        if run is None:
            run = DigestRun(
                team_id=team_id, subscription_id=sub.id, local_date=day, channel_id=channel_id, created_at=now
            )
        if run.state in ("posted", "skipped"):
            sub.lease_until = sub.lease_owner = None
            return PostedNow(Outcome.ALREADY, day, run.message_ts)
        run.attempts += 1
        db.add(run)
        db.flush()
        assert run.id is not None
        request = subscriptions.PostRequest(
            run_id=run.id,
            team_id=team_id,
            channel_id=channel_id,
            local_date=day,
            quiet="all_clear",
            owner_ids=tuple(sub.owner_ids) if sub.active else (),
            may_exist=run.attempts > 1,
            message_ts=run.message_ts,
            thread_posted=run.thread_posted,
            created_at=run.created_at,
            language=workspace.language if (workspace := db.get(Workspace, team_id)) else None,
        )
        digest = digests.build(db, team_id=team_id, owner_ids=request.owner_ids, now=now, config=config, cap=cap)
    try:
        poster.post(request, digest, subscriptions.progress_recorder(transaction, request.run_id))
    except DeliveryError as error:
        _finish_now(transaction, request.run_id, worker=worker, now=clock(), error=error)
        raise
    return _finish_now(transaction, request.run_id, worker=worker, now=clock(), error=None)


def _finish_now(
    transaction: subscriptions.Transaction, run_id: int, *, worker: str, now: datetime, error: DeliveryError | None
) -> PostedNow:
    """Records a run posted now (or why it is not yet), and lets go of the channel's subscription."""
    with transaction() as db:
        run = db.get(DigestRun, run_id)
        assert run is not None
        sub = db.get(Subscription, run.subscription_id)
        if sub is not None and sub.lease_owner == worker:
            sub.lease_until = sub.lease_owner = None
            db.add(sub)
        if error is None:
            run.state, run.posted_at, run.last_error = "posted", now, None
        else:
            run.last_error = str(error)[:500]
        db.add(run)
        return PostedNow(Outcome.POSTED, run.local_date, run.message_ts)


class Outcome(StrEnum):
    """What posting now did: posted it, found today's already posted, or found another process posting it."""

    POSTED = "posted"
    ALREADY = "already"
    BUSY = "busy"

"""Scheduled-job entry points: each opens a transaction, calls one service, and commits."""

from __future__ import annotations

import logging

from bot.runtime import Runtime
from bot.scheduler import JobSpec
from bot.services import interactions

logger = logging.getLogger("pulse.jobs")


def purge_pending_logs(runtime: Runtime) -> int:
    """Deletes log requests that waited more than a day for their account."""
    with runtime.transaction() as db:
        return interactions.purge_pending(db, now=runtime.now())


def scheduled_jobs(runtime: Runtime) -> list[JobSpec]:
    """Returns every job the clock runs, each with an explicit id and interval."""
    return [
        JobSpec("purge_pending_logs", lambda: purge_pending_logs(runtime), 3600),
    ]

"""The clock: APScheduler runs each scheduled job at its interval; the work itself is claimed in the database."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from storage.db import DatabaseUnavailable

logger = logging.getLogger("pulse.clock")


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A job the clock runs every `seconds`, under an explicit id."""

    id: str
    func: Callable[[], object]
    seconds: float


def build_scheduler(jobs: Sequence[JobSpec]) -> BaseScheduler:
    """Returns a background scheduler with every job registered; one instance of each at a time, missed runs merged."""
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=max(2, len(jobs)))},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="UTC",
    )
    for job in jobs:
        # The first run is immediate: a clock that was down catches up at once.
        first = datetime.now(UTC)
        scheduler.add_job(_logged(job), "interval", seconds=job.seconds, id=job.id, name=job.id, next_run_time=first)
    return scheduler


def _logged(job: JobSpec) -> Callable[[], None]:
    """Wraps a job so a failure is logged with its id and the next run still happens."""

    def run() -> None:
        try:
            job.func()
        except DatabaseUnavailable as error:
            # Locks, deadlocks and lost connections pass; the work is still claimable on the next run.
            logger.warning("job %s: database unavailable (%s); it runs again in %.0f s", job.id, error, job.seconds)
        except Exception:
            logger.exception("job %s failed; it runs again in %.0f s", job.id, job.seconds)

    run.__name__ = job.id
    return run

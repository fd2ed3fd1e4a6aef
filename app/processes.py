"""Process entry points: the web app, the clock, or both in one process (the embedded default)."""

from __future__ import annotations

import logging
import signal
import time

import uvicorn
from starlette.applications import Starlette

from app import http_deadline, jobs
from app.scheduler import build_scheduler
from app.web import create_web_app
from bot.config import Settings, load_settings
from bot.logs import configure_logging
from bot.runtime import Runtime, build_runtime
from handlers.slack.app import build_bolt_app
from storage import migrate
from storage.migrate import NotMigrated

logger = logging.getLogger("pulse")


def prepare(settings: Settings, *, auto_migrate: bool) -> Runtime:
    """Builds the runtime; migrates the database first, or refuses to run on an old schema."""
    runtime = build_runtime(settings)
    if auto_migrate:
        migrate.upgrade(runtime.engine)
    elif not migrate.is_current(runtime.engine):
        raise NotMigrated("the database schema is not current: run `pulse migrate` first")
    return runtime


def web_app_from_env() -> Starlette:
    """Uvicorn's factory for multi-worker runs: each worker reads the environment once, here."""
    settings = load_settings()
    configure_logging(settings)
    http_deadline.configure(settings.request_timeout_seconds)
    runtime = prepare(settings, auto_migrate=False)
    return create_web_app(runtime, build_bolt_app(runtime))


def run_web(settings: Settings, *, with_clock: bool) -> None:
    """Serves HTTP (and, when asked, runs the clock in the same process) until interrupted."""
    runtime = prepare(settings, auto_migrate=with_clock)
    http_deadline.configure(settings.request_timeout_seconds)
    if settings.web_concurrency > 1 and not with_clock:
        uvicorn.run(
            "app.processes:web_app_from_env",
            factory=True,
            workers=settings.web_concurrency,
            host=settings.host,
            port=settings.port,
            proxy_headers=True,
            http=http_deadline.protocol(),
            log_config=None,
        )
        return
    app = create_web_app(runtime, build_bolt_app(runtime))
    scheduler = build_scheduler(jobs.scheduled_jobs(runtime)) if with_clock else None
    if scheduler is not None:
        scheduler.start()
    try:
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            proxy_headers=True,
            http=http_deadline.protocol(),
            log_config=None,
        )
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)


def run_clock(settings: Settings) -> None:
    """Runs the scheduled jobs until interrupted (SIGTERM or Ctrl-C), finishing the jobs in flight."""
    runtime = prepare(settings, auto_migrate=False)
    scheduler = build_scheduler(jobs.scheduled_jobs(runtime))
    stop = _StopFlag()
    # A platform stops processes with SIGTERM. The handler only sets a flag: calling the scheduler from a signal
    # handler can interrupt the main thread while it holds the scheduler's own locks, and then waits forever.
    signal.signal(signal.SIGTERM, stop.set)
    scheduler.start()
    logger.info("clock started with jobs: %s", ", ".join(j.id for j in scheduler.get_jobs()))
    try:
        while not stop.requested:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    scheduler.shutdown(wait=True)
    logger.info("clock stopped")


class _StopFlag:
    """Set by a signal handler, read by the main loop; no lock is taken on either side."""

    requested = False

    def set(self, *_: object) -> None:
        self.requested = True

"""Scheduled-job entry points: each opens its transactions, calls one service, and commits."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass

from bot.delivery.email import SmtpSender
from bot.delivery.survey_mail import MailRoute
from bot.runtime import Runtime
from bot.scheduler import JobSpec
from bot.services import interactions, pulses
from handlers.slack.directory import client_for
from handlers.slack.outbound import SlackDelivery

logger = logging.getLogger("pulse.jobs")


@dataclass(frozen=True)
class Clock:
    """What the clock's jobs share: the runtime, the delivery routes and this process's worker id."""

    runtime: Runtime
    routes: pulses.Routes
    worker: str
    mail: MailRoute | None = None

    def close(self) -> None:
        """Releases connections the routes keep open."""
        if self.mail is not None:
            self.mail.close()


def build_clock(runtime: Runtime) -> Clock:
    """Creates the delivery routes the configuration allows, once per clock process."""
    settings = runtime.settings
    email = None
    if settings.smtp_url is not None:
        email = MailRoute(SmtpSender(settings.smtp_url.get_secret_value()), from_address=settings.pulse_from_email)
    client = client_for(settings)
    slack = SlackDelivery(lambda _team: client, now=lambda: runtime.now().timestamp()) if client is not None else None
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    return Clock(runtime=runtime, routes=pulses.Routes(email=email, slack=slack), worker=worker, mail=email)


def advance_pulses(clock: Clock) -> pulses.AdvanceReport:
    """Sends due pulses and reminders and expires old ones, until nothing due is left."""
    runtime = clock.runtime
    total = pulses.AdvanceReport()
    while True:
        report = pulses.advance_pulses(
            runtime.transaction,
            clock.routes,
            clock=runtime.now,
            policy=runtime.policy,
            base_url=runtime.settings.base_url,
            from_address=runtime.settings.pulse_from_email,
            worker=clock.worker,
        )
        for name in ("sent", "reminded", "expired", "retried", "failed", "lost_lease"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        if not report.steps and not report.expired:
            break
    if total.sent or total.reminded or total.expired or total.retried or total.failed:
        logger.info(
            "pulses: %d sent, %d reminded, %d expired, %d to retry, %d failed",
            total.sent,
            total.reminded,
            total.expired,
            total.retried,
            total.failed,
        )
    return total


def purge_pending_logs(runtime: Runtime) -> int:
    """Deletes log requests that waited more than a day for their account."""
    with runtime.transaction() as db:
        return interactions.purge_pending(db, now=runtime.now())


def scheduled_jobs(runtime: Runtime) -> list[JobSpec]:
    """Returns every job the clock runs, each with an explicit id and interval."""
    clock = build_clock(runtime)
    interval = runtime.settings.clock_interval_seconds
    return [
        JobSpec("advance_pulses", lambda: advance_pulses(clock), interval),
        JobSpec("purge_pending_logs", lambda: purge_pending_logs(runtime), 3600),
    ]

"""Scheduled-job entry points: each opens its transactions, calls one service, and commits."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta

from app.scheduler import JobSpec
from bot.runtime import Runtime
from bot.services import accounts, alerts, outbox, pending_logs, privacy, pulses, responses, stats, subscriptions, taps
from handlers.email.email import SmtpSender
from handlers.email.survey_mail import MailRoute
from handlers.slack import installations
from handlers.slack.alert_blocks import AlertSender
from handlers.slack.digest_poster import SlackDigestPoster
from handlers.slack.gateway import SlackGateway
from handlers.slack.outbound import SlackDelivery
from handlers.slack.owner_notices import OwnerNoticeSender
from handlers.slack.pictures import PicturePoster

logger = logging.getLogger("pulse.jobs")


@dataclass(frozen=True)
class Clock:
    """What the clock's jobs share: the runtime, the delivery routes and this process's worker id."""

    runtime: Runtime
    routes: pulses.Routes
    worker: str
    mail: MailRoute | None = None
    gateway: SlackGateway | None = None

    @property
    def lease(self) -> timedelta:
        """How long claimed work stays this clock's before another may take it over (CLOCK_LEASE_SECONDS)."""
        return timedelta(seconds=self.runtime.settings.clock_lease_seconds)

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
    gateway = installations.gateway(runtime, now=lambda: runtime.now().timestamp())
    slack = SlackDelivery(gateway) if gateway is not None else None
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    return Clock(
        runtime=runtime, routes=pulses.Routes(email=email, slack=slack), worker=worker, mail=email, gateway=gateway
    )


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
            lease=clock.lease,
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


def deliver_outbox(clock: Clock) -> outbox.DrainReport:
    """Sends queued Slack messages (alert DMs to owners)."""
    runtime = clock.runtime
    if clock.gateway is None:
        return outbox.DrainReport()
    sender = AlertSender(clock.gateway, clock=runtime.now)
    kinds = {
        alerts.ALERT_NOTICE: outbox.Kind(
            load=lambda db, payload: alerts.notice(db, alert_id=int(payload["alert_id"])),
            send=sender.send,
            find=sender.find,
            record=lambda db, payload, result: alerts.remember_dm(
                db, alert_id=int(payload["alert_id"]), channel=result["channel"], ts=result["ts"]
            ),
        ),
        accounts.OWNER_NOTICE: outbox.Kind(
            load=lambda db, payload: accounts.owner_notice(
                db, change_id=int(payload["change_id"]), user_id=str(payload["user_id"])
            ),
            send=OwnerNoticeSender(clock.gateway).send,
            record=lambda db, payload, result: None,
        ),
        alerts.ALERT_UPDATE: outbox.Kind(
            load=lambda db, payload: alerts.notice(db, alert_id=int(payload["alert_id"])),
            send=sender.update,
            record=lambda db, payload, result: None,
        ),
    }
    return outbox.drain(runtime.transaction, kinds, clock=runtime.now, worker=clock.worker, lease=clock.lease)


def post_due_digests(clock: Clock) -> subscriptions.DigestReport:
    """Posts each subscribed channel's digest once per local day at its time."""
    if clock.gateway is None:
        return subscriptions.DigestReport()
    runtime = clock.runtime
    report = subscriptions.post_due(
        runtime.transaction,
        PicturePoster(SlackDigestPoster(clock.gateway, runtime.settings.portfolio_url), runtime),
        clock=runtime.now,
        worker=clock.worker,
        lease=clock.lease,
        config=runtime.classify_config,
        cap=runtime.settings.pulse_digest_cap,
    )
    if report.posted or report.failed or report.retried:
        logger.info("digests: %d posted, %d to retry, %d failed", report.posted, report.retried, report.failed)
    return report


def react_to_answers(runtime: Runtime) -> int:
    """Brings aggregates and alerts up to date with new answers, in batches until none is left."""
    total = 0
    while True:
        with runtime.transaction() as db:
            done = responses.react_to_answers(db, now=runtime.now())
        total += done
        if done == 0:
            return total


def count_held_taps(runtime: Runtime) -> int:
    """Turns taps that outlived their hold into answers (their alerts follow with react_to_answers)."""
    with runtime.transaction() as db:
        return taps.count_due_taps(db, now=runtime.now(), policy=runtime.policy)


def refresh_stale_stats(runtime: Runtime) -> int:
    """Refreshes account aggregates nobody touched for a day, so time windows keep moving."""
    with runtime.transaction() as db:
        return stats.refresh_stale(db, now=runtime.now())


def expire_free_text(runtime: Runtime) -> int:
    """Blanks comments and notes older than PULSE_RETENTION_DAYS (when set)."""
    days = runtime.settings.pulse_retention_days
    if days is None:
        return 0
    with runtime.transaction() as db:
        return privacy.expire_free_text(db, now=runtime.now(), older_than=timedelta(days=days))


def purge_pending_logs(runtime: Runtime) -> int:
    """Deletes log requests that waited more than a day for their account."""
    with runtime.transaction() as db:
        return pending_logs.purge_pending(db, now=runtime.now())


def scheduled_jobs(runtime: Runtime) -> list[JobSpec]:
    """Returns every job the clock runs, each with an explicit id and interval."""
    clock = build_clock(runtime)
    interval = runtime.settings.clock_interval_seconds
    return [
        JobSpec("advance_pulses", lambda: advance_pulses(clock), interval),
        JobSpec("count_held_taps", lambda: count_held_taps(runtime), min(interval, 5)),
        JobSpec("react_to_answers", lambda: react_to_answers(runtime), min(interval, 2)),
        JobSpec("deliver_outbox", lambda: deliver_outbox(clock), min(interval, 5)),
        JobSpec("post_due_digests", lambda: post_due_digests(clock), min(interval, 30)),
        JobSpec("refresh_stale_stats", lambda: refresh_stale_stats(runtime), 900),
        JobSpec("purge_pending_logs", lambda: purge_pending_logs(runtime), 3600),
        JobSpec("expire_free_text", lambda: expire_free_text(runtime), 3600),
    ]

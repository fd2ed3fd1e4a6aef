"""The clock process killed mid-work (SIGKILL) and restarted: every pulse and digest goes out exactly once."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.services import accounts, subscriptions
from storage.models import DigestRun, Pulse, Subscription
from tests.support.cli import pulse_env
from tests.support.processes import PulseProcess, clock_env, wait_until
from tests.support.scenario import log_many
from tests.support.slack_standin import Scripted
from tests.support.smtp import Mailbox, SmtpServer

PULSES = 24


class SlowMailbox(Mailbox):
    """A server that takes its time before queueing, and queues nothing for a client that hung up meanwhile."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.abandoned = 0
        self.held = 0
        self._held = threading.Condition()

    def wait_holding(self, count: int, timeout: float = 60) -> None:
        """Waits until the server is holding its `count`-th message (the client is waiting for the reply)."""
        with self._held:
            if not self._held.wait_for(lambda: self.held >= count, timeout=timeout):
                raise AssertionError(f"only {self.held} messages reached the server")

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self._held:
            self.held += 1
            self._held.notify_all()
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            # aiosmtpd cancels the handler when the client's connection drops: nothing is queued.
            self.abandoned += 1
            raise
        return await super().handle_DATA(server, session, envelope)


def _states(runtime) -> Counter:
    with runtime.transaction() as db:
        return Counter(p.state for p in db.exec(select(Pulse)))


def test_killed_while_sending_pulses_then_restarted_sends_each_exactly_once(runtime, settings, tmp_path):
    log_many(runtime, PULSES, email="c{i:02d}@acme.com")
    mailbox = SlowMailbox(delay=0.25)
    smtp = SmtpServer(mailbox=mailbox).start()
    env = clock_env(pulse_env(settings, SMTP_URL=smtp.url, PULSE_FROM_EMAIL="pulse@ourco.example"))
    try:
        first = PulseProcess("clock", env=env, log_path=str(tmp_path / "clock1.log"))
        # Kill it while the server holds a message and the clock waits for the reply: the moment that decides.
        mailbox.wait_holding(7)
        first.kill()
        wait_until(lambda: mailbox.abandoned == 1, what="the server to drop the message of the dead client")
        assert len(mailbox.messages) == 6

        second = PulseProcess("clock", env=env, log_path=str(tmp_path / "clock2.log"))
        try:
            wait_until(lambda: _states(runtime)["sent"] == PULSES, timeout=120, what="every pulse to be sent")
        finally:
            second.stop()
    finally:
        smtp.stop()
    per_recipient = Counter(m["To"] for m in mailbox.messages)
    assert len(per_recipient) == PULSES
    assert set(per_recipient.values()) == {1}, per_recipient
    assert len({m["Message-ID"] for m in mailbox.messages}) == PULSES
    assert "Traceback" not in second.output()


def test_killed_while_posting_a_digest_then_restarted_posts_it_once(runtime, settings, standin, tmp_path):
    real_now = datetime.now(UTC)
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="U1", now=runtime.now())
        sub = subscriptions.subscribe(
            db,
            team_id="T0PULSE01",
            channel_id="C0SALES01",
            user_id="U1",
            now=real_now - timedelta(minutes=2),
            local_time=f"{real_now:%H:%M}",
            timezone="UTC",
        )
        sub.next_run_at = real_now - timedelta(seconds=10)
        db.add(sub)
    standin.now = lambda: datetime.now(UTC).timestamp()
    standin.script("chat.postMessage", Scripted(delay=3.0))  # Slack posts it, then answers slowly
    env = clock_env(pulse_env(settings))
    first = PulseProcess("clock", env=env, log_path=str(tmp_path / "clock1.log"))
    try:
        standin.wait_for("chat.postMessage", 1, timeout=60)
    finally:
        first.kill()
    assert len(standin.messages_in("C0SALES01")) == 1

    second = PulseProcess("clock", env=env, log_path=str(tmp_path / "clock2.log"))
    try:

        def posted() -> bool:
            with runtime.transaction() as db:
                run = db.exec(select(DigestRun)).first()
                return run is not None and run.state == "posted"

        wait_until(posted, timeout=60, what="the digest run to be marked posted")
    finally:
        second.stop()
    assert len([m for m in standin.messages_in("C0SALES01") if not m["thread_ts"]]) == 1
    with runtime.transaction() as db:
        [run] = db.exec(select(DigestRun)).all()
        sub = db.exec(select(Subscription)).one()
    assert run.attempts == 2 and run.message_ts == standin.messages_in("C0SALES01")[0]["ts"]
    assert sub.next_run_at > real_now

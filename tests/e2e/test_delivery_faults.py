"""Delivery under failure: SMTP down, Slack rate limits and errors, two clocks at once; each pulse goes out once."""

from __future__ import annotations

import threading
from collections import Counter

from sqlmodel import select

from app import jobs
from storage.models import Pulse
from tests.support.scenario import log_many
from tests.support.smtp import SmtpServer


def _pulses(runtime) -> list[Pulse]:
    with runtime.transaction() as db:
        return list(db.exec(select(Pulse).order_by(Pulse.id)))


def test_smtp_down_for_a_while_then_every_pulse_goes_out_exactly_once(runtime, clock, clock_jobs, smtp):
    log_many(runtime, 3)
    smtp.stop()
    clock.advance(minutes=31)
    report = jobs.advance_pulses(clock_jobs)
    assert (report.sent, report.retried) == (0, 3)
    pulses = _pulses(runtime)
    assert {p.state for p in pulses} == {"scheduled"}
    assert all(p.last_error and p.attempts == 1 for p in pulses)
    assert all(p.next_action_at > clock() for p in pulses)

    assert jobs.advance_pulses(clock_jobs).sent == 0  # still backing off: nothing is hammered
    back = SmtpServer(port=smtp.port, mailbox=smtp.mailbox).start()
    try:
        clock.advance(minutes=2)
        assert jobs.advance_pulses(clock_jobs).sent == 3
        assert jobs.advance_pulses(clock_jobs).sent == 0
        messages = back.mailbox.wait_for(3)
    finally:
        back.stop()
    assert sorted(m["To"] for m in messages) == ["c0@acme.com", "c1@acme.com", "c2@acme.com"]
    assert {p.state for p in _pulses(runtime)} == {"sent"}


def test_slack_rate_limit_is_honoured_with_retry_after(runtime, clock, clock_jobs, smtp, standin):
    smtp.mailbox.refuse_with = "550 5.1.1 no such user"
    standin.add_user("UEXT00001", "c0@acme.com", team_id="TCUSTOMER")
    log_many(runtime, 1)
    standin.rate_limit("chat.postMessage", retry_after=120)
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).retried == 1
    [pulse] = _pulses(runtime)
    assert (pulse.next_action_at - clock()).total_seconds() == 120
    clock.advance(seconds=119)
    assert jobs.advance_pulses(clock_jobs).sent == 0
    clock.advance(seconds=2)
    assert jobs.advance_pulses(clock_jobs).sent == 1
    posts = standin.calls_to("chat.postMessage")
    assert len(posts) == 2  # the refused one and the one that went through
    assert [p.state for p in _pulses(runtime)] == ["sent"]


def test_slack_server_errors_and_timeouts_are_retried_with_backoff(runtime, clock, clock_jobs, smtp, standin):
    smtp.mailbox.refuse_with = "550 5.1.1 no such user"
    standin.add_user("UEXT00001", "c0@acme.com", team_id="TCUSTOMER")
    log_many(runtime, 1)
    standin.server_error("conversations.open", status=503, times=2)
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).retried == 1
    first_wait = _pulses(runtime)[0].next_action_at - clock()
    clock.advance(minutes=2)
    assert jobs.advance_pulses(clock_jobs).retried == 1
    second_wait = _pulses(runtime)[0].next_action_at - clock()
    assert second_wait > first_wait  # exponential backoff
    clock.advance(minutes=5)
    assert jobs.advance_pulses(clock_jobs).sent == 1
    assert len(standin.calls_to("chat.postMessage")) == 1


def test_a_pulse_that_can_never_be_delivered_ends_failed_and_says_why(runtime, clock, clock_jobs, smtp, standin):
    log_many(runtime, 1)
    smtp.mailbox.refuse_with = "550 5.1.1 no such user"
    standin.token_team.clear()  # Slack refuses the bot's token too: no route is left
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).failed == 1
    [pulse] = _pulses(runtime)
    assert pulse.state == "failed"
    assert "550" in pulse.last_error or "invalid_auth" in pulse.last_error
    assert pulse.asked_at is None  # a pulse that never reached anyone doesn't throttle the next one


def test_two_clocks_never_send_the_same_pulse_twice(runtime, clock, smtp):
    log_many(runtime, 40)
    clock.advance(minutes=31)
    clocks = [jobs.build_clock(runtime) for _ in range(2)]
    barrier = threading.Barrier(2)
    reports = []

    def run(job_clock):
        barrier.wait()
        reports.append(jobs.advance_pulses(job_clock))

    threads = [threading.Thread(target=run, args=(c,)) for c in clocks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for c in clocks:
        c.close()
    assert sum(r.sent for r in reports) == 40
    recipients = Counter(m["To"] for m in smtp.mailbox.wait_for(40))
    assert len(recipients) == 40 and set(recipients.values()) == {1}
    assert {p.state for p in _pulses(runtime)} == {"sent"}

"""Nothing sent twice: two clocks whose batch outlives its lease, Slack answering after the client gave up,
and Retry-After headers that are not a number."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter

import pytest
from slack_sdk import WebClient

from app import jobs
from app.jobs import build_clock
from handlers.slack.gateway import SlackGateway
from handlers.slack.pacing import retry_after_seconds
from tests.support.scenario import ask_and_answer, log_many, make_account
from tests.support.slack_standin import BOT_TOKEN, Scripted

CONTACTS = 10


@pytest.fixture
def extra_settings():
    return {"clock_lease_seconds": 3}


def test_two_clocks_never_send_a_survey_twice_when_the_mail_server_outlasts_the_lease(runtime, clock, smtp):
    log_many(runtime, CONTACTS)
    clock.advance(minutes=31)

    def slow_server() -> None:
        clock.advance(seconds=2)  # each message takes two of the lease's three seconds
        time.sleep(0.05)

    smtp.mailbox.before_accept = slow_server
    first, second = build_clock(runtime), build_clock(runtime)
    done = threading.Event()
    errors: list[BaseException] = []

    def run_first() -> None:
        try:
            jobs.advance_pulses(first)
        except BaseException as error:
            errors.append(error)
        finally:
            done.set()

    worker = threading.Thread(target=run_first)
    worker.start()
    try:
        while not done.is_set():
            jobs.advance_pulses(second)  # the other clock keeps looking for work whose lease ran out
            time.sleep(0.02)
        worker.join()
        jobs.advance_pulses(second)
    finally:
        first.close()
        second.close()
    assert errors == []
    sent = Counter(str(m["To"]) for m in smtp.mailbox.messages)
    assert sent == Counter(f"c{i}@acme.com" for i in range(CONTACTS))


def _short_timeout(clock_jobs, standin):
    """The clock's Slack client with a one-second timeout, so a slow answer outlasts it quickly."""
    client = WebClient(token=BOT_TOKEN, base_url=standin.api_url, timeout=1)
    gateway = SlackGateway(lambda team: client, now=lambda: clock_jobs.runtime.now().timestamp())
    return dataclasses.replace(clock_jobs, gateway=gateway)


def _angry_answer(slack, runtime, clock, clock_jobs, smtp):
    make_account(runtime, "Acme Corp", billed=900_000)
    ask_and_answer(
        slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no", comment="Awful."
    )


def test_an_alert_is_not_posted_twice_when_slack_answers_after_the_client_timeout(
    slack, runtime, clock, clock_jobs, smtp, standin
):
    _angry_answer(slack, runtime, clock, clock_jobs, smtp)
    impatient = _short_timeout(clock_jobs, standin)
    standin.slow("chat.postMessage", seconds=2)  # Slack posts it, then answers too late
    assert jobs.deliver_outbox(impatient).retried == 1
    assert len(standin.messages_in("DOWNER001")) == 1
    clock.advance(hours=2)
    report = jobs.deliver_outbox(impatient)
    assert report.sent == 1 and report.retried == 0
    assert len(standin.calls_to("chat.postMessage")) == 1
    assert len(standin.messages_in("DOWNER001")) == 1
    # Found again, the DM is where the alert's buttons update it.
    from storage.models import Alert

    with runtime.transaction() as db:
        from sqlmodel import select

        alert = db.exec(select(Alert).where(Alert.dm_ts.is_not(None))).one()  # type: ignore[union-attr]
    assert alert.dm_ts == standin.messages_in("DOWNER001")[0]["ts"]


@pytest.mark.parametrize(
    "retry_after", ["soon", "Wed, 21 Oct 2099 07:28:00 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", "", "1e309", "-5"]
)
def test_any_retry_after_header_reschedules_the_alert_instead_of_crashing(
    slack, runtime, clock, clock_jobs, smtp, standin, retry_after
):
    _angry_answer(slack, runtime, clock, clock_jobs, smtp)
    standin.script(
        "chat.postMessage",
        Scripted(status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": retry_after}),
    )
    report = jobs.deliver_outbox(clock_jobs)
    assert report.retried == 1 and report.failed == 0
    clock.advance(hours=2)
    assert jobs.deliver_outbox(clock_jobs).sent == 1


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=lambda: 1445412480.0) == 30
    assert retry_after_seconds("soon") == 30 and retry_after_seconds(None) == 30 and retry_after_seconds("nan") == 30
    assert retry_after_seconds("999999") == 3600 and retry_after_seconds("0") == 1

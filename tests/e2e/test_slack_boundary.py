"""What reaches /slack/events before any work: signatures, body limits, and Pulse without Slack credentials."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from sqlmodel import select

from app.web import create_web_app
from bot.config import Settings
from bot.runtime import build_runtime
from handlers.slack.app import build_bolt_app
from storage.models import PendingLog
from tests.support.server import serve
from tests.support.slack_requests import command_body, signed_headers


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64},
        "wrong-secret",
        "stale",
    ],
    ids=["unsigned", "bad-signature", "wrong-secret", "stale-timestamp"],
)
def test_requests_not_signed_by_slack_are_rejected_with_401_and_do_nothing(pulse_url, runtime, headers):
    body = command_body("log Initech peter@initech.com")
    if headers == "wrong-secret":
        headers = signed_headers(body, secret="not-the-secret")
    elif headers == "stale":
        headers = signed_headers(body, timestamp=int(time.time()) - 10 * 60)
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    reply = httpx.post(pulse_url + "/slack/events", content=body, headers=headers)
    assert reply.status_code == 401
    with runtime.transaction() as db:
        assert db.exec(select(PendingLog)).all() == []


def test_a_replayed_request_with_a_valid_signature_but_old_timestamp_is_rejected(slack, runtime):
    body = command_body("log Initech peter@initech.com")
    old = int(time.time()) - 6 * 60
    assert slack.post(body, timestamp=old).status_code == 401


def test_oversized_bodies_are_refused_before_reading_them_whole(pulse_url):
    body = "text=" + "x" * (600 * 1024)
    reply = httpx.post(pulse_url + "/slack/events", content=body, headers=signed_headers(body))
    assert reply.status_code == 413


def test_garbage_with_a_valid_signature_gets_a_client_error_not_a_500(slack):
    for body in ("payload=%7Bnot-json", "\x00\x01", "payload="):
        reply = slack.post(body)
        assert 400 <= reply.status_code < 500 or reply.status_code == 200, (body, reply.status_code)
        assert "Traceback" not in reply.text


def test_without_slack_credentials_pulse_starts_and_says_what_to_set(database_url, tmp_path):
    settings = Settings(_env_file=None, database_url=database_url)  # type: ignore[call-arg]
    runtime = build_runtime(settings)
    assert build_bolt_app(runtime) is None
    with serve(create_web_app(runtime, None)) as url:
        assert httpx.get(url + "/healthz").json() == {"status": "ok", "database": "ok", "slack": "not configured"}
        events = httpx.post(url + "/slack/events", content=command_body("help"))
        assert events.status_code == 503
        assert "SLACK_BOT_TOKEN" in events.json()["hint"]
        home = httpx.get(url + "/")
        assert home.status_code == 200 and "SLACK_SIGNING_SECRET" in home.text
        missing = httpx.get(url + "/no/such/page")
        assert missing.status_code == 404 and "Page not found" in missing.text
    runtime.engine.dispose()


def test_health_reports_an_unreachable_database_as_503(tmp_path):
    settings = Settings(_env_file=None, database_url="postgresql://nobody@127.0.0.1:1/none")  # type: ignore[call-arg]
    runtime = build_runtime(settings)
    with serve(create_web_app(runtime, None)) as url:
        reply = httpx.get(url + "/healthz")
    assert reply.status_code == 503
    assert reply.json()["database"] == "unreachable"


@pytest.mark.parametrize("timestamp", ["abc", "1e9", "-5", "12.5", "9" * 40])
def test_a_malformed_timestamp_gets_401_without_a_traceback(pulse_url, runtime, timestamp, caplog):
    body = command_body("log Initech peter@initech.com")
    headers = signed_headers(body)
    headers["X-Slack-Request-Timestamp"] = timestamp
    reply = httpx.post(pulse_url + "/slack/events", content=body.encode(), headers=headers)
    assert reply.status_code == 401
    assert "Traceback" not in caplog.text
    with runtime.transaction() as db:
        assert db.exec(select(PendingLog)).all() == []


@pytest.mark.parametrize("payload", ["[1, 2]", '"a string"', "null", "42", "true"])
def test_signed_payloads_that_are_not_objects_get_400(slack, pulse_url, payload, caplog):
    from urllib.parse import urlencode

    body = urlencode({"payload": payload})
    assert slack.post(body).status_code == 400
    unsigned = httpx.post(
        pulse_url + "/slack/events", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert unsigned.status_code == 401
    assert "Traceback" not in caplog.text


def test_a_payload_naming_two_workspaces_or_another_workspace_is_refused(slack, runtime):
    from tests.support.slack_messages import visible_text
    from tests.support.slack_requests import view_submission_body

    foreign = slack.command("log Initech peter@initech.com", team_id="T0OTHER01")
    assert "different workspace" in visible_text(foreign.json())
    values = {
        "new_account": {"new_account": {"type": "plain_text_input", "value": "Initech"}},
        "contact": {"contact": {"type": "email_text_input", "value": "peter@initech.com"}},
    }
    body = view_submission_body("pulse.log_view", values)
    mixed = body.replace(
        "%22team_id%22%3A+%22T0PULSE01%22%2C+%22type%22", "%22team_id%22%3A+%22T0OTHER01%22%2C+%22type%22"
    )
    assert mixed != body
    reply = slack.post(mixed)
    assert reply.status_code == 200 and "different workspace" in json.dumps(reply.json())
    with runtime.transaction() as db:
        assert db.exec(select(PendingLog)).all() == []
        from storage.models import Account, Interaction

        assert db.exec(select(Account)).all() == [] and db.exec(select(Interaction)).all() == []

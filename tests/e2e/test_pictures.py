"""Pictures end to end: the posted digest, App Home and Show history carry charts Pulse serves at signed links."""

from __future__ import annotations

import io
import json
import time
from datetime import timedelta

import httpx
import pytest
from PIL import Image

from app import jobs
from handlers.slack.pictures import ChartLinks
from tests.support.scenario import ask_and_answer, make_account
from tests.support.slack_messages import buttons
from tests.support.slack_requests import block_actions_body, signed_headers

CHANNEL = "C0SALES01"


@pytest.fixture(autouse=True)
def _rep_is_admin(standin):
    """Digests of the whole portfolio are an admin's to set up."""
    standin.add_admin("UREP0001")


def _images(message) -> list[dict]:
    return [b for b in message.get("blocks") or [] if b["type"] == "image"]


def _png(url: str) -> tuple[int, int]:
    got = httpx.get(url)
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(got.content)).size


def _seed(slack, runtime, clock, clock_jobs, smtp) -> None:
    make_account(runtime, "Acme $Corp$ <!here>", billed=900_000, forecast=300_000)
    make_account(runtime, "Calm Co", billed=20_000, forecast=5_000)
    ask_and_answer(slack, clock, clock_jobs, smtp, account="Acme", email="jane@acme.com", answer="no", comment="Awful")
    ask_and_answer(slack, clock, clock_jobs, smtp, account="Calm Co", email="bo@calm.com", answer="yes")


def _digest(slack, clock, clock_jobs, standin) -> dict:
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    clock.advance(days=1)
    assert jobs.post_due_digests(clock_jobs).posted == 1
    [message] = [m for m in standin.messages_in(CHANNEL) if not m["thread_ts"]]
    return message


def test_the_posted_digest_carries_the_matrix_and_its_link_serves_a_png(
    slack, runtime, clock, clock_jobs, smtp, standin, pulse_url
):
    _seed(slack, runtime, clock, clock_jobs, smtp)
    message = _digest(slack, clock, clock_jobs, standin)
    [image] = _images(message)
    assert image["image_url"].startswith(f"{pulse_url}/charts/") and image["image_url"].endswith(".png")
    alt = image["alt_text"]
    assert "2 accounts" in alt and "1 needs action: Acme $Corp$ ‹!here›." in alt and "<" not in alt
    assert _png(image["image_url"]) == (1200, 1140)
    assert _png(image["image_url"]) == (1200, 1140)  # again, from the cache

    # A month on, the link has expired: a short page, not an error.
    clock.advance(days=40)
    gone = httpx.get(image["image_url"])
    assert gone.status_code == 410 and "expired" in gone.text
    assert "no-store" in gone.headers["cache-control"]


def test_forged_tampered_and_malformed_links_are_not_found(slack, runtime, clock, clock_jobs, smtp, standin, pulse_url):
    _seed(slack, runtime, clock, clock_jobs, smtp)
    url = _images(_digest(slack, clock, clock_jobs, standin))[0]["image_url"]
    token = url.removeprefix(f"{pulse_url}/charts/").removesuffix(".png")
    payload, signature = token.split(".")
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    for bad in (f"{payload}.{flipped}", f"{payload[:-2]}.{signature}", "x", "a.b.c", "%00", "." * 300, "é"):
        got = httpx.get(f"{pulse_url}/charts/{bad}.png")
        assert got.status_code == 404, (bad, got.status_code)
        assert "Chart not found" in got.text
    assert httpx.get(f"{pulse_url}/charts/{token}.gif").status_code == 404
    assert httpx.head(url).status_code == 200


@pytest.mark.parametrize("extra_settings", [{"public_url": None}])
def test_without_a_public_url_the_digest_stays_text(slack, runtime, clock, clock_jobs, standin):
    make_account(runtime, "Acme Corp", billed=900_000, forecast=300_000)
    message = _digest(slack, clock, clock_jobs, standin)
    assert _images(message) == [] and "1 account" in json.dumps(message["blocks"])


def test_app_home_shows_the_reps_own_matrix(slack, runtime, clock, clock_jobs, smtp, standin, pulse_url):
    make_account(runtime, "Mine Ltd", owner="UREP0001", billed=50_000, forecast=10_000)
    make_account(runtime, "Theirs Ltd", owner="UOTHER001", billed=60_000, forecast=10_000)
    body = json.dumps(
        {
            "token": "x",
            "team_id": "T0PULSE01",
            "api_app_id": "APULSE01",
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "event": {"type": "app_home_opened", "user": "UREP0001", "tab": "home", "channel": "D0REP0001"},
        }
    )
    slack.http.post(
        "/slack/events", content=body.encode(), headers=signed_headers(body, content_type="application/json")
    )
    view = standin.wait_for("views.publish")[-1].params["view"]
    [image] = _images(view)
    assert "your accounts" in image["alt_text"] and "1 account," in image["alt_text"]
    assert "Theirs" not in image["alt_text"]
    assert _png(image["image_url"]) == (1200, 1140)


def test_show_history_shows_the_accounts_satisfaction_over_time(
    slack, runtime, clock, clock_jobs, smtp, standin, pulse_url
):
    make_account(runtime, "Acme Corp")
    for answer, comment in (("yes", "Great"), ("unsure", ""), ("no", "Nobody called back")):
        ask_and_answer(
            slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer=answer, comment=comment
        )
        clock.advance(days=20)
    jobs.deliver_outbox(clock_jobs)
    dm = next(c.params for c in standin.calls_to("chat.postMessage") if c.params["channel"] == "UOWNER001")
    element = next(b for b in buttons(dm) if b["action_id"].startswith("pulse.show_history"))
    reply = slack.post(
        block_actions_body(
            element["action_id"], element["value"], user_id="UOWNER001", response_url=standin.response_url("history")
        )
    )
    assert reply.status_code == 200
    history = standin.wait_for("respond/history")[-1].params
    [image] = _images(history)
    assert image["title"]["text"] == "Satisfaction over time"
    assert "3 answers" in image["alt_text"] and "(1 Yes, 1 Not sure, 1 No)" in image["alt_text"]
    assert _png(image["image_url"]) == (1200, 720)
    clock.advance(days=8)
    assert httpx.get(image["image_url"]).status_code == 410


def test_links_to_another_workspace_or_a_missing_account_show_nothing_of_it(runtime, standin, pulse_url):
    account = make_account(runtime, "Secret Ltd", billed=1_000, forecast=1_000)
    links = ChartLinks(runtime.settings)
    now = runtime.now()
    for team_id, account_id in (("T0OTHER01", account.id), ("T0PULSE01", account.id + 1000)):
        url = links.history_url(team_id=team_id, account_id=account_id, language="fr", now=now)
        assert url is not None and _png(url) == (1200, 720)
    other = links.matrix_url(team_id="T0OTHER01", language=None, now=now, ttl=timedelta(hours=1))
    assert other is not None and _png(other) == (1200, 1140)

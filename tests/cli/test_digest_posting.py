"""`pulse digest --channel` posts through the clock's gateway and poster: paced, once per channel and day, in the
workspace's language, waiting out a short 429."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from app import jobs
from bot.services import subscriptions
from tests.support.cli import pulse_env, run_pulse
from tests.support.scenario import seed_at_risk
from tests.support.slack_messages import visible_text

CHANNEL = "C0SALES01"


def _top_level(standin):
    return [m for m in standin.messages_in(CHANNEL) if not m["thread_ts"]]


@pytest.mark.parametrize("extra_settings", [{"pulse_digest_cap": 30, "pulse_at_risk_share": 1.0}])
def test_the_cli_posts_a_channels_digest_paced_and_only_once_a_day(runtime, settings, standin):
    seed_at_risk(runtime, 24)  # above one message's 20: the rest goes in the thread, a second message
    env = pulse_env(settings, PULSE_DIGEST_CAP="30", PULSE_AT_RISK_SHARE="1")  # every account listed

    first = run_pulse("digest", "--channel", CHANNEL, env=env)
    assert first.returncode == 0, first.stderr
    assert f"Posted the digest to {CHANNEL}" in first.stderr
    posts = standin.calls_to("chat.postMessage")
    assert len(posts) >= 2 and len(_top_level(standin)) == 1
    # Slack asks for about one message a second per channel; the thread follows the post no faster.
    assert all(later.at - earlier.at >= 0.95 for earlier, later in itertools.pairwise(posts))

    again = run_pulse("digest", "--channel", CHANNEL, env=env)
    assert again.returncode == 0, again.stderr
    assert "not posted again" in again.stderr and posts[0].params["channel"] == CHANNEL
    assert len(standin.calls_to("chat.postMessage")) == len(posts)
    assert len(_top_level(standin)) == 1


def test_a_subscribed_channel_gets_the_cli_digest_in_its_language_and_the_clock_does_not_repeat_it(
    slack, runtime, clock, clock_jobs, settings, standin
):
    standin.add_admin("UREP0001")
    today = datetime.now(UTC).replace(hour=0, minute=0, second=1, microsecond=0)
    clock.set(today)
    seed_at_risk(runtime, 3)
    assert "Pulse spricht" in visible_text(slack.command("language de").json())
    slack.command("digest subscribe 23:59 UTC", channel_id=CHANNEL)

    posted = run_pulse("digest", "--channel", CHANNEL, env=pulse_env(settings))
    assert posted.returncode == 0, posted.stderr
    [digest] = _top_level(standin)
    assert "Pulse-Digest" in digest["text"] and "3 von 3 Kunden gefährdet" in visible_text(digest)

    clock.set(today.replace(hour=23, minute=59, second=30))
    assert jobs.post_due_digests(clock_jobs).posted == 0  # today's is in the channel already
    assert len(_top_level(standin)) == 1


def test_the_cli_waits_out_a_short_rate_limit_and_posts_once(runtime, settings, standin):
    seed_at_risk(runtime, 2)
    standin.rate_limit("chat.postMessage", retry_after=1)

    posted = run_pulse("digest", "--channel", CHANNEL, env=pulse_env(settings))

    assert posted.returncode == 0, posted.stderr
    refused, accepted = standin.calls_to("chat.postMessage")
    assert accepted.at - refused.at >= 1.0  # slack_sdk's retry slept the Retry-After first
    assert len(_top_level(standin)) == 1


def test_a_long_rate_limit_is_reported_and_the_next_run_resumes(runtime, settings, standin):
    seed_at_risk(runtime, 2)
    standin.rate_limit("chat.postMessage", retry_after=600)
    env = pulse_env(settings)

    refused = run_pulse("digest", "--channel", CHANNEL, env=env)
    assert refused.returncode == 2
    assert "Slack did not take the digest: Slack answered ratelimited to chat.postMessage" in refused.stderr
    assert standin.messages_in(CHANNEL) == []

    posted = run_pulse("digest", "--channel", CHANNEL, env=env)
    assert posted.returncode == 0, posted.stderr
    assert len(_top_level(standin)) == 1


def test_the_cli_leaves_a_digest_to_the_clock_that_is_posting_it(runtime, settings, standin):
    seed_at_risk(runtime, 2)
    with runtime.transaction() as db:
        sub = subscriptions.subscribe(
            db, team_id="T0PULSE01", channel_id=CHANNEL, user_id="UREP0001", now=runtime.now(), timezone="UTC"
        )
        sub.lease_owner, sub.lease_until = "clock:elsewhere", datetime.now(UTC) + timedelta(minutes=5)
        db.add(sub)

    busy = run_pulse("digest", "--channel", CHANNEL, env=pulse_env(settings))

    assert busy.returncode == 0, busy.stderr
    assert "by the clock right now: not posted again" in busy.stderr
    assert standin.calls_to("chat.postMessage") == []

"""Daily digests end to end: subscribe from Slack, post once per local day at local time, whatever happens."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app import jobs
from storage.models import DigestRun, Subscription
from tests.support.scenario import seed_at_risk
from tests.support.slack_messages import visible_text

CHANNEL = "C0SALES01"


@pytest.fixture(autouse=True)
def _rep_is_admin(standin):
    """Digests of the whole portfolio are an admin's to set up; the rep here is one (roles: test_roles.py)."""
    standin.add_admin("UREP0001")


def _top_level(standin, channel=CHANNEL):
    return [m for m in standin.messages_in(channel) if not m["thread_ts"]]


def _runs(runtime):
    with runtime.transaction() as db:
        return list(db.exec(select(DigestRun).order_by(DigestRun.id)))


@pytest.fixture
def new_york_rep(standin):
    standin.add_user("UREP0001", "rep@ourco.example", tz="America/New_York", is_admin=True)


def test_subscribe_in_the_subscribers_time_zone_then_list_and_unsubscribe(slack, runtime, standin, new_york_rep):
    reply = slack.command("digest subscribe 08:30", channel_id=CHANNEL)
    text = visible_text(reply.json())
    assert f"<#{CHANNEL}> every day at *08:30* (your time zone) · all accounts" in text
    standin.wait_for("users.info")
    for _ in range(100):  # the zone is adopted after the reply, in the background
        with runtime.transaction() as db:
            sub = db.exec(select(Subscription)).one()
        if not sub.timezone_pending:
            break
        threading.Event().wait(0.05)
    assert (sub.timezone, sub.local_time, sub.timezone_pending) == ("America/New_York", "08:30", False)
    assert sub.next_run_at == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)  # 08:30 in New York

    scoped = slack.command("digest subscribe <#C0OTHER01> 07:00 Europe/Berlin for <@U0MARIA01> quiet")
    assert "accounts of <@U0MARIA01> · quiet days skipped" in visible_text(scoped.json())
    listed = visible_text(slack.command("digest list").json())
    assert "<#C0SALES01>" in listed and "<#C0OTHER01>" in listed and "Europe/Berlin" in listed
    assert "will no longer get" in visible_text(slack.command("digest unsubscribe <#C0OTHER01>").json())
    assert "<#C0OTHER01>" not in visible_text(slack.command("digest list").json())
    bad = visible_text(slack.command("digest subscribe Mars/Base").json())
    assert "is not a time zone I know" in bad


def test_posts_once_at_local_time_each_day_with_the_customers_words_escaped(slack, runtime, clock, clock_jobs, standin):
    seed_at_risk(runtime, 3)
    slack.command("digest subscribe 09:00 Europe/Berlin", channel_id=CHANNEL)
    clock.set(datetime(2026, 11, 24, 7, 59, tzinfo=UTC))
    assert jobs.post_due_digests(clock_jobs).posted == 0
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))  # 09:00 in Berlin
    assert jobs.post_due_digests(clock_jobs).posted == 1
    assert jobs.post_due_digests(clock_jobs).posted == 0
    clock.advance(hours=3)
    assert jobs.post_due_digests(clock_jobs).posted == 0
    [digest] = _top_level(standin)
    text = visible_text(digest)
    assert "3 of 3 accounts at risk" in text
    assert "Charged twice, nobody called back" in text
    assert "<!here>" not in json.dumps(digest["blocks"]) and "&lt;!here&gt;" in text
    assert "<@UOWNER001>" in text
    assert digest["metadata"]["event_payload"]["run_id"] == _runs(runtime)[0].id

    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert jobs.post_due_digests(clock_jobs).posted == 1
    assert [r.local_date for r in _runs(runtime)] == ["2026-11-24", "2026-11-25"]


def test_a_clock_that_was_down_posts_late_today_and_never_replays_missed_days(
    slack, runtime, clock, clock_jobs, standin
):
    seed_at_risk(runtime, 1)
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    clock.set(datetime(2026, 11, 27, 7, 0, tzinfo=UTC))  # down since before 24 Nov 09:00; back before today's time
    assert jobs.post_due_digests(clock_jobs).posted == 0
    clock.set(datetime(2026, 11, 27, 11, 30, tzinfo=UTC))
    assert jobs.post_due_digests(clock_jobs).posted == 1
    assert [r.local_date for r in _runs(runtime)] == ["2026-11-27"]
    assert len(_top_level(standin)) == 1


def test_daylight_saving_moves_the_post_with_the_local_time(slack, runtime, clock, clock_jobs, standin):
    seed_at_risk(runtime, 1)
    clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=UTC))
    slack.command("digest subscribe 09:00 Europe/Berlin", channel_id=CHANNEL)
    posted_at = []
    for minute in range(0, 3 * 24 * 60, 30):
        clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=UTC) + timedelta(minutes=minute))
        if jobs.post_due_digests(clock_jobs).posted:
            posted_at.append(clock())
    assert posted_at == [
        datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 30, 7, 0, tzinfo=UTC),
    ]


@pytest.mark.parametrize("extra_settings", [{"pulse_digest_cap": 30, "pulse_at_risk_share": 1.0}])
def test_a_crash_after_slack_took_the_post_does_not_post_it_twice(slack, runtime, clock, clock_jobs, standin):
    seed_at_risk(runtime, 24)  # a cap above one message's 20: the rest of the listed accounts go in the thread
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    real_call = clock_jobs.gateway.call
    calls = {"n": 0}

    def crash_after_first_post(team_id, method, **params):
        result = real_call(team_id, method, **params)
        if method == "chat.postMessage":
            calls["n"] += 1
            if calls["n"] == 1:
                raise SystemExit("the clock process died right after Slack accepted the post")
        return result

    clock_jobs.gateway.call = crash_after_first_post
    with pytest.raises(SystemExit):
        jobs.post_due_digests(clock_jobs)
    clock_jobs.gateway.call = real_call
    assert len(_top_level(standin)) == 1
    assert jobs.post_due_digests(clock_jobs).posted == 0  # the dead clock's lease still holds
    clock.advance(minutes=6)
    assert jobs.post_due_digests(clock_jobs).posted == 1
    [main] = _top_level(standin)
    thread = [m for m in standin.messages_in(CHANNEL) if m["thread_ts"] == main["ts"]]
    assert len(thread) == 1 and "At-risk accounts 21" in visible_text(thread[0])
    [run] = _runs(runtime)
    assert (run.state, run.attempts, run.message_ts) == ("posted", 2, main["ts"])


def test_two_clocks_post_one_digest(slack, runtime, clock, standin):
    seed_at_risk(runtime, 2)
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    clocks = [jobs.build_clock(runtime) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = []

    def run(c):
        barrier.wait()
        results.append(jobs.post_due_digests(c).posted)

    threads = [threading.Thread(target=run, args=(c,)) for c in clocks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clocks:
        c.close()
    assert sorted(results) == [0, 1]
    assert len(_top_level(standin)) == 1


def test_quiet_days_get_an_all_clear_or_nothing(slack, runtime, clock, clock_jobs, standin):
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    slack.command("digest subscribe <#C0QUIET01> 09:00 UTC quiet")
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    report = jobs.post_due_digests(clock_jobs)
    assert (report.posted, report.skipped) == (1, 1)
    [clear] = _top_level(standin)
    assert "All clear" in visible_text(clear)
    assert _top_level(standin, "C0QUIET01") == []


@pytest.mark.parametrize("extra_settings", [{"pulse_at_risk_share": 1.0}])
def test_the_default_cap_lists_ten_and_says_where_the_rest_are(slack, runtime, clock, clock_jobs, standin):
    seed_at_risk(runtime, 25)
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    jobs.post_due_digests(clock_jobs)
    [message] = standin.messages_in(CHANNEL)
    text = visible_text(message)
    assert sum(f"Risky {i:03d}" in text for i in range(25)) == 10
    assert "+15 more at-risk accounts: pulse digest --format json, or each owner's App Home" in text
    assert "25 of 25 accounts at risk" in text


@pytest.mark.parametrize("extra_settings", [{"pulse_digest_cap": 200, "pulse_at_risk_share": 1.0}])
def test_a_big_portfolio_stays_inside_slacks_limits(slack, runtime, clock, clock_jobs, standin):
    seed_at_risk(runtime, 60)
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    jobs.post_due_digests(clock_jobs)
    messages = standin.messages_in(CHANNEL)
    assert len(messages[0]["blocks"]) <= 50
    for message in messages:
        assert len(message["blocks"]) <= 50
        for block in message["blocks"]:
            assert len(block.get("text", {}).get("text", "")) <= 3000
    ranked = "\n".join(visible_text(m) for m in messages)
    assert all(f"Risky {i:03d}" in ranked for i in range(60))


@pytest.mark.parametrize("extra_settings", [{"pulse_at_risk_share": 0.2}])
def test_the_at_risk_list_is_bounded_and_the_rest_are_counted_as_weaker_signs(
    slack, runtime, clock, clock_jobs, standin
):
    seed_at_risk(runtime, 25)  # 20% of 25 accounts: the five with the most at stake are listed, 20 are "watch"
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    jobs.post_due_digests(clock_jobs)
    [message] = standin.messages_in(CHANNEL)
    text = visible_text(message)
    assert "5 of 25 accounts at risk" in text
    assert sum(f"Risky {i:03d}" in text for i in range(25)) == 5
    assert all(f"Risky {i:03d}" in text for i in range(20, 25))
    assert "20 more accounts show weaker signs: pulse digest --format json, or the portfolio page" in text
    assert "more at-risk account" not in text


def test_preview_shows_the_digest_now_only_to_the_asker(slack, runtime):
    seed_at_risk(runtime, 2)
    reply = slack.command("digest preview").json()
    assert reply["response_type"] == "ephemeral"
    assert "2 of 2 accounts at risk" in visible_text(reply)
    mine = slack.command("digest preview for me").json()  # UREP0001 owns nothing
    assert "All clear" in visible_text(mine)


# English words the digest's own text uses; names, quotes and the JSON hint (a command) are left out.
ENGLISH = (
    "at risk",
    "Billed",
    "forecast",
    "at stake",
    "Owner",
    "Satisfaction",
    "Answered",
    "based on",
    "Comment from",
    "Acknowledge",
    "Snooze",
    "Show history",
    "alert open",
    "acknowledged",
    "accounts",
    "revenue",
    "days ago",
)


def _without_names(text: str) -> str:
    return text.replace("Charged twice, nobody called back", "").replace("Risky", "")


def test_the_posted_digest_speaks_the_workspace_language(slack, runtime, clock, clock_jobs, standin):
    seed_at_risk(runtime, 3)
    clock.advance(days=1)
    assert "Pulse spricht" in visible_text(slack.command("language de").json())
    slack.command("digest subscribe 09:00 UTC", channel_id=CHANNEL)
    for _ in range(25):
        clock.advance(hours=1)
        if jobs.post_due_digests(clock_jobs).posted:
            break
    [digest] = _top_level(standin)
    text = visible_text(digest)
    assert "Pulse-Digest: Alle Kunden" in text or "Pulse-Digest:" in text
    assert "3 von 3 Kunden gefährdet" in text and "Umsatz auf dem Spiel" in text
    assert "Jetzt eingreifen" in text or "Umsatz schützen" in text or "Prognose sichern" in text
    assert "auf Basis von 2 Antworten (vorläufig)" in text
    assert "Antwortete „Nein“ vor 2 Tagen" in text or "Antwortete „Nein“ vor 1 Tag" in text
    assert "Verantwortlich: <@UOWNER001>" in text and "nicht bestätigt" in text
    assert "Bestätigen" in json.dumps(digest["blocks"], ensure_ascii=False)
    fallback = digest["text"]  # the notification text says it in German too
    assert "Pulse-Digest" in fallback and "Umsatz 30k, Prognose 15k" in fallback and "billed" not in fallback
    leftover = [word for word in ENGLISH if word in _without_names(text)]
    assert not leftover, (leftover, text)


def test_the_digest_preview_speaks_french(slack, runtime, clock):
    seed_at_risk(runtime, 2)
    clock.advance(days=1)
    slack.command("language fr")
    text = visible_text(slack.command("digest preview", channel_id=CHANNEL).json())
    assert "2 comptes sur 2 à risque" in text and "d'après 2 réponses (provisoire)" in text
    assert "A répondu Non il y a 1\u00a0jour" in text or "A répondu Non il y a 1 jour" in text
    assert "Responsable\u00a0: <@UOWNER001>" in text
    leftover = [word for word in ENGLISH if word in _without_names(text) and word != "Satisfaction"]
    assert not leftover, (leftover, text)

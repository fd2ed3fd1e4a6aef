"""Behaviour triggers: a bad answer DMs the owner at once, once; Acknowledge, Snooze, Resolved; label fixes."""

from __future__ import annotations

import json

import httpx
from sqlmodel import select

from app import jobs
from storage.models import Alert, Response
from storage.queries import sentiment as sentiment_queries
from tests.support.scenario import ask_and_answer, make_account
from tests.support.slack_messages import button, visible_text
from tests.support.slack_requests import block_actions_body


def _alerts(runtime) -> list[Alert]:
    with runtime.transaction() as db:
        return list(db.exec(select(Alert).order_by(Alert.id)))


def _dm_click(slack, standin, dm, action_prefix: str, *, user="UOWNER001", name="dm"):
    element = button(dm, action_prefix)
    message = {"ts": "1700000000.000300", "text": dm.get("text", "")}
    container = {"type": "message", "message_ts": "1700000000.000300", "channel_id": "DOWNER001"}
    reply = slack.post(
        block_actions_body(
            element["action_id"],
            element["value"],
            user_id=user,
            channel_id="DOWNER001",
            message=message,
            container=container,
            response_url=standin.response_url(name),
        )
    )
    assert reply.status_code == 200
    return standin.wait_for(f"respond/{name}")[-1].params


def test_a_no_with_an_angry_comment_dms_the_owner_once_with_the_customers_words(
    slack, runtime, clock, clock_jobs, smtp, standin
):
    make_account(runtime, "Acme Corp", billed=900_000, forecast=200_000)
    ask_and_answer(
        slack,
        clock,
        clock_jobs,
        smtp,
        account="Acme Corp",
        email="jane@acme.com",
        answer="no",
        comment="Charged twice and <!channel> nobody called back <https://evil.example|your invoice>",
    )

    assert sorted(a.cause for a in _alerts(runtime)) == ["negative_comment", "no_answer"]
    assert jobs.deliver_outbox(clock_jobs).sent == 1
    [dm] = [c.params for c in standin.calls_to("chat.postMessage") if c.params["channel"] == "UOWNER001"]
    text = visible_text(dm)
    assert "Acme Corp: answered No" in text
    assert "Also: left a strongly negative comment." in text
    assert "Charged twice and &lt;!channel&gt; nobody called back &lt;https://evil.example|your invoice&gt;" in text
    assert "<!channel>" not in json.dumps(dm) and "<https://evil.example|" not in json.dumps(dm)
    assert "not acknowledged yet" in text
    assert {b["text"]["text"] for b in dm["blocks"][-1]["elements"] if b["type"] == "button"} == {
        "Acknowledge",
        "Snooze 7 days",
        "Resolved",
        "Show history",
    }
    assert jobs.deliver_outbox(clock_jobs).sent == 0  # delivered once

    # Another bad answer on the same account: counted, not a second DM.
    ask_and_answer(slack, clock, clock_jobs, smtp, account="Acme Corp", email="bob@acme.com", answer="no")
    assert jobs.deliver_outbox(clock_jobs).sent == 0
    no_answer = next(a for a in _alerts(runtime) if a.cause == "no_answer")
    assert no_answer.occurrences == 2


def test_acknowledge_snooze_and_resolve_from_the_dm(slack, runtime, clock, clock_jobs, smtp, standin):
    make_account(runtime, "Acme Corp")
    ask_and_answer(slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no")
    jobs.deliver_outbox(clock_jobs)
    [dm] = [c.params for c in standin.calls_to("chat.postMessage") if c.params["channel"] == "UOWNER001"]

    clock.advance(hours=2)
    acked = _dm_click(slack, standin, dm, "pulse.acknowledge", name="ack")
    assert acked["replace_original"] is True
    assert "acknowledged by <@UOWNER001> just now" in visible_text(acked)
    assert all(b["text"]["text"] != "Acknowledge" for b in acked["blocks"][-1]["elements"] if b["type"] == "button")
    [alert] = _alerts(runtime)
    assert (alert.state, alert.acknowledged_by, alert.acknowledged_at) == ("acknowledged", "UOWNER001", clock())

    snoozed = _dm_click(slack, standin, acked, "pulse.snooze", name="snooze")
    assert "snoozed until" in visible_text(snoozed)
    assert _alerts(runtime)[0].state == "snoozed"

    resolved = _dm_click(slack, standin, snoozed, "pulse.resolve", name="resolve")
    assert "resolved by <@UOWNER001>" in visible_text(resolved)
    assert resolved["blocks"][-1]["type"] != "actions"
    assert _alerts(runtime)[0].state == "resolved"

    # After resolving, the next "No" opens a new alert and a new DM.
    clock.advance(days=15)
    ask_and_answer(slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no")
    assert [a.state for a in _alerts(runtime)] == ["resolved", "open"]
    assert jobs.deliver_outbox(clock_jobs).sent == 1


def test_show_history_is_shown_only_to_the_person_who_asked(slack, runtime, clock, clock_jobs, smtp, standin):
    make_account(runtime, "Acme Corp")
    ask_and_answer(
        slack,
        clock,
        clock_jobs,
        smtp,
        account="Acme Corp",
        email="jane@acme.com",
        answer="no",
        comment="Nobody called back",
    )
    jobs.deliver_outbox(clock_jobs)
    [dm] = [c.params for c in standin.calls_to("chat.postMessage") if c.params["channel"] == "UOWNER001"]
    history = _dm_click(slack, standin, dm, "pulse.show_history", name="history")
    assert history["response_type"] == "ephemeral" and history["replace_original"] is False
    assert "Acme Corp" in visible_text(history) and "Nobody called back" in visible_text(history)


def test_a_rep_corrects_a_label_and_the_correction_wins_everywhere(slack, runtime, clock, clock_jobs, smtp, standin):
    make_account(runtime, "Acme Corp")
    ask_and_answer(
        slack,
        clock,
        clock_jobs,
        smtp,
        account="Acme Corp",
        email="jane@acme.com",
        answer="unsure",
        comment="A total disaster, the worst service we have ever had",
    )
    with runtime.transaction() as db:
        [response] = db.exec(select(Response)).all()
    assert response.label == "negative"
    before = response.experience
    assert [a.cause for a in _alerts(runtime)] == ["negative_comment"]
    assert jobs.deliver_outbox(clock_jobs).sent == 1
    assert "left a strongly negative comment" in visible_text(standin.calls_to("chat.postMessage")[-1].params)

    overflow = {
        "type": "overflow",
        "action_id": f"pulse.correct_label:{response.id}",
        "block_id": "b1",
        "selected_option": {"value": f"{response.id}:positive"},
        "action_ts": "1",
    }
    # Someone else's customer: only the account's owner (or an admin) corrects it.
    slack.post(block_actions_body("", "", action=overflow, response_url=standin.response_url("other")))
    assert "Only Pulse admins" in visible_text(standin.wait_for("respond/other")[0].params)
    with runtime.transaction() as db:
        assert db.get(Response, response.id).label_override is None
    slack.post(
        block_actions_body("", "", action=overflow, user_id="UOWNER001", response_url=standin.response_url("label"))
    )
    assert "now counts as positive" in visible_text(standin.wait_for("respond/label")[0].params)

    with runtime.transaction() as db:
        corrected = db.get(Response, response.id)
    assert (corrected.label, corrected.label_override, corrected.override_by) == ("negative", "positive", "UOWNER001")
    assert corrected.experience > before
    with runtime.transaction() as db:
        learned = sentiment_queries.get_adjustments(db, team_id=corrected.team_id)
    assert learned.get("w:disaster", 0.0) > 0, "the correction also teaches the workspace's scorer"
    card = visible_text(slack.command("account Acme Corp").json())
    assert "positive" in card and "negative" not in card
    # The owner's DM says so too: the alert no longer claims a strongly negative comment.
    [update] = [c.params for c in standin.wait_for("chat.update")]
    text = visible_text(update)
    assert "Acme Corp: the comment now counts as positive" in text
    assert "strongly negative" not in text.split("Opened because")[0]
    assert "closed: superseded by the latest answer" in text
    assert [a.state for a in _alerts(runtime)] == ["resolved"]


def test_a_no_changed_to_yes_supersedes_its_alert_everywhere(slack, runtime, clock, clock_jobs, smtp, standin):
    make_account(runtime, "Acme Corp", billed=900_000)
    page = ask_and_answer(slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no")
    assert jobs.deliver_outbox(clock_jobs).sent == 1
    assert "Acme Corp: answered No" in visible_text(standin.calls_to("chat.postMessage")[-1].params)

    clock.advance(minutes=5)
    assert httpx.post(page, data={"answer": "yes", "comment": ""}).status_code == 200
    jobs.react_to_answers(clock_jobs.runtime)
    assert [(a.cause, a.state) for a in _alerts(runtime)] == [("no_answer", "resolved")]
    assert jobs.deliver_outbox(clock_jobs).sent == 1

    [update] = [c.params for c in standin.calls_to("chat.update")]
    text = visible_text(update)
    assert "Acme Corp: changed their answer to Yes" in text
    assert "answered *Yes*" in json.dumps(update) or "answered Yes" in text
    assert "closed: superseded by the latest answer" in text
    assert not [b for b in update["blocks"] if b["type"] == "actions"]

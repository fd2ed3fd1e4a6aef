"""Who may do what, over real HTTP with signed requests: admins, owners, members, guests; and the audit trail."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlmodel import select

from app import jobs
from bot.services import accounts
from storage.models import Account, ApiKey, AuditEvent, Subscription, Workspace
from tests.support.cli import pulse_env, run_pulse
from tests.support.slack_messages import visible_text
from tests.support.slack_requests import block_actions_body, command_body

TEAM = "T0PULSE01"
ADMIN, CONFIGURED, MEMBER, OWNER, GUEST = "UADMIN001", "UCONFIG01", "UMEMBER01", "UOWNER001", "UGUEST001"


@pytest.fixture
def extra_settings():
    return {"pulse_admins": f"{CONFIGURED}, {GUEST}"}


@pytest.fixture(autouse=True)
def people(standin):
    standin.add_admin(ADMIN, owner=True)
    standin.add_user(CONFIGURED, "config@ourco.example")
    standin.add_user(MEMBER, "member@ourco.example")
    standin.add_user(OWNER, "owner@ourco.example")
    # A guest flagged admin by mistake, and listed in PULSE_ADMINS: still never an admin.
    standin.add_user(GUEST, "guest@partner.example", is_restricted=True, is_admin=True)


def _account(runtime, name="Acme Corp", owner=OWNER):
    with runtime.transaction() as db:
        return accounts.create_account(db, team_id=TEAM, name=name, owner_id=owner, now=runtime.now(), billed=9e5)


def _events(runtime):
    with runtime.transaction() as db:
        return list(db.exec(select(AuditEvent).order_by(AuditEvent.id)))


def test_members_and_guests_cannot_act_as_admins_and_are_told_whom_to_ask(slack, runtime):
    _account(runtime)
    for user in (MEMBER, GUEST):
        for text in (
            "question Click here to claim your refund",
            "question reset",
            "api-key",
            "api-key list",
            "api-key revoke",
            "owner Acme Corp <@" + user + ">",
            "digest subscribe #C0ALL0001",
            "digest subscribe for <@UOWNER001>",
            "digest preview",
            "audit",
        ):
            reply = slack.command(text.replace("#C0ALL0001", "<#C0ALL0001>"), user_id=user).json()
            shown = visible_text(reply)
            assert reply["response_type"] == "ephemeral", text
            assert "Only Pulse admins" in shown, (user, text, shown)
            # The refusal names the configured admin and the workspace owner found in Slack, never the guest.
            assert f"<@{CONFIGURED}>" in shown and f"<@{ADMIN}>" in shown and GUEST not in shown, shown
    with runtime.transaction() as db:
        workspace = db.get(Workspace, TEAM)
        assert workspace is None or workspace.question is None
        assert db.exec(select(ApiKey)).all() == []
        assert db.exec(select(Subscription)).all() == []
        assert db.exec(select(Account)).one().owner_id == OWNER
    assert _events(runtime) == []


def test_admins_manage_the_workspace_and_every_change_is_in_the_audit_trail(slack, runtime, standin):
    _account(runtime)
    for admin in (ADMIN, CONFIGURED):
        assert "From now on customers are asked" in visible_text(
            slack.command(f"question Asked by {admin}?", user_id=admin).json()
        )
    assert "shown *only this once*" in visible_text(slack.command("api-key", user_id=ADMIN).json())
    assert "1" in visible_text(slack.command("api-key revoke", user_id=CONFIGURED).json())
    assert "every day" in visible_text(slack.command("digest subscribe <#C0ALL0001> 09:00 UTC", user_id=ADMIN).json())
    assert "now belongs to" in visible_text(slack.command(f"owner Acme Corp <@{MEMBER}>", user_id=ADMIN).json())
    events = _events(runtime)
    assert [(e.actor, e.action) for e in events] == [
        (ADMIN, "question.set"),
        (CONFIGURED, "question.set"),
        (ADMIN, "api_key.create"),
        (CONFIGURED, "api_key.revoke_all"),
        (ADMIN, "digest.subscribe"),
        (ADMIN, "account.owner"),
    ]
    assert events[1].before == {"question": f"Asked by {ADMIN}?"} and events[1].after == {
        "question": f"Asked by {CONFIGURED}?"
    }
    assert events[5].before == {"owner": OWNER} and events[5].after == {"owner": MEMBER}

    shown = visible_text(slack.command("audit 4", user_id=ADMIN).json())
    assert shown.index("account.owner") < shown.index("digest.subscribe") < shown.index("api_key.revoke_all")
    assert "question.set" not in shown and "+2 more" in shown and "/pulse audit 4 2" in shown
    second = visible_text(slack.command("audit 4 2", user_id=ADMIN).json())
    assert second.count("question.set") == 2 and "more" not in second
    assert "Give how many events" in visible_text(slack.command("audit lots", user_id=ADMIN).json())


def test_owners_manage_their_own_accounts_and_both_owners_are_told(slack, runtime, standin, clock_jobs):
    _account(runtime)
    _account(runtime, name="Globex", owner=MEMBER)
    # The owner may hand their own account on; a member may not take someone else's.
    assert "Only Pulse admins" in visible_text(slack.command(f"owner Globex <@{OWNER}>", user_id=OWNER).json())
    assert "now belongs to" in visible_text(slack.command(f"owner Acme Corp <@{MEMBER}>", user_id=OWNER).json())
    jobs.deliver_outbox(clock_jobs)
    dms = {c.params["channel"]: visible_text(c.params) for c in standin.calls_to("chat.postMessage")}
    assert "*Acme Corp* is now yours (from <@UOWNER001>), assigned by <@UOWNER001>" in dms[MEMBER]
    assert "*Acme Corp* now belongs to <@UMEMBER01>, reassigned by you" in dms[OWNER]
    jobs.deliver_outbox(clock_jobs)
    assert len(standin.calls_to("chat.postMessage")) == 2
    # A member may subscribe a channel to their own accounts ("for me"), and stop that digest again.
    mine = visible_text(slack.command("digest subscribe <#C0MINE001> for me 08:00 UTC", user_id=MEMBER).json())
    assert "<#C0MINE001>" in mine and "Only Pulse admins" not in mine
    assert "Only Pulse admins" in visible_text(slack.command("digest unsubscribe <#C0MINE001>", user_id=OWNER).json())
    assert "Only Pulse admins" not in visible_text(
        slack.command("digest unsubscribe <#C0MINE001>", user_id=MEMBER).json()
    )


def test_digest_buttons_act_only_for_the_owner_or_an_admin_and_the_thread_says_who(slack, runtime, standin, clock):
    account = _account(runtime)
    container = {"type": "message", "message_ts": "1700000000.000100", "channel_id": "C0ALL0001", "is_ephemeral": False}
    target = f"account:{account.id}"
    refused = slack.post(
        block_actions_body(
            "pulse.snooze:1", target, user_id=MEMBER, container=container, response_url=standin.response_url("m")
        )
    )
    assert refused.status_code == 200
    [answer] = standin.wait_for("respond/m")
    assert "Only Pulse admins" in visible_text(answer.params) and f"<@{ADMIN}>" in visible_text(answer.params)
    assert _events(runtime) == []

    slack.post(block_actions_body("pulse.snooze:1", target, user_id=OWNER, container=container))
    [note] = standin.wait_for("chat.postMessage")
    assert note.params["channel"] == "C0ALL0001" and note.params["thread_ts"] == "1700000000.000100"
    assert re.search(r"Snoozed for 7 days by <@UOWNER001> at \d\d:\d\d UTC: \*Acme Corp\*", visible_text(note.params))
    slack.post(block_actions_body("pulse.acknowledge:1", target, user_id=ADMIN, container=container))
    standin.wait_for("chat.postMessage", 2)
    assert [(e.actor, e.action, e.after["state"]) for e in _events(runtime)] == [
        (OWNER, "alert.snooze", "snoozed"),
        (ADMIN, "alert.acknowledge", "acknowledged"),
    ]


def test_a_replayed_api_key_request_makes_no_second_key(slack, runtime):
    body = command_body("api-key", user_id=ADMIN, trigger="4242.1700000000.replayed")
    first = visible_text(slack.post(body).json())
    again = visible_text(slack.post(body).json())
    assert "shown *only this once*" in first
    assert "already answered" in again and "pk_" not in again
    with runtime.transaction() as db:
        assert len(db.exec(select(ApiKey)).all()) == 1


def test_the_cli_exports_the_audit_trail_with_formula_safe_cells(slack, runtime, settings, tmp_path):
    slack.command('question =HYPERLINK("http://evil";"x");+1', user_id=ADMIN)
    slack.command("question x;=1+1;y", user_id=ADMIN)
    out = tmp_path / "audit.csv"
    done = run_pulse("export", "audit", str(out), "--team", TEAM, env=pulse_env(settings))
    assert done.returncode == 0, done.stderr
    assert "Exported 2 audit events" in done.stdout + done.stderr
    raw = out.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0] == ["at", "actor", "action", "subject_type", "subject_id", "before", "after"]
    assert [r[2] for r in rows[1:]] == ["question.set", "question.set"]
    for line in raw.splitlines():
        # Every cell quoted: splitting on `;` or `,` (as some spreadsheets do) never starts a cell with `=`.
        assert all(cell.startswith('"') for cell in re.split(r'(?<="),(?=")', line)), line
    assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    failed = run_pulse("export", "audit", str(tmp_path / "missing" / "a.csv"), "--team", TEAM, env=pulse_env(settings))
    assert failed.returncode != 0 and "Traceback" not in failed.stderr + failed.stdout

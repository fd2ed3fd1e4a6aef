"""Installing into any workspace through OAuth; no workspace ever sees another's data; uninstalling cleans up."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlmodel import select

from bot.services import accounts
from handlers.slack import installations
from storage.models import Account, Interaction, Subscription, Workspace
from tests.support.cli import pulse_env, run_pulse
from tests.support.scenario import seed_at_risk
from tests.support.slack_messages import button, visible_text
from tests.support.slack_requests import block_actions_body, block_suggestion_body, signed_headers

TEAM_A, TEAM_B = "T0ALPHA01", "T0BRAVO02"


@pytest.fixture
def extra_settings():
    return {"slack_bot_token": None, "slack_client_id": "1111.2222", "slack_client_secret": "client-secret"}


def install(pulse_url: str, standin, team_id: str) -> httpx.Response:
    """Goes through Slack's OAuth flow as an installing admin's browser would."""
    with httpx.Client(base_url=pulse_url) as browser:
        page = browser.get("/slack/install")
        assert page.status_code == 200
        authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.text)
        assert authorize is not None, page.text
        state = parse_qs(urlsplit(authorize.group(1).replace("&amp;", "&")).query)["state"][0]
        code = f"code-{team_id}"
        standin.grant(code, team_id)
        # The state cookie is Secure (Pulse runs behind HTTPS); a browser sends it back on the redirect.
        cookie = page.headers["set-cookie"].split(";")[0]
        return browser.get("/slack/oauth_redirect", params={"code": code, "state": state}, headers={"Cookie": cookie})


def event(slack, team_id: str, payload: dict) -> httpx.Response:
    body = json.dumps(
        {
            "token": "x",
            "team_id": team_id,
            "api_app_id": "APULSE01",
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "event": payload,
        }
    )
    headers = signed_headers(body, content_type="application/json")
    return slack.http.post("/slack/events", content=body.encode(), headers=headers)


def test_install_from_the_oauth_flow_and_work_in_that_workspace(pulse_url, slack, standin, runtime):
    done = install(pulse_url, standin, TEAM_A)
    assert done.status_code == 200, done.text
    with runtime.transaction() as db:
        workspace = db.get(Workspace, TEAM_A)
    assert workspace is not None and workspace.name == f"Team {TEAM_A}" and workspace.uninstalled_at is None
    reply = slack.command("help", team_id=TEAM_A)
    assert reply.status_code == 200 and "/pulse log" in visible_text(reply.json())
    # A forged or replayed state is refused.
    with httpx.Client(base_url=pulse_url) as browser:
        standin.grant("code-x", TEAM_B)
        refused = browser.get("/slack/oauth_redirect", params={"code": "code-x", "state": "forged"})
    assert refused.status_code >= 400


def test_no_command_button_or_list_shows_one_workspaces_data_to_another(pulse_url, slack, standin, runtime):
    install(pulse_url, standin, TEAM_A)
    install(pulse_url, standin, TEAM_B)
    with runtime.transaction() as db:
        secret = accounts.create_account(
            db, team_id=TEAM_A, name="Acme Secret", owner_id="UALPHA001", now=runtime.now(), billed=900_000
        )
        accounts.create_account(db, team_id=TEAM_B, name="Acme Bravo", owner_id="UBRAVO001", now=runtime.now())

    assert "Acme Secret" not in visible_text(slack.command("account Acme", team_id=TEAM_B).json())
    options = slack.post(block_suggestion_body("pulse.account_select", "acme", team_id=TEAM_B)).json()["options"]
    assert [o["text"]["text"] for o in options if not o["value"].startswith("new:")] == ["Acme Bravo"]
    history = slack.post(
        block_actions_body(
            f"pulse.show_history:{secret.id}", str(secret.id), team_id=TEAM_B, response_url=standin.response_url("peek")
        )
    )
    assert history.status_code == 200
    assert "no longer exists" in visible_text(standin.wait_for("respond/peek")[0].params)
    preview = visible_text(slack.command("digest preview", team_id=TEAM_B).json())
    assert "Acme Secret" not in preview and "900k" not in preview

    logged = slack.command("log Acme Secret spy@bravo.example call", team_id=TEAM_B)
    assert "I don't know an account called *Acme Secret*" in visible_text(logged.json())
    with runtime.transaction() as db:
        assert db.exec(select(Interaction)).all() == []


def test_the_clock_uses_each_workspaces_own_rotating_token(pulse_url, slack, standin, runtime, clock):
    standin.rotating = True
    install(pulse_url, standin, TEAM_A)
    clients = installations.gateway(runtime)
    assert clients is not None
    first = clients.client_for(TEAM_A)
    assert first is not None and first.token.startswith(f"xoxb-{TEAM_A}")
    assert clients.client_for(TEAM_B) is None  # not installed there
    # The token expires in 12 hours; 11 hours on it is within the rotation margin and is refreshed.
    store = installations.installation_store(runtime)
    assert store is not None
    bot = store.find_bot(enterprise_id=None, team_id=TEAM_A)
    bot.bot_token_expires_at = int(time.time()) + 30 * 60
    store.save_bot(bot)
    rotated = clients.client_for(TEAM_A)
    assert rotated is not None and rotated.token != first.token
    assert standin.token_team[rotated.token] == TEAM_A


def test_uninstall_forgets_tokens_and_stops_digests_but_keeps_the_data(pulse_url, slack, standin, runtime):
    install(pulse_url, standin, TEAM_A)
    standin.add_admin("UREP0001", team_id=TEAM_A)
    slack.command("digest subscribe 09:00 UTC", team_id=TEAM_A, channel_id="C0ALPHA01")
    slack.command("log Initech peter@initech.com", team_id=TEAM_A)
    with runtime.transaction() as db:
        accounts.create_account(db, team_id=TEAM_A, name="Kept", owner_id="U1", now=runtime.now())

    assert event(slack, TEAM_A, {"type": "app_uninstalled"}).status_code == 200
    assert event(slack, TEAM_A, {"type": "app_uninstalled"}).status_code == 200  # a retry changes nothing
    with runtime.transaction() as db:
        assert db.get(Workspace, TEAM_A).uninstalled_at is not None
        assert [s.active for s in db.exec(select(Subscription))] == [False]
        assert [a.name for a in db.exec(select(Account))] == ["Kept"]
    assert installations.gateway(runtime).client_for(TEAM_A) is None
    after = slack.command("help", team_id=TEAM_A, response_url=standin.response_url("gone"))
    assert after.status_code == 200 and "/pulse log" not in after.text
    told = standin.wait_for("respond/gone")[0].params["text"]
    assert "Pulse isn't installed in this workspace" in told and "/slack/install" in told


def test_revoked_bot_tokens_are_deleted(pulse_url, slack, standin, runtime):
    install(pulse_url, standin, TEAM_A)
    event(slack, TEAM_A, {"type": "tokens_revoked", "tokens": {"bot": ["UBOTPULSE"]}})
    assert installations.gateway(runtime).client_for(TEAM_A) is None


def test_the_home_tab_shows_a_reps_own_portfolio(pulse_url, slack, standin, runtime, clock):
    install(pulse_url, standin, TEAM_A)
    with runtime.transaction() as db:
        accounts.create_account(db, team_id=TEAM_A, name="Mine Inc", owner_id="UREP0001", now=runtime.now())
        accounts.create_account(db, team_id=TEAM_A, name="Not Mine", owner_id="UOTHER001", now=runtime.now())
    slack.command("log Mine Inc jane@mine.example call", team_id=TEAM_A)
    clock.advance(minutes=31)

    event(slack, TEAM_A, {"type": "app_home_opened", "user": "UREP0001", "tab": "home", "channel": "D0REP0001"})

    [published] = standin.wait_for("views.publish")
    assert published.params["user_id"] == "UREP0001"
    view = published.params["view"]
    text = visible_text(view)
    assert view["type"] == "home" and "Your accounts" in text and "Not Mine" not in text
    assert "Alerts to acknowledge (0)" in text and "Waiting for an answer (0)" in text
    log_button = button(view, "pulse.open_log_form")
    assert log_button["text"]["text"] == "Log an interaction"
    assert len(view["blocks"]) <= 100


def test_the_cli_posts_a_digest_with_the_workspaces_installation_token(pulse_url, slack, standin, runtime, settings):
    install(pulse_url, standin, TEAM_A)
    install(pulse_url, standin, TEAM_B)
    seed_at_risk(runtime, 2, team_id=TEAM_A)
    env = pulse_env(settings, SLACK_CLIENT_ID="1111.2222", SLACK_CLIENT_SECRET="client-secret")

    posted = run_pulse("digest", "--channel", "C0ALPHA01", "--team", TEAM_A, env=env)

    assert posted.returncode == 0, posted.stderr
    [call] = standin.calls_to("chat.postMessage")
    headers = {name.lower(): value for name, value in call.headers.items()}
    token = headers["authorization"].removeprefix("Bearer ")
    assert token.startswith(f"xoxb-{TEAM_A}-") and standin.token_team[token] == TEAM_A
    [message] = standin.messages_in("C0ALPHA01")
    assert "Risky 000" in json.dumps(message["blocks"])

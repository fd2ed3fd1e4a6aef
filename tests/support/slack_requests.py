"""Builds Slack requests the way Slack sends them: form bodies, payload JSON, and v0 HMAC signatures."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.support.slack_standin import TEAM_ID

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
_ids = itertools.count(1)


def signature(secret: str, timestamp: str, body: str) -> str:
    """Returns Slack's `v0=` signature of a request body."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    """Returns the headers Slack sends with a body: timestamp, signature, content type."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
        "Content-Type": content_type,
    }


def trigger_id() -> str:
    """Returns a fresh trigger id, unique per invocation as Slack's are."""
    return f"{next(_ids)}.{int(time.time())}.abcdef{next(_ids):06d}"


def command_body(
    text: str,
    *,
    user_id: str = "UREP0001",
    team_id: str = TEAM_ID,
    channel_id: str = "C0SALES01",
    response_url: str = "http://127.0.0.1:9/respond",
    trigger: str | None = None,
    command: str = "/pulse",
) -> str:
    """Returns the form body of a slash command invocation."""
    return urlencode(
        {
            "token": "deprecated-verification-token",
            "team_id": team_id,
            "team_domain": "pulse-test",
            "channel_id": channel_id,
            "channel_name": "sales",
            "user_id": user_id,
            "user_name": "rep",
            "command": command,
            "text": text,
            "api_app_id": "APULSE01",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger or trigger_id(),
        }
    )


def _payload_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _who(user_id: str, team_id: str) -> dict[str, Any]:
    return {
        "user": {"id": user_id, "username": "rep", "name": "rep", "team_id": team_id},
        "team": {"id": team_id, "domain": "pulse-test"},
        "api_app_id": "APULSE01",
        "token": "deprecated-verification-token",
        "is_enterprise_install": False,
    }


def block_actions_body(
    action_id: str,
    value: str,
    *,
    user_id: str = "UREP0001",
    team_id: str = TEAM_ID,
    response_url: str = "http://127.0.0.1:9/respond",
    channel_id: str = "C0SALES01",
    message: dict[str, Any] | None = None,
    container: dict[str, Any] | None = None,
    action: dict[str, Any] | None = None,
) -> str:
    """Returns the body of a button click (or of any other element's action, given as `action`)."""
    payload = {
        "type": "block_actions",
        **_who(user_id, team_id),
        "container": container
        or {
            "type": "message",
            "message_ts": "1700000000.000100",
            "channel_id": channel_id,
            "is_ephemeral": True,
        },
        "trigger_id": trigger_id(),
        "channel": {"id": channel_id, "name": "sales"},
        "response_url": response_url,
        "actions": [
            action
            or {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return _payload_body(payload)


def view_submission_body(
    callback_id: str,
    values: dict[str, dict[str, Any]],
    *,
    view_id: str = "VLOG0001",
    private_metadata: str = "",
    user_id: str = "UREP0001",
    team_id: str = TEAM_ID,
) -> str:
    """Returns the body of a modal submission; `values` is Slack's view.state.values."""
    payload = {
        "type": "view_submission",
        **_who(user_id, team_id),
        "trigger_id": trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "hash": "1700000000.abcdef",
            "state": {"values": values},
        },
        "response_urls": [],
    }
    return _payload_body(payload)


def block_suggestion_body(
    action_id: str,
    value: str,
    *,
    block_id: str = "account",
    user_id: str = "UREP0001",
    team_id: str = TEAM_ID,
    state: dict[str, Any] | None = None,
) -> str:
    """Returns the body of an external select's type-ahead request; `state` is the modal's values so far."""
    payload = {
        "type": "block_suggestion",
        **_who(user_id, team_id),
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "view": {
            "id": "VLOG0001",
            "type": "modal",
            "callback_id": "pulse.log_view",
            "state": {"values": state or {}},
        },
    }
    return _payload_body(payload)


class SlackClient:
    """Posts signed requests to a running Pulse, as Slack would."""

    def __init__(self, base_url: str, *, secret: str = SIGNING_SECRET) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)
        self.secret = secret

    def post(self, body: str, *, headers: dict[str, str] | None = None, timestamp: int | None = None) -> httpx.Response:
        """Posts a signed body to /slack/events."""
        signed = signed_headers(body, secret=self.secret, timestamp=timestamp)
        signed.update(headers or {})
        return self.http.post("/slack/events", content=body.encode(), headers=signed)

    def command(self, text: str, **kwargs: Any) -> httpx.Response:
        """Runs `/pulse <text>` and returns Slack's view of the reply."""
        return self.post(command_body(text, **kwargs))

    def close(self) -> None:
        """Closes the HTTP client."""
        self.http.close()

"""Refuses payloads whose workspace is not the one the request is authorized for, or names two workspaces."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from handlers.slack import blocks
from handlers.slack.ids import ActionId

logger = logging.getLogger("pulse.slack")

REFUSAL = (
    "Pulse can't act on this here: the request names a different workspace from the one Pulse is installed in "
    "(a Slack Connect channel or modal shared with another organisation). Use Pulse from your own workspace."
)


def payload_teams(body: dict[str, Any]) -> set[str]:
    """Returns every workspace id a payload names (the top-level team and the view's team)."""
    teams = {
        str(value)
        for value in (
            (body.get("team") or {}).get("id") if isinstance(body.get("team"), dict) else None,
            body.get("team_id"),
            (body.get("view") or {}).get("team_id") if isinstance(body.get("view"), dict) else None,
        )
        if value
    }
    return teams


def _survey_answer(body: dict[str, Any]) -> bool:
    """A Slack Connect contact answering their survey DM: their own organisation's id, the pulse's workspace."""
    actions = body.get("actions") if body.get("type") == "block_actions" else None
    if not isinstance(actions, list) or not actions:
        return False
    return all(isinstance(a, dict) and str(a.get("action_id", "")).startswith(f"{ActionId.ANSWER}:") for a in actions)


def guard_team(body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse | None:
    """Lets a payload through only if it names one workspace, and that is the one whose token answers it."""
    teams = payload_teams(body)
    authorized = context.authorize_result.team_id if context.authorize_result is not None else None
    foreign = authorized is not None and teams and teams != {authorized} and not context.is_enterprise_install
    if len(teams) <= 1 and (not foreign or _survey_answer(body)):
        return next()
    logger.warning(
        "refused a %s naming workspaces %s (installed: %s)", body.get("type") or "command", teams, authorized
    )
    if body.get("command"):
        return BoltResponse(
            status=200, body=json.dumps(blocks.ephemeral(REFUSAL)), headers={"content-type": "application/json"}
        )
    if body.get("type") == "view_submission":
        errors = {
            "response_action": "update",
            "view": {
                "type": "modal",
                "title": {"type": "plain_text", "text": "Pulse"},
                "close": {"type": "plain_text", "text": "Close"},
                "blocks": [blocks.section(f":no_entry: {REFUSAL}")],
            },
        }
        return BoltResponse(status=200, body=json.dumps(errors), headers={"content-type": "application/json"})
    return BoltResponse(status=403, body="")

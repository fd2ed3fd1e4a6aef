"""Reading the few fields Pulse needs out of Slack's interactive payloads."""

from __future__ import annotations

from typing import Any


def team_id_of(body: dict[str, Any]) -> str:
    """Returns the workspace a payload came from (top-level team, or the user's team)."""
    team = body.get("team") or {}
    return str(team.get("id") or (body.get("user") or {}).get("team_id") or body.get("team_id") or "")


def user_id_of(body: dict[str, Any]) -> str:
    """Returns the user who acted."""
    return str((body.get("user") or {}).get("id") or body.get("user_id") or "")


def input_value(view: dict[str, Any], block_id: str, action_id: str) -> Any:
    """Returns the state entry of one input of a submitted view, or an empty dict."""
    return ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(action_id) or {}


def channel_id_of(body: dict[str, Any]) -> str | None:
    """Returns the channel the clicked message lives in (the payload's channel, or its container's)."""
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def numeric_id(raw: str) -> int:
    """Returns the id a button's value carries, or -1 (which matches nothing) when it is not a number."""
    return int(raw) if raw.isdigit() else -1

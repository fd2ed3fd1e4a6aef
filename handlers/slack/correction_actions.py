"""Buttons that correct a logged interaction: Undo, Edit and Delete on the confirmation and on the account card."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.runtime import Runtime
from bot.services import corrections
from handlers.slack import log_blocks, roles
from handlers.slack.language import words_for
from handlers.slack.payloads import team_id_of, user_id_of
from handlers.slack.scope import RequestScope


def _interaction_id(raw: str) -> int:
    return int(raw) if raw.isdigit() else -1


def _deleting(*, undo: bool) -> Callable[..., None]:
    """Builds the listener for Undo (within a minute, forgets what the log created) or Delete."""

    def listener(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        scope: RequestScope,
        runtime: Runtime,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        _delete(body, _interaction_id(str(action.get("value", ""))), scope, runtime, client, respond, undo=undo)

    listener.__name__ = "handle_undo_interaction_action" if undo else "handle_delete_interaction_action"
    return listener


# Undo takes a log back within a minute, as if it never happened; Delete (after Slack's confirmation dialog)
# removes it and cancels its unsent pulse.
handle_undo_interaction_action = _deleting(undo=True)
handle_delete_interaction_action = _deleting(undo=False)


def handle_edit_interaction_action(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    client: WebClient,
    respond: Respond,
) -> None:
    """Opens the edit form for an interaction the rep may still change."""
    ack()
    _open_edit(body, _interaction_id(str(action.get("value", ""))), scope, runtime, client, respond)


def handle_entry_menu_action(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    client: WebClient,
    respond: Respond,
) -> None:
    """Edit or Delete picked from a timeline entry's menu on the account card."""
    ack()
    choice, _, raw = str((action.get("selected_option") or {}).get("value", "")).partition(":")
    if choice == "edit":
        _open_edit(body, _interaction_id(raw), scope, runtime, client, respond)
    elif choice == "delete":
        _delete(body, _interaction_id(raw), scope, runtime, client, respond, undo=False, replace=False)


def _delete(
    body: dict[str, Any],
    interaction_id: int,
    scope: RequestScope,
    runtime: Runtime,
    client: WebClient,
    respond: Respond,
    *,
    undo: bool,
    replace: bool = True,
) -> None:
    """Deletes (or undoes) and replaces the message with what happened."""
    team_id = team_id_of(body)
    w = words_for(scope.read, team_id=team_id)
    try:
        result = corrections.delete_interaction(
            scope.db,
            team_id=team_id,
            user_id=user_id_of(body),
            interaction_id=interaction_id,
            now=runtime.now(),
            hours=runtime.settings.interaction_edit_hours,
            undo=undo,
            admin=lambda: roles.is_admin(runtime, client, team_id=team_id, user_id=user_id_of(body)),
        )
    except corrections.Refused as refused:
        refusal = log_blocks.refusal_reply(refused, w=w)
        scope.defer(lambda: respond(replace_original=False, **refusal))
        return
    reply = log_blocks.correction_reply(result, w=w)
    scope.defer(lambda: respond(replace_original=replace, **reply))


def _open_edit(
    body: dict[str, Any],
    interaction_id: int,
    scope: RequestScope,
    runtime: Runtime,
    client: WebClient,
    respond: Respond,
) -> None:
    """Opens the edit form, or says why the interaction can no longer be changed."""
    team_id = team_id_of(body)
    w = words_for(scope.read, team_id=team_id)
    try:
        editable = corrections.get_editable(
            scope.read,
            team_id=team_id,
            user_id=user_id_of(body),
            interaction_id=interaction_id,
            now=runtime.now(),
            hours=runtime.settings.interaction_edit_hours,
            admin=lambda: roles.is_admin(runtime, client, team_id=team_id, user_id=user_id_of(body)),
        )
    except corrections.Refused as refused:
        refusal = log_blocks.refusal_reply(refused, w=w)
        scope.defer(lambda: respond(replace_original=False, **refusal))
        return
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    view = log_blocks.log_form_view(w=w, channel_id=channel, editing=editable)
    trigger_id = body["trigger_id"]
    scope.defer(lambda: client.views_open(trigger_id=trigger_id, view=view))

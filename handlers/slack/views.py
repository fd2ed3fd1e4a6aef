"""Modal submissions: validate, call one service, close the modal, confirm in the channel."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.commands import MAX_ACCOUNT_NAME, Kind, account_name_too_long
from bot.runtime import Runtime
from bot.services import accounts, interactions
from handlers.slack import blocks
from handlers.slack.ids import NO_SURVEY, ActionId, BlockId
from handlers.slack.payloads import input_value, team_id_of, user_id_of
from handlers.slack.scope import RequestScope


def handle_log_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    client: WebClient,
) -> None:
    """Logs the interaction described in the modal; a resubmitted view (same view id) logs nothing new."""
    team_id, user_id = team_id_of(body), user_id_of(body)
    selected = (input_value(view, BlockId.ACCOUNT, ActionId.ACCOUNT_SELECT).get("selected_option") or {}).get("value")
    new_name = " ".join((input_value(view, BlockId.NEW_ACCOUNT, ActionId.NEW_ACCOUNT).get("value") or "").split())
    email_raw = (input_value(view, BlockId.CONTACT, ActionId.CONTACT).get("value") or "").strip()
    kind_raw = (input_value(view, BlockId.KIND, ActionId.KIND).get("selected_option") or {}).get("value") or "other"
    note = (input_value(view, BlockId.NOTE, ActionId.NOTE).get("value") or "").strip()
    checked = input_value(view, BlockId.SURVEY, ActionId.SURVEY).get("selected_options") or []

    errors: dict[str, str] = {}
    if selected and new_name:
        errors[BlockId.NEW_ACCOUNT] = "Pick an account above or name a new one, not both."
    elif not selected and not new_name:
        errors[BlockId.ACCOUNT] = "Pick an account, or name a new one below."
    elif account_name_too_long(new_name):
        errors[BlockId.NEW_ACCOUNT] = f"Account names are at most {MAX_ACCOUNT_NAME} characters."
    try:
        email = validate_email(email_raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors[BlockId.CONTACT] = "That is not an e-mail address I can send to."
    account = None
    if selected and not errors:
        account = accounts.get_account(
            scope.db, team_id=team_id, account_id=int(selected) if selected.isdigit() else -1
        )
        if account is None:
            errors[BlockId.ACCOUNT] = "That account no longer exists; pick another."
    if errors:
        ack(response_action="errors", errors=errors)
        return

    now = runtime.now()
    if account is None:
        account = accounts.get_or_create_account(scope.db, team_id=team_id, name=new_name, owner_id=user_id, now=now)
    logged = interactions.log_interaction(
        scope.db,
        account=account,
        request=interactions.LogRequest(
            team_id=team_id,
            rep_id=user_id,
            email=email,
            kind=Kind(kind_raw) if kind_raw in Kind.__members__.values() else Kind.OTHER,
            note=note,
            survey=not any(o.get("value") == NO_SURVEY for o in checked),
            source="modal",
            idempotency_key=f"view:{view['id']}",
        ),
        policy=runtime.policy,
        now=now,
    )
    ack()
    reply = blocks.logged_reply(logged, now=now)
    channel = view.get("private_metadata") or None
    scope.defer(lambda: _confirm(client, channel=channel, user_id=user_id, reply=reply))


def _confirm(client: WebClient, *, channel: str | None, user_id: str, reply: blocks.Reply) -> None:
    """Shows the confirmation where the rep opened the form, or in a DM when the bot can't post there."""
    message = {k: v for k, v in reply.items() if k != "response_type"}
    if channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user_id, **message)
            return
        except SlackApiError:
            pass
    client.chat_postMessage(channel=user_id, **message)

"""Modal submissions: validate, call one service, close the modal, confirm in the channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import emails
from bot.core.catalog import Words
from bot.core.commands import MAX_ACCOUNT_NAME, account_name_too_long
from bot.core.kinds import Kind, kind_or_other
from bot.runtime import Runtime
from bot.services import corrections, interactions
from handlers.slack import blocks, log_blocks, roles
from handlers.slack.ids import NEW_ACCOUNT_PREFIX, NEW_CONTACT_PREFIX, NO_SURVEY, ActionId, BlockId
from handlers.slack.language import words_for
from handlers.slack.payloads import input_value, team_id_of, user_id_of
from handlers.slack.scope import RequestScope


@dataclass(frozen=True, slots=True)
class FormInput:
    """What the log (or edit) form says, checked: an account id or a new name, a contact id or a new address."""

    account_id: int | None
    new_account: str | None
    contact_id: int | None
    email: str | None
    kind: Kind
    note: str
    survey: bool


def read_form(view: dict[str, Any], w: Words) -> tuple[FormInput | None, dict[str, str]]:
    """Reads the form's fields; returns the input, or the errors to show against its blocks."""
    account = _selected(view, BlockId.ACCOUNT, ActionId.ACCOUNT_SELECT)
    contact = _selected(view, BlockId.CONTACT, ActionId.CONTACT_SELECT)
    kind_raw = _selected(view, BlockId.KIND, ActionId.KIND) or "other"
    note = (input_value(view, BlockId.NOTE, ActionId.NOTE).get("value") or "").strip()
    checked = input_value(view, BlockId.SURVEY, ActionId.SURVEY).get("selected_options") or []
    errors: dict[str, str] = {}
    new_account = account[len(NEW_ACCOUNT_PREFIX) :].strip() if account.startswith(NEW_ACCOUNT_PREFIX) else None
    if not account or (new_account is None and not account.isdigit()) or new_account == "":
        errors[BlockId.ACCOUNT] = w.gettext("Pick an account, or type a new name and pick “New account”.")
    elif new_account is not None and account_name_too_long(new_account):
        errors[BlockId.ACCOUNT] = w.gettext("Account names are at most {limit} characters.", limit=MAX_ACCOUNT_NAME)
    email = None
    if contact.startswith(NEW_CONTACT_PREFIX):
        try:
            email = emails.normalize_email(contact[len(NEW_CONTACT_PREFIX) :])
        except emails.InvalidEmail:
            errors[BlockId.CONTACT] = w.gettext("That is not an e-mail address I can send to.")
    elif not contact.isdigit():
        errors[BlockId.CONTACT] = w.gettext("Pick a contact, or type an e-mail address and pick “New contact”.")
    if errors:
        return None, errors
    return (
        FormInput(
            account_id=int(account) if new_account is None else None,
            new_account=new_account,
            contact_id=int(contact) if email is None else None,
            email=email,
            kind=kind_or_other(kind_raw),
            note=note,
            survey=not any(o.get("value") == NO_SURVEY for o in checked),
        ),
        {},
    )


def _selected(view: dict[str, Any], block_id: str, action_id: str) -> str:
    return str((input_value(view, block_id, action_id).get("selected_option") or {}).get("value") or "")


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
    w = words_for(scope.read, team_id=team_id)
    form, errors = read_form(view, w)
    if form is None:
        ack(response_action="errors", errors=errors)
        return
    now = runtime.now()
    request = interactions.LogInteraction(
        team_id=team_id,
        # The rep picked "New account": a look-alike of an existing name still lands on that account.
        account=form.account_id if form.account_id is not None else interactions.NewAccount(form.new_account or ""),
        contact=form.contact_id if form.contact_id is not None else form.email or "",
        kind=form.kind,
        note=form.note,
        survey=form.survey,
        source="modal",
        idempotency_key=f"view:{view['id']}",
        rep_id=user_id,
    )
    try:
        logged = interactions.log_interaction(scope.db, request=request, policy=runtime.policy, now=now)
    except interactions.Gone as gone:
        if gone.account:
            errors[BlockId.ACCOUNT] = w.gettext("That account no longer exists; pick another.")
        if gone.contact:
            errors[BlockId.CONTACT] = w.gettext("That contact no longer exists; pick another.")
        ack(response_action="errors", errors=errors)
        return
    assert isinstance(logged, interactions.Logged)
    ack()
    reply = log_blocks.logged_reply(logged, now=now, w=w)
    channel = view.get("private_metadata") or None
    scope.defer(lambda: confirm(client, channel=channel, user_id=user_id, reply=reply))


def handle_edit_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    client: WebClient,
) -> None:
    """Saves an edited interaction and tells the rep what became of its pulse."""
    team_id, user_id = team_id_of(body), user_id_of(body)
    w = words_for(scope.read, team_id=team_id)
    form, errors = read_form(view, w)
    if form is None:
        ack(response_action="errors", errors=errors)
        return
    raw_id, _, channel = str(view.get("private_metadata") or "").partition(":")
    edit = corrections.Edit(form.account_id, form.new_account, form.contact_id, form.email, form.kind, form.note)
    try:
        result = corrections.edit_interaction(
            scope.db,
            team_id=team_id,
            user_id=user_id,
            interaction_id=int(raw_id) if raw_id.isdigit() else -1,
            edit=edit,
            policy=runtime.policy,
            now=runtime.now(),
            hours=runtime.settings.interaction_edit_hours,
            admin=lambda: roles.is_admin(runtime, client, team_id=team_id, user_id=user_id),
        )
    except corrections.Refused as refused:
        ack(response_action="errors", errors={BlockId.ACCOUNT: log_blocks.refusal_text(refused, w=w)})
        return
    ack()
    reply = log_blocks.correction_reply(result, w=w)
    scope.defer(lambda: confirm(client, channel=channel or None, user_id=user_id, reply=reply))


def confirm(client: WebClient, *, channel: str | None, user_id: str, reply: blocks.Reply) -> None:
    """Shows the confirmation where the rep opened the form, or in a DM when the bot can't post there."""
    message = {k: v for k, v in reply.items() if k != "response_type"}
    if channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user_id, **message)
            return
        except SlackApiError:
            pass
    client.chat_postMessage(channel=user_id, **message)

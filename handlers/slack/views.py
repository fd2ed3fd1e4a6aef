"""Modal submissions: validate, call one service, close the modal, confirm in the channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.kwargs_injection import Args
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import emails
from bot.core.catalog import Words
from bot.core.commands import MAX_ACCOUNT_NAME, account_name_too_long
from bot.core.kinds import Kind, kind_or_other
from bot.services import corrections, interactions
from handlers.slack import blocks, log_blocks
from handlers.slack.ids import NEW_ACCOUNT_PREFIX, NEW_CONTACT_PREFIX, NO_SURVEY, ActionId, BlockId
from handlers.slack.payloads import input_value
from handlers.slack.requests import Listener, Request, named


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


@dataclass(frozen=True, slots=True)
class Submission(Request):
    """A log or edit form submitted and checked: its view, what it says, and the workspace's words."""

    view: dict[str, Any]
    form: FormInput
    w: Words


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What to tell the rep once the modal has closed, and where they opened it (None: in a DM)."""

    reply: blocks.Reply
    channel: str | None


Outcome = Confirmation | dict[str, str]  # or the errors to show against the form's blocks


def submission(handle: Callable[[Submission], Outcome]) -> Listener:
    """Wraps `handle` as a Bolt listener for the form: shows the form's or the outcome's errors, else confirms."""

    def bolt_listener(args: Args) -> None:
        request, view = Request(*Request.parts(args)), args.view or {}
        w = request.words()
        form, errors = read_form(view, w)
        outcome = errors if form is None else handle(Submission(*Request.parts(args), view=view, form=form, w=w))
        if not isinstance(outcome, Confirmation):
            args.ack(response_action="errors", errors=outcome)
            return
        args.ack()
        client, user_id, done = request.client, request.user_id, outcome
        request.scope.defer(lambda: confirm(client, channel=done.channel, user_id=user_id, reply=done.reply))

    return named(bolt_listener, handle, None, None)


@submission
def handle_log_submission(s: Submission) -> Outcome:
    """Logs the interaction described in the modal; a resubmitted view (same view id) logs nothing new."""
    now = s.runtime.now()
    form = s.form
    request = interactions.LogInteraction(
        team_id=s.team_id,
        # The rep picked "New account": a look-alike of an existing name still lands on that account.
        account=form.account_id if form.account_id is not None else interactions.NewAccount(form.new_account or ""),
        contact=form.contact_id if form.contact_id is not None else form.email or "",
        kind=form.kind,
        note=form.note,
        survey=form.survey,
        source="modal",
        idempotency_key=f"view:{s.view['id']}",
        rep_id=s.user_id,
    )
    try:
        logged = interactions.log_interaction(s.scope.db, request=request, policy=s.runtime.policy, now=now)
    except interactions.Gone as gone:
        errors: dict[str, str] = {}
        if gone.account:
            errors[BlockId.ACCOUNT] = s.w.gettext("That account no longer exists; pick another.")
        if gone.contact:
            errors[BlockId.CONTACT] = s.w.gettext("That contact no longer exists; pick another.")
        return errors
    assert isinstance(logged, interactions.Logged)
    return Confirmation(log_blocks.logged_reply(logged, now=now, w=s.w), s.view.get("private_metadata") or None)


@submission
def handle_edit_submission(s: Submission) -> Outcome:
    """Saves an edited interaction and tells the rep what became of its pulse."""
    raw_id, _, channel = str(s.view.get("private_metadata") or "").partition(":")
    form = s.form
    edit = corrections.Edit(form.account_id, form.new_account, form.contact_id, form.email, form.kind, form.note)
    try:
        result = corrections.edit_interaction(
            s.scope.db,
            team_id=s.team_id,
            user_id=s.user_id,
            interaction_id=int(raw_id) if raw_id.isdigit() else -1,
            edit=edit,
            policy=s.runtime.policy,
            now=s.runtime.now(),
            hours=s.runtime.settings.interaction_edit_hours,
            admin=s.is_admin,
        )
    except corrections.Refused as refused:
        refusal: dict[str, str] = {BlockId.ACCOUNT: log_blocks.refusal_text(refused, w=s.w)}
        return refusal
    return Confirmation(log_blocks.correction_reply(result, w=s.w), channel or None)


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

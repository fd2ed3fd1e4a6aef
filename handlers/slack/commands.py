"""The `/pulse` slash command: parse, call one service, render, reply in the acknowledgement."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.core.branding import SetBrand
from bot.core.catalog import phrase, words
from bot.core.commands import (
    ApiKeyCreate,
    ApiKeyList,
    ApiKeyRevoke,
    ChangeOwner,
    Command,
    DigestList,
    DigestPreview,
    DigestSubscribe,
    DigestUnsubscribe,
    LogCommand,
    OpenLogForm,
    SetLanguage,
    SetQuestion,
    ShowAccount,
    ShowAudit,
    ShowHelp,
    UsageError,
    parse_command,
)
from bot.logs import reference as reference_id
from bot.runtime import Runtime
from bot.services import (
    accounts,
    api_keys,
    audit,
    branding,
    interactions,
    people,
    workspaces,
)
from bot.services.roles import NotAllowed
from handlers.slack import (
    api_blocks,
    audit_blocks,
    blocks,
    card_blocks,
    digest_commands,
    log_blocks,
    members,
    roles,
    survey_blocks,
)
from handlers.slack.blocks import section
from handlers.slack.errors import is_busy
from handlers.slack.invocation import Invocation, require_admin
from handlers.slack.language import words_for
from handlers.slack.scope import RequestScope
from handlers.slack.text import unescape_command_text

LATER_ATTEMPTS = 8


def handle_pulse_command(
    ack: Ack, command: dict[str, Any], scope: RequestScope, runtime: Runtime, client: WebClient, respond: Respond
) -> None:
    """Answers `/pulse ...` within Slack's three seconds; Slack API calls wait until after the reply."""
    try:
        parsed = parse_command(unescape_command_text(command.get("text") or ""))
    except UsageError as error:
        ack(**blocks.usage_reply(error, words_for(scope.read, team_id=command["team_id"])))
        return
    invocation = Invocation(
        team_id=command["team_id"],
        user_id=command["user_id"],
        channel_id=command.get("channel_id"),
        trigger_id=command.get("trigger_id", ""),
        scope=scope,
        runtime=runtime,
        client=client,
        now=runtime.now(),
        w=words_for(scope.read, team_id=command["team_id"]),
        respond=respond,
    )
    try:
        reply = _SUBCOMMANDS[type(parsed)](parsed, invocation)
    except UsageError as error:
        reply = blocks.usage_reply(error, invocation.w)
    except NotAllowed as error:
        reply = roles.refusal_reply(error, invocation.w)
    ack(**reply) if reply else ack()


def _help(_: Command, inv: Invocation) -> blocks.Reply:
    return blocks.help_reply(inv.w)


def _open_log_form(_: Command, inv: Invocation) -> None:
    view = log_blocks.log_form_view(w=inv.w, channel_id=inv.channel_id)
    inv.scope.defer(lambda: inv.client.views_open(trigger_id=inv.trigger_id, view=view))


def _log(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, LogCommand)
    try:
        return _log_in(inv.scope.db, inv.scope.read, parsed, inv, now=inv.now)
    except Exception as error:
        if not _locked(error) or inv.respond is None:
            raise
    # The database is busy (a long import, a slow job): answer Slack now, log it as soon as it is free.
    inv.scope.db.rollback()
    inv.scope.defer(lambda: _log_later(parsed, inv))
    return blocks.ephemeral(
        inv.w.gettext("Busy for a moment: I'll log it and confirm here."),
        [
            section(
                ":hourglass_flowing_sand: "
                + inv.w.gettext("Pulse is busy for a moment; I'll log this and confirm here shortly.")
            )
        ],
    )


def _locked(error: Exception) -> bool:
    """Tells SQLite's write lock being held (worth waiting for) from a database that is down."""
    return is_busy(error) and "locked" in str(error).lower()


def _log_in(db: Session, reader: Session, parsed: LogCommand, inv: Invocation, *, now: datetime) -> blocks.Reply:
    """Logs the interaction (once per trigger id, however often it is tried) and renders the reply."""
    request = interactions.LogInteraction(
        team_id=inv.team_id,
        account=interactions.AccountName(parsed.account, if_missing=interactions.IfMissing.PEND),
        contact=parsed.email,
        kind=parsed.kind,
        note=parsed.note,
        survey=True,
        source="slash",
        # A retry resolves the same account again and this key makes logging it a replay.
        idempotency_key=f"cmd:{inv.trigger_id}",
        rep_id=inv.user_id,
        language=parsed.language,
    )
    outcome = interactions.log_interaction(db, reader=reader, request=request, policy=inv.runtime.policy, now=now)
    if isinstance(outcome, interactions.NeedsAccount):
        return log_blocks.choose_account_reply(outcome, w=inv.w)
    return log_blocks.logged_reply(outcome, now=now, w=inv.w)


def _log_later(parsed: LogCommand, inv: Invocation) -> None:
    """Retries a log the busy database refused, for up to a minute, and answers through the response URL."""
    assert inv.respond is not None
    for attempt in range(LATER_ATTEMPTS):
        try:
            with inv.runtime.transaction() as db:
                reply = _log_in(db, db, parsed, inv, now=inv.runtime.now())
        except Exception as error:
            if not _locked(error):
                raise
            time.sleep(min(2.0 * (attempt + 1), 10.0))
            continue
        inv.respond(replace_original=True, **reply)
        return
    inv.respond(replace_original=True, **blocks.error_reply(reference_id(), busy=True, w=inv.w))


def _account(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, ShowAccount)
    found = accounts.resolve_account(inv.scope.read, team_id=inv.team_id, name=parsed.account)
    if found.account is None:
        return card_blocks.not_found_reply(parsed.account, found.candidates, more=found.more, w=inv.w)
    card = accounts.get_account_card(inv.scope.read, account=found.account)
    names = people.display_names(
        inv.scope.db,
        team_id=inv.team_id,
        user_ids=card.people,
        now=inv.now,
        lookup=members.display_name_lookup(inv.client),
    )
    return card_blocks.account_card_reply(
        card,
        now=inv.now,
        w=inv.w,
        viewer_id=inv.user_id,
        edit_hours=inv.runtime.settings.interaction_edit_hours,
        names=names,
        viewer_is_admin=roles.is_admin(inv.runtime, inv.client, team_id=inv.team_id, user_id=inv.user_id),
    )


def _owner(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, ChangeOwner)
    found = accounts.resolve_account(inv.scope.read, team_id=inv.team_id, name=parsed.account)
    if found.account is None:
        return card_blocks.not_found_reply(parsed.account, found.candidates, more=found.more, w=inv.w)
    current = found.account.owner_id
    require_admin(inv, phrase("give other people's accounts a new owner"), unless=(current,) if current else ())
    change = accounts.change_owner(
        inv.scope.db, account=found.account, new_owner_id=parsed.user_id, changed_by=inv.user_id, now=inv.now
    )
    return blocks.owner_changed_reply(found.account.name, parsed.user_id, change is not None, inv.w)


def _api_key_create(_: Command, inv: Invocation) -> blocks.Reply:
    require_admin(inv, phrase("create API keys"))
    # A replayed request (same trigger id) must not mint a second key.
    if inv.trigger_id and not audit.first_time(
        inv.scope.db, key=f"api-key:{inv.trigger_id}", team_id=inv.team_id, now=inv.now
    ):
        return api_blocks.api_key_replayed_reply()
    key = api_keys.issue_key(inv.scope.db, team_id=inv.team_id, user_id=inv.user_id, now=inv.now)
    return api_blocks.api_key_created_reply(key, base_url=inv.runtime.settings.base_url, w=inv.w)


def _api_key_list(_: Command, inv: Invocation) -> blocks.Reply:
    require_admin(inv, phrase("see the workspace's API keys"))
    return api_blocks.api_keys_reply(api_keys.list_keys(inv.scope.db, team_id=inv.team_id), inv.w)


def _api_key_revoke(_: Command, inv: Invocation) -> blocks.Reply:
    require_admin(inv, phrase("revoke API keys"))
    revoked = api_keys.revoke_keys(inv.scope.db, team_id=inv.team_id, now=inv.now, actor=inv.user_id)
    return api_blocks.api_keys_revoked_reply(revoked, inv.w)


def _audit(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, ShowAudit)
    require_admin(inv, phrase("read the audit trail"))
    page = audit.recent(inv.scope.read, team_id=inv.team_id, limit=parsed.limit, offset=parsed.offset)
    return audit_blocks.audit_reply(page, offset=parsed.offset, w=inv.w)


def _question(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, SetQuestion)
    if parsed.text is None and not parsed.reset:
        question = workspaces.get_question(inv.scope.db, team_id=inv.team_id)
        return blocks.question_reply(question, changed=False, w=inv.w)
    require_admin(inv, phrase("change the question customers are asked"))
    try:
        workspace = workspaces.set_question(
            inv.scope.db, team_id=inv.team_id, question=parsed.text, now=inv.now, actor=inv.user_id
        )
    except workspaces.QuestionError as error:
        raise UsageError(str(error), "question") from None
    return blocks.question_reply(workspace.question, changed=True, w=inv.w)


def _language(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, SetLanguage)
    if parsed.language is not None:
        require_admin(inv, phrase("change the language Pulse speaks to this workspace"))
        workspaces.set_language(
            inv.scope.db, team_id=inv.team_id, language=parsed.language, now=inv.now, actor=inv.user_id
        )
        inv = replace(inv, w=words(parsed.language))
    text = inv.w.gettext("Pulse speaks English to this workspace's reps.")
    return blocks.ephemeral(text, [blocks.section(":speech_balloon: " + text)])


def _brand(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, SetBrand)
    db = inv.scope.db
    if parsed.field is None and not parsed.reset:
        return survey_blocks.brand_reply(branding.get_brand(db, team_id=inv.team_id, rep_id=inv.user_id), None, w=inv.w)
    if parsed.field != "me":
        require_admin(inv, phrase("change the company's branding (your own name: /pulse brand me)"))
    brand = branding.set_brand(db, team_id=inv.team_id, user_id=inv.user_id, change=parsed, now=inv.now)
    return survey_blocks.brand_reply(brand, "reset" if parsed.reset else parsed.field, w=inv.w)


_SUBCOMMANDS: dict[type, Callable[[Any, Invocation], blocks.Reply | None]] = {
    ShowHelp: _help,
    OpenLogForm: _open_log_form,
    LogCommand: _log,
    ShowAccount: _account,
    ChangeOwner: _owner,
    DigestSubscribe: digest_commands.subscribe,
    DigestList: digest_commands.list_subscriptions,
    DigestUnsubscribe: digest_commands.unsubscribe,
    DigestPreview: digest_commands.preview,
    ApiKeyCreate: _api_key_create,
    ApiKeyList: _api_key_list,
    ApiKeyRevoke: _api_key_revoke,
    SetQuestion: _question,
    SetBrand: _brand,
    SetLanguage: _language,
    ShowAudit: _audit,
}

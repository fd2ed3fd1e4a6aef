"""The `/pulse` slash command: parse, call one service, render, reply in the acknowledgement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.core import schedule
from bot.core.commands import (
    ApiKeyCreate,
    ApiKeyList,
    ApiKeyRevoke,
    ChangeOwner,
    Command,
    DigestList,
    DigestPreview,
    DigestScope,
    DigestSubscribe,
    DigestUnsubscribe,
    LogInteraction,
    OpenLogForm,
    SetQuestion,
    ShowAccount,
    ShowHelp,
    UsageError,
    parse_command,
)
from bot.runtime import Runtime
from bot.services import accounts, api_keys, digests, flows, subscriptions, workspaces
from handlers.slack import api_blocks, blocks, digest_blocks
from handlers.slack.scope import RequestScope
from handlers.slack.text import unescape_command_text


@dataclass(frozen=True, slots=True)
class Invocation:
    """One `/pulse` invocation: who asked, where, and the request's scope."""

    team_id: str
    user_id: str
    channel_id: str | None
    trigger_id: str
    scope: RequestScope
    runtime: Runtime
    client: WebClient
    now: datetime


def handle_pulse_command(
    ack: Ack, command: dict[str, Any], scope: RequestScope, runtime: Runtime, client: WebClient
) -> None:
    """Answers `/pulse ...` within Slack's three seconds; Slack API calls wait until after the reply."""
    try:
        parsed = parse_command(unescape_command_text(command.get("text") or ""))
    except UsageError as error:
        ack(**blocks.usage_reply(error))
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
    )
    try:
        reply = _SUBCOMMANDS[type(parsed)](parsed, invocation)
    except UsageError as error:
        reply = blocks.usage_reply(error)
    ack(**reply) if reply else ack()


def _help(_: Command, _inv: Invocation) -> blocks.Reply:
    return blocks.help_reply()


def _open_log_form(_: Command, inv: Invocation) -> None:
    view = blocks.log_form_view(channel_id=inv.channel_id)
    inv.scope.defer(lambda: inv.client.views_open(trigger_id=inv.trigger_id, view=view))


def _log(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, LogInteraction)
    outcome = flows.log_from_command(
        inv.scope.db,
        reader=inv.scope.read,
        team_id=inv.team_id,
        user_id=inv.user_id,
        command=parsed,
        idempotency_key=f"cmd:{inv.trigger_id}",
        policy=inv.runtime.policy,
        now=inv.now,
    )
    if isinstance(outcome, flows.NeedsAccount):
        return blocks.choose_account_reply(outcome)
    return blocks.logged_reply(outcome, now=inv.now)


def _account(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, ShowAccount)
    found = accounts.resolve_account(inv.scope.read, team_id=inv.team_id, name=parsed.account)
    if found.account is None:
        return blocks.not_found_reply(parsed.account, found.candidates)
    card = accounts.get_account_card(inv.scope.read, account=found.account)
    return blocks.account_card_reply(card, now=inv.now)


def _owner(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, ChangeOwner)
    found = accounts.resolve_account(inv.scope.read, team_id=inv.team_id, name=parsed.account)
    if found.account is None:
        return blocks.not_found_reply(parsed.account, found.candidates)
    change = accounts.change_owner(
        inv.scope.db, account=found.account, new_owner_id=parsed.user_id, changed_by=inv.user_id, now=inv.now
    )
    return blocks.owner_changed_reply(found.account.name, parsed.user_id, change is not None)


def _owners(scope: DigestScope, inv: Invocation) -> tuple[str, ...]:
    return (inv.user_id,) if scope.mine else scope.owner_ids


def _digest_subscribe(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, DigestSubscribe)
    channel = parsed.channel_id or inv.channel_id
    if not channel:
        raise UsageError("Name the channel, e.g. `#sales`.", "digest")
    try:
        sub = subscriptions.subscribe(
            inv.scope.db,
            team_id=inv.team_id,
            channel_id=channel,
            user_id=inv.user_id,
            now=inv.now,
            local_time=parsed.local_time or "09:00",
            timezone=parsed.timezone,
            owner_ids=_owners(parsed.scope, inv),
            quiet="skip" if parsed.quiet else "all_clear",
        )
    except schedule.ScheduleError as error:
        raise UsageError(str(error), "digest") from None
    if sub.timezone_pending:
        inv.scope.defer(lambda: _adopt_timezone(inv, sub.id or 0))
    return blocks.subscribed_reply(sub)


def _adopt_timezone(inv: Invocation, subscription_id: int) -> None:
    """Looks up the subscriber's Slack time zone (after the reply) and schedules the digest in it."""
    tz = str(inv.client.users_info(user=inv.user_id)["user"].get("tz") or "UTC")
    with inv.runtime.transaction() as db:
        subscriptions.set_timezone(db, subscription_id=subscription_id, timezone=tz, now=inv.runtime.now())


def _digest_list(_: Command, inv: Invocation) -> blocks.Reply:
    return blocks.subscriptions_reply(subscriptions.list_for(inv.scope.read, team_id=inv.team_id))


def _digest_unsubscribe(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, DigestUnsubscribe)
    channel = parsed.channel_id or inv.channel_id or ""
    stopped = subscriptions.unsubscribe(inv.scope.db, team_id=inv.team_id, channel_id=channel)
    return blocks.unsubscribed_reply(channel, stopped)


def _digest_preview(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, DigestPreview)
    owners = _owners(parsed.scope, inv)
    if not owners:
        sub = subscriptions.get_for_channel(
            inv.scope.db, team_id=inv.team_id, channel_id=parsed.channel_id or inv.channel_id or ""
        )
        owners = tuple(sub.owner_ids) if sub else ()
    digest = digests.build(
        inv.scope.read,
        team_id=inv.team_id,
        owner_ids=owners,
        now=inv.now,
        config=inv.runtime.classify_config,
        cap=inv.runtime.settings.pulse_digest_cap,
    )
    message = digest_blocks.digest_message(digest)
    assert message is not None
    return {"response_type": "ephemeral", **message}


def _api_key_create(_: Command, inv: Invocation) -> blocks.Reply:
    key = api_keys.issue_key(inv.scope.db, team_id=inv.team_id, user_id=inv.user_id, now=inv.now)
    return api_blocks.api_key_created_reply(key, base_url=inv.runtime.settings.base_url)


def _api_key_list(_: Command, inv: Invocation) -> blocks.Reply:
    return api_blocks.api_keys_reply(api_keys.list_keys(inv.scope.db, team_id=inv.team_id))


def _api_key_revoke(_: Command, inv: Invocation) -> blocks.Reply:
    return api_blocks.api_keys_revoked_reply(api_keys.revoke_keys(inv.scope.db, team_id=inv.team_id, now=inv.now))


def _question(parsed: Command, inv: Invocation) -> blocks.Reply:
    assert isinstance(parsed, SetQuestion)
    if parsed.text is None and not parsed.reset:
        return blocks.question_reply(workspaces.get_question(inv.scope.db, team_id=inv.team_id), changed=False)
    try:
        workspace = workspaces.set_question(inv.scope.db, team_id=inv.team_id, question=parsed.text, now=inv.now)
    except workspaces.QuestionError as error:
        raise UsageError(str(error), "question") from None
    return blocks.question_reply(workspace.question, changed=True)


_SUBCOMMANDS: dict[type, Callable[[Any, Invocation], blocks.Reply | None]] = {
    ShowHelp: _help,
    OpenLogForm: _open_log_form,
    LogInteraction: _log,
    ShowAccount: _account,
    ChangeOwner: _owner,
    DigestSubscribe: _digest_subscribe,
    DigestList: _digest_list,
    DigestUnsubscribe: _digest_unsubscribe,
    DigestPreview: _digest_preview,
    ApiKeyCreate: _api_key_create,
    ApiKeyList: _api_key_list,
    ApiKeyRevoke: _api_key_revoke,
    SetQuestion: _question,
}

"""Button clicks on Pulse's messages: finish a pending log, dismiss, open the form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.core import survey
from bot.core.i18n import language_or_default
from bot.runtime import Runtime
from bot.services import pending_logs, responses
from handlers.slack import blocks, log_blocks, survey_blocks
from handlers.slack.language import words_for
from handlers.slack.payloads import team_id_of, user_id_of
from handlers.slack.scope import RequestScope


def handle_create_and_log_action(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    respond: Respond,
) -> None:
    """Creates the account the rep typed and logs the pending interaction against it."""
    ack()
    _complete(body, action["value"], None, scope, runtime, respond)


def handle_pick_account_action(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    respond: Respond,
) -> None:
    """Logs the pending interaction against the account the rep picked."""
    ack()
    pending_id, _, account_id = str(action["value"]).partition(":")
    _complete(body, pending_id, int(account_id) if account_id.isdigit() else -1, scope, runtime, respond)


def _complete(
    body: dict[str, Any],
    pending_id: str,
    account_id: int | None,
    scope: RequestScope,
    runtime: Runtime,
    respond: Respond,
) -> None:
    """Finishes a pending log and replaces the question with the confirmation."""
    now = runtime.now()
    w = words_for(scope.read, team_id=team_id_of(body))
    try:
        logged = pending_logs.complete_pending(
            scope.db,
            team_id=team_id_of(body),
            user_id=user_id_of(body),
            pending_id=pending_id,
            account_id=account_id,
            policy=runtime.policy,
            now=now,
        )
    except pending_logs.PendingGone:
        reply = blocks.ephemeral(
            ":hourglass: " + w.gettext("That request is no longer available. Please log it again.")
        )
        scope.defer(lambda: respond(replace_original=True, **reply))
        return
    reply = log_blocks.logged_reply(logged, now=now, w=w)
    scope.defer(lambda: respond(replace_original=True, **reply))


def handle_dismiss_action(ack: Ack, scope: RequestScope, respond: Respond) -> None:
    """Removes an ephemeral question the rep no longer needs."""
    ack()
    scope.defer(lambda: respond(delete_original=True))


def handle_open_log_form_action(ack: Ack, body: dict[str, Any], scope: RequestScope, client: WebClient) -> None:
    """Opens the logging modal from a button."""
    ack()
    channel = (body.get("channel") or {}).get("id")
    view = log_blocks.log_form_view(w=words_for(scope.read, team_id=team_id_of(body)), channel_id=channel)
    trigger_id = body["trigger_id"]
    scope.defer(lambda: client.views_open(trigger_id=trigger_id, view=view))


def handle_answer_action(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], scope: RequestScope, runtime: Runtime, client: WebClient
) -> None:
    """Records a contact's answer from the survey DM's buttons and thanks them in place."""
    ack()
    token, _, raw = str(action.get("value", "")).rpartition(":")
    if raw not in survey.Answer.__members__.values():
        return
    recorded = responses.record_answer(
        scope.db,
        token=token,
        answer=survey.Answer(raw),
        comment="",
        now=runtime.now(),
        policy=runtime.policy,
        channel="slack",
        slack_user_id=user_id_of(body),
        keep_comment=True,
    )
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
    if recorded is None:
        closed = responses.closed_survey(scope.db, token=token, now=runtime.now(), policy=runtime.policy)
        update = survey_blocks.closed_dm(language_or_default(closed.language if closed else None))
    else:
        state = recorded.state
        page = survey.survey_links(runtime.settings.base_url, token).page
        update = survey_blocks.answered_dm(
            question=(body.get("message") or {}).get("text") or (state.question or ""),
            answer=survey.Answer(raw),
            language=language_or_default(state.language),
            page_url=page,
        )
    if channel and ts:
        scope.defer(lambda: client.chat_update(channel=channel, ts=ts, **update))


def handle_link_click_action(ack: Ack) -> None:
    """Acknowledges clicks on link buttons (Slack opens the URL; there is nothing to do)."""
    ack()

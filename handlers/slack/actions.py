"""Button clicks on Pulse's messages: finish a pending log, dismiss, open the form."""

from __future__ import annotations

from slack_bolt import Ack

from bot.core import survey
from bot.core.i18n import language_or_default
from bot.services import pending_logs, responses
from handlers.slack import blocks, log_blocks, survey_blocks
from handlers.slack.clicks import Click, listener
from handlers.slack.payloads import channel_id_of, numeric_id


@listener
def handle_create_and_log_action(click: Click) -> None:
    """Creates the account the rep typed and logs the pending interaction against it."""
    _complete(click, click.action["value"], None)


@listener
def handle_pick_account_action(click: Click) -> None:
    """Logs the pending interaction against the account the rep picked."""
    pending_id, _, account_id = str(click.action["value"]).partition(":")
    _complete(click, pending_id, numeric_id(account_id))


def _complete(click: Click, pending_id: str, account_id: int | None) -> None:
    """Finishes a pending log and replaces the question with the confirmation."""
    runtime = click.runtime
    now = runtime.now()
    w = click.words()
    try:
        logged = pending_logs.complete_pending(
            click.scope.db,
            team_id=click.team_id,
            user_id=click.user_id,
            pending_id=pending_id,
            account_id=account_id,
            policy=runtime.policy,
            now=now,
        )
    except pending_logs.PendingGone:
        gone = w.gettext("That request is no longer available. Please log it again.")
        click.reply(blocks.ephemeral(":hourglass: " + gone), replace=True)
        return
    click.reply(log_blocks.logged_reply(logged, now=now, w=w), replace=True)


@listener
def handle_dismiss_action(click: Click) -> None:
    """Removes an ephemeral question the rep no longer needs."""
    respond = click.respond
    click.scope.defer(lambda: respond(delete_original=True))


@listener
def handle_open_log_form_action(click: Click) -> None:
    """Opens the logging modal from a button."""
    channel = (click.body.get("channel") or {}).get("id")
    click.open_view(log_blocks.log_form_view(w=click.words(), channel_id=channel))


@listener
def handle_answer_action(click: Click) -> None:
    """Records a contact's answer from the survey DM's buttons and thanks them in place."""
    token, _, raw = click.value.rpartition(":")
    if raw not in survey.Answer.__members__.values():
        return
    scope, runtime, body = click.scope, click.runtime, click.body
    recorded = responses.record_answer(
        scope.db,
        token=token,
        answer=survey.Answer(raw),
        comment="",
        now=runtime.now(),
        policy=runtime.policy,
        channel="slack",
        slack_user_id=click.user_id,
        keep_comment=True,
    )
    channel = channel_id_of(body)
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
        client = click.client
        scope.defer(lambda: client.chat_update(channel=channel, ts=ts, **update))


def handle_link_click_action(ack: Ack) -> None:
    """Acknowledges clicks on link buttons (Slack opens the URL; there is nothing to do)."""
    ack()

"""Buttons on alerts and digests: acknowledge, snooze, resolve, show history, correct a sentiment label."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.core.catalog import phrase
from bot.runtime import Runtime
from bot.services import accounts, alerts, people, responses
from bot.services.roles import NotAllowed
from handlers.slack import alert_blocks, blocks, card_blocks, directory, pictures, roles
from handlers.slack.language import words_for
from handlers.slack.payloads import team_id_of, user_id_of
from handlers.slack.scope import RequestScope
from storage.models import Alert

AlertChange = Callable[[Session, Alert, str, datetime], Alert]
CHANGES: dict[str, tuple[AlertChange, str, str]] = {
    "acknowledge": (
        lambda db, a, u, now: alerts.acknowledge(db, alert=a, user_id=u, now=now),
        "acknowledged",
        "Acknowledged",
    ),
    "snooze": (
        lambda db, a, u, now: alerts.snooze(db, alert=a, user_id=u, now=now),
        "snoozed for 7 days",
        "Snoozed for 7 days",
    ),
    "resolve": (
        lambda db, a, u, now: alerts.resolve(db, alert=a, user_id=u, now=now),
        "marked resolved",
        "Marked resolved",
    ),
}


def _alert_change(change: str) -> Callable[..., None]:
    """Builds the listener for one alert button."""
    apply, done, done_by = CHANGES[change]

    def listener(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        scope: RequestScope,
        runtime: Runtime,
        respond: Respond,
        client: WebClient,
    ) -> None:
        ack()
        now, user = runtime.now(), user_id_of(body)
        try:
            alert = alerts.target(scope.db, team_id=team_id_of(body), value=str(action.get("value", "")), now=now)
        except alerts.AlertGone:
            scope.defer(
                lambda: respond(response_type="ephemeral", replace_original=False, text="That alert no longer exists.")
            )
            return
        try:
            roles.require_admin_or(
                runtime,
                client,
                team_id=alert.team_id,
                user_id=user,
                doing=phrase("act on alerts of accounts they don't own ({change})", change=change),
                allowed_ids=alerts.owners_of(scope.db, alert=alert),
            )
        except NotAllowed as error:
            refusal = roles.refusal_reply(error, words_for(scope.read, team_id=alert.team_id))
            scope.fail(lambda: respond(replace_original=False, **refusal))
            return
        apply(scope.db, alert, user, now)
        scope.db.flush()
        assert alert.id is not None
        notice = alerts.notice(scope.db, alert_id=alert.id)
        assert notice is not None
        message = alert_blocks.alert_message(notice, now=now)
        in_dm = (body.get("container") or {}).get("channel_id") == notice.dm_channel and notice.dm_channel
        if in_dm:
            scope.defer(lambda: respond(replace_original=True, **message))
            return
        text = f"{notice.account_name}: {done} by you."
        scope.defer(lambda: respond(response_type="ephemeral", replace_original=False, text=text))
        container = body.get("container") or {}
        if container.get("channel_id") and container.get("message_ts") and not container.get("is_ephemeral"):
            # A shared message (a channel digest) shows, in its thread, what was done from it and by whom.
            note = alert_blocks.action_note(done_by, user, notice.account_name, now=now)
            where, thread = str(container["channel_id"]), str(container["message_ts"])
            scope.defer(lambda: client.chat_postMessage(channel=where, thread_ts=thread, **note))
        if notice.dm_channel and notice.dm_ts:
            channel, ts = notice.dm_channel, notice.dm_ts
            scope.defer(lambda: client.chat_update(channel=channel, ts=ts, **message))

    listener.__name__ = f"handle_{change}_action"
    listener.__doc__ = f"Records that the alert was {done}, and shows it where the alert lives."
    return listener


handle_acknowledge_action = _alert_change("acknowledge")
handle_snooze_action = _alert_change("snooze")
handle_resolve_action = _alert_change("resolve")


def handle_show_history_action(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    respond: Respond,
    client: WebClient,
) -> None:
    """Shows the account card and timeline to whoever clicked, and only to them."""
    ack()
    raw = str(action.get("value", ""))
    team_id = team_id_of(body)
    account = accounts.get_account(scope.read, team_id=team_id, account_id=int(raw) if raw.isdigit() else -1)
    w = words_for(scope.read, team_id=team_id)
    if account is None:
        reply = blocks.ephemeral(w.gettext("That account no longer exists."))
    else:
        card = accounts.get_account_card(scope.read, account=account)
        lookup = directory.display_name_lookup(client)
        now = runtime.now()
        names = people.display_names(scope.db, team_id=team_id, user_ids=card.people, now=now, lookup=lookup)
        links = pictures.ChartLinks(runtime.settings)
        picture = pictures.history_picture(
            scope.read, links, team_id=team_id, account_id=account.id or -1, runtime=runtime, now=now, w=w
        )
        reply = card_blocks.account_card_reply(
            card,
            now=now,
            w=w,
            viewer_id=user_id_of(body),
            edit_hours=runtime.settings.interaction_edit_hours,
            names=names,
            picture=picture,
        )
    scope.defer(lambda: respond(replace_original=False, **reply))


def handle_correct_label_action(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    scope: RequestScope,
    runtime: Runtime,
    respond: Respond,
    client: WebClient,
) -> None:
    """Applies a rep's correction of a comment's sentiment; it wins over the scorer everywhere."""
    ack()
    response_id, _, label = str((action.get("selected_option") or {}).get("value", "")).partition(":")
    team_id, target = team_id_of(body), int(response_id) if response_id.isdigit() else -1
    try:
        roles.require_admin_or(
            runtime,
            client,
            team_id=team_id,
            user_id=user_id_of(body),
            doing=phrase("correct the sentiment of other reps' customers"),
            allowed_ids=responses.owners_of(scope.read, team_id=team_id, response_id=target),
        )
    except NotAllowed as error:
        refusal = roles.refusal_reply(error, words_for(scope.read, team_id=team_id))
        scope.defer(lambda: respond(replace_original=False, **refusal))
        return
    corrected = responses.correct_label(
        scope.db,
        team_id=team_id,
        response_id=target,
        label=label,
        user_id=user_id_of(body),
        now=runtime.now(),
    )
    text = (
        f"Thanks: that comment now counts as {label}."
        if corrected is not None
        else "That response can't be corrected (it no longer exists)."
    )
    scope.defer(lambda: respond(response_type="ephemeral", replace_original=False, text=text))
    if corrected is None or corrected.id is None:
        return
    # Every DM about this comment shows the corrected sentiment (and a superseded headline) at once.
    now = runtime.now()
    for alert_id in alerts.for_response(scope.db, response_id=corrected.id):
        notice = alerts.notice(scope.db, alert_id=alert_id)
        if notice is not None and notice.dm_channel and notice.dm_ts:
            scope.defer(
                _dm_update(client, notice.dm_channel, notice.dm_ts, alert_blocks.alert_message(notice, now=now))
            )


def _dm_update(client: WebClient, channel: str, ts: str, message: dict[str, Any]) -> Callable[[], object]:
    """Returns the deferred call that re-renders one alert DM."""
    return lambda: client.chat_update(channel=channel, ts=ts, **message)

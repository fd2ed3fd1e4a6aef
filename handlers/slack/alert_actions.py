"""Buttons on alerts and digests: acknowledge, snooze, resolve, show history, correct a sentiment label."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.runtime import Runtime
from bot.services import accounts, alerts, responses
from handlers.slack import alert_blocks, blocks
from handlers.slack.payloads import team_id_of, user_id_of
from handlers.slack.scope import RequestScope
from storage.models import Alert

AlertChange = Callable[[Session, Alert, str, datetime], Alert]
CHANGES: dict[str, tuple[AlertChange, str]] = {
    "acknowledge": (lambda db, a, u, now: alerts.acknowledge(db, alert=a, user_id=u, now=now), "acknowledged"),
    "snooze": (lambda db, a, u, now: alerts.snooze(db, alert=a, user_id=u, now=now), "snoozed for 7 days"),
    "resolve": (lambda db, a, u, now: alerts.resolve(db, alert=a, user_id=u, now=now), "marked resolved"),
}


def _alert_change(change: str) -> Callable[..., None]:
    """Builds the listener for one alert button."""
    apply, done = CHANGES[change]

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
    ack: Ack, body: dict[str, Any], action: dict[str, Any], scope: RequestScope, runtime: Runtime, respond: Respond
) -> None:
    """Shows the account card and timeline to whoever clicked, and only to them."""
    ack()
    raw = str(action.get("value", ""))
    account = accounts.get_account(scope.read, team_id=team_id_of(body), account_id=int(raw) if raw.isdigit() else -1)
    if account is None:
        reply = blocks.ephemeral("That account no longer exists.")
    else:
        reply = blocks.account_card_reply(accounts.get_account_card(scope.read, account=account), now=runtime.now())
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
    corrected = responses.correct_label(
        scope.db,
        team_id=team_id_of(body),
        response_id=int(response_id) if response_id.isdigit() else -1,
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

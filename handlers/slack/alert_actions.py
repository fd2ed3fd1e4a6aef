"""Buttons on alerts and digests: acknowledge, snooze, resolve, show history, correct a sentiment label."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session

from bot.core.catalog import phrase
from bot.services import accounts, alerts, people, responses
from bot.services.roles import NotAllowed
from handlers.slack import alert_blocks, blocks, card_blocks, members, pictures, roles
from handlers.slack.clicks import Click, listener
from handlers.slack.language import words_for
from handlers.slack.payloads import numeric_id
from handlers.slack.requests import Listener
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


def _allowed(click: Click, *, team_id: str, doing: str, owners: Iterable[str], fail: bool) -> bool:
    """Tells whether the clicker owns the account (or is an admin); if not, says so, rolling back when `fail`."""
    try:
        roles.require_admin_or(
            click.runtime, click.client, team_id=team_id, user_id=click.user_id, doing=doing, allowed_ids=owners
        )
    except NotAllowed as error:
        refusal = roles.refusal_reply(error, words_for(click.scope.read, team_id=team_id))
        (click.scope.fail if fail else click.scope.defer)(lambda: click.respond(replace_original=False, **refusal))
        return False
    return True


def _alert_change(change: str) -> Listener:
    """Builds the listener for one alert button."""
    apply, done, done_by = CHANGES[change]

    def handle(click: Click) -> None:
        scope, client = click.scope, click.client
        now, user = click.runtime.now(), click.user_id
        try:
            alert = alerts.target(scope.db, team_id=click.team_id, value=click.value, now=now)
        except alerts.AlertGone:
            click.tell("That alert no longer exists.")
            return
        doing = phrase("act on alerts of accounts they don't own ({change})", change=change)
        if not _allowed(
            click, team_id=alert.team_id, doing=doing, owners=alerts.owners_of(scope.db, alert=alert), fail=True
        ):
            return
        apply(scope.db, alert, user, now)
        scope.db.flush()
        assert alert.id is not None
        notice = alerts.notice(scope.db, alert_id=alert.id)
        assert notice is not None
        message = alert_blocks.alert_message(notice, now=now)
        container = click.body.get("container") or {}
        if container.get("channel_id") == notice.dm_channel and notice.dm_channel:
            click.reply(message, replace=True)
            return
        click.tell(f"{notice.account_name}: {done} by you.")
        if container.get("channel_id") and container.get("message_ts") and not container.get("is_ephemeral"):
            # A shared message (a channel digest) shows, in its thread, what was done from it and by whom.
            note = alert_blocks.action_note(done_by, user, notice.account_name, now=now)
            where, thread = str(container["channel_id"]), str(container["message_ts"])
            scope.defer(lambda: client.chat_postMessage(channel=where, thread_ts=thread, **note))
        if notice.dm_channel and notice.dm_ts:
            scope.defer(_dm_update(client, notice.dm_channel, notice.dm_ts, message))

    return listener(
        handle,
        name=f"handle_{change}_action",
        doc=f"Records that the alert was {done}, and shows it where the alert lives.",
    )


handle_acknowledge_action = _alert_change("acknowledge")
handle_snooze_action = _alert_change("snooze")
handle_resolve_action = _alert_change("resolve")


@listener
def handle_show_history_action(click: Click) -> None:
    """Shows the account card and timeline to whoever clicked, and only to them."""
    scope, team_id = click.scope, click.team_id
    account = accounts.get_account(scope.read, team_id=team_id, account_id=numeric_id(click.value))
    w = click.words()
    if account is None:
        reply = blocks.ephemeral(w.gettext("That account no longer exists."))
    else:
        card = accounts.get_account_card(scope.read, account=account)
        lookup = members.display_name_lookup(click.client)
        now = click.runtime.now()
        names = people.display_names(scope.db, team_id=team_id, user_ids=card.people, now=now, lookup=lookup)
        links = pictures.ChartLinks(click.runtime.settings)
        picture = pictures.history_picture(
            scope.read, links, team_id=team_id, account_id=account.id or -1, runtime=click.runtime, now=now, w=w
        )
        reply = card_blocks.account_card_reply(
            card,
            now=now,
            w=w,
            viewer_id=click.user_id,
            edit_hours=click.runtime.settings.interaction_edit_hours,
            names=names,
            picture=picture,
        )
    click.reply(reply)


@listener
def handle_correct_label_action(click: Click) -> None:
    """Applies a rep's correction of a comment's sentiment; it wins over the scorer everywhere."""
    response_id, _, label = click.selected.partition(":")
    scope, team_id, target = click.scope, click.team_id, numeric_id(response_id)
    doing = phrase("correct the sentiment of other reps' customers")
    owners = responses.owners_of(scope.read, team_id=team_id, response_id=target)
    if not _allowed(click, team_id=team_id, doing=doing, owners=owners, fail=False):
        return
    corrected = responses.correct_label(
        scope.db, team_id=team_id, response_id=target, label=label, user_id=click.user_id, now=click.runtime.now()
    )
    click.tell(
        f"Thanks: that comment now counts as {label}."
        if corrected is not None
        else "That response can't be corrected (it no longer exists)."
    )
    if corrected is None or corrected.id is None:
        return
    # Every DM about this comment shows the corrected sentiment (and a superseded headline) at once.
    now = click.runtime.now()
    for alert_id in alerts.for_response(scope.db, response_id=corrected.id):
        notice = alerts.notice(scope.db, alert_id=alert_id)
        if notice is not None and notice.dm_channel and notice.dm_ts:
            message = alert_blocks.alert_message(notice, now=now)
            scope.defer(_dm_update(click.client, notice.dm_channel, notice.dm_ts, message))


def _dm_update(client: WebClient, channel: str, ts: str, message: dict[str, Any]) -> Callable[[], object]:
    """Returns the deferred call that re-renders one alert DM."""
    return lambda: client.chat_update(channel=channel, ts=ts, **message)

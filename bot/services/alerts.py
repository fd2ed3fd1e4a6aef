"""Alerts to account owners: opened by triggers, one per account and cause, acknowledged, snoozed, resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from bot.core import states
from bot.core.triggers import Cause
from bot.services import audit, outbox
from storage.models import Account, Alert, Contact, Response, Workspace
from storage.queries import alerts as alert_queries

SNOOZE = timedelta(days=7)
ALERT_NOTICE = "alert"
ALERT_UPDATE = "alert_update"
# Who "resolved" an alert whose answer the customer changed, or whose comment a rep re-labelled, so it no longer
# says what happened.
SUPERSEDED = "superseded"
_ANSWER_CAUSES = (Cause.NO_ANSWER, Cause.NEGATIVE_COMMENT, Cause.DROP)


class AlertGone(LookupError):
    """The alert or account does not exist in this workspace."""


def raise_alerts(
    db: Session, *, account: Account, response: Response, causes: tuple[Cause, ...], now: datetime
) -> list[Alert]:
    """Opens an alert per new cause and queues one DM to the owner for the response; open causes only count.

    However many causes one answer raises, the owner gets one message (never a flood); a cause that is
    already open, acknowledged or snoozed adds to its count instead of opening another alert.
    """
    assert account.id is not None and response.id is not None
    raised: list[Alert] = []
    for cause in causes:
        alert = _open_alert(db, account_id=account.id, cause=cause)
        if alert is not None:
            alert.occurrences += 1
            alert.last_seen_at, alert.response_id = now, response.id
            if (
                alert.state == states.AlertState.SNOOZED
                and alert.snoozed_until is not None
                and alert.snoozed_until <= now
            ):
                alert.state, alert.snoozed_until = states.AlertState.OPEN, None
                raised.append(alert)
            db.add(alert)
            continue
        added = alert_queries.add_alert(
            db,
            Alert(
                team_id=account.team_id,
                account_id=account.id,
                cause=cause.value,
                response_id=response.id,
                opened_at=now,
                last_seen_at=now,
            ),
        )
        if added is None:
            # Another answer for the same account opened it a moment ago: that one alert is enough.
            continue
        raised.append(added)
    if raised:
        primary = raised[0]
        assert primary.id is not None
        _queue(db, primary, kind=ALERT_NOTICE, dedupe_key=f"alerts:{response.id}:{primary.id}", now=now)
    return raised


def supersede(db: Session, *, response: Response, causes: tuple[Cause, ...], now: datetime) -> list[Alert]:
    """Closes the alerts this response raised that it no longer supports (No changed to Yes, comment re-labelled).

    A DM already sent is queued for an update, so the owner reads what the customer says now.
    """
    assert response.id is not None
    closed = []
    for alert in alert_queries.list_unresolved_for_response(db, response_id=response.id):
        if Cause(alert.cause) not in _ANSWER_CAUSES or Cause(alert.cause) in causes:
            continue
        alert.state, alert.resolved_by, alert.resolved_at = states.AlertState.RESOLVED, SUPERSEDED, now
        db.add(alert)
        closed.append(alert)
        assert alert.id is not None
        if alert.dm_ts:
            _queue(db, alert, kind=ALERT_UPDATE, dedupe_key=f"alert-update:{alert.id}:{now.isoformat()}", now=now)
    db.flush()
    return closed


def _queue(db: Session, alert: Alert, *, kind: str, dedupe_key: str, now: datetime) -> None:
    """Queues a message about one alert (its DM, or an update of it) for the outbox to send."""
    assert alert.id is not None
    outbox.enqueue(db, team_id=alert.team_id, kind=kind, dedupe_key=dedupe_key, payload={"alert_id": alert.id}, now=now)


def for_response(db: Session, *, response_id: int) -> list[int]:
    """Returns the ids of the alerts a response raised, so every place they show can be re-rendered."""
    return alert_queries.ids_for_response(db, response_id=response_id)


def siblings(db: Session, *, alert: Alert) -> list[Alert]:
    """Returns every unresolved alert of the alert's account (the buttons act on all of them)."""
    return alert_queries.list_unresolved_for_account(db, account_id=alert.account_id)


def _open_alert(db: Session, *, account_id: int, cause: Cause) -> Alert | None:
    """Returns the account's unresolved alert for a cause."""
    return alert_queries.get_unresolved(db, account_id=account_id, cause=cause.value)


def target(db: Session, *, team_id: str, value: str, now: datetime) -> Alert:
    """Returns the alert a button names: `<alert id>`, or `account:<id>` for a digest entry without one."""
    kind, _, raw = value.rpartition(":")
    if not raw.isdigit():
        raise AlertGone(value)
    if kind == "account":
        account = db.get(Account, int(raw))
        if account is None or account.team_id != team_id or account.id is None:
            raise AlertGone(value)
        existing = _open_alert(db, account_id=account.id, cause=Cause.DIGEST)
        if existing is not None:
            return existing
        alert = Alert(team_id=team_id, account_id=account.id, cause=Cause.DIGEST, opened_at=now, last_seen_at=now)
        db.add(alert)
        db.flush()
        return alert
    found = db.get(Alert, int(raw))
    if found is None or found.team_id != team_id:
        raise AlertGone(value)
    return found


def owners_of(db: Session, *, alert: Alert) -> tuple[str, ...]:
    """Returns who owns the alert's account (they may act on its alerts without being an admin)."""
    account = db.get(Account, alert.account_id)
    return (account.owner_id,) if account is not None and account.owner_id else ()


def acknowledge(db: Session, *, alert: Alert, user_id: str, now: datetime) -> Alert:
    """Records who took the account's alerts on, and when."""
    _audit(
        db, alert, user_id=user_id, action="alert.acknowledge", now=now, after={"state": states.AlertState.ACKNOWLEDGED}
    )
    for each in siblings(db, alert=alert):
        if each.acknowledged_at is None:
            each.acknowledged_by, each.acknowledged_at = user_id, now
        if each.state == states.AlertState.OPEN:
            each.state = states.AlertState.ACKNOWLEDGED
        db.add(each)
    return alert


def snooze(db: Session, *, alert: Alert, user_id: str, now: datetime, period: timedelta = SNOOZE) -> Alert:
    """Mutes the account's alerts (and the account in digests) for a week unless something new happens."""
    _audit(
        db,
        alert,
        user_id=user_id,
        action="alert.snooze",
        now=now,
        after={"state": states.AlertState.SNOOZED, "until": now + period},
    )
    for each in siblings(db, alert=alert):
        each.state, each.snoozed_until, each.snoozed_by = states.AlertState.SNOOZED, now + period, user_id
        db.add(each)
    return alert


def resolve(db: Session, *, alert: Alert, user_id: str, now: datetime) -> Alert:
    """Closes the account's alerts; the next trigger opens new ones."""
    _audit(db, alert, user_id=user_id, action="alert.resolve", now=now, after={"state": states.AlertState.RESOLVED})
    for each in siblings(db, alert=alert):
        each.state, each.resolved_by, each.resolved_at = states.AlertState.RESOLVED, user_id, now
        db.add(each)
    return alert


def _audit(db: Session, alert: Alert, *, user_id: str, action: str, now: datetime, after: dict[str, object]) -> None:
    """Records a button press on an account's alerts in the audit trail."""
    before: dict[str, object] = {"state": alert.state}
    if alert.snoozed_until is not None:
        before["until"] = alert.snoozed_until
    audit.record(
        db,
        team_id=alert.team_id,
        actor=user_id,
        action=action,
        subject_type="account",
        subject_id=alert.account_id,
        before=before,
        after=after,
        now=now,
    )


@dataclass(frozen=True, slots=True)
class AlertNotice:
    """Everything an alert's DM shows, read at send time so it is current."""

    alert_id: int
    team_id: str
    account_id: int
    account_name: str
    owner_id: str
    billed: Decimal
    forecast: Decimal
    cause: Cause
    causes: tuple[Cause, ...]
    state: str
    occurrences: int
    opened_at: datetime
    answer: str | None
    comment: str
    label: str | None
    cues: tuple[str, ...]
    contact: str | None
    response_id: int | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    snoozed_until: datetime | None
    resolved_by: str | None
    dm_channel: str | None
    dm_ts: str | None
    language: str | None = None
    superseded: bool = False


def notice(db: Session, *, alert_id: int) -> AlertNotice | None:
    """Reads an alert with its account and the response that raised it."""
    alert = db.get(Alert, alert_id)
    if alert is None or alert.id is None:
        return None
    account = db.get(Account, alert.account_id)
    if account is None:
        return None
    response = db.get(Response, alert.response_id) if alert.response_id else None
    contact = db.get(Contact, response.contact_id) if response and response.contact_id else None
    return AlertNotice(
        alert_id=alert.id,
        team_id=alert.team_id,
        account_id=alert.account_id,
        account_name=account.name,
        owner_id=account.owner_id,
        billed=account.billed,
        forecast=account.forecast,
        cause=Cause(alert.cause),
        causes=tuple(dict.fromkeys(Cause(a.cause) for a in [alert, *siblings(db, alert=alert)])),
        state=alert.state,
        occurrences=alert.occurrences,
        opened_at=alert.opened_at,
        answer=response.answer if response else None,
        comment=response.comment if response else "",
        label=(response.label_override or response.label) if response else None,
        cues=tuple(response.cues) if response else (),
        contact=contact.email if contact else None,
        response_id=response.id if response else None,
        acknowledged_by=alert.acknowledged_by,
        acknowledged_at=alert.acknowledged_at,
        snoozed_until=alert.snoozed_until,
        resolved_by=alert.resolved_by,
        dm_channel=alert.dm_channel,
        dm_ts=alert.dm_ts,
        language=workspace.language if (workspace := db.get(Workspace, alert.team_id)) else None,
        superseded=alert.state == states.AlertState.RESOLVED and alert.resolved_by == SUPERSEDED,
    )


def remember_dm(db: Session, *, alert_id: int, channel: str, ts: str) -> None:
    """Keeps where the alert's DM is, so buttons elsewhere can update it."""
    alert = db.get(Alert, alert_id)
    if alert is not None:
        alert.dm_channel, alert.dm_ts = channel, ts
        db.add(alert)

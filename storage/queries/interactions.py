"""Queries on logged interactions and pending logs. They never commit."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import Interaction, PendingLog
from storage.rows import ContactRow, InteractionRow, PulseRow
from storage.sql import Sql


def add_interaction(session: Session, interaction: Interaction) -> Interaction | None:
    """Inserts an interaction; returns None when another request logged the same key first."""
    try:
        with session.begin_nested():
            session.add(interaction)
            session.flush()
    except IntegrityError:
        return None
    return interaction


def add_pending(
    session: Session, *, pending_id: str, team_id: str, user_id: str, payload: dict[str, Any], now: datetime
) -> PendingLog:
    """Keeps a log request that waits for the rep to choose its account."""
    pending = PendingLog(id=pending_id, team_id=team_id, user_id=user_id, payload=payload, created_at=now)
    session.add(pending)
    session.flush()
    return pending


def get_pending(session: Session, *, team_id: str, pending_id: str) -> PendingLog | None:
    """Returns a pending log of the workspace."""
    pending = session.get(PendingLog, pending_id)
    return pending if pending is not None and pending.team_id == team_id else None


def delete_pending_before(session: Session, *, cutoff: datetime) -> int:
    """Deletes pending logs created before the cutoff; returns how many."""
    result = session.execute(delete(PendingLog).where(col(PendingLog.created_at) < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def upsert_contact(
    session: Session,
    *,
    team_id: str,
    account_id: int,
    email: str,
    name: str,
    now: datetime,
    language: str | None = None,
) -> tuple[ContactRow, bool]:
    """Returns the account's contact with this address, adding it if new; the flag says whether it was added.

    A `language` given replaces the stored one (the rep or the CRM said so).
    """
    sql = Sql(session)
    added = sql.row(
        "INSERT INTO contact (team_id, account_id, email, name, language, created_at) "
        "VALUES (:team, :account, :email, :name, :language, :now) ON CONFLICT (account_id, email) DO NOTHING "
        "RETURNING id, account_id, email, name, slack_user_id, language",
        team=team_id,
        account=account_id,
        email=email,
        name=name,
        language=language,
        now=sql.time(now),
    )
    if added is not None:
        return ContactRow(*added), True
    row = sql.row(
        "SELECT id, account_id, email, name, slack_user_id, language FROM contact "
        "WHERE account_id = :account AND email = :email",
        account=account_id,
        email=email,
    )
    assert row is not None
    contact = ContactRow(*row)
    if language and contact.language != language:
        sql.run("UPDATE contact SET language = :language WHERE id = :id", language=language, id=contact.id)
        contact = replace(contact, language=language)
    return contact, False


def insert_interaction(
    session: Session,
    *,
    team_id: str,
    account_id: int,
    contact_id: int | None,
    rep_id: str,
    kind: str,
    note: str,
    survey: bool,
    source: str,
    idempotency_key: str,
    occurred_at: datetime,
    now: datetime,
    created_account: bool = False,
    created_contact: bool = False,
) -> InteractionRow | None:
    """Inserts an interaction; returns None when one with the same idempotency key exists (a retry)."""
    sql = Sql(session)
    row = sql.row(
        "INSERT INTO interaction (team_id, account_id, contact_id, rep_id, kind, note, survey, source, "
        "idempotency_key, occurred_at, created_at, created_account, created_contact) VALUES (:team, :account, "
        ":contact, :rep, :kind, :note, :survey, :source, :key, :occurred, :now, :made_account, :made_contact) "
        "ON CONFLICT (team_id, idempotency_key) DO NOTHING RETURNING id",
        team=team_id,
        account=account_id,
        contact=contact_id,
        rep=rep_id,
        kind=kind,
        note=note,
        survey=survey,
        source=source,
        key=idempotency_key,
        occurred=sql.time(occurred_at),
        now=sql.time(now),
        made_account=created_account,
        made_contact=created_contact,
    )
    if row is None:
        return None
    return InteractionRow(int(row[0]), team_id, account_id, contact_id, rep_id, kind, note, survey, occurred_at, source)


def logged_by_key(
    session: Session, *, team_id: str, key: str
) -> tuple[InteractionRow, ContactRow | None, PulseRow | None] | None:
    """Returns what was logged under an idempotency key: the interaction, its contact and its pulse."""
    sql = Sql(session)
    row = sql.row(
        "SELECT i.id, i.account_id, i.contact_id, i.rep_id, i.kind, i.note, i.survey, i.occurred_at, "
        "c.email, c.name, c.slack_user_id, c.language, p.id, p.state, p.email, p.due_at, p.skip_reason, i.source "
        "FROM interaction i LEFT JOIN contact c ON c.id = i.contact_id LEFT JOIN pulse p ON p.interaction_id = i.id "
        "WHERE i.team_id = :team AND i.idempotency_key = :key",
        team=team_id,
        key=key,
    )
    if row is None:
        return None
    interaction = InteractionRow(
        int(row[0]),
        team_id,
        int(row[1]),
        row[2],
        row[3],
        row[4],
        row[5],
        bool(row[6]),
        sql.read_time(row[7]),  # type: ignore[arg-type]
    )
    contact = ContactRow(row[2], row[1], row[8], row[9], row[10], row[11]) if row[2] is not None else None
    pulse = None
    if row[12] is not None:
        pulse = PulseRow(int(row[12]), row[13], row[14], sql.read_time(row[15]), row[16])  # type: ignore[arg-type]
    return interaction, contact, pulse


def asking_facts(session: Session, *, team_id: str, email: str, keys: tuple[str, ...]) -> tuple[bool, datetime | None]:
    """Returns whether the address opted out (under any of its keys) and when it was last asked, in one query."""
    sql = Sql(session)
    row = sql.row(
        "SELECT (SELECT count(*) FROM suppression WHERE team_id = :team AND email IN (:k1, :k2)), "
        "(SELECT max(asked_at) FROM pulse WHERE team_id = :team AND email = :email AND asked_at IS NOT NULL "
        "AND state IN ('scheduled', 'sent', 'reminded', 'answered', 'expired'))",
        team=team_id,
        email=email,
        k1=keys[0],
        k2=keys[-1],
    )
    assert row is not None
    return bool(row[0]), sql.read_time(row[1])


def insert_pulse(
    session: Session,
    *,
    team_id: str,
    account_id: int,
    contact_id: int | None,
    interaction_id: int,
    rep_id: str,
    email: str,
    state: str,
    skip_reason: str | None,
    due_at: datetime,
    asked_at: datetime | None,
    now: datetime,
) -> PulseRow:
    """Inserts the pulse that follows an interaction."""
    sql = Sql(session)
    row = sql.row(
        "INSERT INTO pulse (team_id, account_id, contact_id, interaction_id, rep_id, email, state, skip_reason, "
        "asked_at, due_at, next_action_at, attempts, created_at) VALUES (:team, :account, :contact, :interaction, "
        ":rep, :email, :state, :skip, :asked, :due, :next, 0, :now) RETURNING id",
        team=team_id,
        account=account_id,
        contact=contact_id,
        interaction=interaction_id,
        rep=rep_id,
        email=email,
        state=state,
        skip=skip_reason,
        asked=sql.time(asked_at),
        due=sql.time(due_at),
        next=sql.time(asked_at),
        now=sql.time(now),
    )
    assert row is not None
    return PulseRow(int(row[0]), state, email, due_at, skip_reason)


def card_timeline(session: Session, *, account_id: int, limit: int) -> list[dict[str, Any]]:
    """Returns an account's newest interactions with their contact, pulse and response, in one query."""
    sql = Sql(session)
    rows = sql.rows(
        "SELECT i.id, i.created_at, i.occurred_at, i.kind, i.rep_id, i.note, c.email, p.state, p.channel, p.due_at, "
        "p.sent_at, "
        "p.skip_reason, p.last_error, r.id, r.answer, r.comment, r.label, r.label_override, r.experience "
        "FROM interaction i LEFT JOIN contact c ON c.id = i.contact_id "
        "LEFT JOIN pulse p ON p.interaction_id = i.id LEFT JOIN response r ON r.pulse_id = p.id "
        "WHERE i.account_id = :account AND i.deleted_at IS NULL ORDER BY i.occurred_at DESC, i.id DESC LIMIT :limit",
        account=account_id,
        limit=limit,
    )
    keys = (
        "id",
        "created_at",
        "occurred_at",
        "kind",
        "rep_id",
        "note",
        "contact_email",
        "state",
        "channel",
        "due_at",
        "sent_at",
        "skip_reason",
        "last_error",
        "response_id",
        "answer",
        "comment",
        "label",
        "label_override",
        "experience",
    )
    timeline = []
    for row in rows:
        entry = dict(zip(keys, row, strict=True))
        for name in ("created_at", "occurred_at", "due_at", "sent_at"):
            entry[name] = sql.read_time(entry[name])
        timeline.append(entry)
    return timeline

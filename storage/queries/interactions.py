"""Queries on logged interactions and pending logs. They never commit."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, and_, bindparam, delete, func, insert, select, update
from sqlmodel import Session, col

from bot.core import states
from storage import statements
from storage.models import Contact, Interaction, PendingLog, Pulse, Response, Suppression
from storage.rows import ContactRow, InteractionRow, PulseRow


def add_pending(
    session: Session, *, pending_id: str, team_id: str, user_id: str, payload: dict[str, Any], now: datetime
) -> PendingLog:
    """Keeps a log request that waits for the rep to choose its account."""
    return statements.inserted(
        session, PendingLog(id=pending_id, team_id=team_id, user_id=user_id, payload=payload, created_at=now)
    )


def get_pending(session: Session, *, team_id: str, pending_id: str) -> PendingLog | None:
    """Returns a pending log of the workspace."""
    pending = session.get(PendingLog, pending_id)
    return pending if pending is not None and pending.team_id == team_id else None


def delete_pending_before(session: Session, *, cutoff: datetime) -> int:
    """Deletes pending logs created before the cutoff; returns how many."""
    result = session.execute(delete(PendingLog).where(col(PendingLog.created_at) < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


_CONTACTS = statements.table(Contact)
_INTERACTIONS = statements.table(Interaction)
_PULSES = statements.table(Pulse)
_RESPONSES = statements.table(Response)
_SUPPRESSIONS = statements.table(Suppression)
CONTACT_COLUMNS = (
    _CONTACTS.c.id,
    _CONTACTS.c.account_id,
    _CONTACTS.c.email,
    _CONTACTS.c.name,
    _CONTACTS.c.slack_user_id,
    _CONTACTS.c.language,
)
_ADD_CONTACT = {
    dialect: statement.returning(*CONTACT_COLUMNS)
    for dialect, statement in statements.insert_ignoring(_CONTACTS, unique=("account_id", "email")).items()
}
_CONTACT_BY_EMAIL = select(*CONTACT_COLUMNS).where(
    _CONTACTS.c.account_id == bindparam("account_id"), _CONTACTS.c.email == bindparam("email")
)
_SET_CONTACT_LANGUAGE = update(_CONTACTS).where(_CONTACTS.c.id == bindparam("contact_id"))
_ADD_INTERACTION = {
    dialect: statement.returning(_INTERACTIONS.c.id)
    for dialect, statement in statements.insert_ignoring(_INTERACTIONS, unique=("team_id", "idempotency_key")).items()
}


def contact_row(row: RowMapping) -> ContactRow:
    """Reads a row of CONTACT_COLUMNS by name."""
    return ContactRow(**{column.name: row[column.name] for column in CONTACT_COLUMNS})


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
    connection = statements.connection(session)
    known = {"account_id": account_id, "email": email}
    found = connection.execute(_CONTACT_BY_EMAIL, known).first()
    return _settle_contact(connection, found, team_id=team_id, known=known, name=name, now=now, language=language)


def upsert_contact_asking(
    session: Session,
    *,
    team_id: str,
    account_id: int,
    email: str,
    name: str,
    now: datetime,
    keys: tuple[str, ...],
    language: str | None = None,
) -> tuple[ContactRow, bool, bool, datetime | None]:
    """Does upsert_contact and asking_facts for that address, in one round trip when the contact exists.

    Returns the contact, whether it was added, whether the address opted out and when it was last asked.
    """
    connection = statements.connection(session)
    known = {"account_id": account_id, "email": email}
    row = connection.execute(
        _CONTACT_AND_ASKING, {**known, **_asking_params(team_id=team_id, email=email, keys=keys)}
    ).one()
    found = row if row.id is not None else None
    contact, added = _settle_contact(
        connection, found, team_id=team_id, known=known, name=name, now=now, language=language
    )
    return contact, added, bool(row.opted_out), row.last_asked_at


def _settle_contact(
    connection: Connection,
    found: Any,
    *,
    team_id: str,
    known: dict[str, Any],
    name: str,
    now: datetime,
    language: str | None,
) -> tuple[ContactRow, bool]:
    """Adds the contact looked up as `found` when missing and applies its language; says whether it was added."""
    if found is None:
        # Most logs name a known contact, so look first; the insert still settles a race with another request.
        added = connection.execute(
            _ADD_CONTACT[connection.dialect.name],
            {**known, "team_id": team_id, "name": name, "language": language, "created_at": now},
        ).first()
        if added is not None:
            return contact_row(added._mapping), True
        found = connection.execute(_CONTACT_BY_EMAIL, known).one()
    contact = contact_row(found._mapping)
    if language and contact.language != language:
        connection.execute(_SET_CONTACT_LANGUAGE, {"contact_id": contact.id, "language": language})
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
    connection = statements.connection(session)
    added = connection.execute(
        _ADD_INTERACTION[connection.dialect.name],
        {
            "team_id": team_id,
            "account_id": account_id,
            "contact_id": contact_id,
            "rep_id": rep_id,
            "kind": kind,
            "note": note,
            "survey": survey,
            "source": source,
            "idempotency_key": idempotency_key,
            "occurred_at": occurred_at,
            "created_at": now,
            "created_account": created_account,
            "created_contact": created_contact,
        },
    ).first()
    if added is None:
        return None
    return InteractionRow(
        id=int(added.id),
        team_id=team_id,
        account_id=account_id,
        contact_id=contact_id,
        rep_id=rep_id,
        kind=kind,
        note=note,
        survey=survey,
        occurred_at=occurred_at,
        source=source,
    )


_LOGGED_BY_KEY = (
    select(
        _INTERACTIONS.c.id,
        _INTERACTIONS.c.account_id,
        _INTERACTIONS.c.contact_id,
        _INTERACTIONS.c.rep_id,
        _INTERACTIONS.c.kind,
        _INTERACTIONS.c.note,
        _INTERACTIONS.c.survey,
        _INTERACTIONS.c.occurred_at,
        _CONTACTS.c.email.label("contact_email"),
        _CONTACTS.c.name.label("contact_name"),
        _CONTACTS.c.slack_user_id.label("contact_slack_user_id"),
        _CONTACTS.c.language.label("contact_language"),
        _PULSES.c.id.label("pulse_id"),
        _PULSES.c.state.label("pulse_state"),
        _PULSES.c.email.label("pulse_email"),
        _PULSES.c.due_at.label("pulse_due_at"),
        _PULSES.c.skip_reason.label("pulse_skip_reason"),
    )
    .select_from(
        _INTERACTIONS.outerjoin(_CONTACTS, _CONTACTS.c.id == _INTERACTIONS.c.contact_id).outerjoin(
            _PULSES, _PULSES.c.interaction_id == _INTERACTIONS.c.id
        )
    )
    .where(_INTERACTIONS.c.team_id == bindparam("team_id"), _INTERACTIONS.c.idempotency_key == bindparam("key"))
)


def logged_by_key(
    session: Session, *, team_id: str, key: str
) -> tuple[InteractionRow, ContactRow | None, PulseRow | None] | None:
    """Returns what was logged under an idempotency key: the interaction, its contact and its pulse."""
    row = statements.run(session, _LOGGED_BY_KEY, {"team_id": team_id, "key": key}).first()
    if row is None:
        return None
    interaction = InteractionRow(
        id=int(row.id),
        team_id=team_id,
        account_id=int(row.account_id),
        contact_id=row.contact_id,
        rep_id=row.rep_id,
        kind=row.kind,
        note=row.note,
        survey=bool(row.survey),
        occurred_at=row.occurred_at,
    )
    contact = None
    if row.contact_id is not None:
        contact = ContactRow(
            id=row.contact_id,
            account_id=row.account_id,
            email=row.contact_email,
            name=row.contact_name,
            slack_user_id=row.contact_slack_user_id,
            language=row.contact_language,
        )
    pulse = None
    if row.pulse_id is not None:
        pulse = PulseRow(
            id=int(row.pulse_id),
            state=row.pulse_state,
            email=row.pulse_email,
            due_at=row.pulse_due_at,
            skip_reason=row.pulse_skip_reason,
        )
    return interaction, contact, pulse


_ASKING_FACTS = select(
    select(func.count())
    .select_from(_SUPPRESSIONS)
    .where(
        _SUPPRESSIONS.c.team_id == bindparam("team_id"),
        _SUPPRESSIONS.c.email.in_([bindparam("key_plain"), bindparam("key_hashed")]),
    )
    .scalar_subquery()
    .label("opted_out"),
    select(func.max(_PULSES.c.asked_at))
    .where(
        _PULSES.c.team_id == bindparam("team_id"),
        _PULSES.c.email == bindparam("email"),
        _PULSES.c.asked_at.is_not(None),
        # One bound value per state: an expanding IN would be re-rendered on every call of this hot path.
        _PULSES.c.state.in_([bindparam(f"asking_{state}", state) for state in states.ASKING_STATES]),
    )
    .scalar_subquery()
    .label("last_asked_at"),
)


# The log path reads its contact and the asking facts together: one row even when the contact is new.
_FACTS = _ASKING_FACTS.subquery("facts")
_CONTACT_AND_ASKING = select(*CONTACT_COLUMNS, _FACTS.c.opted_out, _FACTS.c.last_asked_at).select_from(
    _FACTS.outerjoin(
        _CONTACTS,
        and_(_CONTACTS.c.account_id == bindparam("account_id"), _CONTACTS.c.email == bindparam("email")),
    )
)


def _asking_params(*, team_id: str, email: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """Returns the parameters of the asking facts of an address (opt-outs are kept under any of its keys)."""
    return {"team_id": team_id, "email": email, "key_plain": keys[0], "key_hashed": keys[-1]}


def asking_facts(session: Session, *, team_id: str, email: str, keys: tuple[str, ...]) -> tuple[bool, datetime | None]:
    """Returns whether the address opted out (under any of its keys) and when it was last asked, in one query."""
    row = statements.run(session, _ASKING_FACTS, _asking_params(team_id=team_id, email=email, keys=keys)).one()
    return bool(row.opted_out), row.last_asked_at


_ADD_PULSE = insert(_PULSES).returning(_PULSES.c.id)


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
    added = statements.run(
        session,
        _ADD_PULSE,
        {
            "team_id": team_id,
            "account_id": account_id,
            "contact_id": contact_id,
            "interaction_id": interaction_id,
            "rep_id": rep_id,
            "email": email,
            "state": state,
            "skip_reason": skip_reason,
            "asked_at": asked_at,
            "due_at": due_at,
            "next_action_at": asked_at,
            "attempts": 0,
            "created_at": now,
        },
    ).one()
    return PulseRow(id=int(added.id), state=state, email=email, due_at=due_at, skip_reason=skip_reason)


_TIMELINE = (
    select(
        _INTERACTIONS.c.id,
        _INTERACTIONS.c.created_at,
        _INTERACTIONS.c.occurred_at,
        _INTERACTIONS.c.kind,
        _INTERACTIONS.c.rep_id,
        _INTERACTIONS.c.note,
        _CONTACTS.c.email.label("contact_email"),
        _PULSES.c.state,
        _PULSES.c.channel,
        _PULSES.c.due_at,
        _PULSES.c.sent_at,
        _PULSES.c.skip_reason,
        _PULSES.c.last_error,
        _RESPONSES.c.id.label("response_id"),
        _RESPONSES.c.answer,
        _RESPONSES.c.comment,
        _RESPONSES.c.label,
        _RESPONSES.c.label_override,
        _RESPONSES.c.experience,
    )
    .select_from(
        _INTERACTIONS.outerjoin(_CONTACTS, _CONTACTS.c.id == _INTERACTIONS.c.contact_id)
        .outerjoin(_PULSES, _PULSES.c.interaction_id == _INTERACTIONS.c.id)
        .outerjoin(_RESPONSES, _RESPONSES.c.pulse_id == _PULSES.c.id)
    )
    .where(_INTERACTIONS.c.account_id == bindparam("account_id"), _INTERACTIONS.c.deleted_at.is_(None))
    .order_by(_INTERACTIONS.c.occurred_at.desc(), _INTERACTIONS.c.id.desc())
    .limit(bindparam("limit"))
)


def card_timeline(session: Session, *, account_id: int, limit: int) -> list[dict[str, Any]]:
    """Returns an account's newest interactions with their contact, pulse and response, in one query."""
    rows = statements.run(session, _TIMELINE, {"account_id": account_id, "limit": limit})
    return [dict(row._mapping) for row in rows]

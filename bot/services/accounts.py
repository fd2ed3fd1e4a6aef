"""Account use cases: resolving names as reps type them, the account card, ownership."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.core.commands import name_key
from storage.models import Account, Contact, OwnerChange
from storage.queries import accounts as account_queries
from storage.queries import interactions as interaction_queries
from storage.queries import pulses as pulse_queries

AMBIGUOUS_LIMIT = 5
TIMELINE_LIMIT = 10


class AccountExists(ValueError):
    """An account with that name (ignoring case and spacing) already exists."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed account name refers to: one account, several candidates, or nothing."""

    account: Account | None
    candidates: tuple[Account, ...] = ()


def resolve_account(db: Session, *, team_id: str, name: str) -> Resolution:
    """Matches a name exactly, then ignoring case and spacing, then as the unique prefix of one account."""
    key = name_key(name)
    found = account_queries.get_account_by_key(db, team_id=team_id, key=key)
    if found is not None:
        return Resolution(found)
    prefixed = account_queries.list_accounts_by_prefix(db, team_id=team_id, prefix=key, limit=AMBIGUOUS_LIMIT + 1)
    if len(prefixed) == 1:
        return Resolution(prefixed[0])
    return Resolution(None, tuple(prefixed))


def create_account(
    db: Session,
    *,
    team_id: str,
    name: str,
    owner_id: str,
    now: datetime,
    billed: float = 0.0,
    forecast: float = 0.0,
) -> Account:
    """Creates an account owned by `owner_id`; raises AccountExists when the name is taken."""
    clean = " ".join(name.split())
    key = name_key(clean)
    if account_queries.get_account_by_key(db, team_id=team_id, key=key) is not None:
        raise AccountExists(clean)
    account_queries.ensure_workspace(db, team_id=team_id, now=now)
    return account_queries.add_account(
        db, team_id=team_id, name=clean, key=key, owner_id=owner_id, billed=billed, forecast=forecast, now=now
    )


def change_owner(
    db: Session, *, account: Account, new_owner_id: str, changed_by: str, now: datetime
) -> OwnerChange | None:
    """Makes a rep the account's only owner; returns the recorded change, or None if they already were."""
    return account_queries.record_owner_change(
        db, account=account, new_owner_id=new_owner_id, changed_by=changed_by, now=now
    )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One interaction on an account's timeline, with the pulse that followed it."""

    occurred_at: datetime
    kind: str
    rep_id: str
    note: str
    contact_email: str | None
    pulse: pulse_queries.PulseView | None


@dataclass(frozen=True, slots=True)
class AccountCard:
    """Everything `/pulse account` shows: the account, its contacts and its recent timeline."""

    account: Account
    contacts: tuple[Contact, ...]
    timeline: tuple[TimelineEntry, ...]
    previous_owner_id: str | None


def get_account_card(db: Session, *, account: Account, limit: int = TIMELINE_LIMIT) -> AccountCard:
    """Gathers an account's card: contacts, the newest interactions with their pulses, the last owner change."""
    assert account.id is not None
    contacts = tuple(account_queries.list_contacts(db, account_id=account.id))
    by_id = {c.id: c for c in contacts}
    interactions = interaction_queries.list_recent(db, account_id=account.id, limit=limit)
    pulses = pulse_queries.views_for_interactions(db, interaction_ids=[i.id for i in interactions if i.id])
    timeline = tuple(
        TimelineEntry(
            occurred_at=i.occurred_at,
            kind=i.kind,
            rep_id=i.rep_id,
            note=i.note,
            contact_email=by_id[i.contact_id].email if i.contact_id in by_id else None,
            pulse=pulses.get(i.id or 0),
        )
        for i in interactions
    )
    changes = account_queries.list_owner_changes(db, account_id=account.id)
    return AccountCard(
        account=account,
        contacts=contacts,
        timeline=timeline,
        previous_owner_id=changes[0].old_owner_id if changes else None,
    )


def search_accounts(db: Session, *, team_id: str, query: str, limit: int = 100) -> list[Account]:
    """Returns accounts for a type-ahead: names starting with the query first, then names containing it."""
    return account_queries.search_accounts(db, team_id=team_id, query=name_key(query), limit=limit)


def get_account(db: Session, *, team_id: str, account_id: int) -> Account | None:
    """Returns one of the workspace's accounts by id."""
    return account_queries.get_account(db, team_id=team_id, account_id=account_id)


def get_or_create_account(db: Session, *, team_id: str, name: str, owner_id: str, now: datetime) -> Account:
    """Returns the account with exactly this name (ignoring case and spacing), creating it if there is none."""
    found = account_queries.get_account_by_key(db, team_id=team_id, key=name_key(name))
    return found or create_account(db, team_id=team_id, name=name, owner_id=owner_id, now=now)

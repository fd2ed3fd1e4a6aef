"""Queries on workspaces, accounts, contacts and owner history. They never commit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, bindparam, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from bot.core import money
from storage import statements
from storage.models import Account, Contact, OwnerChange, Workspace
from storage.queries import interactions as interaction_queries
from storage.rows import AccountRow, ContactRow

# Above every character a casefolded name can contain, so [key, key + _TOP) is the prefix range.
_TOP = "\U0010ffff"


def ensure_workspace(session: Session, *, team_id: str, now: datetime, name: str = "") -> Workspace:
    """Returns the workspace row, creating it on first contact."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(team_id=team_id, name=name, created_at=now)
        statements.inserted(session, workspace)
    return workspace


def list_workspace_ids(session: Session) -> list[str]:
    """Returns the team ids of every workspace Pulse knows."""
    return list(session.exec(select(Workspace.team_id).order_by(Workspace.team_id)))


def get_account(session: Session, *, team_id: str, account_id: int) -> Account | None:
    """Returns one account of the workspace, or None (also when it belongs to another workspace)."""
    account = session.get(Account, account_id)
    return account if account is not None and account.team_id == team_id else None


def get_account_by_key(session: Session, *, team_id: str, key: str) -> Account | None:
    """Returns the account whose normalised name equals the key."""
    return session.exec(select(Account).where(Account.team_id == team_id, Account.name_key == key)).first()


def list_accounts_by_prefix(session: Session, *, team_id: str, prefix: str, limit: int) -> list[Account]:
    """Returns accounts whose normalised name starts with the normalised prefix, alphabetically."""
    statement = (
        select(Account)
        .where(Account.team_id == team_id, Account.name_key >= prefix, Account.name_key < prefix + _TOP)
        .order_by(Account.name_key)
        .limit(limit)
    )
    return list(session.exec(statement))


def search_accounts(session: Session, *, team_id: str, query: str, limit: int) -> list[Account]:
    """Returns accounts matching a type-ahead query: prefix matches first, then names containing it."""
    found = list_accounts_by_prefix(session, team_id=team_id, prefix=query, limit=limit)
    if len(found) < limit and query:
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        seen = [a.id for a in found]
        more = session.exec(
            select(Account)
            .where(
                Account.team_id == team_id,
                col(Account.name_key).like(pattern, escape="\\"),
                col(Account.id).not_in(seen),
            )
            .order_by(Account.name_key)
            .limit(limit - len(found))
        )
        found.extend(more)
    return found


def add_account(
    session: Session,
    *,
    team_id: str,
    name: str,
    key: str,
    owner_id: str,
    billed: Decimal,
    forecast: Decimal,
    now: datetime,
) -> Account:
    """Inserts an account and returns it with its id."""
    return statements.inserted(
        session,
        Account(
            team_id=team_id,
            name=name,
            name_key=key,
            owner_id=owner_id,
            billed=billed,
            forecast=forecast,
            created_at=now,
            updated_at=now,
        ),
    )


def record_owner_change(
    session: Session, *, account: Account, new_owner_id: str, changed_by: str, now: datetime
) -> OwnerChange | None:
    """Sets the account's owner and keeps the change in its history; None when nothing changed."""
    if account.owner_id == new_owner_id:
        return None
    assert account.id is not None
    change = OwnerChange(
        team_id=account.team_id,
        account_id=account.id,
        old_owner_id=account.owner_id or None,
        new_owner_id=new_owner_id,
        changed_by=changed_by,
        changed_at=now,
    )
    account.owner_id = new_owner_id
    account.updated_at = now
    session.add_all([account, change])
    session.flush()
    return change


def list_contacts(session: Session, *, account_id: int) -> list[Contact]:
    """Returns an account's contacts in the order they were added."""
    return list(session.exec(select(Contact).where(Contact.account_id == account_id).order_by(col(Contact.id))))


def get_contact(session: Session, *, account_id: int, email: str) -> Contact | None:
    """Returns the account's contact with this e-mail address."""
    return session.exec(select(Contact).where(Contact.account_id == account_id, Contact.email == email)).first()


def add_contact(
    session: Session, *, account: Account, email: str, name: str, now: datetime, language: str | None = None
) -> Contact:
    """Adds a contact to an account and returns it with its id."""
    assert account.id is not None
    return statements.inserted(
        session,
        Contact(
            team_id=account.team_id,
            account_id=account.id,
            email=email,
            name=name,
            language=language,
            created_at=now,
        ),
    )


def count_accounts(session: Session, *, team_id: str) -> int:
    """Returns how many accounts the workspace has."""
    return session.exec(select(func.count()).select_from(Account).where(Account.team_id == team_id)).one()


def account_ids_with_contact(session: Session, *, team_id: str, email: str = "", domain: str = "") -> list[int]:
    """Returns the ids of (at most two) accounts with a contact of this address, or at this domain."""
    query = select(Contact.account_id).where(Contact.team_id == team_id)
    if email:
        query = query.where(Contact.email == email)
    else:
        escaped = domain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(col(Contact.email).like("%@" + escaped, escape="\\"))
    return list(session.exec(query.distinct().limit(2)))


_ACCOUNTS = statements.table(Account)
_CONTACTS = statements.table(Contact)
_OWNER_CHANGES = statements.table(OwnerChange)
_ACCOUNT_COLUMNS = (
    _ACCOUNTS.c.id,
    _ACCOUNTS.c.team_id,
    _ACCOUNTS.c.name,
    _ACCOUNTS.c.name_key,
    _ACCOUNTS.c.owner_id,
    _ACCOUNTS.c.billed,
    _ACCOUNTS.c.forecast,
)
_IN_PREFIX = (
    _ACCOUNTS.c.team_id == bindparam("team_id"),
    _ACCOUNTS.c.name_key >= bindparam("key"),
    _ACCOUNTS.c.name_key < bindparam("top"),
)
_BY_NAME = core_select(*_ACCOUNT_COLUMNS).where(*_IN_PREFIX).order_by(_ACCOUNTS.c.name_key).limit(bindparam("limit"))
_COUNT_BY_PREFIX = core_select(func.count().label("accounts")).select_from(_ACCOUNTS).where(*_IN_PREFIX)
_ACCOUNT_BY_ID = core_select(*_ACCOUNT_COLUMNS).where(
    _ACCOUNTS.c.id == bindparam("account_id"), _ACCOUNTS.c.team_id == bindparam("team_id")
)
_CARD_CONTACTS = (
    core_select(*interaction_queries.CONTACT_COLUMNS)
    .where(_CONTACTS.c.account_id == bindparam("account_id"))
    .order_by(_CONTACTS.c.id)
)
_CONTACT_EMAIL = core_select(_CONTACTS.c.email).where(
    _CONTACTS.c.id == bindparam("contact_id"), _CONTACTS.c.team_id == bindparam("team_id")
)
_PREVIOUS_OWNER = (
    core_select(_OWNER_CHANGES.c.old_owner_id)
    .where(_OWNER_CHANGES.c.account_id == bindparam("account_id"))
    .order_by(_OWNER_CHANGES.c.changed_at.desc(), _OWNER_CHANGES.c.id.desc())
    .limit(1)
)


def _account_row(row: Row[Any]) -> AccountRow:
    return AccountRow(
        id=int(row.id),
        team_id=row.team_id,
        name=row.name,
        name_key=row.name_key,
        owner_id=row.owner_id,
        billed=money.to_money(row.billed),
        forecast=money.to_money(row.forecast),
    )


def find_by_name(session: Session, *, team_id: str, key: str, limit: int) -> list[AccountRow]:
    """Returns the account named by a normalised key first, then those it is a prefix of (one index range)."""
    rows = statements.run(session, _BY_NAME, {"team_id": team_id, "key": key, "top": key + _TOP, "limit": limit})
    return [_account_row(row) for row in rows]


def count_by_prefix(session: Session, *, team_id: str, key: str) -> int:
    """Returns how many accounts' normalised names start with the key."""
    counted = statements.run(session, _COUNT_BY_PREFIX, {"team_id": team_id, "key": key, "top": key + _TOP}).one()
    return int(counted.accounts)


def account_row(session: Session, *, team_id: str, account_id: int) -> AccountRow | None:
    """Returns one of the workspace's accounts as a row."""
    row = statements.run(session, _ACCOUNT_BY_ID, {"account_id": account_id, "team_id": team_id}).first()
    return _account_row(row) if row is not None else None


def card_contacts(session: Session, *, account_id: int) -> list[ContactRow]:
    """Returns an account's contacts in the order they were added."""
    rows = statements.run(session, _CARD_CONTACTS, {"account_id": account_id}).mappings()
    return [interaction_queries.contact_row(row) for row in rows]


def contact_email(session: Session, *, team_id: str, contact_id: int) -> str | None:
    """Returns the address of one of the workspace's contacts."""
    row = statements.run(session, _CONTACT_EMAIL, {"contact_id": contact_id, "team_id": team_id}).first()
    return str(row.email) if row is not None else None


def previous_owner(session: Session, *, account_id: int) -> str | None:
    """Returns who owned the account before its latest owner change."""
    row = statements.run(session, _PREVIOUS_OWNER, {"account_id": account_id}).first()
    return row.old_owner_id if row is not None else None

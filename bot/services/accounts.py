"""Account use cases: resolving names as reps type them, the account card, ownership."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bot.core import matching, money
from bot.core.commands import name_key
from bot.services import audit, outbox
from storage.models import Account, OwnerChange
from storage.queries import accounts as account_queries
from storage.queries import corrections as correction_queries
from storage.queries import interactions as interaction_queries
from storage.rows import AccountRow, ContactRow

AMBIGUOUS_LIMIT = 5
OWNER_NOTICE = "owner_change"
TIMELINE_LIMIT = 10


class AccountExists(ValueError):
    """An account with that name (ignoring case and spacing) already exists."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed account name refers to: one account, several candidates, or nothing."""

    account: AccountRow | None
    candidates: tuple[AccountRow, ...] = ()
    stage: matching.Stage | None = None
    more: int = 0


def resolve_account(db: Session, *, team_id: str, name: str) -> Resolution:
    """Matches a name with the one account matcher: exact, case and spacing, look-alikes, unique prefix.

    Names are unique by their folded key, and the key sorts before every name it is a prefix of, so one index
    range fetches every account the matcher could pick; `more` counts candidates beyond those fetched.
    """
    key = name_key(name)
    found = account_queries.find_by_name(db, team_id=team_id, key=key, limit=AMBIGUOUS_LIMIT)
    verdict = matching.match_account(name, found)
    if verdict.account is not None:
        return Resolution(verdict.account, stage=verdict.stage)
    more = 0
    if len(found) == AMBIGUOUS_LIMIT and key:
        more = account_queries.count_by_prefix(db, team_id=team_id, key=key) - len(found)
    return Resolution(None, verdict.candidates, more=more)


def create_account(
    db: Session,
    *,
    team_id: str,
    name: str,
    owner_id: str,
    now: datetime,
    billed: Decimal = money.ZERO,
    forecast: Decimal = money.ZERO,
) -> Account:
    """Creates an account owned by `owner_id`; raises AccountExists when the name is taken (amounts in cents)."""
    clean = " ".join(name.split())
    key = name_key(clean)
    if account_queries.get_account_by_key(db, team_id=team_id, key=key) is not None:
        raise AccountExists(clean)
    account_queries.ensure_workspace(db, team_id=team_id, now=now)
    return account_queries.add_account(
        db,
        team_id=team_id,
        name=clean,
        key=key,
        owner_id=owner_id,
        billed=money.to_money(billed),
        forecast=money.to_money(forecast),
        now=now,
    )


def change_owner(
    db: Session, *, account: AccountRow, new_owner_id: str, changed_by: str, now: datetime
) -> OwnerChange | None:
    """Makes a rep the account's only owner; returns the recorded change, or None if they already were."""
    stored = db.get(Account, account.id)
    assert stored is not None
    return change_owner_of(db, account=stored, new_owner_id=new_owner_id, changed_by=changed_by, now=now)


def change_owner_of(
    db: Session, *, account: Account, new_owner_id: str, changed_by: str, now: datetime
) -> OwnerChange | None:
    """Changes a stored account's owner, records it in the audit trail and queues a DM to both owners."""
    stored = account
    change = account_queries.record_owner_change(
        db, account=stored, new_owner_id=new_owner_id, changed_by=changed_by, now=now
    )
    if change is None:
        return None
    audit.record(
        db,
        team_id=stored.team_id,
        actor=changed_by,
        action="account.owner",
        subject_type="account",
        subject_id=stored.id or 0,
        before={"owner": change.old_owner_id},
        after={"owner": new_owner_id},
        now=now,
    )
    # Both owners hear of it from Pulse, once each, even if Slack is briefly unreachable.
    for user_id in dict.fromkeys(u for u in (change.old_owner_id, new_owner_id) if u):
        outbox.enqueue(
            db,
            team_id=stored.team_id,
            kind=OWNER_NOTICE,
            dedupe_key=f"owner:{change.id}:{user_id}",
            payload={"change_id": change.id, "user_id": user_id},
            now=now,
        )
    return change


@dataclass(frozen=True, slots=True)
class OwnerNotice:
    """A DM telling one person that an account moved to or from them."""

    team_id: str
    user_id: str
    account_name: str
    old_owner_id: str | None
    new_owner_id: str
    changed_by: str


def owner_notice(db: Session, *, change_id: int, user_id: str) -> OwnerNotice | None:
    """Reads an owner change for its DM, at send time."""
    change = db.get(OwnerChange, change_id)
    account = db.get(Account, change.account_id) if change is not None else None
    if change is None or account is None:
        return None
    return OwnerNotice(
        change.team_id, user_id, account.name, change.old_owner_id, change.new_owner_id, change.changed_by
    )


@dataclass(frozen=True, slots=True)
class ResponseView:
    """A response as the timeline shows it."""

    id: int
    answer: str
    comment: str
    label: str
    label_override: str | None
    experience: float


@dataclass(frozen=True, slots=True)
class PulseView:
    """A pulse as the timeline shows it, with its response if any."""

    state: str
    channel: str | None
    due_at: datetime
    sent_at: datetime | None
    skip_reason: str | None
    last_error: str | None
    response: ResponseView | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One interaction on an account's timeline, with the pulse that followed it."""

    interaction_id: int
    created_at: datetime
    occurred_at: datetime
    kind: str
    rep_id: str
    note: str
    contact_email: str | None
    pulse: PulseView | None


@dataclass(frozen=True, slots=True)
class AccountCard:
    """Everything `/pulse account` shows: the account, its contacts and its recent timeline."""

    account: AccountRow
    contacts: tuple[ContactRow, ...]
    timeline: tuple[TimelineEntry, ...]
    previous_owner_id: str | None
    interaction_count: int = 0

    @property
    def people(self) -> tuple[str, ...]:
        """Returns every Slack user the card names: owner, previous owner, the reps on the timeline."""
        ids = [self.account.owner_id, self.previous_owner_id or "", *(e.rep_id for e in self.timeline)]
        return tuple(dict.fromkeys(i for i in ids if i))


def get_account_card(db: Session, *, account: AccountRow, limit: int = TIMELINE_LIMIT) -> AccountCard:
    """Gathers an account's card: contacts, the newest interactions with their pulses, the last owner change."""
    timeline = tuple(_entry(row) for row in interaction_queries.card_timeline(db, account_id=account.id, limit=limit))
    return AccountCard(
        account=account,
        contacts=tuple(account_queries.card_contacts(db, account_id=account.id)),
        timeline=timeline,
        previous_owner_id=account_queries.previous_owner(db, account_id=account.id),
        interaction_count=correction_queries.count_live(db, account_id=account.id),
    )


def _entry(row: dict[str, Any]) -> TimelineEntry:
    """Turns one timeline row into an entry."""
    pulse = None
    if row["state"] is not None:
        response = None
        if row["response_id"] is not None:
            response = ResponseView(
                row["response_id"],
                row["answer"],
                row["comment"],
                row["label"],
                row["label_override"],
                float(row["experience"]),
            )
        pulse = PulseView(
            row["state"], row["channel"], row["due_at"], row["sent_at"], row["skip_reason"], row["last_error"], response
        )
    return TimelineEntry(
        row["id"],
        row["created_at"],
        row["occurred_at"],
        row["kind"],
        row["rep_id"],
        row["note"],
        row["contact_email"],
        pulse,
    )


def search_accounts(db: Session, *, team_id: str, query: str, limit: int = 99) -> list[Account]:
    """Returns accounts for a type-ahead: names starting with the query first, then names containing it."""
    return account_queries.search_accounts(db, team_id=team_id, query=name_key(query), limit=limit)


def search_contacts(db: Session, *, team_id: str, account_id: int | None, query: str) -> list[ContactRow]:
    """Returns an account's contacts whose address or name contains the query (none when no account is chosen)."""
    if account_id is None or get_account(db, team_id=team_id, account_id=account_id) is None:
        return []
    needle = query.casefold()
    found = account_queries.card_contacts(db, account_id=account_id)
    return [c for c in found if needle in c.email.casefold() or needle in (c.name or "").casefold()]


def contact_email(db: Session, *, team_id: str, contact_id: int) -> str | None:
    """Returns the address of one of the workspace's contacts, or None."""
    return account_queries.contact_email(db, team_id=team_id, contact_id=contact_id)


def get_account(db: Session, *, team_id: str, account_id: int) -> AccountRow | None:
    """Returns one of the workspace's accounts by id."""
    return account_queries.account_row(db, team_id=team_id, account_id=account_id)


def get_or_create_account(db: Session, *, team_id: str, name: str, owner_id: str, now: datetime) -> AccountRow:
    """Returns the account with this name (case, spacing and look-alikes folded), creating it if there is none."""
    return ensure_account(db, team_id=team_id, name=name, owner_id=owner_id, now=now)[0]


def ensure_account(db: Session, *, team_id: str, name: str, owner_id: str, now: datetime) -> tuple[AccountRow, bool]:
    """Like get_or_create_account, also saying whether the account was created just now."""
    found = account_queries.get_account_by_key(db, team_id=team_id, key=name_key(name))
    if found is not None:
        return AccountRow.of(found), False
    return AccountRow.of(create_account(db, team_id=team_id, name=name, owner_id=owner_id, now=now)), True

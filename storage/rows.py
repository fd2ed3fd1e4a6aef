"""Plain rows the hot-path Core queries return; same attribute names as the tables they come from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from storage.models import Account


@dataclass(frozen=True, slots=True)
class AccountRow:
    """An account as the hot paths read it."""

    id: int
    team_id: str
    name: str
    name_key: str
    owner_id: str
    billed: Decimal
    forecast: Decimal

    @classmethod
    def of(cls, account: Account) -> AccountRow:
        """Reads an ORM account into a row."""
        assert account.id is not None
        return cls(
            id=account.id,
            team_id=account.team_id,
            name=account.name,
            name_key=account.name_key,
            owner_id=account.owner_id,
            billed=account.billed,
            forecast=account.forecast,
        )


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A contact of an account."""

    id: int
    account_id: int
    email: str
    name: str
    slack_user_id: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class InteractionRow:
    """A logged interaction."""

    id: int
    team_id: str
    account_id: int
    contact_id: int | None
    rep_id: str
    kind: str
    note: str
    survey: bool
    occurred_at: datetime
    source: str = ""


@dataclass(frozen=True, slots=True)
class PulseRow:
    """A pulse as a confirmation shows it."""

    id: int
    state: str
    email: str
    due_at: datetime
    skip_reason: str | None

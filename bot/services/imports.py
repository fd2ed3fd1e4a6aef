"""Bulk imports from CSV: accounts (upserted by name) with their first contact."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core import emails
from bot.core.commands import MAX_ACCOUNT_NAME, account_name_too_long, name_key
from bot.core.i18n import parse_language
from bot.core.money import AmountError, parse_amount
from bot.core.tables import Row
from bot.services import accounts
from storage.queries import accounts as account_queries

ACCOUNT_COLUMNS = ("name", "owner", "billed", "forecast", "contact_name", "contact_email", "language")
REQUIRED_ACCOUNT_COLUMNS = ("name", "owner")
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")

OwnerResolver = Callable[[str], str | None]


class OwnerLookupFailed(RuntimeError):
    """Looking an owner's e-mail up failed (Slack unreachable, or still rate-limiting after retries)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that was not loaded, and why."""

    line: int
    message: str


@dataclass
class ImportReport:
    """How an import went: counts, and each rejected row with its line number."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contacts_added: int = 0
    errors: list[RowError] = field(default_factory=list)


class RowRejected(ValueError):
    """A row whose values cannot be loaded."""


def resolve_owners(rows: Iterable[Row], resolve_owner: OwnerResolver) -> OwnerResolver:
    """Looks up every owner e-mail in the rows once, before any transaction opens; returns the answers as a resolver.

    A failed look-up is remembered too, so its rows are reported rather than aborting the import."""
    found: dict[str, str | None] = {}
    failed: dict[str, str] = {}
    for row in rows:
        email = row.get("owner").strip().lstrip("@").strip("<>").lower()
        if "@" not in email or email in found or email in failed:
            continue
        try:
            found[email] = resolve_owner(email)
        except OwnerLookupFailed as error:
            failed[email] = str(error)

    def resolved(email: str) -> str | None:
        if email in failed:
            raise OwnerLookupFailed(failed[email])
        return found.get(email)

    return resolved


def import_accounts(
    db: Session,
    *,
    team_id: str,
    rows: Iterable[Row],
    resolve_owner: OwnerResolver,
    now: datetime,
    decimal_comma: bool = False,
) -> ImportReport:
    """Creates or updates one account per row (matched by name); bad rows are reported, good rows load."""
    report = ImportReport()
    account_queries.ensure_workspace(db, team_id=team_id, now=now)
    for row in rows:
        try:
            with db.begin_nested():
                _import_account_row(
                    db,
                    team_id=team_id,
                    row=row,
                    resolve_owner=resolve_owner,
                    now=now,
                    report=report,
                    decimal_comma=decimal_comma,
                )
        except RowRejected as rejected:
            report.errors.append(RowError(row.line, str(rejected)))
        except IntegrityError as error:
            report.errors.append(RowError(row.line, f"conflicts with existing data ({error.orig})"))
    return report


def _import_account_row(
    db: Session,
    *,
    team_id: str,
    row: Row,
    resolve_owner: OwnerResolver,
    now: datetime,
    report: ImportReport,
    decimal_comma: bool,
) -> None:
    """Validates one row and upserts its account and contact."""
    name = " ".join(row.get("name").split())
    if not name_key(name):
        raise RowRejected("the name is empty")
    if account_name_too_long(name):
        raise RowRejected(f"the name is longer than {MAX_ACCOUNT_NAME} characters")
    owner_id = _owner(row.get("owner"), resolve_owner)
    try:
        billed = parse_amount(row.get("billed"), decimal_comma=decimal_comma)
        forecast = parse_amount(row.get("forecast"), decimal_comma=decimal_comma)
    except AmountError as error:
        raise RowRejected(f"billed/forecast: {error}") from None
    email = row_email(row.get("contact_email"), label="contact_email")
    contact_name = row.get("contact_name")[:200]
    language = row_language(row.get("language"))

    account = account_queries.get_account_by_key(db, team_id=team_id, key=name_key(name))
    if account is None:
        account = account_queries.add_account(
            db,
            team_id=team_id,
            name=name,
            key=name_key(name),
            owner_id=owner_id,
            billed=billed,
            forecast=forecast,
            now=now,
        )
        report.created += 1
    else:
        changed = (account.name, account.billed, account.forecast) != (name, billed, forecast)
        owner_changed = accounts.change_owner_of(
            db, account=account, new_owner_id=owner_id, changed_by="import", now=now
        )
        if changed:
            account.name, account.billed, account.forecast, account.updated_at = name, billed, forecast, now
            db.add(account)
        if changed or owner_changed:
            report.updated += 1
        else:
            report.unchanged += 1
    if email:
        assert account.id is not None
        contact = account_queries.get_contact(db, account_id=account.id, email=email)
        if contact is None:
            account_queries.add_contact(db, account=account, email=email, name=contact_name, now=now, language=language)
            report.contacts_added += 1
        elif (contact_name and contact.name != contact_name) or (language and contact.language != language):
            contact.name = contact_name or contact.name
            contact.language = language or contact.language
            db.add(contact)
    db.flush()


def _owner(raw: str, resolve_owner: OwnerResolver) -> str:
    """Returns the owner's Slack user id, resolving an e-mail address through Slack."""
    if not raw:
        raise RowRejected("the owner is empty (a Slack user id like U012AB3CD, or their e-mail)")
    candidate = raw.strip().lstrip("@").strip("<>")
    if SLACK_USER_ID.match(candidate):
        return candidate
    if "@" in candidate:
        try:
            resolved = resolve_owner(candidate.lower())
        except OwnerLookupFailed as error:
            raise RowRejected(
                f"could not look up the owner {candidate}: {error}; import the file again later"
            ) from None
        if resolved is None:
            raise RowRejected(f"no Slack user has the e-mail {candidate}")
        return resolved
    raise RowRejected(f"owner '{raw[:60]}' is neither a Slack user id nor an e-mail address")


def row_language(raw: str) -> str | None:
    """Returns the supported language a row names, None when blank; rejects any other."""
    try:
        return parse_language(raw)
    except ValueError as error:
        raise RowRejected(str(error)) from None


def row_email(raw: str, *, label: str) -> str:
    """Returns a row's e-mail address normalised, '' when absent; rejects a malformed one, naming it by `label`."""
    if not raw:
        return ""
    try:
        return emails.normalize_email(raw)
    except emails.InvalidEmail as error:
        raise RowRejected(f"{label}: {error}") from None

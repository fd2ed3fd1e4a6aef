"""The one "log an interaction" use case: every surface (command, modal, API, pending choice) parses into
`LogInteraction` and calls `log_interaction`, which finds the account and contact, logs once and plans the pulse."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from bot.core import matching, states, survey
from bot.core.kinds import Kind
from bot.services import accounts, past_pulses, privacy
from storage.models import PendingLog
from storage.queries import accounts as account_queries
from storage.queries import audit as audit_queries
from storage.queries import interactions as interaction_queries
from storage.rows import AccountRow, ContactRow, InteractionRow, PulseRow


class IfMissing(StrEnum):
    """What a typed account name that matches no single account does."""

    REFUSE = "refuse"  # raise AccountNotFound, with the candidates
    PEND = "pend"  # keep the request pending while the rep picks (NeedsAccount)
    CREATE = "create"  # create the account, owned by the rep (RepRequired without one)


@dataclass(frozen=True, slots=True)
class AccountName:
    """An account as typed, matched as everywhere: exactly, ignoring case and spacing, look-alikes, unique prefix."""

    name: str
    if_missing: IfMissing = IfMissing.REFUSE


@dataclass(frozen=True, slots=True)
class NewAccount:
    """The rep's "new account" pick: the account of that name (a look-alike lands on it), created if none."""

    name: str


@dataclass(frozen=True, slots=True)
class PastPulse:
    """History from another system: the pulse went out at `at`, answered then or never (expired); none is planned."""

    at: datetime
    answered: bool
    channel: str


# An account already loaded, one picked by id, one named, or a new one; a contact by e-mail or by id (None: none).
AccountRef = AccountRow | int | AccountName | NewAccount
ContactRef = str | int | None


@dataclass(frozen=True, slots=True)
class LogInteraction:
    """What someone asked to log, from whichever surface; e-mail addresses arrive normalised (bot.core.emails)."""

    team_id: str
    account: AccountRef
    contact: ContactRef
    kind: Kind
    note: str
    survey: bool
    source: str
    idempotency_key: str
    # The rep who had the interaction; None means the account's owner.
    rep_id: str | None = None
    contact_name: str = ""
    occurred_at: datetime | None = None
    # The contact's language for surveys (en, de, fr, es); None keeps what is stored.
    language: str | None = None
    # A repeated key answers with the first result before anything is resolved again (names may have changed).
    replay_first: bool = False
    # The key came from a client: the same key with a different request is refused (IdempotencyKeyReused).
    client_key: bool = False
    # Set for imported history: its pulse is recorded as it happened instead of planned.
    past: PastPulse | None = None


@dataclass(frozen=True, slots=True)
class Logged:
    """The outcome of a log request; `duplicate` is true when the same request was logged before."""

    interaction: InteractionRow
    account: AccountRow
    contact: ContactRow | None
    pulse: PulseRow | None
    duplicate: bool
    new_contact: bool
    skip_detail: str | None
    # What the rep typed, when the account was found by a looser match than its exact name.
    typed_as: str | None = None


@dataclass(frozen=True, slots=True)
class NeedsAccount:
    """The typed account name matched several accounts (candidates) or none; the log waits as `pending`."""

    pending: PendingLog
    typed: str
    candidates: tuple[AccountRow, ...]
    more: int = 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """An account a name could mean, copied out of the session, which rolls back when the request fails."""

    id: int
    name: str


class AccountNotFound(LookupError):
    """The account name matched no account (candidates empty) or several (the candidates)."""

    def __init__(self, name: str, candidates: tuple[AccountRow, ...]) -> None:
        super().__init__(name)
        self.name = name
        self.candidates = tuple(Candidate(a.id or 0, a.name) for a in candidates)


class RepRequired(ValueError):
    """A new account needs an owner, and the request named no rep."""


class IdempotencyKeyReused(ValueError):
    """A client's idempotency key already used for a request with a different body."""


class Gone(LookupError):
    """The account or contact picked by id no longer exists (both flags say which)."""

    def __init__(self, *, account: bool, contact: bool) -> None:
        super().__init__("account" if account else "contact")
        self.account, self.contact = account, contact


def log_interaction(
    db: Session,
    *,
    request: LogInteraction,
    now: datetime,
    policy: survey.SurveyPolicy | None = None,
    reader: Session | None = None,
) -> Logged | NeedsAccount:
    """Logs an interaction once per idempotency key: finds or creates its account and contact, plans its pulse.

    A typed name is looked up through `reader` when given, so the write transaction starts as late as it can;
    only `IfMissing.PEND` returns NeedsAccount.
    """
    claim = _claim(db, request=request) if request.client_key else None
    if request.replay_first or claim is not None:
        earlier = already_logged(db, team_id=request.team_id, key=request.idempotency_key)
        if earlier is not None:
            return earlier
    if claim is not None:
        audit_queries.claim_request(db, key=claim[0], team_id=request.team_id, now=now, fingerprint=claim[1])
    found, email = _picked(db, request=request)
    if isinstance(request.account, AccountName) and found is None:
        resolution = accounts.resolve_account(reader or db, team_id=request.team_id, name=request.account.name)
        if resolution.account is None:
            return _missing(db, request=request, email=email, resolution=resolution, policy=policy, now=now)
        found = resolution.account
        if resolution.stage in (matching.Stage.LOOK_ALIKE, matching.Stage.PREFIX):
            return replace(_log(db, request, found, email, policy=policy, now=now), typed_as=request.account.name)
    if isinstance(request.account, NewAccount):
        found, created = _ensure(db, request=request, name=request.account.name, now=now)
        return _log(db, request, found, email, policy=policy, now=now, created=created)
    assert found is not None
    return _log(db, request, found, email, policy=policy, now=now)


def _claim(db: Session, *, request: LogInteraction) -> tuple[str, str]:
    """Refuses a client's key reused for another request; returns the key and fingerprint to claim it under."""
    # A replay answers with what was logged the first time, even if names have changed since.
    fingerprint = _fingerprint(request)
    key = f"idem:{request.team_id}:{hashlib.sha256(request.idempotency_key.encode()).hexdigest()}"
    seen = audit_queries.handled_fingerprint(db, key=key)
    if seen and seen != fingerprint:
        raise IdempotencyKeyReused(request.idempotency_key)
    return key, fingerprint


def _fingerprint(request: LogInteraction) -> str:
    """Returns a hash of everything a request asks for, except its idempotency key (fields as first stored)."""
    account = request.account
    fields = {
        "account": account.name if isinstance(account, AccountName | NewAccount) else str(account),
        "email": str(request.contact),
        "kind": request.kind,
        "note": request.note,
        "survey": request.survey,
        "contact_name": request.contact_name,
        "occurred_at": request.occurred_at,
        "rep_id": request.rep_id,
        "create_account": isinstance(account, AccountName) and account.if_missing is IfMissing.CREATE,
        "language": request.language,
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def _picked(db: Session, *, request: LogInteraction) -> tuple[AccountRow | None, str | None]:
    """Returns the account given or picked by id, and the contact's address; raises Gone for a vanished pick."""
    account, email = request.account, request.contact
    found = account if isinstance(account, AccountRow) else None
    if isinstance(account, int):
        found = accounts.get_account(db, team_id=request.team_id, account_id=account)
    if isinstance(email, int):
        email = accounts.contact_email(db, team_id=request.team_id, contact_id=email) or ""
    gone_account = isinstance(account, int) and found is None
    if gone_account or email == "":
        raise Gone(account=gone_account, contact=email == "")
    return found, email


def _missing(
    db: Session,
    *,
    request: LogInteraction,
    email: str | None,
    resolution: accounts.Resolution,
    policy: survey.SurveyPolicy | None,
    now: datetime,
) -> Logged | NeedsAccount:
    """Handles a name that matched no single account, as the request's `if_missing` says."""
    name = request.account
    assert isinstance(name, AccountName)
    if name.if_missing is IfMissing.REFUSE:
        raise AccountNotFound(name.name, resolution.candidates)
    if name.if_missing is IfMissing.PEND:
        pending = interaction_queries.add_pending(
            db,
            pending_id=uuid.uuid4().hex,
            team_id=request.team_id,
            user_id=request.rep_id or "",
            payload=pending_payload(request, name=name.name, email=email),
            now=now,
        )
        return NeedsAccount(pending, name.name, resolution.candidates, more=resolution.more)
    account, created = _ensure(db, request=request, name=name.name, now=now)
    return _log(db, request, account, email, policy=policy, now=now, created=created)


def _ensure(db: Session, *, request: LogInteraction, name: str, now: datetime) -> tuple[AccountRow, bool]:
    """Returns the account of that name, created for the rep when there is none; says whether it is new."""
    if request.rep_id is None:
        raise RepRequired(name)
    return accounts.ensure_account(db, team_id=request.team_id, name=name, owner_id=request.rep_id, now=now)


def pending_payload(request: LogInteraction, *, name: str, email: str | None) -> dict[str, Any]:
    """The request as kept while the rep picks its account (the stored shape of `pending_log.payload`)."""
    return {
        "account": name,
        "email": email,
        "kind": request.kind.value,
        "note": request.note,
        "survey": request.survey,
        "language": request.language,
    }


def _log(
    db: Session,
    request: LogInteraction,
    account: AccountRow,
    email: str | None,
    *,
    policy: survey.SurveyPolicy | None,
    now: datetime,
    created: bool = False,
) -> Logged:
    """Logs the interaction with its contact and plans its pulse; a repeated idempotency key logs nothing new.

    This is the busiest write path, so it runs four Core statements (storage.statements) instead of ORM
    round trips (three when the contact is known: it is read with the asking facts); the unique idempotency
    key, not a lookup beforehand, is what stops a retry logging twice.
    """
    rep_id = request.rep_id or account.owner_id
    contact, new_contact = None, False
    asking: tuple[bool, datetime | None] | None = None
    if email is not None and request.past is None:
        # The contact and what planning its pulse needs to know, read in one statement.
        contact, new_contact, opted_out, last_asked = interaction_queries.upsert_contact_asking(
            db,
            team_id=account.team_id,
            account_id=account.id,
            email=email,
            name=request.contact_name,
            now=now,
            keys=(email, privacy.email_hash(email)),
            language=request.language,
        )
        asking = (opted_out, last_asked)
    elif email is not None:
        contact, new_contact = interaction_queries.upsert_contact(
            db,
            team_id=account.team_id,
            account_id=account.id,
            email=email,
            name=request.contact_name,
            now=now,
            language=request.language,
        )
    interaction = interaction_queries.insert_interaction(
        db,
        team_id=request.team_id,
        account_id=account.id,
        contact_id=contact.id if contact else None,
        rep_id=rep_id,
        kind=request.kind.value,
        note=request.note,
        survey=request.survey,
        source=request.source,
        idempotency_key=request.idempotency_key,
        occurred_at=request.occurred_at or now,
        now=now,
        created_account=created,
        created_contact=new_contact,
    )
    if interaction is None:
        return replay(db, team_id=request.team_id, key=request.idempotency_key, account=account)
    if request.past is not None:
        past = request.past
        pulse = past_pulses.record(
            db,
            interaction=interaction,
            email=email or "",
            at=past.at,
            answered=past.answered,
            channel=past.channel,
            now=now,
        )
        return Logged(interaction, account, contact, pulse, duplicate=False, new_contact=new_contact, skip_detail=None)
    assert contact is not None and policy is not None and asking is not None
    opted_out, last_asked = asking
    plan = survey.plan_pulse(
        now=now, policy=policy, rep_said_no=not request.survey, opted_out=opted_out, last_asked_at=last_asked
    )
    detail = None
    if plan.skip is not None:
        detail = survey.describe_skip(plan.skip, now=now, last_asked_at=plan.last_asked_at)
    pulse = interaction_queries.insert_pulse(
        db,
        team_id=account.team_id,
        account_id=account.id,
        contact_id=contact.id,
        interaction_id=interaction.id,
        rep_id=rep_id,
        email=contact.email,
        state=states.PulseState.SKIPPED if plan.skip else states.PulseState.SCHEDULED,
        skip_reason=detail,
        due_at=plan.due_at or now,
        asked_at=plan.due_at,
        now=now,
    )
    return Logged(interaction, account, contact, pulse, duplicate=False, new_contact=new_contact, skip_detail=detail)


def replay(db: Session, *, team_id: str, key: str, account: AccountRow | None = None) -> Logged:
    """Rebuilds the outcome of the interaction logged earlier under an idempotency key."""
    found = interaction_queries.logged_by_key(db, team_id=team_id, key=key)
    assert found is not None
    interaction, contact, pulse = found
    if account is None or account.id != interaction.account_id:
        account = account_queries.account_row(db, team_id=team_id, account_id=interaction.account_id)
        assert account is not None
    return Logged(
        interaction,
        account,
        contact,
        pulse,
        duplicate=True,
        new_contact=False,
        skip_detail=pulse.skip_reason if pulse else None,
    )


def already_logged(db: Session, *, team_id: str, key: str) -> Logged | None:
    """Returns what an idempotency key logged before, or None."""
    if interaction_queries.logged_by_key(db, team_id=team_id, key=key) is None:
        return None
    return replay(db, team_id=team_id, key=key)

"""Imports past survey responses (a Pulse export, or Delighted's CSV export) into account histories.

Each row becomes what Pulse would have recorded had it asked at the time: a contact (added if new), an
interaction (source "import"), an answered pulse and a scored response, all at the answer's time. A Pulse row
with an empty answer and an asked_at is a pulse that was sent and never answered: an expired pulse at that time,
with no response, so silence counts in an imported history as it does in a live one. The response
keeps its origin in `source_id` ("delighted:<id>", "pulse:<id>", or a hash of the row), so importing the same
file again adds nothing. History raises no alerts; each touched account's aggregates are refreshed once.

The formats, columns and score mapping are in bot.core.response_formats. The account of a row: the account
column names an existing account, or a new one when an owner is given; with no value there, the one account
that has a contact with the row's e-mail; else the one account with contacts at its domain (public mail
domains excepted); else the row is reported unmatched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core import response_formats as formats
from bot.core import survey
from bot.core.commands import MAX_ACCOUNT_NAME, account_name_too_long, name_key
from bot.core.kinds import Kind, kind_or_other
from bot.core.money import ZERO
from bot.core.tables import Row
from bot.services import interactions, stats
from bot.services.imports import RowError, RowRejected, row_email, row_language
from bot.services.responses import CORRECTABLE_LABELS, score_response
from storage.models import Account, Response
from storage.queries import accounts as account_queries
from storage.queries import responses as response_queries
from storage.rows import AccountRow

CHANNEL = "import"
_ORIGINS = {formats.Format.PULSE: "a Pulse export", formats.Format.DELIGHTED: "Delighted"}


@dataclass
class ResponseImportReport:
    """How an import went: counts, each rejected row with its line number, and how scores were read."""

    imported: int = 0
    unanswered: int = 0
    already_imported: int = 0
    accounts_created: int = 0
    contacts_added: int = 0
    unmatched: int = 0
    rejected: list[RowError] = field(default_factory=list)
    inferred_type: str | None = None
    survey_types: set[str] = field(default_factory=set)

    def scoring_notes(self) -> list[str]:
        """Returns one line per survey type read: how its scores became answers, and whether it was inferred."""
        notes = []
        for key in sorted(self.survey_types):
            note = f"Scores read as {formats.SCALES[key].describe()}"
            if key == self.inferred_type:
                why = "a score is above 5 or 0" if key == "nps" else "no score is above 5 or 0"
                note += f" (no survey type given: inferred, as {why})"
            notes.append(note + ".")
        return notes


class Unmatched(RowRejected):
    """A row whose account is unknown and cannot be told from its e-mail address."""


class _AlreadyImported(Exception):
    """The row's response is in the workspace already."""


@dataclass(frozen=True, slots=True)
class _Entry:
    """One row's values, checked and converted."""

    source_id: str
    origin: str
    at: datetime
    answer: survey.Answer | None
    comment: str
    email: str
    name: str
    account_name: str
    kind: Kind
    label_override: str | None
    survey_type: str | None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class _Stored:
    """Where a row went, and what it added."""

    account_id: int
    account_created: bool
    contact_added: bool


def import_responses(
    db: Session,
    *,
    team_id: str,
    layout: formats.Layout,
    rows: Iterable[Row],
    now: datetime,
    owner_id: str | None = None,
) -> ResponseImportReport:
    """Loads past responses into their accounts' histories; bad rows are reported with their line, good rows load.

    With `owner_id`, an account the account column names that does not exist yet is created for that owner.
    """
    report = ResponseImportReport()
    account_queries.ensure_workspace(db, team_id=team_id, now=now)
    table = list(rows)
    untyped = [row for row in table if not layout.cell(row, "type")]
    if "score" in layout.columns and untyped:
        report.inferred_type = formats.infer_survey_type(layout.cell(row, "score") for row in untyped)
    touched: set[int] = set()
    for row in table:
        try:
            with db.begin_nested():
                entry = _parse(row, layout=layout, default_type=report.inferred_type, now=now)
                stored = _store(db, team_id=team_id, entry=entry, owner_id=owner_id, now=now)
        except _AlreadyImported:
            report.already_imported += 1
        except (RowRejected, formats.BadValue) as rejected:
            if isinstance(rejected, Unmatched):
                report.unmatched += 1
            report.rejected.append(RowError(row.line, str(rejected)))
        except IntegrityError as error:
            report.rejected.append(RowError(row.line, f"conflicts with existing data ({error.orig})"))
        else:
            report.imported += 1
            report.unanswered += entry.answer is None
            report.accounts_created += stored.account_created
            report.contacts_added += stored.contact_added
            if entry.survey_type:
                report.survey_types.add(entry.survey_type)
            touched.add(stored.account_id)
    for account_id in sorted(touched):
        stats.refresh(db, account_id=account_id, team_id=team_id, now=now)
    return report


def _parse(row: Row, *, layout: formats.Layout, default_type: str | None, now: datetime) -> _Entry:
    """Checks and converts one row's values; raises BadValue or RowRejected saying what is wrong."""
    survey_type = None
    answer: survey.Answer | None = None
    if layout.format is formats.Format.PULSE and not layout.cell(row, "answer"):
        asked = layout.cell(row, "asked")
        if not asked:
            raise formats.BadValue("the answer is empty (a pulse never answered needs its asked_at)")
        at = formats.parse_time(asked, now=now)
    elif layout.format is formats.Format.PULSE:
        at = formats.parse_time(layout.cell(row, "time"), now=now)
        answer = formats.pulse_answer(layout.cell(row, "answer"))
    else:
        at = formats.parse_time(layout.cell(row, "time"), now=now)
        survey_type = formats.survey_type(layout.cell(row, "type")) or default_type
        if survey_type is None:
            raise RowRejected("the survey type is missing")
        answer = formats.SCALES[survey_type].answer(layout.cell(row, "score"))
    comment = survey.clean_comment(layout.cell(row, "comment"))
    if len(comment) > survey.MAX_COMMENT:
        # The survey page takes no more, and every surface is laid out for that length.
        comment = comment[: survey.MAX_COMMENT - 1].rstrip() + "…"
    label = layout.cell(row, "label")
    language = row_language(layout.cell(row, "language"))
    raw_email = layout.cell(row, "email")
    return _Entry(
        source_id=_source_id(row, layout),
        origin=_ORIGINS[layout.format],
        at=at,
        answer=answer,
        comment=comment,
        email=row_email(raw_email, label=f"e-mail '{raw_email[:80]}'"),
        name=layout.cell(row, "name")[:200],
        account_name=" ".join(layout.cell(row, "account").split()),
        kind=kind_or_other(layout.cell(row, "kind")),
        label_override=label if label in CORRECTABLE_LABELS else None,
        survey_type=survey_type,
        language=language,
    )


def _store(db: Session, *, team_id: str, entry: _Entry, owner_id: str | None, now: datetime) -> _Stored:
    """Records one response as the answered pulse of an interaction at the answer's time, through the one use case."""
    if response_queries.source_id_taken(db, team_id=team_id, source_id=entry.source_id):
        raise _AlreadyImported
    account, account_created = _account_for(db, team_id=team_id, entry=entry, owner_id=owner_id, now=now)
    assert account.id is not None
    request = interactions.LogInteraction(
        team_id=team_id,
        account=AccountRow.of(account),
        contact=entry.email or None,
        kind=entry.kind,
        note=f"Imported from {entry.origin}",
        survey=True,
        source=CHANNEL,
        idempotency_key=f"import:{entry.source_id}",
        contact_name=entry.name,
        occurred_at=entry.at,
        language=entry.language,
        past=interactions.PastPulse(at=entry.at, answered=entry.answer is not None, channel=CHANNEL),
    )
    logged = interactions.log_interaction(db, request=request, now=now)
    if not isinstance(logged, interactions.Logged) or logged.duplicate or logged.pulse is None:
        raise _AlreadyImported
    if logged.contact is not None and entry.name and not logged.contact.name:
        _name_contact(db, account=account, email=logged.contact.email, name=entry.name)
    if entry.answer is not None:
        _store_response(db, team_id=team_id, logged=logged, entry=entry, answer=entry.answer, now=now)
    return _Stored(account.id, account_created, logged.new_contact)


def _store_response(
    db: Session, *, team_id: str, logged: interactions.Logged, entry: _Entry, answer: survey.Answer, now: datetime
) -> None:
    """Adds the scored response of an imported answered pulse."""
    assert logged.pulse is not None
    response = Response(
        team_id=team_id,
        pulse_id=logged.pulse.id,
        account_id=logged.account.id,
        contact_id=logged.contact.id if logged.contact else None,
        answer=answer.value,
        channel=CHANNEL,
        source_id=entry.source_id,
        created_at=entry.at,
        updated_at=entry.at,
        reacted_at=now,  # history raises no alerts; the import refreshes the aggregates itself
    )
    if entry.label_override:
        # A rep's correction in the source workspace still wins over the scorer here.
        response.label_override, response.override_by, response.override_at = entry.label_override, CHANNEL, entry.at
    score_response(response, answer=answer, comment=entry.comment)
    db.add(response)
    db.flush()


def _name_contact(db: Session, *, account: Account, email: str, name: str) -> None:
    """Gives an existing contact without a name the one the import knows."""
    assert account.id is not None
    contact = account_queries.get_contact(db, account_id=account.id, email=email)
    if contact is not None and not contact.name:
        contact.name = name
        db.add(contact)


def _account_for(
    db: Session, *, team_id: str, entry: _Entry, owner_id: str | None, now: datetime
) -> tuple[Account, bool]:
    """Finds the row's account (in the order the module docstring gives); returns it and whether it is new."""
    if entry.account_name:
        key = name_key(entry.account_name)
        found = account_queries.get_account_by_key(db, team_id=team_id, key=key)
        if found is not None:
            return found, False
        if owner_id is None:
            raise Unmatched(f"no account is named '{entry.account_name[:80]}'")
        if account_name_too_long(entry.account_name):
            raise RowRejected(f"the account name is longer than {MAX_ACCOUNT_NAME} characters")
        created = account_queries.add_account(
            db,
            team_id=team_id,
            name=entry.account_name,
            key=key,
            owner_id=owner_id,
            billed=ZERO,
            forecast=ZERO,
            now=now,
        )
        return created, True
    if not entry.email:
        raise Unmatched("neither an account name nor an e-mail address to place the response by")
    by_contact = account_queries.account_ids_with_contact(db, team_id=team_id, email=entry.email)
    if len(by_contact) > 1:
        raise Unmatched(f"several accounts have the contact {entry.email}; name the account in a column")
    domain = entry.email.rpartition("@")[2]
    if not by_contact and domain not in formats.PUBLIC_MAIL_DOMAINS:
        by_contact = account_queries.account_ids_with_contact(db, team_id=team_id, domain=domain)
        if len(by_contact) > 1:
            raise Unmatched(f"several accounts have contacts at {domain}; name the account in a column")
    account = db.get(Account, by_contact[0]) if by_contact else None
    if account is None:
        raise Unmatched(f"no account has the contact {entry.email}, nor other contacts at {domain}")
    return account, False


def _source_id(row: Row, layout: formats.Layout) -> str:
    """Returns where the response came from: '<format>:<id>', or a hash when the row has no usable id."""
    raw = layout.cell(row, "id")
    if raw and len(raw) <= 120:
        return f"{layout.format.value}:{raw}"
    # Without an id the row's own content identifies it, so importing the same file again still matches.
    content = raw or json.dumps(sorted(row.values.items()), ensure_ascii=False)
    return f"{layout.format.value}:sha256-{hashlib.sha256(content.encode()).hexdigest()[:40]}"

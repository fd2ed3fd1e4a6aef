"""Personal data on request and over time: erasing a contact everywhere, expiring free text after a while.

Erasure keeps what is anonymous (answers, scores, the aggregates built from them) and removes who said what:
the contact's address and name, their comments and the cues quoted from them, the notes of interactions
with them, and their survey links. An opt-out survives as a one-way hash, so an erased person who opted out
is still never asked again. Messages already posted in Slack cannot be recalled from here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services import audit, stats
from storage import db as storage_db
from storage.models import Suppression
from storage.queries import privacy as privacy_queries


@dataclass
class ErasureReport:
    """What an erasure touched."""

    contacts: int = 0
    responses: int = 0
    interactions: int = 0
    pulses: int = 0
    accounts: int = 0
    pending: int = 0


def email_hash(email: str) -> str:
    """Returns the one-way form an opt-out keeps after erasure."""
    return "sha256:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def erase_contact(
    db: Session, *, email: str, now: datetime, team_id: str | None = None, actor: str = "cli"
) -> ErasureReport:
    """Removes a person's personal data and comments in every workspace (or one), keeping anonymous figures."""
    address = email.strip().lower()
    report = ErasureReport()
    storage_db.scrub_deletes(db)
    contacts = privacy_queries.list_contacts_with_email(db, email=address, team_id=team_id)
    contact_ids = [c.id for c in contacts if c.id is not None]
    accounts = {(c.account_id, c.team_id) for c in contacts}
    pulses = privacy_queries.list_pulses_to_email(db, email=address, team_id=team_id)
    pulse_ids = [p.id for p in pulses if p.id is not None]
    accounts |= {(p.account_id, p.team_id) for p in pulses}

    if contact_ids or pulse_ids:
        responses = privacy_queries.list_responses_of(db, contact_ids=contact_ids, pulse_ids=pulse_ids)
        for response in responses:
            response.comment, response.cues = "", []
            db.add(response)
        report.responses = len(responses)
        report.interactions = privacy_queries.blank_notes_of_contacts(db, contact_ids=contact_ids)
        privacy_queries.delete_links_of_pulses(db, pulse_ids=pulse_ids)
        for pulse in pulses:
            pulse.email = ""
            db.add(pulse)
        report.pulses = len(pulses)
    for suppression in privacy_queries.list_suppressions_of(db, email=address):
        if team_id is None or suppression.team_id == team_id:
            db.add(Suppression(team_id=suppression.team_id, email=email_hash(address), source="erased", created_at=now))
            db.delete(suppression)
    for pending in privacy_queries.list_pending(db):
        # A log still waiting for its account holds the address and the note in its payload.
        if str((pending.payload or {}).get("email", "")).strip().lower() == address and (
            team_id is None or pending.team_id == team_id
        ):
            db.delete(pending)
            report.pending += 1
    for contact in contacts:
        db.delete(contact)
    report.contacts = len(contacts)
    db.flush()
    for account_id, account_team in accounts:
        stats.refresh(db, account_id=account_id, team_id=account_team, now=now)
    report.accounts = len(accounts)
    # The trail names the erased person only by the hash an opt-out keeps, never by the address.
    for erased_team in sorted({t for _, t in accounts} | ({team_id} if team_id else set())):
        audit.record(
            db,
            team_id=erased_team,
            actor=actor,
            action="contact.erase",
            subject_type="contact",
            subject_id=email_hash(address),
            before=None,
            after={"contacts": report.contacts, "comments": report.responses, "notes": report.interactions},
            now=now,
        )
    return report


def expire_free_text(db: Session, *, now: datetime, older_than: timedelta) -> int:
    """Blanks comments and notes older than the retention period; answers and scores stay. Returns rows changed."""
    cutoff = now - older_than
    comments = privacy_queries.blank_comments_before(db, cutoff=cutoff)
    notes = privacy_queries.blank_notes_before(db, cutoff=cutoff)
    return comments + notes

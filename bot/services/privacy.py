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

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.services import audit, stats
from storage import db as storage_db
from storage.models import Contact, Interaction, PendingLog, Pulse, PulseToken, Response, Suppression, SurveyTap


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
    contact_query = select(Contact).where(Contact.email == address)
    if team_id is not None:
        contact_query = contact_query.where(Contact.team_id == team_id)
    contacts = list(db.exec(contact_query))
    contact_ids = [c.id for c in contacts if c.id is not None]
    accounts = {(c.account_id, c.team_id) for c in contacts}
    pulse_query = select(Pulse).where(Pulse.email == address)
    if team_id is not None:
        pulse_query = pulse_query.where(Pulse.team_id == team_id)
    pulses = list(db.exec(pulse_query))
    pulse_ids = [p.id for p in pulses if p.id is not None]
    accounts |= {(p.account_id, p.team_id) for p in pulses}

    if contact_ids or pulse_ids:
        responses = list(
            db.exec(
                select(Response).where(
                    col(Response.contact_id).in_(contact_ids) | col(Response.pulse_id).in_(pulse_ids)
                )
            )
        )
        for response in responses:
            response.comment, response.cues = "", []
            db.add(response)
        report.responses = len(responses)
        interactions = db.execute(
            update(Interaction).where(col(Interaction.contact_id).in_(contact_ids)).values(note="")
        )
        report.interactions = int(interactions.rowcount or 0)  # type: ignore[attr-defined]
        db.execute(delete(PulseToken).where(col(PulseToken.pulse_id).in_(pulse_ids)))
        db.execute(delete(SurveyTap).where(col(SurveyTap.pulse_id).in_(pulse_ids)))
        for pulse in pulses:
            pulse.email = ""
            db.add(pulse)
        report.pulses = len(pulses)
    for suppression in db.exec(select(Suppression).where(Suppression.email == address)):
        if team_id is None or suppression.team_id == team_id:
            db.add(Suppression(team_id=suppression.team_id, email=email_hash(address), source="erased", created_at=now))
            db.delete(suppression)
    for pending in db.exec(select(PendingLog)):
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
    comments = db.execute(
        update(Response)
        .where(col(Response.created_at) < cutoff, col(Response.comment) != "")
        .values(comment="", cues=[])
    )
    notes = db.execute(
        update(Interaction).where(col(Interaction.occurred_at) < cutoff, col(Interaction.note) != "").values(note="")
    )
    return int(comments.rowcount or 0) + int(notes.rowcount or 0)  # type: ignore[attr-defined]

"""Queries behind erasure and retention: finding a person's rows, blanking free text. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.models import Contact, Interaction, PendingLog, Pulse, PulseToken, Response, Suppression, SurveyTap


def list_contacts_with_email(session: Session, *, email: str, team_id: str | None) -> list[Contact]:
    """Returns the contacts with this address, in one workspace or in all."""
    statement = select(Contact).where(Contact.email == email)
    if team_id is not None:
        statement = statement.where(Contact.team_id == team_id)
    return list(session.exec(statement))


def list_pulses_to_email(session: Session, *, email: str, team_id: str | None) -> list[Pulse]:
    """Returns the pulses sent (or to be sent) to this address, in one workspace or in all."""
    statement = select(Pulse).where(Pulse.email == email)
    if team_id is not None:
        statement = statement.where(Pulse.team_id == team_id)
    return list(session.exec(statement))


def list_responses_of(session: Session, *, contact_ids: Sequence[int], pulse_ids: Sequence[int]) -> list[Response]:
    """Returns the responses given by these contacts or to these pulses."""
    return list(
        session.exec(
            select(Response).where(col(Response.contact_id).in_(contact_ids) | col(Response.pulse_id).in_(pulse_ids))
        )
    )


def blank_notes_of_contacts(session: Session, *, contact_ids: Sequence[int]) -> int:
    """Blanks the notes of the interactions with these contacts; returns how many rows changed."""
    result = session.execute(update(Interaction).where(col(Interaction.contact_id).in_(contact_ids)).values(note=""))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_links_of_pulses(session: Session, *, pulse_ids: Sequence[int]) -> None:
    """Deletes the survey link tokens and the taps of these pulses."""
    session.execute(delete(PulseToken).where(col(PulseToken.pulse_id).in_(pulse_ids)))
    session.execute(delete(SurveyTap).where(col(SurveyTap.pulse_id).in_(pulse_ids)))


def list_suppressions_of(session: Session, *, email: str) -> list[Suppression]:
    """Returns the opt-outs of this address in every workspace."""
    return list(session.exec(select(Suppression).where(Suppression.email == email)))


def list_pending(session: Session) -> list[PendingLog]:
    """Returns every log request still waiting for its account."""
    return list(session.exec(select(PendingLog)))


def blank_comments_before(session: Session, *, cutoff: datetime) -> int:
    """Blanks the comments (and the cues quoted from them) of responses older than the cutoff; returns how many."""
    result = session.execute(
        update(Response)
        .where(col(Response.created_at) < cutoff, col(Response.comment) != "")
        .values(comment="", cues=[])
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def blank_notes_before(session: Session, *, cutoff: datetime) -> int:
    """Blanks the notes of interactions that occurred before the cutoff; returns how many."""
    result = session.execute(
        update(Interaction).where(col(Interaction.occurred_at) < cutoff, col(Interaction.note) != "").values(note="")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

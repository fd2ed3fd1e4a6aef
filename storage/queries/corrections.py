"""Queries behind a rep's corrections: the interaction with its pulse, moving, cancelling, forgetting. No commits."""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import Account, Contact, Interaction, Pulse


def live_interaction(session: Session, *, team_id: str, interaction_id: int) -> Interaction | None:
    """Returns one of the workspace's interactions unless it was deleted."""
    found = session.get(Interaction, interaction_id)
    if found is None or found.team_id != team_id or found.deleted_at is not None:
        return None
    return found


def pulse_of(session: Session, *, interaction_id: int) -> Pulse | None:
    """Returns the pulse that followed an interaction."""
    return session.exec(select(Pulse).where(Pulse.interaction_id == interaction_id)).first()


def contact(session: Session, *, contact_id: int | None) -> Contact | None:
    """Returns a contact by id."""
    return session.get(Contact, contact_id) if contact_id is not None else None


def account(session: Session, *, account_id: int) -> Account | None:
    """Returns an account by id."""
    return session.get(Account, account_id)


def interactions_besides(session: Session, *, account_id: int, interaction_id: int) -> int:
    """Counts an account's other interactions, deleted ones included."""
    statement = select(func.count()).where(Interaction.account_id == account_id, Interaction.id != interaction_id)
    return int(session.exec(statement).one())


def contact_in_use(session: Session, *, contact_id: int, interaction_id: int) -> bool:
    """Says whether anything but this interaction refers to the contact."""
    others = select(func.count()).where(Interaction.contact_id == contact_id, Interaction.id != interaction_id)
    pulses = select(func.count()).where(Pulse.contact_id == contact_id, Pulse.interaction_id != interaction_id)
    return int(session.exec(others).one()) + int(session.exec(pulses).one()) > 0


def forget_account(session: Session, *, account_id: int) -> None:
    """Deletes an account and, by cascade, its contacts, interactions and pulses."""
    session.execute(delete(Pulse).where(col(Pulse.account_id) == account_id))
    session.execute(delete(Interaction).where(col(Interaction.account_id) == account_id))
    session.execute(delete(Contact).where(col(Contact.account_id) == account_id))
    session.execute(delete(Account).where(col(Account.id) == account_id))


def forget_contact(session: Session, *, contact_id: int) -> None:
    """Deletes a contact nothing refers to any more."""
    session.execute(delete(Contact).where(col(Contact.id) == contact_id))


def save(session: Session, *rows: object) -> None:
    """Writes changed rows within the caller's transaction."""
    session.add_all(rows)
    session.flush()


def count_live(session: Session, *, account_id: int) -> int:
    """Counts an account's interactions that were not deleted."""
    statement = select(func.count()).where(Interaction.account_id == account_id, col(Interaction.deleted_at).is_(None))
    return int(session.exec(statement).one())

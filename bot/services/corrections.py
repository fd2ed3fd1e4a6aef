"""Correcting a logged interaction: edit, delete, undo; an unsent pulse follows the change, a sent one stays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core import states, survey
from bot.core.kinds import Kind
from bot.services import accounts, audit, privacy
from storage import lease as storage_lease
from storage.models import Interaction, Pulse
from storage.queries import corrections as queries
from storage.queries import interactions as interaction_queries

UNDO_WINDOW = timedelta(minutes=1)
UNSENT = (states.PulseState.SCHEDULED, states.PulseState.SKIPPED, states.PulseState.FAILED)


class Refused(Exception):
    """The change is not allowed; `problem` is gone, not_yours, too_late or undo_expired."""

    def __init__(self, problem: str, *, hours: int = 0) -> None:
        super().__init__(problem)
        self.problem = problem
        self.hours = hours


@dataclass(frozen=True, slots=True)
class Editable:
    """An interaction as the edit form shows it."""

    interaction_id: int
    account_id: int
    account_name: str
    contact_id: int | None
    contact_email: str | None
    kind: str
    note: str


@dataclass(frozen=True, slots=True)
class Correction:
    """What a change did; `pulse_outcome` is cancelled, readdressed, kept_sent, skipped or None (untouched)."""

    action: str
    account_name: str
    pulse_outcome: str | None = None
    pulse_email: str | None = None
    skip_reason: str | None = None
    account_removed: bool = False


@dataclass(frozen=True, slots=True)
class Edit:
    """The fields of an edit: an existing account (by id) or a new one (by name), a contact id or a new e-mail."""

    account_id: int | None
    new_account_name: str | None
    contact_id: int | None
    new_email: str | None
    kind: Kind
    note: str


# Asked only when someone changes another rep's interaction: is this person an admin? (a Slack look-up)
IsAdmin = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Change:
    """Who asks to change which interaction, and when; it may change within `hours` of being logged."""

    team_id: str
    user_id: str
    interaction_id: int
    now: datetime
    hours: int
    admin: IsAdmin | None = None


def _snapshot(interaction: Interaction) -> dict[str, object]:
    """Returns what the audit trail keeps of an interaction before or after a change."""
    return {
        "account_id": interaction.account_id,
        "contact_id": interaction.contact_id,
        "kind": interaction.kind,
        "note": interaction.note,
        "deleted": interaction.deleted_at is not None,
    }


def _changeable(db: Session, change: Change) -> Interaction:
    """Returns the interaction if this user (its rep, or an admin) may still change it, or raises Refused."""
    found = queries.live_interaction(db, team_id=change.team_id, interaction_id=change.interaction_id)
    if found is None:
        raise Refused("gone")
    if found.rep_id != change.user_id and not (change.admin is not None and change.admin()):
        raise Refused("not_yours")
    if change.now - found.created_at > timedelta(hours=change.hours):
        raise Refused("too_late", hours=change.hours)
    return found


def _record(db: Session, change: Change, *, action: str, found: Interaction, before: dict[str, object]) -> None:
    """Keeps a change in the audit trail, with the interaction as it was and as it is now."""
    assert found.id is not None
    audit.record(
        db,
        team_id=change.team_id,
        actor=change.user_id,
        action=action,
        subject_type="interaction",
        subject_id=found.id,
        before=before,
        after=_snapshot(found),
        now=change.now,
    )


def get_editable(db: Session, *, change: Change) -> Editable:
    """Returns what the edit form shows, or raises Refused."""
    found = _changeable(db, change)
    account = queries.account(db, account_id=found.account_id)
    contact = queries.contact(db, contact_id=found.contact_id)
    assert found.id is not None and account is not None
    return Editable(
        found.id,
        found.account_id,
        account.name,
        found.contact_id,
        contact.email if contact else None,
        found.kind,
        found.note,
    )


def delete_interaction(db: Session, *, change: Change, undo: bool = False) -> Correction:
    """Deletes an interaction and cancels its unsent pulse; an undo also forgets the account or contact it created."""
    found = _changeable(db, change)
    if undo and change.now - found.created_at > UNDO_WINDOW:
        raise Refused("undo_expired")
    assert found.id is not None
    account = queries.account(db, account_id=found.account_id)
    assert account is not None
    pulse = queries.pulse_of(db, interaction_id=found.id)
    outcome = _cancel(db, pulse)
    before = _snapshot(found)
    found.deleted_at, found.deleted_by = change.now, change.user_id
    queries.save(db, found)
    _record(db, change, action="interaction.undo" if undo else "interaction.delete", found=found, before=before)
    removed = False
    if undo and outcome != "kept_sent":
        removed = _forget_what_it_created(db, found)
    return Correction(
        "undone" if undo else "deleted",
        account.name,
        outcome,
        pulse.email if pulse else None,
        account_removed=removed,
    )


def _cancel(db: Session, pulse: Pulse | None) -> str | None:
    """Cancels a pulse not sent yet; says what happened to it."""
    if pulse is None:
        return None
    if pulse.state not in UNSENT:
        return "kept_sent"
    was_scheduled = pulse.state == states.PulseState.SCHEDULED
    pulse.state, pulse.next_action_at = states.PulseState.CANCELLED, None
    storage_lease.release(pulse)
    queries.save(db, pulse)
    return "cancelled" if was_scheduled else None


def _forget_what_it_created(db: Session, interaction: Interaction) -> bool:
    """Forgets the account (or contact) the log created when nothing else uses it; says if the account went."""
    assert interaction.id is not None
    others = queries.interactions_besides(db, account_id=interaction.account_id, interaction_id=interaction.id)
    if interaction.created_account and others == 0:
        queries.forget_account(db, account_id=interaction.account_id)
        return True
    contact_id = interaction.contact_id
    unused = contact_id is not None and not queries.contact_in_use(
        db, contact_id=contact_id, interaction_id=interaction.id
    )
    if interaction.created_contact and contact_id is not None and unused:
        interaction.contact_id = None
        queries.save(db, interaction)
        queries.forget_contact(db, contact_id=contact_id)
    return False


def edit_interaction(
    db: Session,
    *,
    team_id: str,
    user_id: str,
    interaction_id: int,
    edit: Edit,
    policy: survey.SurveyPolicy,
    now: datetime,
    hours: int,
    admin: IsAdmin | None = None,
) -> Correction:
    """Applies an edit; an unsent pulse is re-addressed (or skipped) for a new contact, a sent one is left alone."""
    change = Change(team_id, user_id, interaction_id, now, hours, admin)
    found = _changeable(db, change)
    assert found.id is not None
    if edit.account_id is not None:
        target = accounts.get_account(db, team_id=team_id, account_id=edit.account_id)
        if target is None:
            raise Refused("gone")
    else:
        target = accounts.get_or_create_account(
            db, team_id=team_id, name=edit.new_account_name or "", owner_id=user_id, now=now
        )
    old_contact = queries.contact(db, contact_id=found.contact_id)
    picked = queries.contact(db, contact_id=edit.contact_id)
    email = edit.new_email or (picked.email if picked is not None and picked.team_id == team_id else None)
    email = email or (old_contact.email if old_contact else None)
    contact_id = found.contact_id
    if email is not None:
        row, _ = interaction_queries.upsert_contact(
            db, team_id=team_id, account_id=target.id, email=email, name="", now=now
        )
        contact_id = row.id
    moved = target.id != found.account_id or contact_id != found.contact_id
    before = _snapshot(found)
    found.account_id, found.contact_id, found.kind, found.note, found.edited_at = (
        target.id,
        contact_id,
        edit.kind.value,
        edit.note,
        now,
    )
    queries.save(db, found)
    _record(db, change, action="interaction.edit", found=found, before=before)
    pulse = queries.pulse_of(db, interaction_id=found.id)
    if pulse is None or not moved:
        return Correction("edited", target.name)
    if pulse.state not in UNSENT:
        return Correction("edited", target.name, "kept_sent", pulse.email)
    return _readdress(db, pulse, found, account_name=target.name, email=email or "", policy=policy, now=now)


def _readdress(
    db: Session,
    pulse: Pulse,
    interaction: Interaction,
    *,
    account_name: str,
    email: str,
    policy: survey.SurveyPolicy,
    now: datetime,
) -> Correction:
    """Points an unsent pulse at the interaction's new account and contact, planning it again for that contact."""
    pulse.account_id, pulse.contact_id = interaction.account_id, interaction.contact_id
    if pulse.email == email:
        queries.save(db, pulse)
        return Correction("edited", account_name)
    # Asked before the pulse itself carries the new address, so it cannot throttle itself.
    opted_out, last_asked = interaction_queries.asking_facts(
        db, team_id=interaction.team_id, email=email, keys=(email, privacy.email_hash(email))
    )
    pulse.email = email
    plan = survey.plan_pulse(
        now=now, policy=policy, rep_said_no=not interaction.survey, opted_out=opted_out, last_asked_at=last_asked
    )
    if plan.skip is not None:
        reason = survey.describe_skip(plan.skip, now=now, last_asked_at=plan.last_asked_at)
        pulse.state, pulse.skip_reason = states.PulseState.SKIPPED, reason
        pulse.next_action_at = pulse.asked_at = None
        queries.save(db, pulse)
        return Correction("edited", account_name, "skipped", email, reason)
    due = pulse.due_at if pulse.state == states.PulseState.SCHEDULED else plan.due_at or now
    pulse.state, pulse.skip_reason, pulse.due_at, pulse.asked_at = states.PulseState.SCHEDULED, None, due, due
    pulse.next_action_at, pulse.last_error, pulse.attempts = due, None, 0
    queries.save(db, pulse)
    return Correction("edited", account_name, "readdressed", email)

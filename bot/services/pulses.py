"""Delivering pulses: claim what is due, send by the best route, record the outcome; each pulse at most once.

The clock claims due pulses under a lease in one short transaction (issuing link tokens there, so a link
works the moment it arrives), sends outside any transaction, then records each outcome in its own
transaction. A clock that dies mid-send loses nothing: the lease runs out and the pulse is claimed again.
"""

from __future__ import annotations

import hashlib
import logging
import random
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Literal, Protocol

from sqlmodel import Session

from bot.core import states, survey
from bot.core.branding import Brand
from bot.core.i18n import default_question, language_or_default
from bot.services import branding, stats
from bot.services.ports import PermanentDeliveryError, TemporaryDeliveryError
from storage import lease as storage_lease
from storage.models import Account, Contact, Pulse, Workspace
from storage.queries import pulses as pulse_queries

logger = logging.getLogger("pulse.delivery")

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
NO_ROUTE = "no way to reach the contact: set SMTP_URL for e-mail, or connect Slack"

Transaction = Callable[[], AbstractContextManager[Session]]
Route = Literal["email", "slack", "rep"]
# E-mail first: it is what contacts expect, and it needs no Slack directory lookup (rate limited at ~50/min).
ROUTE_ORDER: tuple[Route, ...] = ("email", "slack", "rep")


@dataclass(frozen=True, slots=True)
class SurveyMessage:
    """One survey (or reminder) to deliver, with its freshly issued link token."""

    pulse_id: int
    team_id: str
    email: str
    contact_name: str
    account_name: str
    rep_id: str
    sender_name: str
    question: str
    language: str
    token: str
    links: survey.Links
    reminder: bool
    message_id: str
    slack_user_id: str | None = None
    note: str = ""
    brand: Brand = field(default_factory=Brand)
    rep_language: str = "en"  # the workspace's: the rep reads Pulse in it when asked to forward the link


class EmailRoute(Protocol):
    """Sends survey e-mails."""

    def send_survey(self, message: SurveyMessage) -> None:
        """Delivers the e-mail or raises Temporary/PermanentDeliveryError."""


class SlackRoute(Protocol):
    """Reaches people in Slack."""

    def slack_user_for(self, team_id: str, email: str) -> str | None:
        """Returns the id of a Slack user with this address whom the bot can DM, or None."""

    def dm_survey(self, message: SurveyMessage) -> None:
        """Asks the contact in a DM, with answer buttons."""

    def dm_rep(self, message: SurveyMessage) -> None:
        """Sends the rep the link to forward."""


@dataclass(frozen=True, slots=True)
class Routes:
    """The delivery routes this deployment has; either may be absent."""

    email: EmailRoute | None
    slack: SlackRoute | None


@dataclass(frozen=True, slots=True)
class Step:
    """What the clock does with one claimed pulse."""

    pulse_id: int
    message: SurveyMessage
    channel: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one delivery attempt ended."""

    kind: Literal["delivered", "retry", "failed"]
    route: Route | None = None
    error: str | None = None
    retry_after: float | None = None
    slack_user_id: str | None = None


@dataclass
class AdvanceReport:
    """What one run of the clock did."""

    sent: int = 0
    reminded: int = 0
    expired: int = 0
    retried: int = 0
    failed: int = 0
    lost_lease: int = 0
    steps: list[Step] = field(default_factory=list)


def hash_token(token: str) -> str:
    """Returns the SHA-256 under which a token is stored; the token itself is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def advance_pulses(
    transaction: Transaction,
    routes: Routes,
    *,
    clock: Callable[[], datetime],
    policy: survey.SurveyPolicy,
    base_url: str,
    from_address: str,
    worker: str,
    batch: int = 50,
    lease: timedelta = LEASE,
) -> AdvanceReport:
    """Sends due pulses and reminders, expires old ones; returns what happened."""
    report = AdvanceReport()
    now = clock()
    with transaction() as db:
        claimed = pulse_queries.claim_due(db, now=now, lease_until=now + lease, owner=worker, limit=batch)
        for pulse in claimed:
            step = _prepare(db, pulse, now=now, base_url=base_url, from_address=from_address)
            if step is None:
                report.expired += 1
            else:
                report.steps.append(step)
    for step in report.steps:
        # The fence: a batch can outlive its lease (a slow mail server), and another clock may then have
        # claimed this pulse. Renewing the lease, only while it is still ours, before each send means two
        # clocks never both send it; whoever lost it skips the send.
        with transaction() as db:
            renewed = pulse_queries.renew_lease(db, pulse_id=step.pulse_id, owner=worker, until=clock() + lease)
        if not renewed:
            report.lost_lease += 1
            logger.info("pulse %s: another clock took it over; not sending it here", step.pulse_id)
            continue
        outcome = deliver(step, routes)
        with transaction() as db:
            _record(db, step, outcome, now=clock(), policy=policy, worker=worker, report=report)
    return report


def _prepare(db: Session, pulse: Pulse, *, now: datetime, base_url: str, from_address: str) -> Step | None:
    """Expires a pulse whose time is up, or issues a token and builds the message for its next send."""
    assert pulse.id is not None
    reminder = pulse.state != states.PulseState.SCHEDULED
    if reminder and pulse.expires_at is not None and now >= pulse.expires_at:
        pulse.state, pulse.next_action_at = states.PulseState.EXPIRED, None
        storage_lease.release(pulse)
        db.add(pulse)
        db.flush()
        stats.refresh(db, account_id=pulse.account_id, team_id=pulse.team_id, now=now)
        return None
    contact = db.get(Contact, pulse.contact_id) if pulse.contact_id else None
    account = db.get(Account, pulse.account_id)
    workspace = db.get(Workspace, pulse.team_id)
    assert account is not None
    # The contact's own language, else the workspace's, else English.
    language = language_or_default(
        (contact.language if contact else None) or (workspace.language if workspace else None)
    )
    token = secrets.token_urlsafe(32)
    pulse_queries.add_token(db, pulse_id=pulse.id, token_hash=hash_token(token), now=now)
    display_name = parseaddr(from_address)[0]
    brand = branding.get_brand(db, team_id=pulse.team_id, rep_id=pulse.rep_id)
    message = SurveyMessage(
        pulse_id=pulse.id,
        team_id=pulse.team_id,
        email=pulse.email,
        contact_name=contact.name if contact else "",
        account_name=account.name,
        rep_id=pulse.rep_id,
        sender_name=brand.sender or display_name or (workspace.name if workspace else ""),
        question=(workspace.question if workspace and workspace.question else default_question(language)),
        language=language,
        token=token,
        links=survey.survey_links(base_url, token),
        reminder=reminder,
        message_id=f"<pulse-{pulse.id}-{'reminder' if reminder else 'survey'}@{_domain(from_address)}>",
        slack_user_id=contact.slack_user_id if contact else None,
        brand=brand,
        rep_language=language_or_default(workspace.language if workspace else None),
    )
    return Step(pulse_id=pulse.id, message=message, channel=pulse.channel)


def _domain(address: str) -> str:
    """Returns the domain of the sender address, for Message-IDs."""
    return parseaddr(address)[1].rpartition("@")[2] or "pulse.invalid"


def deliver(step: Step, routes: Routes) -> Outcome:
    """Tries e-mail, then a Slack DM, then the rep (a Slack Connect contact: Slack first; a reminder: the same route).

    A permanent failure falls through to the next route; a temporary one stops here to be retried.
    """
    message = step.message
    # A contact known in Slack (Slack Connect) is asked where they are, with buttons; e-mail stays the fallback.
    order: tuple[Route, ...] = ("slack", "email", "rep") if message.slack_user_id else ROUTE_ORDER
    if step.channel in ROUTE_ORDER:
        order = (step.channel,)
    problem = NO_ROUTE
    for route in order:
        try:
            if route == "slack" and routes.slack is not None:
                user_id = message.slack_user_id or routes.slack.slack_user_for(message.team_id, message.email)
                if user_id is None:
                    continue
                routes.slack.dm_survey(_with(message, slack_user_id=user_id))
                return Outcome("delivered", route, slack_user_id=user_id)
            if route == "email" and routes.email is not None:
                routes.email.send_survey(message)
                return Outcome("delivered", route)
            if route == "rep" and routes.slack is not None:
                note = "" if problem == NO_ROUTE else f"I couldn't reach them directly ({problem})."
                routes.slack.dm_rep(_with(message, note=note))
                return Outcome("delivered", route)
        except TemporaryDeliveryError as error:
            return Outcome("retry", route, error=str(error)[:300], retry_after=error.retry_after)
        except PermanentDeliveryError as error:
            problem = f"{route}: {error}"[:300]
            logger.info("pulse %s: %s; trying the next route", message.pulse_id, problem)
    return Outcome("failed", error=problem)


def _with(message: SurveyMessage, **changes: object) -> SurveyMessage:
    """Returns a copy of a message with some fields changed."""
    from dataclasses import replace

    return replace(message, **changes)  # type: ignore[arg-type]


def _record(
    db: Session,
    step: Step,
    outcome: Outcome,
    *,
    now: datetime,
    policy: survey.SurveyPolicy,
    worker: str,
    report: AdvanceReport,
) -> None:
    """Stores an attempt's outcome, if this clock still holds the pulse's lease."""
    pulse = pulse_queries.holds_lease(db, pulse_id=step.pulse_id, owner=worker)
    if pulse is None:
        report.lost_lease += 1
        logger.warning("pulse %s: lease lost before its outcome was recorded", step.pulse_id)
        return
    storage_lease.release(pulse)
    pulse.attempts += 1
    reminder = step.message.reminder
    if outcome.kind == "delivered":
        _mark_delivered(db, pulse, outcome, now=now, policy=policy, reminder=reminder)
        db.add(pulse)
        if reminder:
            report.reminded += 1
        else:
            db.flush()
            stats.note_sent(db, account_id=pulse.account_id, team_id=pulse.team_id, now=now)
            report.sent += 1
    elif outcome.kind == "retry" and pulse.attempts < MAX_ATTEMPTS:
        pulse.last_error = outcome.error
        pulse.next_action_at = now + backoff(pulse.attempts, outcome.retry_after)
        report.retried += 1
    elif reminder:
        # A reminder that cannot go out is dropped; the pulse itself stays open until it expires.
        pulse.last_error = outcome.error
        pulse.next_action_at = pulse.expires_at
        report.failed += 1
    else:
        pulse.state, pulse.next_action_at, pulse.asked_at = states.PulseState.FAILED, None, None
        pulse.last_error = outcome.error
        report.failed += 1
    db.add(pulse)


def _mark_delivered(
    db: Session, pulse: Pulse, outcome: Outcome, *, now: datetime, policy: survey.SurveyPolicy, reminder: bool
) -> None:
    """Moves a pulse to sent (or reminded) and schedules its reminder or expiry."""
    pulse.last_error = None
    if reminder:
        pulse.state, pulse.reminded_at = states.PulseState.REMINDED, now
        pulse.next_action_at = pulse.expires_at
        return
    pulse.state, pulse.channel = states.PulseState.SENT, outcome.route
    pulse.sent_at = pulse.asked_at = now
    pulse.expires_at = now + policy.expires_after
    remind_at = now + policy.reminder_after
    pulse.next_action_at = remind_at if remind_at < pulse.expires_at else pulse.expires_at
    if outcome.slack_user_id and pulse.contact_id:
        contact = db.get(Contact, pulse.contact_id)
        if contact is not None and contact.slack_user_id != outcome.slack_user_id:
            contact.slack_user_id = outcome.slack_user_id
            db.add(contact)


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """Waits what the server asked for, else 30 s doubling per attempt up to an hour, with jitter."""
    if retry_after is not None and retry_after > 0:
        return timedelta(seconds=min(retry_after, 3600))
    base = min(30 * 2 ** max(0, attempts - 1), 3600)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))

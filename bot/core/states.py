"""The state machines of Pulse's stored work, in one place: the strings the database keeps, named.

Values are the strings already stored; storage, services and surfaces compare against these names only.
"""

from __future__ import annotations

from enum import StrEnum


class PulseState(StrEnum):
    """Where a pulse is in its life; the account timeline shows it."""

    SCHEDULED = "scheduled"
    SENT = "sent"
    REMINDED = "reminded"
    ANSWERED = "answered"
    EXPIRED = "expired"
    SKIPPED = "skipped"
    FAILED = "failed"
    CANCELLED = "cancelled"


# Sent and still taking an answer.
OPEN_STATES = (PulseState.SENT, PulseState.REMINDED)
# The clock still has something to do for the pulse.
ACTIVE_STATES = (PulseState.SCHEDULED, PulseState.SENT, PulseState.REMINDED)
# The pulse asked (or will ask) the contact; throttling counts them.
ASKING_STATES = (*ACTIVE_STATES, PulseState.ANSWERED, PulseState.EXPIRED)
# The pulse reached the contact.
DELIVERED_STATES = (PulseState.SENT, PulseState.REMINDED, PulseState.ANSWERED, PulseState.EXPIRED)


class TapState(StrEnum):
    """Where a tapped answer is: held, counted as the answer, or discarded."""

    HELD = "held"
    COUNTED = "counted"
    DISCARDED = "discarded"


class OutboxState(StrEnum):
    """Where a queued Slack message is: waiting to be sent, sent, given up on, or parked."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    # Nothing left to send (what it was about is gone).
    DROPPED = "dropped"
    # Queued by a demo workspace; never sent.
    DEMO = "demo"


class AlertState(StrEnum):
    """Where an owner's alert is."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


class DigestRunState(StrEnum):
    """Where one subscription's digest for one local day is."""

    POSTING = "posting"
    POSTED = "posted"
    # Nothing to say on a quiet day (the subscription asked to skip those).
    SKIPPED = "skipped"
    FAILED = "failed"


# A day's run that needs nothing more.
DIGEST_DONE = (DigestRunState.POSTED, DigestRunState.SKIPPED)

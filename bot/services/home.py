"""A rep's own view of their portfolio, for Pulse's App Home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.core.catalog import phrase
from bot.core.digest import Digest
from bot.core.experience import RATE_WINDOW
from bot.core.matrix import MatrixView
from bot.core.signals import ClassifyConfig
from bot.services import digests, pictures
from storage.queries import alerts as alert_queries
from storage.queries import pulses as pulse_queries

WAITING_LIMIT = 10
OWN = phrase("your accounts")


@dataclass(frozen=True, slots=True)
class WaitingPulse:
    """A question sent to a contact and not answered yet."""

    account_name: str
    email: str
    sent_at: datetime
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class OpenAlert:
    """An alert on one of the rep's accounts that nobody acknowledged."""

    alert_id: int
    account_id: int
    account_name: str
    cause: str
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class RepHome:
    """What the Home tab shows a rep."""

    digest: Digest
    alerts: tuple[OpenAlert, ...]
    waiting: tuple[WaitingPulse, ...]
    waiting_total: int
    sent: int
    answered: int
    matrix: MatrixView | None = None

    @property
    def response_rate(self) -> float | None:
        """Returns the share answered of the rep's pulses of the last 180 days whose answer window has closed."""
        return self.answered / self.sent if self.sent else None


def rep_home(
    db: Session,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    config: ClassifyConfig | None = None,
    with_matrix: bool = False,
) -> RepHome:
    """Gathers a rep's portfolio (by class, and as a matrix when asked), open alerts, unanswered pulses and rate."""
    digest = digests.build(db, team_id=team_id, owner_ids=(user_id,), now=now, scope_label=OWN, config=config)
    alert_rows = alert_queries.list_open_for_owner(db, team_id=team_id, owner_id=user_id)
    waiting, waiting_total = pulse_queries.list_waiting_for_rep(
        db, team_id=team_id, user_id=user_id, limit=WAITING_LIMIT
    )
    sent, answered = pulse_queries.count_closed_for_rep(
        db, team_id=team_id, user_id=user_id, since=now - RATE_WINDOW, now=now
    )
    return RepHome(
        digest=digest,
        alerts=tuple(
            OpenAlert(
                alert_id=r.id,
                account_id=r.account_id,
                account_name=r.account_name,
                cause=r.cause,
                opened_at=r.opened_at,
            )
            for r in alert_rows
        ),
        waiting=tuple(
            WaitingPulse(account_name=r.account_name, email=r.email, sent_at=r.sent_at, expires_at=r.expires_at)
            for r in waiting
        ),
        waiting_total=waiting_total,
        sent=sent,
        answered=answered,
        matrix=(
            pictures.matrix_view(
                db, team_id=team_id, owner_ids=(user_id,), config=config or ClassifyConfig(), now=now, scope_label=OWN
            )
            if with_matrix
            else None
        ),
    )

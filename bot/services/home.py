"""A rep's own view of their portfolio, for Pulse's App Home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot.core.catalog import phrase
from bot.core.digest import Digest
from bot.core.experience import RATE_WINDOW
from bot.core.matrix import MatrixView
from bot.core.signals import ClassifyConfig
from bot.services import digests, pictures
from storage.models import Account, Alert, Pulse

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
    alert_rows = db.execute(
        select(col(Alert.id), col(Alert.account_id), col(Account.name), col(Alert.cause), col(Alert.opened_at))
        .join(Account, col(Account.id) == col(Alert.account_id))
        .where(col(Alert.team_id) == team_id, col(Account.owner_id) == user_id, col(Alert.state) == "open")
        .order_by(col(Alert.opened_at))
    ).all()
    mine = (col(Pulse.rep_id) == user_id) | (col(Account.owner_id) == user_id)
    waiting_query = (
        select(col(Account.name), col(Pulse.email), col(Pulse.sent_at), col(Pulse.expires_at))
        .join(Account, col(Account.id) == col(Pulse.account_id))
        .where(col(Pulse.team_id) == team_id, col(Pulse.state).in_(("sent", "reminded")), mine)
        .order_by(col(Pulse.sent_at).desc())
    )
    waiting = db.execute(waiting_query.limit(WAITING_LIMIT)).all()
    waiting_total = db.execute(select(func.count()).select_from(waiting_query.subquery())).scalar_one()
    # Only pulses whose answer window has closed, or that were answered, can count against the rate:
    # a question sent a minute ago has not had its chance yet.
    closed = (col(Pulse.state) == "answered") | (col(Pulse.expires_at) <= now) | (col(Pulse.state) == "expired")
    sent, answered = db.execute(
        select(func.count(), func.count().filter(col(Pulse.state) == "answered")).where(
            col(Pulse.team_id) == team_id,
            col(Pulse.rep_id) == user_id,
            col(Pulse.sent_at) >= now - RATE_WINDOW,
            closed,
        )
    ).one()
    return RepHome(
        digest=digest,
        alerts=tuple(OpenAlert(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4]) for r in alert_rows),
        waiting=tuple(WaitingPulse(str(r[0]), str(r[1]), r[2], r[3]) for r in waiting),
        waiting_total=int(waiting_total),
        sent=int(sent),
        answered=int(answered),
        matrix=(
            pictures.matrix_view(
                db, team_id=team_id, owner_ids=(user_id,), config=config or ClassifyConfig(), now=now, scope_label=OWN
            )
            if with_matrix
            else None
        ),
    )

"""The pictures' values: the portfolio matrix of a scope and one account's satisfaction over time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from bot.core.history import HistoryView, build_history
from bot.core.matrix import MatrixView, build_matrix
from bot.core.signals import ClassifyConfig
from bot.services import digests, stats
from storage.queries import accounts as account_queries
from storage.queries import pictures as picture_queries


def matrix_view(
    db: Session,
    *,
    team_id: str,
    owner_ids: Sequence[str] = (),
    config: ClassifyConfig,
    now: datetime,
    scope_label: str | None = None,
) -> MatrixView:
    """Builds the matrix of a workspace (or of some owners' portfolios) against the whole portfolio's cut-offs."""
    cut = digests.cutoffs(db, team_id=team_id, now=now, config=config)
    return build_matrix(
        digests.signals(db, team_id=team_id, owner_ids=owner_ids),
        cut,
        config,
        scope=scope_label or digests.scope_name(owner_ids),
        now=now,
    )


def history_view(
    db: Session, *, team_id: str, account_id: int, now: datetime, config: ClassifyConfig | None = None
) -> HistoryView:
    """Builds one account's satisfaction over the last two years, each answer with its comment's sentiment."""
    config = config or ClassifyConfig()
    account = account_queries.get_account(db, team_id=team_id, account_id=account_id)
    rows = (
        []
        if account is None
        else picture_queries.history_responses(db, team_id=team_id, account_id=account_id, since=now - stats.HISTORY)
    )
    return build_history(
        account_id,
        "" if account is None else account.name,
        [stats.scored(r) for r in rows],
        commented=frozenset(r.id for r in rows if r.id is not None and r.comment.strip()),
        satisfaction_low=config.satisfaction_low,
        satisfaction_high=config.satisfaction_high,
        now=now,
    )

"""Digests: the accounts' signals read from their aggregates, and the Digest value built from them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.core import portfolio
from bot.core.catalog import phrase
from bot.core.digest import DEFAULT_CAP, Digest, build_digest
from bot.core.signals import AccountSignals, AlertInfo, ClassifyConfig, QuietContact, Quote, Thresholds
from storage.queries import stats as stats_queries


def signals(db: Session, *, team_id: str, owner_ids: Sequence[str] = ()) -> Iterator[AccountSignals]:
    """Yields each account's signals (one query over accounts and their aggregates; no response scan)."""
    for row in stats_queries.digest_rows(db, team_id=team_id, owner_ids=owner_ids):
        yield _signals(row)


def _signals(row: Mapping[str, Any]) -> AccountSignals:
    """Turns one digest row into the core's AccountSignals."""
    quote = None
    if row["said_at"] is not None:
        quote = Quote(
            text=row["comment"] or "",
            answer=row["answer"],
            label=row["label_override"] or row["label"],
            cues=tuple(row["cues"] or ()),
            at=row["said_at"],
            contact=row["contact"] or "",
        )
    quiet = None
    if (row["quiet_contact_streak"] or 0) > 0:
        quiet = QuietContact(
            contact=row["quiet_contact"] or "",
            streak=row["quiet_contact_streak"],
            answered=row["quiet_contact_answered"] or 0,
            asked=row["quiet_contact_asked"] or 0,
        )
    alert = None
    if row["alert_id"] is not None:
        alert = AlertInfo(
            alert_id=row["alert_id"],
            cause=row["cause"],
            opened_at=row["opened_at"],
            acknowledged_by=row["acknowledged_by"],
            acknowledged_at=row["acknowledged_at"],
            snoozed_until=row["snoozed_until"],
        )
    return AccountSignals(
        account_id=row["account_id"],
        name=row["name"],
        owner_id=row["owner_id"],
        billed=row["billed"],
        forecast=row["forecast"],
        responses=row["responses"] or 0,
        satisfaction=row["satisfaction"],
        baseline=row["baseline"],
        previous_satisfaction=row["previous_satisfaction"],
        pulses_sent=row["pulses_sent"] or 0,
        pulses_answered=row["pulses_answered"] or 0,
        unanswered_streak=row["unanswered_streak"] or 0,
        last_response_at=row["last_response_at"],
        last_no_at=row["last_no_at"],
        recent_scores=tuple(row["recent_scores"] or ()),
        worst_recent=quote,
        alert=alert,
        quiet_contact=quiet,
    )


def build(
    db: Session,
    *,
    team_id: str,
    now: datetime,
    owner_ids: Sequence[str] = (),
    config: ClassifyConfig | None = None,
    scope_label: str | None = None,
    cap: int | None = None,
    max_entries: int = 200,
) -> Digest:
    """Builds the digest of a workspace (or of some owners' portfolios), ranked against the whole portfolio."""
    config = config or ClassifyConfig()
    label = scope_label or scope_name(owner_ids)
    assessed: portfolio.Assessed = {}
    if owner_ids:
        cut = cutoffs(db, team_id=team_id, now=now, config=config)
        accounts: Iterable[AccountSignals] = signals(db, team_id=team_id, owner_ids=owner_ids)
    else:  # the whole portfolio: read it once, and find each account's signals once for the cut and the list
        accounts = list(signals(db, team_id=team_id))
        cut = cutoffs(db, team_id=team_id, now=now, config=config, accounts=accounts, assessed=assessed)
    return build_digest(
        accounts,
        now=now,
        config=config,
        scope_label=label,
        thresholds=cut,
        cap=DEFAULT_CAP if cap is None else cap,
        max_entries=max_entries,
        max_growth=max_entries,
        assessed=assessed,
    )


def cutoffs(
    db: Session,
    *,
    team_id: str,
    now: datetime,
    config: ClassifyConfig,
    accounts: Iterable[AccountSignals] | None = None,
    assessed: portfolio.Assessed | None = None,
) -> Thresholds:
    """The workspace's cut-offs: high billing and forecast, and the end of the share-bounded at-risk list.

    Every surface that decides which accounts are at risk (digest, matrix, portfolio page, JSON, App Home) takes
    them from here, over the whole portfolio, so they agree whatever scope they show. `accounts` is the whole
    portfolio's signals when the caller has read them already; `assessed` keeps what was found for each.
    """
    billed, forecast = stats_queries.portfolio_revenue(db, team_id=team_id)
    cut = portfolio.thresholds(billed, forecast, config)
    every = signals(db, team_id=team_id) if accounts is None else accounts
    return portfolio.with_risk_cut(cut, every, config, now=now, assessed=assessed)


def scope_name(owner_ids: Sequence[str]) -> str:
    """Names a digest's scope in plain text (headers cannot mention people)."""
    if not owner_ids:
        return phrase("all accounts")
    if len(owner_ids) == 1:
        return phrase("one rep's accounts")
    return phrase("{reps} reps' accounts", reps=len(owner_ids))

"""The portfolio page's table: one row per account with the digest's class and reasons, filtered and sorted."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.core import money, portfolio, portfolio_risk
from bot.core.portfolio import AccountClass
from bot.core.signals import AccountSignals, ClassifyConfig, Thresholds
from bot.core.survey import experience_percent

SORTS = ("rank", "stake", "satisfaction", "class", "name", "owner")
# The direction a column sorts in when first chosen: the most telling first.
FIRST_DESCENDING = {"rank": False, "stake": True, "satisfaction": False, "class": False, "name": False, "owner": False}
SHOWN_REASONS = 3
MAX_ROWS = 500
_CLASS_ORDER = {account_class: index for index, account_class in enumerate(AccountClass)}


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One account as the table shows it: the digest's class and reasons, revenue at stake and satisfaction."""

    account_id: int
    name: str
    owner_id: str
    owner_name: str
    account_class: AccountClass
    billed: Decimal
    forecast: Decimal
    at_stake: Decimal
    satisfaction_pct: int | None
    trend_points: int | None
    at_risk: bool
    reasons: tuple[str, ...]
    confidence: str
    rank: int | None
    watch: bool = False

    @property
    def shown_reasons(self) -> tuple[str, ...]:
        """The reasons the table (and its CSV) shows: the most telling few."""
        return self.reasons[:SHOWN_REASONS]


@dataclass(frozen=True, slots=True)
class TableQuery:
    """What the visitor asked for: an owner, a class, a sort column and its direction (all from the URL)."""

    owner: str | None = None
    account_class: AccountClass | None = None
    sort: str = "rank"
    descending: bool = False

    def params(self, **changes: str) -> dict[str, str]:
        """Returns the query as URL parameters (non-default ones only), with some changed."""
        values = {
            "owner": self.owner or "",
            "class": self.account_class.value if self.account_class else "",
            "sort": "" if self.sort == "rank" else self.sort,
            "dir": ("desc" if self.descending else "asc") if self.descending != FIRST_DESCENDING[self.sort] else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value}

    def toggled(self, sort: str) -> dict[str, str]:
        """Returns the parameters that sort by a column: its first direction, or the other one if already chosen."""
        descending = not self.descending if sort == self.sort else FIRST_DESCENDING[sort]
        return self.params(sort="" if sort == "rank" else sort, dir="desc" if descending else "asc")


def parse_query(owner: str | None, account_class: str | None, sort: str | None, direction: str | None) -> TableQuery:
    """Reads the table's URL parameters; anything unknown falls back to the default (all owners, all classes)."""
    chosen = sort if sort in SORTS else "rank"
    assert chosen is not None
    classes = {c.value: c for c in AccountClass}
    owner = (owner or "").strip()
    descending = {"asc": False, "desc": True}.get(direction or "", FIRST_DESCENDING[chosen])
    return TableQuery(
        owner=owner if owner and len(owner) <= 32 and owner.isalnum() else None,
        account_class=classes.get(account_class or ""),
        sort=chosen,
        descending=descending,
    )


def build_rows(
    accounts: Iterable[AccountSignals],
    *,
    thresholds: Thresholds,
    config: ClassifyConfig,
    now: datetime,
    ranking: Sequence[int],
    names: Mapping[str, str],
) -> list[PortfolioRow]:
    """Classifies each account as the digest does (its reasons come with `explain`, for the rows shown).

    `ranking` is the digest's order of the accounts at risk.
    """
    rank_of = {account_id: index for index, account_id in enumerate(ranking, start=1)}
    rows = []
    for s in accounts:
        found = portfolio_risk.find_signals(s, thresholds, config, now=now)
        severity = portfolio_risk.combine(found)
        at_stake = money.positive(s.billed) + money.positive(s.forecast)
        over_floor, listed = portfolio.placement(s, severity, at_stake, thresholds, config, now=now)
        pct = None if s.satisfaction is None else experience_percent(s.satisfaction)
        trend = None if pct is None or s.baseline is None else pct - experience_percent(s.baseline)
        rows.append(
            PortfolioRow(
                account_id=s.account_id,
                name=s.name,
                owner_id=s.owner_id,
                owner_name=names.get(s.owner_id) or s.owner_id,
                account_class=portfolio.class_of(s, thresholds, config, severity=severity),
                billed=s.billed,
                forecast=s.forecast,
                at_stake=at_stake,
                satisfaction_pct=pct,
                trend_points=trend,
                at_risk=listed,
                reasons=(),
                confidence="",
                rank=rank_of.get(s.account_id),
                watch=over_floor and not listed,
            )
        )
    return rows


def explain(
    rows: Iterable[PortfolioRow],
    accounts: Mapping[int, AccountSignals],
    *,
    thresholds: Thresholds,
    config: ClassifyConfig,
    now: datetime,
) -> list[PortfolioRow]:
    """Adds the digest's full assessment (reasons, confidence) to the rows a page shows."""
    explained = []
    for row in rows:
        assessment = portfolio.assess(accounts[row.account_id], thresholds, config, now=now)
        explained.append(
            dataclasses.replace(row, reasons=assessment.reasons, confidence=assessment.classification.confidence)
        )
    return explained


def select_rows(
    rows: Iterable[PortfolioRow], query: TableQuery, *, limit: int = MAX_ROWS
) -> tuple[list[PortfolioRow], int]:
    """Filters by class and sorts as asked (unknown satisfaction last); returns the first `limit` and the count."""
    kept = [r for r in rows if query.account_class is None or r.account_class is query.account_class]
    kept.sort(key=lambda r: (r.name.casefold(), r.account_id))
    if query.sort == "rank":
        kept.sort(key=lambda r: (r.rank is None, r.rank or 0, -r.at_stake))
        if query.descending:
            kept.reverse()
    elif query.sort == "satisfaction":
        known = [r for r in kept if r.satisfaction_pct is not None]
        known.sort(key=lambda r: r.satisfaction_pct or 0, reverse=query.descending)
        kept = known + [r for r in kept if r.satisfaction_pct is None]
    else:
        kept.sort(key=lambda r: _sort_key(r, query.sort), reverse=query.descending)
    return kept[: max(0, limit)], len(kept)


def _sort_key(row: PortfolioRow, sort: str) -> tuple[object, ...]:
    """The value a column sorts by (ties keep the alphabetical order they came in)."""
    if sort == "stake":
        return (row.at_stake,)
    if sort == "class":
        return (_CLASS_ORDER[row.account_class],)
    if sort == "owner":
        return (row.owner_name.casefold(),)
    return (row.name.casefold(), row.account_id)

"""The portfolio pages' use cases: every account with the digest's class and reasons, and one account's story."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.core import catalog, portfolio_table
from bot.core.digest import Digest, build_digest
from bot.core.history import HistoryView
from bot.core.matrix import MatrixView
from bot.core.money import format_amount
from bot.core.portfolio_table import PortfolioRow, TableQuery
from bot.core.signals import AccountSignals, ClassifyConfig, Thresholds
from bot.services import accounts, digests, people, pictures
from bot.services.exports import safe_cell
from storage.queries import people as people_queries
from storage.queries import portfolio_web as queries

ACCOUNT_TIMELINE = 50


@dataclass(frozen=True, slots=True)
class PortfolioPage:
    """What the portfolio page shows: the rows asked for, how many matched, the owners to filter by, the digest."""

    query: TableQuery
    rows: tuple[PortfolioRow, ...]
    matching: int
    owners: tuple[tuple[str, str], ...]
    digest: Digest


@dataclass(frozen=True, slots=True)
class AccountPage:
    """One account's page: its row (class, reasons) and its card (contacts, answers, comments, sentiment)."""

    row: PortfolioRow
    card: accounts.AccountCard
    names: dict[str, str]


def portfolio_page(
    db: Session,
    *,
    team_id: str,
    query: TableQuery,
    now: datetime,
    config: ClassifyConfig,
    limit: int = portfolio_table.MAX_ROWS,
) -> PortfolioPage:
    """Assesses the workspace's accounts (one owner's, if asked) as the digest does, then filters and sorts them."""
    owner_ids = queries.owner_ids(db, team_id=team_id)
    names = people.display_names(db, team_id=team_id, user_ids=owner_ids, now=now)
    scope = (query.owner,) if query.owner else ()
    assessed = _assessed(db, team_id=team_id, owner_ids=scope, now=now, config=config, names=names)
    shown, matching = portfolio_table.select_rows(assessed.rows, query, limit=limit)
    owners = tuple(sorted(((o, names.get(o) or o) for o in owner_ids), key=lambda pair: pair[1].casefold()))
    rows = assessed.explain(shown, config=config, now=now)
    return PortfolioPage(query, tuple(rows), matching, owners, assessed.digest)


def account_page(
    db: Session,
    *,
    team_id: str,
    account_id: int,
    now: datetime,
    config: ClassifyConfig,
) -> AccountPage | None:
    """Returns one of the workspace's accounts with its assessment and its timeline; None if it has no such one."""
    found = accounts.get_account(db, team_id=team_id, account_id=account_id)
    if found is None:
        return None
    card = accounts.get_account_card(db, account=found, limit=ACCOUNT_TIMELINE)
    names = people.display_names(db, team_id=team_id, user_ids=card.people, now=now)
    assessed = _assessed(db, team_id=team_id, owner_ids=(found.owner_id,), now=now, config=config, names=names)
    row = next((r for r in assessed.rows if r.account_id == account_id), None)
    return None if row is None else AccountPage(assessed.explain([row], config=config, now=now)[0], card, names)


def matrix(db: Session, *, team_id: str, query: TableQuery, now: datetime, config: ClassifyConfig) -> MatrixView:
    """Returns the matrix of the accounts the table lists (same owner and class), before its sort and cut."""
    view = pictures.matrix_view(
        db, team_id=team_id, owner_ids=(query.owner,) if query.owner else (), config=config, now=now
    )
    if query.account_class is None:
        return view
    return dataclasses.replace(view, points=tuple(p for p in view.points if p.account_class is query.account_class))


def history(db: Session, *, team_id: str, account_id: int, now: datetime, config: ClassifyConfig) -> HistoryView | None:
    """Returns one of the workspace's accounts' satisfaction over time; None for an account it does not have."""
    if accounts.get_account(db, team_id=team_id, account_id=account_id) is None:
        return None
    return pictures.history_view(db, team_id=team_id, account_id=account_id, now=now, config=config)


def stale_names(db: Session, *, team_id: str, now: datetime, account_id: int | None = None) -> list[str]:
    """Returns the owners (and one account's reps) whose name the directory lacks or has not refreshed for a day.

    A few at most: the rest are asked for on the next visit.
    """
    owners = queries.owner_ids(db, team_id=team_id)
    if account_id is not None:
        owners = list(dict.fromkeys([*queries.rep_ids(db, team_id=team_id, account_id=account_id), *owners]))
    cached = people_queries.cached_names(db, team_id=team_id, user_ids=owners)
    due = [o for o in owners if o not in cached or now - cached[o][1] > people.NAME_TTL]
    return due[: people.MAX_LOOKUPS]


def save_names(db: Session, *, team_id: str, names: dict[str, str], now: datetime) -> None:
    """Keeps names Slack's directory gave, for every surface that names people."""
    for user_id, name in names.items():
        people_queries.save_name(db, team_id=team_id, user_id=user_id, name=name, now=now)


def _assessed(
    db: Session,
    *,
    team_id: str,
    owner_ids: Sequence[str],
    now: datetime,
    config: ClassifyConfig,
    names: dict[str, str],
) -> _Assessed:
    """Builds the digest of the scope (its ranking and headline) and classifies every account in it the same way."""
    cut = digests.cutoffs(db, team_id=team_id, now=now, config=config)
    listed = list(digests.signals(db, team_id=team_id, owner_ids=owner_ids))
    digest = build_digest(
        listed,
        now=now,
        config=config,
        scope_label=digests.scope_name(owner_ids),
        thresholds=cut,
        max_entries=len(listed),
        max_growth=0,
    )
    # Watch accounts (over the floor, beyond the bounded list) keep their place after the list, flagged.
    ranking = [entry.account_id for entry in (*digest.at_risk, *digest.watch)]
    rows = portfolio_table.build_rows(listed, thresholds=cut, config=config, now=now, ranking=ranking, names=names)
    return _Assessed(rows, digest, {s.account_id: s for s in listed}, cut)


@dataclass(frozen=True, slots=True)
class _Assessed:
    """A scope's rows (classes, not yet reasons), its digest, its accounts' signals and the cut-offs."""

    rows: list[PortfolioRow]
    digest: Digest
    accounts: dict[int, AccountSignals]
    thresholds: Thresholds

    def explain(self, rows: Sequence[PortfolioRow], *, config: ClassifyConfig, now: datetime) -> list[PortfolioRow]:
        """Adds the digest's reasons to the rows a page shows."""
        return portfolio_table.explain(rows, self.accounts, thresholds=self.thresholds, config=config, now=now)


def satisfaction_text(row: PortfolioRow, w: catalog.Words) -> str:
    """Says satisfaction with its trend against the account's usual level, as the digest does: '31/100 ↓28 pts'."""
    if row.satisfaction_pct is None:
        return w.gettext("no answers yet")
    text = f"{row.satisfaction_pct}/100"
    if row.trend_points:
        arrow = "↑" if row.trend_points > 0 else "↓"
        text += " " + w.ngettext("{arrow}{count} pt", "{arrow}{count} pts", abs(row.trend_points), arrow=arrow)
    return text


def table_cells(row: PortfolioRow, w: catalog.Words) -> tuple[str, str, str, str, str, tuple[str, ...]]:
    """Returns a row's cells as the page and its CSV show them: name, owner, class, at stake, satisfaction, reasons."""
    reasons = tuple(w.say(reason) for reason in row.shown_reasons)
    if row.watch:
        reasons = (w.gettext("Watch: weaker signs, beyond the bounded at-risk list"), *reasons)
    return (
        row.name,
        row.owner_name,
        w.say(row.account_class.label),
        format_amount(row.at_stake),
        satisfaction_text(row, w),
        reasons,
    )


def table_headings(w: catalog.Words) -> tuple[str, ...]:
    """Returns the table's column headings in the reader's language."""
    return (
        w.gettext("Account"),
        w.gettext("Owner"),
        w.gettext("Class"),
        w.gettext("Revenue at stake"),
        w.gettext("Satisfaction"),
        w.gettext("Why"),
    )


def table_csv(page: PortfolioPage, w: catalog.Words) -> str:
    """Writes exactly the rows the page shows as CSV, every cell defused against spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in table_headings(w)])
    for row in page.rows:
        *cells, reasons = table_cells(row, w)
        writer.writerow([safe_cell(str(cell)) for cell in cells] + [safe_cell("\n".join(reasons))])
    return out.getvalue()

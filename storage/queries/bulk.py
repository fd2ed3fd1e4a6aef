"""Bulk writes for seeding large portfolios: plain rows straight into their tables, then fresh statistics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from storage.models import Account, AccountStats, Alert, Contact, Response, Workspace

TABLES: Mapping[str, type[SQLModel]] = {
    "workspace": Workspace,
    "account": Account,
    "contact": Contact,
    "response": Response,
    "account_stats": AccountStats,
    "alert": Alert,
}
_WITH_IDS = ("account", "contact", "response", "alert")


def insert_rows(connection: Connection, *, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Inserts rows (dicts of column values, ids included) into one of the seeded tables in one statement."""
    if rows:
        connection.execute(insert(TABLES[table]), list(rows))


def settle(connection: Connection) -> None:
    """Moves PostgreSQL's id sequences past explicit ids and refreshes the planner's statistics."""
    if connection.dialect.name == "postgresql":
        for table in _WITH_IDS:  # constants: nothing outside reaches this SQL
            sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"  # noqa: S608
            connection.exec_driver_sql(sql)
    connection.exec_driver_sql("ANALYZE")

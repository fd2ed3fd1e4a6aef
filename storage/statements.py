"""SQLAlchemy Core on a session's connection, for the request paths that must answer in well under a millisecond.

Statements are built once at import and compiled once per dialect (SQLAlchemy caches the compiled form), and
run on the connection of the session's own transaction, so they commit or roll back with everything else.
Column types bind and read values (aware UTC times, JSON) the same way the ORM does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, CursorResult, Executable, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session, SQLModel

M = TypeVar("M", bound=SQLModel)


def inserted(session: Session, row: M) -> M:
    """Adds a new row and flushes it, so it comes back with its id (and a conflict is raised here)."""
    session.add(row)
    session.flush()
    return row


def inserted_once(session: Session, row: M) -> M | None:
    """Inserts a row unless a unique constraint already holds its twin; None then (the transaction goes on)."""
    try:
        with session.begin_nested():
            inserted(session, row)
    except IntegrityError:
        return None
    return row


def table(model: type[SQLModel]) -> Table:
    """Returns the Core table behind a SQLModel class."""
    found: Table = model.__table__  # type: ignore[attr-defined]
    return found


def connection(session: Session) -> Connection:
    """Returns the connection of the session's transaction, after the ORM's pending changes reached it."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()


def run(session: Session, statement: Executable, params: Mapping[str, Any] | None = None) -> CursorResult[Any]:
    """Runs a Core statement on the session's connection."""
    return connection(session).execute(statement, params or {})


def is_postgres(session: Session) -> bool:
    """Tells whether the session's database is PostgreSQL."""
    return session.get_bind().dialect.name == "postgresql"


def insert_ignoring(target: Table, *, unique: Sequence[str]) -> dict[str, Insert]:
    """Returns, per dialect name, an INSERT that does nothing when a row with the same unique columns exists."""
    return {
        "postgresql": postgresql.insert(target).on_conflict_do_nothing(index_elements=list(unique)),
        "sqlite": sqlite.insert(target).on_conflict_do_nothing(index_elements=list(unique)),
    }

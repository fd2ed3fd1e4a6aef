"""Engine and session factory: SQLite tuned for a small server, PostgreSQL for several processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

# Below Slack's 3-second limit: a request that cannot get the write lock in time says "try again" instead.
SQLITE_BUSY_TIMEOUT_MS = 2000

SessionFactory = Callable[[], Session]


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached, or stayed locked past the busy timeout."""


def create_db_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> Engine:
    """Creates an engine; SQLite gets WAL, a busy timeout, foreign keys and write-ahead transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            echo=echo,
            pool_size=pool_size,
            max_overflow=pool_size * 2,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5},
    )


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Sets per-connection pragmas and hands transaction control to SQLAlchemy."""
    # pysqlite's own BEGIN handling defers the write lock, which turns concurrent writers into
    # immediate SQLITE_BUSY errors in WAL mode; BEGIN IMMEDIATE below waits on the busy timeout instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        "PRAGMA foreign_keys=ON",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA temp_store=MEMORY",
    ):
        cursor.execute(pragma)
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    """Starts every SQLite transaction holding the write lock, so writers queue instead of failing."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> SessionFactory:
    """Returns a factory of sessions bound to the engine; objects stay readable after commit."""
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


@contextmanager
def transaction(sessions: SessionFactory) -> Iterator[Session]:
    """Opens a session, commits it when the block succeeds and rolls back when it raises."""
    session = sessions()
    try:
        yield session
        session.commit()
    except (OperationalError, DBAPIError) as error:
        session.rollback()
        if _is_unavailable(error):
            raise DatabaseUnavailable(str(error.orig)) from error
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _is_unavailable(error: DBAPIError) -> bool:
    """Tells a lock or lost connection (worth a retry) from a programming error."""
    if error.connection_invalidated or isinstance(error, OperationalError):
        return True
    message = str(error.orig).lower()
    return "locked" in message or "could not connect" in message


def check_database(engine: Engine) -> None:
    """Runs a trivial query; raises DatabaseUnavailable when the database does not answer."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        raise DatabaseUnavailable(str(error.orig)) from error

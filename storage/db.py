"""Engine and session factory: SQLite tuned for a small server, PostgreSQL for several processes."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
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


class WriteQueue:
    """Lines SQLite transactions up first come, first served: a lock across threads, flock across processes.

    SQLite's own busy handler makes waiting writers sleep in growing steps and serves them in no order, which
    turns a burst into seconds of tail latency and "database is locked" failures. Queuing before BEGIN means
    the write lock is always free by the time a transaction asks for it.
    """

    def __init__(self, path: str | None) -> None:
        self._threads = threading.Lock()
        self._fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600) if path else None

    def acquire(self, timeout: float) -> bool:
        """Waits for the turn of this thread; False when it did not come within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        if self._fd is None:
            return True
        # Another process holds it. Python has no timed flock, so poll: finely at first (a turn lasts well
        # under a millisecond), then more coarsely, and give up at the deadline like SQLite's busy timeout.
        tries = 0
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._threads.release()
                    return False
                tries += 1
                time.sleep(0.00005 if tries < 40 else 0.001)

    def release(self) -> None:
        """Hands the turn to the next transaction."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()


class _QueuedConnection(sqlite3.Connection):
    """A sqlite3 connection that gives its place in the write queue back when its transaction ends."""

    queue: WriteQueue | None = None
    holding = False

    def _leave(self) -> None:
        if self.holding and self.queue is not None:
            self.holding = False
            self.queue.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._leave()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._leave()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave()


def create_db_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> Engine:
    """Creates an engine; SQLite gets WAL, a busy timeout, foreign keys and queued write transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database if parsed.database not in (None, "", ":memory:") else None
        queue = WriteQueue(os.path.abspath(path) if path else None)
        engine = create_engine(
            url,
            echo=echo,
            pool_size=pool_size,
            max_overflow=pool_size * 2,
            connect_args={
                "check_same_thread": False,
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                "factory": _QueuedConnection,
            },
        )

        def tune(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.queue = queue
            _tune_sqlite(dbapi_connection, record)

        event.listen(engine, "connect", tune)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        # No ping before each checkout: it is one more round trip on every request. A connection the server
        # dropped fails once; SQLAlchemy then invalidates the pool and that request gets "try again".
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5},
    )


def create_read_engine(url: str, *, pool_size: int = 10) -> Engine | None:
    """Creates SQLite's read-only engine: readers never wait for the write queue (WAL lets them run alongside).

    Returns None for PostgreSQL, where reads need nothing of their own.
    """
    if make_url(url).get_backend_name() != "sqlite":
        return None
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    def tune(dbapi_connection: Any, record: Any) -> None:
        _tune_sqlite(dbapi_connection, record)
        # Each read runs in SQLite's autocommit mode on its own snapshot; writing from here is refused.
        dbapi_connection.execute("PRAGMA query_only=ON")

    event.listen(engine, "connect", tune)
    return engine


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
    """Starts every SQLite transaction at the head of the write queue, holding SQLite's write lock."""
    raw = connection.connection.dbapi_connection
    queue: WriteQueue | None = getattr(raw, "queue", None)
    if queue is not None and not raw.holding:
        if not queue.acquire(SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
        raw.holding = True
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except Exception:
        if queue is not None:
            raw._leave()
        raise


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


def scrub_deletes(session: Session) -> None:
    """On SQLite, makes deleted rows' bytes zeroed in the file instead of left in free space."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


def checkpoint(engine: Engine, *, attempts: int = 20) -> bool:
    """On SQLite, copies the WAL into the database file and truncates it, so erased data leaves the WAL too.

    A reader in another process can hold the WAL back for a moment; returns False if it stayed busy.
    """
    if engine.dialect.name != "sqlite":
        return True
    for _ in range(attempts):
        # Outside any transaction (the engine's begin hook would open one): a checkpoint cannot run inside one.
        raw = engine.raw_connection()
        try:
            busy = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if busy is not None and busy[0] == 0:
            return True
        time.sleep(0.1)
    return False


def check_session(session: Session) -> None:
    """Runs a trivial query on a (read-only) session; raises DatabaseUnavailable when it does not answer."""
    try:
        session.execute(text("SELECT 1"))
    except DBAPIError as error:
        raise DatabaseUnavailable(str(error.orig)) from error


def check_database(engine: Engine) -> None:
    """Runs a trivial query; raises DatabaseUnavailable when the database does not answer."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        raise DatabaseUnavailable(str(error.orig)) from error

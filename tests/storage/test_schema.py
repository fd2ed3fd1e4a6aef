"""The schema: migrations match the models, SQLite is tuned, times stay aware, idempotency holds under races."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel, select

from storage import db as storage_db
from storage.models import Account
from storage.queries import interactions as interaction_queries


def test_migrations_produce_exactly_the_models_schema(runtime):
    with runtime.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_sqlite_connections_are_tuned_for_a_small_server(tmp_path):
    engine = storage_db.create_db_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 2000, "synchronous": 1}
    engine.dispose()


def test_times_are_stored_in_utc_and_come_back_aware(runtime):
    berlin = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 29, 2, 30, tzinfo=berlin)
    with runtime.transaction() as db:
        account = Account(team_id="T1", name="A", name_key="a", owner_id="U1", created_at=moment, updated_at=moment)
        db.add(account)
    with runtime.transaction() as db:
        stored = db.exec(select(Account)).one()
    assert stored.created_at == moment and stored.created_at.tzinfo == UTC


def test_naive_datetimes_are_refused(runtime):
    with pytest.raises(Exception, match="naive datetime"), runtime.transaction() as db:
        db.add(
            Account(
                team_id="T1",
                name="A",
                name_key="a",
                owner_id="U1",
                created_at=datetime(2026, 1, 1),
                updated_at=datetime(2026, 1, 1),
            )
        )


def test_concurrent_inserts_with_one_idempotency_key_keep_one_row(runtime):
    now = datetime.now(UTC)
    with runtime.transaction() as db:
        account = Account(team_id="T1", name="A", name_key="a", owner_id="U1", created_at=now, updated_at=now)
        db.add(account)
        db.flush()
        account_id = account.id
    barrier = threading.Barrier(8)
    results: list[bool] = []

    def insert() -> None:
        barrier.wait()
        with runtime.transaction() as db:
            row = interaction_queries.insert_interaction(
                db,
                team_id="T1",
                account_id=account_id,
                contact_id=None,
                rep_id="U1",
                kind="call",
                note="",
                survey=True,
                source="slash",
                idempotency_key="k1",
                occurred_at=now,
                now=now,
            )
            results.append(row is not None)

    threads = [threading.Thread(target=insert) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    with runtime.transaction() as db:
        assert db.exec(text("SELECT count(*) FROM interaction")).scalar() == 1

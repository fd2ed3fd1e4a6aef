"""Amounts are NUMERIC(18, 2): cents come back exactly as Decimals on SQLite and PostgreSQL, also after 0010."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from alembic import command
from sqlalchemy import text
from sqlmodel import select

from storage import db as storage_db
from storage import migrate
from storage.models import Account
from storage.queries import accounts as account_queries
from storage.queries import stats as stats_queries

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
AMOUNTS = (Decimal("0.10"), Decimal("0.20"), Decimal("1234.56"), Decimal("9999999999999.99"))


def test_amounts_round_trip_exactly_through_every_read(database_url):
    engine = storage_db.create_db_engine(database_url)
    factory = storage_db.make_session_factory(engine)
    with storage_db.transaction(factory) as db:
        account_queries.ensure_workspace(db, team_id="T1", now=NOW)
        for n, amount in enumerate(AMOUNTS):
            account_queries.add_account(
                db, team_id="T1", name=f"A{n}", key=f"a{n}", owner_id="U1", billed=amount, forecast=amount, now=NOW
            )
    with storage_db.transaction(factory) as db:
        stored = [(a.billed, a.forecast) for a in db.exec(select(Account).order_by(Account.id))]
        billed, forecast = stats_queries.portfolio_revenue(db, team_id="T1")
        row = account_queries.account_row(db, team_id="T1", account_id=1)
    engine.dispose()
    assert stored == [(amount, amount) for amount in AMOUNTS]
    assert all(type(value) is Decimal for pair in stored for value in pair)
    assert sorted(billed) == sorted(forecast) == sorted(AMOUNTS)
    assert stored[0][0] + stored[1][0] == Decimal("0.30")
    assert row is not None and (row.billed, row.forecast) == (Decimal("0.10"), Decimal("0.10"))


def test_migration_0010_turns_stored_floats_into_cents(database_url):
    engine = storage_db.create_db_engine(database_url)
    config = migrate.alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO account (id, team_id, name, name_key, owner_id, billed, forecast, created_at, updated_at) "
                "VALUES (7, 'T1', 'Old', 'old', 'U1', :billed, :forecast, '2026-01-01 00:00:00.000000', "
                "'2026-01-01 00:00:00.000000')"
            ),
            {"billed": 0.1 + 0.2, "forecast": 1234.56},
        )
    migrate.upgrade(engine)
    factory = storage_db.make_session_factory(engine)
    with storage_db.transaction(factory) as db:
        account = db.get(Account, 7)
        assert account is not None
        assert (account.billed, account.forecast) == (Decimal("0.30"), Decimal("1234.56"))
    engine.dispose()

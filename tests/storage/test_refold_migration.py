"""Migration 0009 re-keys account names so look-alikes fold together, without breaking on names that now collide."""

from __future__ import annotations

from sqlalchemy import text

from bot.core.matching import name_key
from storage import db as storage_db
from storage import migrate


def test_upgrade_refolds_keys_and_keeps_colliding_accounts_apart(tmp_path):
    engine = storage_db.create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0004")
    rows = [
        (1, "Acme Corp", "acme corp"),
        (2, "Ａｃｍｅ Ｃｏｒｐ", "ａｃｍｅ ｃｏｒｐ"),
        (3, "Ac\u200bme", "ac\u200bme"),
    ]
    with engine.begin() as connection:
        for account_id, name, key in rows:
            connection.execute(
                text(
                    "INSERT INTO account (id, team_id, name, name_key, owner_id, billed, forecast, created_at, "
                    "updated_at) VALUES (:id, 'T1', :name, :key, 'U1', 0, 0, '2026-01-01 00:00:00.000000', "
                    "'2026-01-01 00:00:00.000000')"
                ),
                {"id": account_id, "name": name, "key": key},
            )
    migrate.upgrade(engine, "0009")
    with engine.connect() as connection:
        keys = dict(connection.execute(text("SELECT id, name_key FROM account")).all())
    assert keys == {1: "acme corp", 2: "acme corp #2", 3: name_key("Acme")}
    engine.dispose()

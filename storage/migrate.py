"""Schema migrations through Alembic, driven from Python so `pulse migrate` needs no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


class NotMigrated(RuntimeError):
    """The database schema is older (or newer) than this version of Pulse."""


def alembic_config(url: str) -> Config:
    """Returns an Alembic config pointing at Pulse's migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrates the database to the given revision (the newest by default)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_current(engine: Engine) -> bool:
    """Tells whether the database is at the newest revision."""
    head = ScriptDirectory.from_config(alembic_config("")).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def create_if_empty(engine: Engine) -> bool:
    """Migrates a database that has no Pulse schema yet (returns True); refuses an outdated one, naming the fix."""
    head = ScriptDirectory.from_config(alembic_config("")).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return False
    if current is None:
        upgrade(engine)
        return True
    raise NotMigrated(f"The database schema is at {current}, this Pulse needs {head}: run `pulse migrate` first.")

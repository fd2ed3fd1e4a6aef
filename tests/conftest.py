"""Fixtures: a fresh database per test on SQLite and PostgreSQL, the Slack stand-in, Pulse over real HTTP."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.jobs import Clock, build_clock
from app.web import create_web_app
from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from handlers.slack.app import build_bolt_app
from storage import migrate
from storage.db import create_db_engine
from storage.models import SQLModel
from tests.support.clock import FakeClock
from tests.support.server import free_port, serve
from tests.support.slack_requests import SIGNING_SECRET, SlackClient
from tests.support.slack_standin import BOT_TOKEN, SlackStandIn
from tests.support.smtp import SmtpServer

POSTGRES_URL = os.environ.get("PULSE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = [b for b in os.environ.get("PULSE_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies, so migrations run once per session."""
    path = tmp_path_factory.mktemp("template") / "pulse.db"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of its own on the local PostgreSQL server, migrated once, dropped at the end."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"pulse_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # pragma: no cover - explains a missing server instead of a long traceback
        raise RuntimeError(
            f"PostgreSQL at {POSTGRES_URL} is needed for the tests (`.ci/run` starts it): {error}"
        ) from error
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_db_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database: a copied SQLite file, or truncated PostgreSQL tables."""
    if request.param == "sqlite":
        path = tmp_path / "pulse.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_database")
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def clock() -> FakeClock:
    """The time as the app sees it."""
    return FakeClock()


@pytest.fixture
def standin(clock: FakeClock) -> Iterator[SlackStandIn]:
    """The local Slack Web API, on the tests' clock."""
    server = SlackStandIn(now=lambda: clock().timestamp()).start()
    yield server
    server.stop()


@pytest.fixture
def port() -> int:
    """The port Pulse's web app listens on in this test (known before it starts, for PUBLIC_URL)."""
    return free_port()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server that keeps what Pulse sends."""
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def extra_settings() -> dict[str, object]:
    """Per-test overrides of the settings (override this fixture in a module)."""
    return {}


@pytest.fixture
def settings(database_url: str, standin: SlackStandIn, port: int, smtp: SmtpServer, extra_settings) -> Settings:
    """Settings for a Pulse connected to the stand-in, a real SMTP server and the test database."""
    values: dict[str, object] = {
        "database_url": database_url,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": standin.api_url,
        "public_url": f"http://127.0.0.1:{port}",
        "smtp_url": smtp.url,
        "pulse_from_email": "Pulse at Ourco <pulse@ourco.example>",
        "pulse_delay_minutes": 30,
        "pulse_throttle_days": 14,
        **extra_settings,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.fixture
def runtime(settings: Settings, clock: FakeClock) -> Iterator[Runtime]:
    """Pulse's runtime on the test database, reading the fake clock."""
    built = build_runtime(settings, clock=clock)
    yield built
    built.engine.dispose()


@pytest.fixture
def pulse_url(runtime: Runtime, settings: Settings, port: int) -> Iterator[str]:
    """Pulse's web app served by uvicorn; yields its base URL."""
    with serve(create_web_app(runtime, build_bolt_app(runtime)), port=port) as url:
        yield url


@pytest.fixture
def clock_jobs(runtime: Runtime) -> Iterator[Clock]:
    """The clock's job context (delivery routes, worker id), to run jobs directly in tests."""
    built = build_clock(runtime)
    yield built
    built.close()


@pytest.fixture
def slack(pulse_url: str) -> Iterator[SlackClient]:
    """Sends signed Slack requests to the running Pulse."""
    client = SlackClient(pulse_url)
    yield client
    client.close()

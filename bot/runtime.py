"""The dependencies every surface shares, built once at the entry point and passed down."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.core.signals import ClassifyConfig
from bot.core.survey import SurveyPolicy
from bot.services.roles import Roles
from storage import db
from storage.models import utcnow


@dataclass(frozen=True)
class Runtime:
    """Settings, the database and the clock; copies of it (Bolt copies context values) are the same object."""

    settings: Settings
    engine: Engine
    sessions: db.SessionFactory
    clock: Callable[[], datetime] = field(default=utcnow)
    readers: db.SessionFactory | None = None

    def now(self) -> datetime:
        """Returns the current time, aware, from the injected clock."""
        return self.clock()

    def reader(self) -> Session:
        """Opens a session for reading only; on SQLite it never waits behind writers (close it when done)."""
        return (self.readers or self.sessions)()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Opens a session that commits when the block succeeds."""
        with db.transaction(self.sessions) as session:
            yield session

    @functools.cached_property
    def policy(self) -> SurveyPolicy:
        """Returns the survey timings from the settings (read once, like the settings)."""
        s = self.settings
        return SurveyPolicy(
            delay=timedelta(minutes=s.pulse_delay_minutes),
            throttle=timedelta(days=s.pulse_throttle_days),
            reminder_after=timedelta(days=s.pulse_reminder_days),
            expires_after=timedelta(days=s.pulse_expiry_days),
            edit_window=timedelta(hours=s.pulse_edit_hours),
            tap_hold=timedelta(seconds=s.pulse_tap_hold_seconds),
        )

    @functools.cached_property
    def roles(self) -> Roles:
        """Returns who administers Pulse (PULSE_ADMINS plus Slack's admins), cached per process."""
        return Roles(self.settings.admin_ids)

    @functools.cached_property
    def classify_config(self) -> ClassifyConfig:
        """Returns the classification and risk cut-offs from the settings (read once, like the settings)."""
        return classify_config(self.settings)

    def __deepcopy__(self, memo: dict[int, Any]) -> Runtime:
        return self


def classify_config(s: Settings) -> ClassifyConfig:
    """Turns the settings' PULSE_* cut-offs into the core's classification config."""
    return ClassifyConfig(
        billed_high_quantile=s.pulse_billed_high_quantile,
        forecast_high_quantile=s.pulse_forecast_high_quantile,
        billed_high=s.pulse_billed_high,
        forecast_high=s.pulse_forecast_high,
        satisfaction_low=s.pulse_satisfaction_low,
        satisfaction_high=s.pulse_satisfaction_high,
        confident_responses=s.pulse_confident_answers,
        drop_threshold=s.pulse_drop_threshold,
        silence_days=s.pulse_silence_days,
        signal_half_life_days=s.pulse_signal_half_life_days,
        severity_floor=s.pulse_at_risk_floor,
        strong_evidence=s.pulse_strong_evidence,
        at_risk_share=s.pulse_at_risk_share,
    )


def build_runtime(settings: Settings, *, clock: Callable[[], datetime] = utcnow) -> Runtime:
    """Creates the engine and session factory for the configured database (and a SQLite file's folder)."""
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = db.create_db_engine(settings.database_url)
    read_engine = db.create_read_engine(settings.database_url)
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=db.make_session_factory(engine),
        clock=clock,
        readers=db.make_session_factory(read_engine) if read_engine is not None else None,
    )

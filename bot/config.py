"""Typed settings, read once from the environment at the entry point and passed down."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def normalize_database_url(url: str) -> str:
    """Returns a SQLAlchemy URL for the psycopg driver when given a Heroku-style PostgreSQL URL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Settings(BaseSettings):
    """Everything Pulse reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    slack_team_id: str | None = Field(
        default=None, description="The workspace the CLI acts on when the database holds several."
    )
    database_url: str = "sqlite:///pulse.db"
    public_url: str | None = None
    # Signs links Pulse hands out (chart images); without it the Slack signing or client secret is used.
    pulse_secret_key: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = 3000
    web_concurrency: int = Field(default=1, ge=1, le=64)
    web_threads: int = Field(default=4, ge=1, le=64)
    smtp_url: SecretStr | None = None
    pulse_from_email: str = "pulse@localhost"
    pulse_delay_minutes: float = Field(default=30, ge=0)
    pulse_throttle_days: float = Field(default=14, ge=0)
    pulse_reminder_days: float = Field(default=3, gt=0)
    pulse_expiry_days: float = Field(default=14, gt=0)
    pulse_edit_hours: float = Field(default=72, ge=0)
    pulse_tap_hold_seconds: float = Field(default=120, ge=0, le=3600)
    # How long a rep (or an admin) may edit or delete a logged interaction.
    interaction_edit_hours: int = Field(default=24, ge=0)
    pulse_retention_days: float | None = Field(default=None, gt=0)
    request_timeout_seconds: float = Field(
        default=15, gt=0, le=300, description="A request's headers and body must arrive within this time."
    )
    pulse_billed_high: Decimal | None = Field(default=None, ge=0)
    pulse_forecast_high: Decimal | None = Field(default=None, ge=0)
    pulse_billed_high_quantile: float = Field(default=0.6, ge=0, le=1)
    pulse_forecast_high_quantile: float = Field(default=0.5, ge=0, le=1)
    pulse_satisfaction_low: float = Field(default=0.0, ge=-1, le=1)
    pulse_satisfaction_high: float = Field(default=0.4, ge=-1, le=1)
    pulse_confident_answers: int = Field(default=3, ge=1)
    pulse_drop_threshold: float = Field(default=0.25, gt=0, le=2)
    pulse_silence_days: int = Field(default=60, ge=1)
    pulse_signal_half_life_days: float = Field(default=30, gt=0)
    pulse_at_risk_floor: float = Field(default=0.3, gt=0, le=1)
    pulse_strong_evidence: float = Field(default=0.5, gt=0, le=1)
    # The at-risk list holds at most this share of the portfolio (strongest evidence first; the rest: "watch").
    pulse_at_risk_share: float = Field(default=0.15, gt=0, le=1)
    pulse_digest_cap: int = Field(default=10, ge=1, le=200)
    clock_interval_seconds: float = Field(default=15, gt=0)
    clock_lease_seconds: float = Field(default=300, gt=0)
    portfolio_session_hours: float = Field(
        default=8, gt=0, le=24 * 30, description="How long a Sign in with Slack session on the portfolio pages lasts."
    )
    pulse_admins: str = Field(
        default="", description="Slack user ids (comma or space separated) who administer Pulse besides Slack's admins."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    @field_validator("database_url")
    @classmethod
    def _normalize_database_url(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("slack_api_url")
    @classmethod
    def _slash_terminated(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @property
    def oauth_configured(self) -> bool:
        """Tells whether Pulse installs into any workspace through OAuth (client id, secret and signing secret)."""
        return (
            self.slack_client_id is not None
            and self.slack_client_secret is not None
            and self.slack_signing_secret is not None
        )

    @property
    def slack_configured(self) -> bool:
        """Tells whether Slack is connected: one workspace's bot token, or multi-workspace OAuth."""
        single = self.slack_bot_token is not None and self.slack_signing_secret is not None
        return single or self.oauth_configured

    @property
    def admin_ids(self) -> tuple[str, ...]:
        """Returns the user ids PULSE_ADMINS lists."""
        return tuple(dict.fromkeys(part for part in re.split(r"[\s,;]+", self.pulse_admins) if part))

    @property
    def link_secret(self) -> str | None:
        """Returns the secret that signs Pulse's links: PULSE_SECRET_KEY, else a Slack secret, else None."""
        for secret in (self.pulse_secret_key, self.slack_signing_secret, self.slack_client_secret):
            if secret is not None and secret.get_secret_value():
                return secret.get_secret_value()
        return None

    @property
    def base_url(self) -> str:
        """Returns the public base URL of survey links, without a trailing slash."""
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def portfolio_url(self) -> str | None:
        """Returns the portfolio page's address that Slack messages link to, or None without a PUBLIC_URL."""
        return f"{self.public_url.rstrip('/')}/portfolio" if self.public_url else None

    @property
    def is_sqlite(self) -> bool:
        """Tells whether the configured database is an embedded SQLite file."""
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """Returns the SQLite file path, or None for PostgreSQL and in-memory databases."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split(":///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)


def load_settings(**overrides: object) -> Settings:
    """Reads the environment once into a Settings object; overrides win (tests and CLI flags)."""
    return Settings(**overrides)  # type: ignore[arg-type]

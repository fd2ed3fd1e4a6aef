"""Runs the real `pulse` console script in a subprocess with a chosen environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def pulse_env(settings: Settings, **extra: str) -> dict[str, str]:
    """Returns an environment that configures a `pulse` process like the given settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PULSE_", "DATABASE_", "SMTP_"))}
    env.update(
        {"DATABASE_URL": settings.database_url, "SLACK_API_URL": settings.slack_api_url, "PYTHONPATH": str(ROOT)}
    )
    if settings.slack_bot_token:
        env["SLACK_BOT_TOKEN"] = settings.slack_bot_token.get_secret_value()
    if settings.slack_signing_secret:
        env["SLACK_SIGNING_SECRET"] = settings.slack_signing_secret.get_secret_value()
    if settings.public_url:
        env["PUBLIC_URL"] = settings.public_url
    env.update(extra)
    return env


def run_pulse(
    *args: str, env: dict[str, str], stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Runs `pulse <args>` and returns its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )

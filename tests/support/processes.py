"""Runs Pulse's own processes (`pulse clock`, `pulse web`) as real subprocesses, and kills them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from tests.support.cli import ROOT


class PulseProcess:
    """One `pulse <command>` process with its output kept in a file."""

    def __init__(self, *args: str, env: dict[str, str], log_path: str) -> None:
        self.log_path = log_path
        self.log = open(log_path, "ab")  # noqa: SIM115 - kept open for the process's life
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, stdout=self.log, stderr=self.log
        )

    def kill(self) -> None:
        """Kills the process at once (SIGKILL): no cleanup, exactly like a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        """Stops the process politely."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        if not self.log.closed:
            self.log.close()

    def output(self) -> str:
        """Returns what the process printed so far."""
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()


def wait_until(condition: Callable[[], bool], *, timeout: float = 60, what: str = "condition") -> None:
    """Polls until the condition holds, or fails the test naming it."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def clock_env(base: dict[str, str], **extra: str) -> dict[str, str]:
    """Adds the settings a fast test clock needs: short intervals and leases."""
    env = dict(base)
    env.update({"CLOCK_INTERVAL_SECONDS": "0.5", "CLOCK_LEASE_SECONDS": "4", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    env.setdefault("PATH", os.environ.get("PATH", "/usr/bin:/bin"))
    return env

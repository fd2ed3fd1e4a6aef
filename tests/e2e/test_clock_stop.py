"""`pulse clock` stops on SIGTERM, as a platform stops it, at any moment of its scheduling, and says so."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from tests.support.cli import pulse_env
from tests.support.processes import PulseProcess, clock_env, wait_until

DELAYS = (0.0, 0.013, 0.031, 0.057, 0.11, 0.23, 0.5, 0.97)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_clock_stops_on_sigterm_whenever_it_comes(database_url, settings, tmp_path):
    # Jobs every half second: some SIGTERMs land while a job is being handed to a worker thread, where a
    # handler that called into the scheduler used to wait forever on the scheduler's own lock.
    env = clock_env(pulse_env(settings), CLOCK_INTERVAL_SECONDS="0.05")
    for trial, delay in enumerate(DELAYS):
        clock = PulseProcess("clock", env=env, log_path=str(tmp_path / f"clock{trial}.log"))
        wait_until(lambda clock=clock: "clock started" in clock.output(), timeout=60, what="the clock to start")
        time.sleep(delay)
        clock.process.send_signal(signal.SIGTERM)
        try:
            code = clock.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            clock.kill()
            raise AssertionError(f"the clock ignored SIGTERM sent {delay} s after it started") from None
        clock.stop()
        assert code == 0, clock.output()
        assert "clock stopped" in clock.output()
        assert "Traceback" not in clock.output()

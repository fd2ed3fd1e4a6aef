"""Shared pieces of the HTTP benchmarks: servers in subprocesses, pre-signed wrk scripts, results and tables."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.runtime import Runtime

ROOT = Path(__file__).resolve().parents[1]

PYTHON = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"
WRK_TIMEOUT = "10s"
SIGNING_SECRET = "bench-signing-secret-0123456789abcdef"  # noqa: S105 - signs benchmark requests only
QUIET_BELOW = 0.15
QUIET_PATIENCE = 20.0
LOG_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b|Traceback \(most recent call last\)")


def exit_on_sigterm() -> None:
    """Turns SIGTERM into SystemExit, so servers, temp files and databases are cleaned up on the way out."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def log(message: str) -> None:
    """Prints progress to stderr, so stdout carries only the tables."""
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    """Returns a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def uvicorn_flags(workers: int = 1) -> list[str]:
    """Returns the uvicorn options every benchmarked server gets: no access log, uvloop/httptools."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return ["--workers", str(workers), "--no-access-log", "--loop", loop, "--http", http, "--log-level", "warning"]


def uvicorn_description() -> str:
    """Describes the uvicorn settings and the machine in one line, for the printed report."""
    import uvicorn

    flags = uvicorn_flags()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return (
        f"uvicorn {uvicorn.__version__}, --no-access-log, loop={flags[4]}, http={flags[6]} (baselines 1 worker "
        "process, Pulse as labelled); "
        f"{os.cpu_count()} CPUs, load average at the end {load}"
    )


def machine_busy(seconds: float = 1.0) -> float:
    """Returns the share of all CPUs busy over the next `seconds` (from /proc/stat), 0.0 where unavailable."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        return sum(values), values[3] + values[4]

    try:
        total, idle = sample()
        time.sleep(seconds)
        total2, idle2 = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    return 1.0 - (idle2 - idle) / max(1, total2 - total)


def wait_for_quiet(*, threshold: float = QUIET_BELOW, patience: float = QUIET_PATIENCE) -> float:
    """Waits (up to `patience` s) until other work leaves the machine nearly idle; returns the last busy share."""
    deadline = time.monotonic() + patience
    busy = machine_busy()
    while busy > threshold and time.monotonic() < deadline:
        busy = machine_busy()
    return busy


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Returns Slack's `v0=` signature of a request body."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One request wrk will send."""

    method: str
    path: str
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()


def slack_request(body: str, *, timestamp: int, secret: str = SIGNING_SECRET) -> HttpRequest:
    """Returns a POST /slack/events signed exactly as Slack signs it."""
    return HttpRequest(
        "POST",
        "/slack/events",
        body,
        (
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Slack-Request-Timestamp", str(timestamp)),
            ("X-Slack-Signature", sign(body, timestamp, secret)),
        ),
    )


class Server:
    """A uvicorn server in a subprocess of its own, serving one ASGI app factory on a free port."""

    def __init__(
        self, name: str, factory: str, env: Mapping[str, str], *, probe: str = "/healthz", workers: int = 1
    ) -> None:
        self.name = name
        self.workers = workers
        self.factory = factory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.probe = probe
        self.env = {**os.environ, **env, "PORT": str(self.port), "PYTHONUNBUFFERED": "1"}
        self._log_file = tempfile.NamedTemporaryFile(prefix=f"bench-{name}-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = Path(self._log_file.name)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Server:
        """Starts uvicorn and waits until the probe answers 200."""
        command = [PYTHON, "-m", "uvicorn", self.factory, "--factory", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), *uvicorn_flags(self.workers)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = f"{self.name} exited with {self.process.returncode}:\n{self.log_text()}"
                self.stop()
                raise RuntimeError(message)
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(self.url + self.probe, timeout=2) as response,
            ):
                if response.status == 200:
                    return self
            time.sleep(0.1)
        message = f"{self.name} did not answer {self.probe} within {timeout:.0f}s:\n{self.log_text()}"
        self.stop()
        raise RuntimeError(message)

    @property
    def pid(self) -> int:
        """Returns the server's process id."""
        assert self.process is not None
        return self.process.pid

    def log_size(self) -> int:
        """Returns how many bytes the server has logged so far (a mark for `problems_since`)."""
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_text(self, since: int = 0) -> str:
        """Returns what the server logged after the mark."""
        with self.log_path.open("rb") as handle:
            handle.seek(since)
            return handle.read().decode("utf-8", "replace")

    def problems_since(self, mark: int) -> list[str]:
        """Returns the warning, error and traceback lines the server logged after the mark."""
        return [line for line in self.log_text(mark).splitlines() if LOG_PROBLEM.search(line)]

    def stop(self) -> None:
        """Stops the server (SIGTERM, then SIGKILL after 20 s) and removes its log."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()
        self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


@dataclass
class WrkResult:
    """One wrk run: throughput, latency percentiles and every kind of error it saw."""

    label: str
    connections: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    connect_errors: int
    read_errors: int
    write_errors: int
    timeouts: int
    reused: bool
    busy_before: float = 0.0
    notes: list[str] = field(default_factory=list)
    output: str = ""

    @property
    def flagged(self) -> bool:
        """Tells whether the run saw errors (or extra problems noted by the caller) and must not count."""
        return bool(self.error_summary())

    def error_summary(self) -> str:
        """Returns every error of the run in a few words, or an empty string."""
        parts = []
        for count, name in (
            (self.non_2xx, "non-2xx"),
            (self.timeouts, "timeouts"),
            (self.connect_errors, "connect errors"),
            (self.read_errors, "read errors"),
            (self.write_errors, "write errors"),
        ):
            if count:
                parts.append(f"{count} {name}")
        if self.reused:
            parts.append("request table wrapped (repeated trigger ids)")
        return "; ".join(parts + self.notes)


_LUA = r"""
local THREADS = __THREADS__
local PREFIX = "__PREFIX__"
local UNIQUE = __UNIQUE__
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function split(line)
  local out, start = {}, 1
  while true do
    local at = string.find(line, "\t", start, true)
    if not at then
      table.insert(out, string.sub(line, start))
      return out
    end
    table.insert(out, string.sub(line, start, at - 1))
    start = at + 1
  end
end

function init(args)
  prepared = {}
  for line in io.lines(PREFIX .. tid) do
    local f = split(line)
    local headers = {}
    for i = 4, #f - 1, 2 do
      headers[f[i]] = f[i + 1]
    end
    local body = nil
    if f[3] ~= "" then body = f[3] end
    prepared[#prepared + 1] = wrk.format(f[1], f[2], headers, body)
  end
  count = #prepared
  issued = 0
  wrapped = 0
end

function request()
  issued = issued + 1
  if issued > count then wrapped = 1 end
  return prepared[((issued - 1) % count) + 1]
end

function done(summary, latency, _)
  local w, sent = 0, 0
  for _, t in ipairs(threads) do
    w = w + (t:get("wrapped") or 0)
    sent = sent + (t:get("issued") or 0)
  end
  if not UNIQUE then w = 0 end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d " ..
    "timeout=%d wrapped=%d issued=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout, w, sent))
end
"""


def _line(request: HttpRequest) -> str:
    fields = [request.method, request.path, request.body]
    for name, value in request.headers:
        fields += [name, value]
    if any("\t" in f or "\n" in f or "\r" in f for f in fields):
        raise ValueError("request fields must not contain tabs or line breaks")
    return "\t".join(fields)


def run_wrk(
    url: str,
    requests: Sequence[HttpRequest],
    *,
    label: str,
    connections: int,
    seconds: float,
    unique: bool,
    quiet: bool = True,
) -> WrkResult:
    """Runs `wrk -tT -cC -dDs --latency -s script.lua URL` over the requests, split between wrk's threads.

    Each wrk thread cycles through its own share of the requests; with `unique`, going round a second time
    (repeating a trigger id) flags the run. Figures come from wrk's done() hook: the numbers wrk prints.
    The run waits (briefly) for other work on the machine to settle and records how busy it was.
    """
    threads = min(2, connections)
    busy = wait_for_quiet() if quiet else machine_busy(0.2)
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        prefix = str(Path(folder) / "requests.")
        for tid in range(threads):
            share = requests[tid::threads]
            Path(prefix + str(tid)).write_text("\n".join(_line(r) for r in share) + "\n", encoding="utf-8")
        script = Path(folder) / "script.lua"
        lua = _LUA.replace("__THREADS__", str(threads)).replace("__PREFIX__", prefix)
        script.write_text(lua.replace("__UNIQUE__", "true" if unique else "false"), encoding="utf-8")
        command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
        command += ["--timeout", WRK_TIMEOUT, "-s", str(script), url]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120, check=False)
    output = done.stdout + done.stderr
    match = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{output}")
    values = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    duration = values["duration_us"] / 1e6
    return WrkResult(
        label=label,
        connections=connections,
        seconds=duration,
        requests=values["requests"],
        rps=values["requests"] / duration if duration else 0.0,
        p50_ms=values["p50_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        non_2xx=values["status"],
        connect_errors=values["connect"],
        read_errors=values["read"],
        write_errors=values["write"],
        timeouts=values["timeout"],
        reused=bool(values["wrapped"]),
        busy_before=busy,
        output=output,
    )


def run_duration(connections: int, seconds: float) -> float:
    """Returns the length of a run: half as long at one connection, where latency settles quickly."""
    return max(2.0, seconds / 2) if connections == 1 else seconds


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """Renders a Markdown table; `align` has one letter per column (l or r), right by default."""
    marks = ["---" if (align[i : i + 1] or "r") == "l" else "---:" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(value: float, base: float) -> str:
    """Formats value/base as `1.23x`."""
    return f"{value / base:.2f}x" if base else "n/a"


def busy_cell(result: WrkResult) -> str:
    """Returns how busy other work kept the machine just before the run, marked when it was not quiet."""
    share = f"{result.busy_before:.0%}"
    return f"**{share}**" if result.busy_before > QUIET_BELOW else share


def errors_cell(result: WrkResult) -> str:
    """Returns the errors column: 0, or what went wrong in bold so a flagged run stands out."""
    summary = result.error_summary()
    return f"**FLAGGED: {summary}**" if summary else "0"


@contextlib.contextmanager
def slack_standin() -> Iterator[str]:
    """Runs the test suite's Slack Web API stand-in; yields its SLACK_API_URL."""
    from tests.support.slack_standin import SlackStandIn

    standin = SlackStandIn().start()
    try:
        yield standin.api_url
    finally:
        standin.stop()


POSTGRES_ADMIN_URL = os.environ.get("PULSE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")
PULSE_FACTORY = "app.processes:web_app_from_env"


@contextlib.contextmanager
def temporary_database(backend: str) -> Iterator[str]:
    """Yields the URL of a fresh, migrated database (a temp SQLite file or `pulse_bench_*`), removed at the end."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from storage import migrate
    from storage.db import create_db_engine

    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="pulse-bench-") as folder:
            url = f"sqlite:///{folder}/pulse.db"
            engine = create_db_engine(url)
            migrate.upgrade(engine)
            engine.dispose()
            yield url
        return
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"pulse_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        engine = create_db_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def slack_env(api_url: str) -> dict[str, str]:
    """Returns the Slack settings every benchmarked Slack app reads: token, signing secret, the stand-in's URL."""
    from tests.support.slack_standin import BOT_TOKEN

    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api_url}


def pulse_env(database_url: str, api_url: str) -> dict[str, str]:
    """Returns the environment of a Pulse web process (`pulse web`'s factory) on a database."""
    return {**slack_env(api_url), "DATABASE_URL": database_url, "LOG_LEVEL": "INFO", "WEB_CONCURRENCY": "1"}


def pulse_runtime(database_url: str) -> Runtime:
    """Builds a Pulse runtime on a database, for seeding and checking it from the benchmark process."""
    from bot.config import Settings
    from bot.runtime import build_runtime

    settings = Settings(_env_file=None, database_url=database_url)
    return build_runtime(settings)

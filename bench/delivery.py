"""Benchmarks pulse delivery: due pulses per minute the clock sends by e-mail (real SMTP) and by Slack DM.

E-mail: N pulses fall due at once; the clock's own job (`jobs.advance_pulses`, as `pulse clock` runs it) sends
them through an aiosmtpd server in another process. Baseline, same run and server: smtplib alone sending N
messages of the same size on one connection, the transport's limit. Every Message-ID must arrive exactly once.

Slack: the contacts are Slack Connect users of the Slack stand-in, so each pulse is a DM with answer buttons
(users.lookupByEmail, conversations.open, chat.postMessage). Slack allows these methods about 50 calls a
minute per workspace (Tier 3); the figure to compare with is that allowance, and the benchmark checks from the
stand-in's own log that no 60-second window saw more calls than Slack allows.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import smtplib
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from bench.http_harness import (
    BACKENDS,
    exit_on_sigterm,
    free_port,
    log,
    markdown_table,
    ratio,
    slack_env,
    temporary_database,
)
from handlers.slack.pacing import PER_MINUTE, SLACK_PER_MINUTE

ROOT = Path(__file__).resolve().parents[1]

EMAIL_PULSES = 2_000
SLACK_PULSES = 120
TEAM_ID = "T0PULSE01"
SLACK_METHODS = ("users.lookupByEmail", "conversations.open", "chat.postMessage")
POLL_SECONDS = 0.25


# ---------------------------------------------------------------- a real SMTP server in its own process


def run_sink(port: int, path: str) -> None:
    """Serves SMTP on `port` with aiosmtpd and appends each message's Message-ID and size to `path` until SIGTERM."""
    from aiosmtpd.controller import Controller

    stopped = False

    def stop(*_: object) -> None:
        nonlocal stopped
        stopped = True

    with Path(path).open("a", buffering=1) as out:

        class Sink:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                head = envelope.content.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
                ids = [
                    line.split(":", 1)[1].strip()
                    for line in head.split("\r\n")
                    if line.lower().startswith("message-id:")
                ]
                out.write(f"{ids[0] if ids else '-'}\t{len(envelope.content)}\n")
                return "250 accepted"

        controller = Controller(Sink(), hostname="127.0.0.1", port=port)
        controller.start()
        signal.signal(signal.SIGTERM, stop)
        print("ready", flush=True)
        while not stopped:
            time.sleep(0.1)
        controller.stop()


@contextlib.contextmanager
def smtp_sink(folder: Path) -> Iterator[tuple[str, Path]]:
    """Starts the SMTP sink process; yields its SMTP_URL and the file of received Message-IDs."""
    port = free_port()
    received = folder / "received.txt"
    received.touch()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.delivery", "--sink", str(port), str(received)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        child.kill()
        raise RuntimeError("the SMTP sink did not start")
    try:
        yield f"smtp://127.0.0.1:{port}", received
    finally:
        child.terminate()
        child.wait(timeout=30)


def received(path: Path) -> list[tuple[str, int]]:
    """Returns the Message-ID and size of each message the sink has received so far, in order."""
    return [(line.split("\t")[0], int(line.split("\t")[1])) for line in path.read_text().splitlines() if line]


# ---------------------------------------------------------------- seeding due pulses through the real paths


def seed_due(runtime: Any, count: int, *, slack_users: Any = None) -> None:
    """Logs `count` interactions with distinct contacts over 50 accounts; every pulse falls due at once."""
    from bot.services import accounts, seeding
    from storage.rows import AccountRow

    with runtime.transaction() as db:
        owners = [
            AccountRow.of(
                accounts.create_account(
                    db, team_id=TEAM_ID, name=f"Account {n:02d}", owner_id=f"UREP{n % 5:04d}", now=runtime.now()
                )
            )
            for n in range(50)
        ]
    for start in range(0, count, 500):
        with runtime.transaction() as db:
            for i in range(start, min(count, start + 500)):
                email = f"buyer{i}@customer{i % 50}.example"
                if slack_users is not None:
                    slack_users.add_user(f"UC{i:06d}", email)
                seeding.log(
                    db,
                    account=owners[i % 50],
                    rep_id="UREP0001",
                    email=email,
                    note="Quarterly review",
                    source="bench",
                    key=f"bench:{i}",
                    policy=runtime.policy,
                    now=runtime.now(),
                )


def build_runtime(database_url: str, api_url: str, smtp_url: str | None) -> Any:
    """Builds the clock's runtime: no delay before a pulse, the stand-in as Slack, the sink as SMTP if given."""
    from bot.config import Settings
    from bot.runtime import build_runtime as build

    env = slack_env(api_url)
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        slack_bot_token=env["SLACK_BOT_TOKEN"],
        slack_signing_secret=env["SLACK_SIGNING_SECRET"],
        slack_api_url=api_url,
        smtp_url=smtp_url,
        pulse_from_email="Acme Success <pulse@acme.example>",
        public_url="https://pulse.acme.example",
        pulse_delay_minutes=0,
    )
    return build(settings)


def run_clock(runtime: Any, expected: int, *, timeout: float) -> tuple[float, int]:
    """Runs the clock's pulse job until `expected` pulses are sent; returns seconds taken and pulses retried."""
    from app import jobs

    clock = jobs.build_clock(runtime)
    sent = retried = 0
    started = time.perf_counter()
    try:
        while sent < expected:
            report = jobs.advance_pulses(clock)
            sent += report.sent
            retried += report.retried
            if report.failed:
                raise RuntimeError(f"{report.failed} pulses failed")
            if sent < expected:
                if time.perf_counter() - started > timeout:
                    raise RuntimeError(f"only {sent} of {expected} pulses sent in {timeout:.0f} s")
                time.sleep(POLL_SECONDS)  # what the clock does between runs, only shorter
    finally:
        clock.close()
    return time.perf_counter() - started, retried


# ---------------------------------------------------------------- e-mail


@dataclass(frozen=True, slots=True)
class EmailResult:
    """One backend's e-mail delivery against bare smtplib."""

    backend: str
    pulses: int
    seconds: float
    baseline_seconds: float
    duplicates: int
    missing: int
    bytes_per_message: int


def bare_smtp(smtp_url: str, count: int, size: int) -> float:
    """Sends `count` multipart messages of about `size` bytes over one smtplib connection; returns seconds."""
    port = int(smtp_url.rsplit(":", 1)[1])
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as connection:
        for i in range(count):
            message = EmailMessage()
            message["From"] = "pulse@acme.example"
            message["To"] = f"bare{i}@customer.example"
            message["Subject"] = "Would you buy from us again?"
            message["Message-ID"] = f"<bare-{i}@acme.example>"
            message.set_content("x" * (size // 3))
            message.add_alternative("<p>" + "y" * (size // 2) + "</p>", subtype="html")
            connection.send_message(message)
    return time.perf_counter() - started


def bench_email(backend: str, api_url: str, count: int, folder: Path) -> EmailResult:
    """Seeds `count` due pulses, lets the clock mail them, then mails as many with bare smtplib."""
    with temporary_database(backend) as url, smtp_sink(folder / backend) as (smtp_url, inbox):
        runtime = build_runtime(url, api_url, smtp_url)
        log(f"delivery by e-mail on {backend}: seeding {count:,} due pulses")
        seed_due(runtime, count)
        log(f"delivery by e-mail on {backend}: the clock sends")
        seconds, _ = run_clock(runtime, count, timeout=600)
        time.sleep(0.5)
        messages = received(inbox)
        tally = Counter(message_id for message_id, _ in messages)
        expected = {f"<pulse-{n}-survey@acme.example>" for n in range(1, count + 1)}
        duplicates = sum(n - 1 for n in tally.values() if n > 1)
        missing = len(expected - set(tally))
        size = sum(size for _, size in messages) // max(1, len(messages))
        runtime.engine.dispose()
        log(f"delivery by e-mail on {backend}: bare smtplib")
        baseline = bare_smtp(smtp_url, count, size)
    return EmailResult(backend, count, seconds, baseline, duplicates, missing, size)


# ---------------------------------------------------------------- Slack


@dataclass(frozen=True, slots=True)
class SlackResult:
    """One backend's Slack DM delivery, with the busiest minute of each method."""

    backend: str
    pulses: int
    seconds: float
    retried: int
    busiest_minute: dict[str, int]
    duplicates: int
    bare_per_minute: float


def busiest_minute(times: Sequence[float]) -> int:
    """Returns the most calls any 60-second window holds."""
    ordered = sorted(times)
    best = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 60.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def bare_slack(api_url: str, count: int) -> float:
    """Makes a survey DM's three calls `count` times with slack_sdk and no limiter; returns calls per minute."""
    from slack_sdk import WebClient

    client = WebClient(token=slack_env(api_url)["SLACK_BOT_TOKEN"], base_url=api_url)
    started = time.perf_counter()
    for i in range(count):
        user = client.users_lookupByEmail(email=f"buyer{i}@customer{i % 50}.example")["user"]["id"]
        channel = client.conversations_open(users=user)["channel"]["id"]
        client.chat_postMessage(channel=channel, text="Would you buy from us again?")
    return count / (time.perf_counter() - started) * 60


def bench_slack(backend: str, standin: Any, count: int) -> SlackResult:
    """Seeds `count` due pulses to Slack Connect contacts and lets the clock DM them under the rate limits."""
    with temporary_database(backend) as url:
        runtime = build_runtime(url, standin.api_url, None)
        log(f"delivery by Slack on {backend}: seeding {count:,} due pulses")
        seed_due(runtime, count, slack_users=standin)
        standin.calls.clear()
        pace = min(PER_MINUTE[m] for m in SLACK_METHODS)
        log(f"delivery by Slack on {backend}: the clock sends (about {count / pace:.0f} min at Slack's pace)")
        seconds, retried = run_clock(runtime, count, timeout=count * 3 + 120)
        calls = list(standin.calls)
        runtime.engine.dispose()
    busiest = {m: busiest_minute([c.at for c in calls if c.method == m]) for m in SLACK_METHODS}
    posted = Counter(c.params.get("channel") for c in calls if c.method == "chat.postMessage")
    duplicates = sum(n - 1 for n in posted.values() if n > 1)
    standin.calls.clear()
    bare = bare_slack(standin.api_url, min(count, 200))
    return SlackResult(backend, count, seconds, retried, busiest, duplicates, bare)


# ---------------------------------------------------------------- the report


def render(emails: Sequence[EmailResult], slacks: Sequence[SlackResult]) -> str:
    """Renders both tables."""
    lines = ["### By e-mail, through a real SMTP server (aiosmtpd, its own process)", ""]
    rows = []
    for e in emails:
        rows.append(
            [
                e.backend,
                f"{e.pulses:,}",
                f"{e.pulses / e.seconds * 60:,.0f}",
                f"{e.pulses / e.baseline_seconds * 60:,.0f}",
                ratio(e.baseline_seconds, e.seconds),
                str(e.duplicates),
                str(e.missing),
            ]
        )
    lines.append(
        markdown_table(
            ["backend", "pulses", "Pulse pulses/min", "bare smtplib msgs/min", "Pulse/bare", "doubled", "lost"],
            rows,
            align="l",
        )
    )
    lines += ["", "### By Slack DM, through the Slack stand-in under Slack's rate limits", ""]
    rows = []
    for s in slacks:
        per_minute = s.pulses / s.seconds * 60
        allowed = min(SLACK_PER_MINUTE[m] for m in SLACK_METHODS)
        within = all(s.busiest_minute[m] <= SLACK_PER_MINUTE[m] for m in SLACK_METHODS)
        rows.append(
            [
                s.backend,
                f"{s.pulses:,}",
                f"{per_minute:,.1f}",
                f"{allowed}",
                ratio(per_minute, allowed),
                " / ".join(str(s.busiest_minute[m]) for m in SLACK_METHODS),
                "yes" if within else "**NO**",
                str(s.retried),
                str(s.duplicates),
                f"{s.bare_per_minute:,.0f}",
            ]
        )
    lines.append(
        markdown_table(
            [
                "backend",
                "pulses",
                "Pulse pulses/min",
                "Slack allows/min",
                "Pulse/allowed",
                "busiest minute (lookup / open / post)",
                "within Slack's limits",
                "deferred",
                "doubled",
                "stand-in, no limiter: DMs/min",
            ],
            rows,
            align="l",
        )
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the e-mail and Slack deliveries on each backend and prints the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: sqlite,postgresql")
    parser.add_argument("--emails", type=int, default=EMAIL_PULSES, help="pulses to send by e-mail per backend")
    parser.add_argument("--slack", type=int, default=SLACK_PULSES, help="pulses to send by Slack DM per backend")
    parser.add_argument("--quick", action="store_true", help="small runs, for a smoke test")
    parser.add_argument("--sink", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sink:
        run_sink(int(args.sink[0]), args.sink[1])
        return 0
    exit_on_sigterm()
    if args.quick:
        args.emails, args.slack = 200, 15
    backends = [b for b in args.backends.split(",") if b]
    started = time.monotonic()
    import tempfile

    from tests.support.slack_standin import SlackStandIn

    standin = SlackStandIn().start()
    emails, slacks = [], []
    try:
        with tempfile.TemporaryDirectory(prefix="pulse-delivery-") as tmp:
            for backend in backends if args.emails else ():
                (Path(tmp) / backend).mkdir()
                emails.append(bench_email(backend, standin.api_url, args.emails, Path(tmp)))
            for backend in backends if args.slack else ():
                slacks.append(bench_slack(backend, standin, args.slack))
    finally:
        standin.stop()
    print("## Pulse delivery: due pulses per minute")
    print()
    print(render(emails, slacks))
    print()
    print(
        "- E-mail: the clock's pulse job sends every due pulse, each in its own transaction (claim, send, "
        "record); bare smtplib sends messages of the same size on one connection to the same server."
    )
    paced = ", ".join(f"{m} {PER_MINUTE[m]} (Slack: {SLACK_PER_MINUTE[m]})" for m in SLACK_METHODS)
    print(
        f"- Slack: calls a minute Pulse paces each method to, with a small burst on top: {paced}. Busiest minute: "
        "the most calls any 60-second window held, from the stand-in's log. deferred: pulses the limiter put "
        "back for a later run instead of waiting."
    )
    print(f"- {os.cpu_count()} CPUs. Took {time.monotonic() - started:,.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

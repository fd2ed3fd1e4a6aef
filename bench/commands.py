"""Benchmarks `/pulse log` and `/pulse account` over signed HTTP on SQLite and PostgreSQL against three baselines."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from bench.baselines import BASELINES
from bench.http_harness import (
    BACKENDS,
    PULSE_FACTORY,
    QUIET_BELOW,
    HttpRequest,
    Server,
    WrkResult,
    busy_cell,
    errors_cell,
    exit_on_sigterm,
    log,
    markdown_table,
    pulse_env,
    pulse_runtime,
    ratio,
    run_duration,
    run_wrk,
    slack_env,
    slack_request,
    slack_standin,
    temporary_database,
    uvicorn_description,
)

CONNECTIONS: tuple[int, ...] = (1, 20, 100)
TARGET_CONNECTIONS = 100
TARGET_RPS = 1000.0
TARGET_P99_MS = 150.0
COMMANDS = ("log", "account")
TEAM_ID = "T0PULSE01"
REPS = tuple(f"UREP{n:04d}" for n in range(1, 21))
ACCOUNTS = 200
CONTACTS_PER_ACCOUNT = 4
SEED_LOGS_PER_CONTACT = 2
NEW_CONTACT_SHARE = 0.25
# Distinct trigger ids per second of a run: twice what Pulse's fastest command has reached on these machines.
UNIQUE_RPS_CAP = 7000
BASELINE_REQUESTS = 4000
WARMUP_SECONDS = 2.0
KINDS = ("call", "meeting", "email", "visit", "support")
NOTES = (
    "Renewal call; they flagged invoice errors",
    "QBR went well, expansion to the Berlin office likely",
    "Escalation about late deliveries, promised a fix by Friday",
    "Onboarding check-in",
    "Pricing question on the enterprise tier",
)
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent")


@dataclass(frozen=True, slots=True)
class Seeded:
    """The accounts the benchmark acts on: names and each one's existing contact e-mails."""

    names: tuple[str, ...]
    contacts: tuple[tuple[str, ...], ...]
    domains: tuple[str, ...]


def account_name(index: int) -> str:
    """Returns a realistic, distinct account name."""
    return f"{COMPANIES[index % len(COMPANIES)]} Corp {index:03d}"


def seed(database_url: str) -> Seeded:
    """Creates the accounts, their contacts and a history of logged interactions through the seeding module."""
    from bot.core.kinds import Kind
    from bot.services import accounts, seeding

    runtime = pulse_runtime(database_url)
    names, contacts, domains = [], [], []
    try:
        with runtime.transaction() as db:
            now = runtime.now()
            for index in range(ACCOUNTS):
                name = account_name(index)
                domain = f"{COMPANIES[index % len(COMPANIES)].lower()}{index:03d}.example"
                account = accounts.create_account(
                    db,
                    team_id=TEAM_ID,
                    name=name,
                    owner_id=REPS[index % len(REPS)],
                    now=now,
                    billed=10_000.0 * (index % 17),
                    forecast=5_000.0 * (index % 11),
                )
                emails = tuple(f"contact{c}@{domain}" for c in range(CONTACTS_PER_ACCOUNT))
                for c, email in enumerate(emails):
                    for n in range(SEED_LOGS_PER_CONTACT):
                        seeding.log(
                            db,
                            account=account,
                            rep_id=REPS[(index + c) % len(REPS)],
                            email=email,
                            kind=Kind(KINDS[(c + n) % len(KINDS)]),
                            note=NOTES[(index + c + n) % len(NOTES)],
                            source="slash",
                            key=f"seed:{index}:{c}:{n}",
                            policy=runtime.policy,
                            now=now,
                        )
                names.append(name)
                contacts.append(emails)
                domains.append(domain)
    finally:
        runtime.engine.dispose()
    return Seeded(tuple(names), tuple(contacts), tuple(domains))


def command_requests(command: str, count: int, seeded: Seeded, *, run: str) -> list[HttpRequest]:
    """Signs `count` invocations of `/pulse <command>` right now, each with its own trigger id.

    `/pulse log` picks an account at random and, 3 times in 4, one of its existing contacts (surveyed
    recently, so the pulse is skipped as throttled); otherwise a new address (a new contact and a
    scheduled pulse).
    """
    from tests.support.slack_requests import command_body

    rng = random.Random(f"{run}:{count}")
    timestamp = int(time.time())
    requests = []
    for n in range(count):
        index = rng.randrange(len(seeded.names))
        if command == "account":
            text = f"account {seeded.names[index]}"
        else:
            if rng.random() < NEW_CONTACT_SHARE:
                email = f"new.{run}.{n}@{seeded.domains[index]}"
            else:
                email = rng.choice(seeded.contacts[index])
            text = f"log {seeded.names[index]} {email} {rng.choice(KINDS)} {rng.choice(NOTES)}"
        body = command_body(
            text,
            user_id=REPS[index % len(REPS)],
            team_id=TEAM_ID,
            trigger=f"{n + 1}.{timestamp}.{run}{n:08x}",
        )
        requests.append(slack_request(body, timestamp=timestamp))
    return requests


def baseline_requests(count: int) -> list[HttpRequest]:
    """Signs `count` `/pulse account` invocations for the baselines (which only ack)."""
    return command_requests("account", count, Seeded(("Acme Corp",), (("jane@acme.com",),), ("acme.com",)), run="base")


def count_rows(database_url: str) -> dict[str, int]:
    """Counts interactions and pulses by state, to check that every ack did its work."""
    from sqlalchemy import func
    from sqlmodel import select

    from storage.models import Interaction, Pulse

    runtime = pulse_runtime(database_url)
    try:
        with runtime.transaction() as db:
            counts = {"interactions": int(db.exec(select(func.count()).select_from(Interaction)).one())}
            for state, number in db.exec(select(Pulse.state, func.count()).group_by(Pulse.state)):
                counts[f"pulses {state}"] = int(number)
    finally:
        runtime.engine.dispose()
    return counts


@dataclass
class Row:
    """One measured configuration: what ran, on which backend, and the result."""

    subject: str
    backend: str
    result: WrkResult
    detail: str = ""


def measure(
    server: Server,
    requests: Sequence[HttpRequest],
    *,
    label: str,
    connections: int,
    seconds: float,
    unique: bool,
    quiet: bool = True,
) -> WrkResult:
    """Runs wrk once against a server and notes any warning or error the server logged meanwhile."""
    mark = server.log_size()
    result = run_wrk(
        server.url + "/slack/events",
        requests,
        label=label,
        connections=connections,
        seconds=seconds,
        unique=unique,
        quiet=quiet,
    )
    time.sleep(0.5)
    problems = server.problems_since(mark)
    if problems:
        result.notes.append(f"{len(problems)} warning/error lines in the server log")
        log(f"    server log: {problems[0][:300]}")
    log(
        f"  {label} c={connections}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms, errors: {result.error_summary() or 0}, busy before {result.busy_before:.0%}"
    )
    return result


def warm_up(server: Server, requests: Sequence[HttpRequest], notes: list[str], *, unique: bool) -> None:
    """Runs 2 s of load that is not measured; errors it meets are still reported below the table."""
    result = measure(
        server, requests, label="warm-up", connections=20, seconds=WARMUP_SECONDS, unique=unique, quiet=False
    )
    if result.flagged:
        notes.append(f"warm-up of {server.name} (20 connections, not in the table): {result.error_summary()}")


def bench_baselines(api_url: str, connections: Sequence[int], seconds: float, notes: list[str]) -> list[Row]:
    """Measures the three baselines at each connection count."""
    rows = []
    for name, (factory, _) in BASELINES.items():
        log(f"baseline {name}")
        with Server(name.replace(" ", "-"), factory, slack_env(api_url)) as server:
            warm_up(server, baseline_requests(BASELINE_REQUESTS), notes, unique=False)
            for c in connections:
                result = measure(
                    server,
                    baseline_requests(BASELINE_REQUESTS),
                    label=name,
                    connections=c,
                    seconds=run_duration(c, seconds),
                    unique=False,
                )
                rows.append(Row(name, "-", result))
    return rows


def bench_pulse(
    backend: str, api_url: str, connections: Sequence[int], seconds: float, notes: list[str], workers: int = 1
) -> list[Row]:
    """Measures both commands on one backend at each connection count, checking that every log was stored."""
    rows = []
    with temporary_database(backend) as url:
        log(f"pulse on {backend} ({workers} workers): seeding")
        seeded = seed(url)
        with Server(f"pulse-{backend}", PULSE_FACTORY, pulse_env(url, api_url), workers=workers) as server:
            run_id = uuid.uuid4().hex[:6]
            for command in ("account", "log"):
                warm = command_requests(
                    command, int(UNIQUE_RPS_CAP * WARMUP_SECONDS), seeded, run=f"w{run_id}{command[0]}"
                )
                warm_up(server, warm, notes, unique=True)
            # Reads first, so the account cards show the seeded history rather than the log runs' bulk.
            for command in ("account", "log"):
                for c in connections:
                    duration = run_duration(c, seconds)
                    count = max(2000, int(UNIQUE_RPS_CAP * duration))
                    requests = command_requests(command, count, seeded, run=f"{run_id}{command[0]}{c}")
                    before = count_rows(url) if command == "log" else {}
                    result = measure(
                        server,
                        requests,
                        label=f"/pulse {command} ({backend})",
                        connections=c,
                        seconds=duration,
                        unique=True,
                    )
                    detail = ""
                    if command == "log":
                        after = count_rows(url)
                        detail = _log_detail(before, after, result)
                    rows.append(Row(f"/pulse {command} ({workers}w)", backend, result, detail))
    return rows


def _log_detail(before: dict[str, int], after: dict[str, int], result: WrkResult) -> str:
    """Checks that each 2xx ack of `/pulse log` stored an interaction; returns what the run stored."""
    stored = after["interactions"] - before["interactions"]
    acked = result.requests - result.non_2xx
    if stored < acked:
        result.notes.append(f"{acked - stored} acks without a stored interaction")
    states = {k.removeprefix("pulses "): after[k] - before.get(k, 0) for k in after if k.startswith("pulses ")}
    made = ", ".join(f"{n:,} {state}" for state, n in sorted(states.items()) if n)
    return f"{stored:,} interactions stored for {acked:,} acks; new pulses: {made or 'none'}"


def verdict(result: WrkResult) -> str:
    """Says whether a 100-connection run meets the target of >= 1,000 req/s and p99 <= 150 ms, and by how much."""
    if result.connections != TARGET_CONNECTIONS:
        return ""
    if result.flagged:
        return "**not counted (errors)**"
    misses = []
    if result.rps < TARGET_RPS:
        misses.append(f"{result.rps:,.0f} req/s = {result.rps / TARGET_RPS:.0%} of {TARGET_RPS:,.0f}")
    if result.p99_ms > TARGET_P99_MS:
        misses.append(f"p99 {result.p99_ms:,.0f} ms = {result.p99_ms / TARGET_P99_MS:.1f}x {TARGET_P99_MS:.0f} ms")
    return "**MISSED**: " + "; ".join(misses) if misses else "met"


def render(baselines: list[Row], pulse: list[Row]) -> str:
    """Renders the results as one Markdown table with ratios to each baseline at the same connection count."""
    base = {(row.subject, row.result.connections): row.result.rps for row in baselines}
    names = list(BASELINES)
    headers = ["app", "backend", "conns", "req/s", "p50 ms", "p99 ms", "errors", "busy before"]
    headers += [f"vs {name}" for name in names] + ["target (100 conns)"]
    rows = []
    for row in baselines + pulse:
        r = row.result
        ratios = [ratio(r.rps, base.get((name, r.connections), 0.0)) for name in names]
        is_pulse = row.backend != "-"
        rows.append(
            [
                row.subject,
                row.backend,
                str(r.connections),
                f"{r.rps:,.0f}",
                f"{r.p50_ms:.1f}",
                f"{r.p99_ms:.1f}",
                errors_cell(r),
                busy_cell(r),
                *ratios,
                verdict(r) if is_pulse else "",
            ]
        )
    return markdown_table(headers, rows, align="lll")


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the baselines, then Pulse on each backend, and prints the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each wrk run (half at 1 connection)")
    parser.add_argument("--quick", action="store_true", help="2-second runs, for a smoke test")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: sqlite,postgresql")
    parser.add_argument("--connections", default=",".join(map(str, CONNECTIONS)), help="comma-separated counts")
    parser.add_argument("--workers", default="1,2", help="Pulse web worker processes to measure, comma-separated")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    seconds = 2.0 if args.quick else args.seconds
    connections = [int(c) for c in args.connections.split(",") if c]
    backends = [b for b in args.backends.split(",") if b]
    started = time.monotonic()
    with slack_standin() as api_url:
        notes: list[str] = []
        baselines = bench_baselines(api_url, connections, seconds, notes)
        pulse: list[Row] = []
        for backend in backends:
            for workers in [int(w) for w in args.workers.split(",") if w]:
                pulse += bench_pulse(backend, api_url, connections, seconds, notes, workers)
    print("## Slash commands: Pulse against baselines")
    print()
    print(
        f"{uvicorn_description()}; wrk -t2 (-t1 at 1 connection), {seconds:g} s per run "
        f"({run_duration(1, seconds):g} s at 1 connection), every request signed, every trigger id unique."
    )
    print()
    print(render(baselines, pulse))
    print()
    for row in pulse:
        if row.detail:
            conns = row.result.connections
            print(f"- /pulse log on {row.backend}, {conns} connection{'s' if conns > 1 else ''}: {row.detail}")
    for note in notes:
        print(f"- **{note}**")
    print(
        f"- `/pulse log` mix: a random one of {ACCOUNTS} seeded accounts; {1 - NEW_CONTACT_SHARE:.0%} existing "
        f"contacts (throttled: pulse skipped), {NEW_CONTACT_SHARE:.0%} new addresses (new contact, pulse scheduled)."
    )
    print(
        f"- Target: >= {TARGET_RPS:,.0f} req/s and p99 <= {TARGET_P99_MS:.0f} ms at {TARGET_CONNECTIONS} connections."
    )
    print(
        f"- busy before: share of the {os.cpu_count()} CPUs other work kept busy in the second before the run "
        f"(each run waits up to 20 s for it to drop below {QUIET_BELOW:.0%}; bold when it did not)."
    )
    print(f"- Took {time.monotonic() - started:,.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmarks the survey page (GET and POST /p/{token}) on SQLite and PostgreSQL against bare Starlette."""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from bench.baselines import SURVEY_BASELINE, SURVEY_FLOOR, create_floor_database
from bench.commands import seed
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
    run_wrk,
    slack_standin,
    temporary_database,
    uvicorn_description,
)

CONNECTIONS: tuple[int, ...] = (20, 100)
TARGET_RATIO = 0.5
WARMUP_SECONDS = 2.0
ANSWERS = ("yes", "yes", "unsure", "no")
COMMENTS = (
    "",
    "Great support, the team fixed our invoice issue within a day.",
    "Delivery was late again and nobody called back.",
    "Fine overall, but the new pricing is confusing.",
    "Charged twice and still waiting for the refund!",
    "Love the product, onboarding could be quicker.",
)
BROWSER_HEADERS = (
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("Accept-Language", "en-US,en;q=0.9"),
    ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"),
)


def open_surveys(database_url: str) -> list[str]:
    """Turns every scheduled pulse into an open survey with a known link token; returns the tokens to measure.

    One survey per account is answered first, one at a time, so every account starts with a response history
    and its aggregates row, as in a running deployment; the others (three per account) are left to the load.
    """
    from sqlmodel import col, select

    from bot.core.survey import Answer
    from bot.services import seeding
    from storage.models import Pulse

    runtime = pulse_runtime(database_url)
    by_account: dict[int, list[str]] = {}
    try:
        with runtime.transaction() as db:
            now = runtime.now()
            policy = runtime.policy
            for pulse in list(db.exec(select(Pulse).where(Pulse.state == "scheduled").order_by(col(Pulse.id)))):
                token = seeding.send(db, pulse=pulse, sent_at=now - timedelta(minutes=5), policy=policy, remind=True)
                by_account.setdefault(pulse.account_id, []).append(token)
        for n, tokens in enumerate(by_account.values()):
            with runtime.transaction() as db:
                seeding.answer(
                    db,
                    token=tokens[0],
                    reply=Answer(ANSWERS[n % len(ANSWERS)]),
                    comment=COMMENTS[n % len(COMMENTS)],
                    now=runtime.now(),
                    policy=runtime.policy,
                )
    finally:
        runtime.engine.dispose()
    measured = [token for tokens in by_account.values() for token in tokens[1:]]
    random.Random(0).shuffle(measured)
    return measured


def survey_requests(method: str, tokens: Sequence[str], origin: str) -> list[HttpRequest]:
    """Returns one GET (the page a link opens) or one POST (an answer, with a comment or not) per token."""
    if method == "GET":
        return [HttpRequest("GET", f"/p/{token}", "", BROWSER_HEADERS) for token in tokens]
    post_headers = (
        *BROWSER_HEADERS,
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin),
        ("Sec-Fetch-Site", "same-origin"),
    )
    return [
        HttpRequest(
            "POST",
            f"/p/{token}",
            urlencode({"answer": ANSWERS[n % len(ANSWERS)], "comment": COMMENTS[n % len(COMMENTS)]}),
            post_headers,
        )
        for n, token in enumerate(tokens)
    ]


@dataclass
class Row:
    """One measured configuration."""

    app: str
    backend: str
    method: str
    result: WrkResult


def measure(
    server: Server, method: str, tokens: Sequence[str], *, connections: int, seconds: float, quiet: bool = True
) -> WrkResult:
    """Runs wrk once with one kind of request and notes warnings or errors the server logged meanwhile."""
    mark = server.log_size()
    result = run_wrk(
        server.url,
        survey_requests(method, tokens, server.url),
        label=method,
        connections=connections,
        seconds=seconds,
        unique=False,
        quiet=quiet,
    )
    time.sleep(0.5)
    problems = server.problems_since(mark)
    if problems:
        result.notes.append(f"{len(problems)} warning/error lines in the server log")
        log(f"    server log: {problems[0][:300]}")
    log(
        f"  {server.name} {method} c={connections}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms, errors: {result.error_summary() or 0}, busy before {result.busy_before:.0%}"
    )
    return result


def bench_server(
    server: Server,
    app: str,
    backend: str,
    tokens: Sequence[str],
    connections: Sequence[int],
    seconds: float,
    notes: list[str],
) -> list[Row]:
    """Warms a server up (reporting errors even there), then measures GET and POST at each connection count."""
    for method in ("GET", "POST"):
        warm = measure(server, method, tokens, connections=20, seconds=WARMUP_SECONDS, quiet=False)
        if warm.flagged:
            notes.append(
                f"warm-up {method} of {server.name} (20 connections, not in the table): {warm.error_summary()}"
            )
    rows = []
    for method in ("GET", "POST"):
        for c in connections:
            rows.append(Row(app, backend, method, measure(server, method, tokens, connections=c, seconds=seconds)))
    return rows


def render(rows: list[Row]) -> str:
    """Renders the results with each row's ratio to bare Starlette and to the page floor (same method, conns)."""
    bare = {(r.method, r.result.connections): r.result.rps for r in rows if r.app == "bare Starlette"}
    floor = {(r.method, r.result.connections): r.result.rps for r in rows if r.app == "page floor"}
    table = []
    for row in rows:
        r = row.result
        base = bare.get((row.method, r.connections), 0.0)
        if not row.app.startswith("Pulse"):
            verdict = ""
        elif r.flagged:
            verdict = "**not counted (errors)**"
        elif base and r.rps / base >= TARGET_RATIO:
            verdict = "met"
        else:
            verdict = f"**MISSED**: {r.rps / base if base else 0:.2f}x of bare, needs {TARGET_RATIO:.2f}x"
        table.append(
            [
                row.app,
                row.backend,
                row.method,
                str(r.connections),
                f"{r.rps:,.0f}",
                f"{r.p50_ms:.1f}",
                f"{r.p99_ms:.1f}",
                errors_cell(r),
                busy_cell(r),
                ratio(r.rps, base),
                ratio(r.rps, floor.get((row.method, r.connections), 0.0)),
                verdict,
            ]
        )
    headers = ["app", "backend", "method", "conns", "req/s", "p50 ms", "p99 ms", "errors", "busy before"]
    headers += ["vs bare", "vs page floor", "target"]
    return markdown_table(headers, table, align="llll")


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the bare baseline, then Pulse's survey pages on each backend, and prints the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each wrk run")
    parser.add_argument("--quick", action="store_true", help="2-second runs, for a smoke test")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: sqlite,postgresql")
    parser.add_argument("--connections", default=",".join(map(str, CONNECTIONS)), help="comma-separated counts")
    parser.add_argument("--workers", default="1,2", help="Pulse web worker processes to measure, comma-separated")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    seconds = 2.0 if args.quick else args.seconds
    connections = [int(c) for c in args.connections.split(",") if c]
    started = time.monotonic()
    tokens = [secrets.token_urlsafe(32) for _ in range(600)]
    notes: list[str] = []
    log("baseline bare Starlette form")
    with Server("bare-survey", SURVEY_BASELINE, {}) as server:
        rows = bench_server(server, "bare Starlette", "-", tokens, connections, seconds, notes)
    with tempfile.TemporaryDirectory(prefix="pulse-floor-") as folder:
        floor_db = f"{folder}/floor.db"
        create_floor_database(floor_db, tokens)
        log("baseline page floor")
        with Server("survey-floor", SURVEY_FLOOR, {"PULSE_FLOOR_DB": floor_db}) as server:
            rows += bench_server(server, "page floor", "sqlite", tokens, connections, seconds, notes)
    with slack_standin() as api_url:
        for backend in [b for b in args.backends.split(",") if b]:
            with temporary_database(backend) as url:
                log(f"pulse on {backend}: seeding")
                seed(url)
                tokens = open_surveys(url)
                for workers in [int(w) for w in args.workers.split(",") if w]:
                    with Server(f"pulse-{backend}", PULSE_FACTORY, pulse_env(url, api_url), workers=workers) as server:
                        rows += bench_server(
                            server, f"Pulse ({workers}w)", backend, tokens, connections, seconds, notes
                        )
    print("## Survey page: Pulse against bare Starlette")
    print()
    print(
        f"{uvicorn_description()}; wrk -t2, {seconds:g} s per run; Pulse: 600 open surveys with valid tokens on "
        "200 accounts that each have one earlier answer (POSTs after the first on a token edit its answer, "
        "as the edit window allows)."
    )
    print()
    print(render(rows))
    print()
    for note in notes:
        print(f"- **{note}**")
    print(f"- Target: Pulse at >= {TARGET_RATIO:.1f}x the bare endpoint's throughput.")
    print(
        "- bare Starlette: a static form and thanks page, nothing stored. page floor: the least a real survey "
        "page does, in one worker: hash the token, one SQLite lookup (GET) or one-row update in its own "
        "transaction (POST) in a thread, a Jinja template; no rate limit, request ids, languages, edit window, "
        "scoring or history. Pulse on top: the miss limiter, request ids and logging, the edit window, "
        "comment scoring and the response row with its account history."
    )
    print(
        f"- busy before: share of the {os.cpu_count()} CPUs other work kept busy in the second before the run "
        f"(each run waits up to 20 s for it to drop below {QUIET_BELOW:.0%}; bold when it did not)."
    )
    print(f"- Took {time.monotonic() - started:,.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

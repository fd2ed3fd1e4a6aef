"""Benchmarks building the daily digest at 1k, 10k and 100k accounts with a year of responses, on SQLite and PostgreSQL.

Three ways of building the same day's picture are measured on the same seeded database, each in a fresh process:

- floor: only reading every account's name, owner and revenue (what any digest must read at least);
- Pulse: `digests.build` over the per-account aggregates kept current on every answer, plus the Block Kit
  message and its overflow thread, as the clock posts it;
- naive: what the digest issue rules out, loading every response of the year into Python and summarising
  each account there before ranking (it is spared the pulse counts, so it does less than Pulse).

Peak memory is the growth of the process's resident set while building (VmHWM reset before the build).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.http_harness import BACKENDS, exit_on_sigterm, log, markdown_table, ratio, temporary_database

ROOT = Path(__file__).resolve().parents[1]

SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)
TEAM_ID = "T0BENCH01"
NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
RESPONSES_PER_YEAR = 12
CONTACTS_PER_ACCOUNT = 2
OWNERS = tuple(f"UREP{n:04d}" for n in range(1, 51))
OPEN_ALERT_SHARE = 0.02
CHUNK = 5_000
METHODS = ("floor", "pulse", "naive")
# Comments by answer: most customers write nothing, happy ones rarely complain, unhappy ones say why.
COMMENTS = {
    "yes": (
        "",
        "",
        "",
        "",
        "Great support, quick answers every time",
        "Solid product, the onboarding was smooth",
        "Excellent account manager, very responsive",
        "Happy with the renewal terms",
        "Pricing is fine, the new dashboard is really useful",
    ),
    "unsure": (
        "",
        "",
        "Okay overall, a few rough edges",
        "Worked great but it broke after the update",
        "Support isn’t what it used to be",
        "Still waiting for the replacement part",
    ),
    "no": (
        "",
        "Would not buy again",
        "Charged twice and no response from billing",
        "Delivery arrived damaged, had to chase for a refund",
        "Nobody called back after the outage",
        "Not worth it at this price",
        "The invoices keep having errors",
    ),
}


@dataclass(frozen=True, slots=True)
class Measured:
    """One build: best wall time, peak memory growth, and what it produced."""

    method: str
    seconds: float
    peak_mb: float
    at_risk: int
    accounts: int


# ---------------------------------------------------------------- seeding


def _answer(rng: random.Random, mood: float) -> str:
    """Draws an answer for an account whose customers lean `mood` (0 unhappy .. 1 happy)."""
    roll = rng.random()
    if roll < 0.15 + 0.85 * mood:
        return "yes"
    return "unsure" if roll < 0.55 + 0.45 * mood else "no"


def seed(database_url: str, accounts: int, *, responses_per_year: int = RESPONSES_PER_YEAR) -> dict[str, int]:
    """Fills a migrated database with a portfolio: accounts, contacts, a year of scored responses, aggregates."""
    from bot.services import seeding
    from storage.db import create_db_engine

    counts = {"accounts": 0, "contacts": 0, "responses": 0, "alerts": 0}
    engine = create_db_engine(database_url)
    try:
        seeding.insert_rows(engine, _portfolio(accounts, responses_per_year, counts))
    finally:
        engine.dispose()
    return counts


def _portfolio(accounts: int, responses_per_year: int, counts: dict[str, int]) -> Iterator[dict[str, list[Any]]]:
    """Yields the portfolio as batches of plain rows by table, counting what it yields."""
    from decimal import Decimal

    from bot.core import experience, sentiment
    from bot.core.survey import Answer, score_experience

    rng = random.Random(20261124)
    scored = {text: sentiment.score_text(text) if text else None for texts in COMMENTS.values() for text in texts}
    response_id = 0
    yield {"workspace": [{"team_id": TEAM_ID, "name": "Bench", "created_at": NOW}]}
    for start in range(0, accounts, CHUNK):
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for index in range(start + 1, min(accounts, start + CHUNK) + 1):
            billed = round(math.exp(rng.gauss(10.5, 1.2)), 2)
            rows["account"].append(
                {
                    "id": index,
                    "team_id": TEAM_ID,
                    "name": f"Account {index:06d} GmbH",
                    "name_key": f"account {index:06d} gmbh",
                    "owner_id": OWNERS[index % len(OWNERS)],
                    "billed": Decimal(repr(billed)),
                    "forecast": Decimal(repr(round(billed * rng.uniform(0.2, 2.5), 2))),
                    "created_at": NOW - timedelta(days=400),
                    "updated_at": NOW - timedelta(days=400),
                }
            )
            contact_ids = []
            for c in range(CONTACTS_PER_ACCOUNT):
                contact_id = (index - 1) * CONTACTS_PER_ACCOUNT + c + 1
                contact_ids.append(contact_id)
                rows["contact"].append(
                    {
                        "id": contact_id,
                        "team_id": TEAM_ID,
                        "account_id": index,
                        "email": f"buyer{c}@account{index}.example",
                        "name": f"Buyer {c}",
                        "created_at": NOW - timedelta(days=400),
                    }
                )
            mood = rng.betavariate(6, 1.2)
            history: list[experience.ScoredResponse] = []
            for _ in range(rng.randint(max(0, responses_per_year - 6), responses_per_year + 6)):
                response_id += 1
                at = NOW - timedelta(seconds=rng.randrange(365 * 86400))
                answer = Answer(_answer(rng, mood))
                comment = rng.choice(COMMENTS[answer.value])
                score = scored[comment]
                polarity = score.polarity if score is not None and score.label != "unknown" else None
                value = score_experience(answer, polarity)
                rows["response"].append(
                    {
                        "id": response_id,
                        "team_id": TEAM_ID,
                        "account_id": index,
                        "contact_id": rng.choice(contact_ids),
                        "answer": answer.value,
                        "comment": comment,
                        "polarity": polarity,
                        "subjectivity": score.subjectivity if score is not None else None,
                        "label": score.label if score is not None else "unknown",
                        "cues": list(score.cues) if score is not None else [],
                        "scorer_version": "bench",
                        "experience": value,
                        "channel": "web",
                        "reacted_at": at,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                history.append(
                    experience.ScoredResponse(
                        response_id=response_id,
                        at=at,
                        answer=answer.value,
                        experience=value,
                        label=score.label if score is not None else "unknown",
                        polarity=polarity,
                    )
                )
            recent = sum(1 for r in history if NOW - r.at <= experience.RATE_WINDOW)
            sent = recent + rng.randint(0, 3)
            summary = experience.summarize(
                history,
                experience.PulseCounts(sent=sent, answered=recent, unanswered_streak=rng.choice((0,) * 17 + (1, 1, 2))),
                now=NOW,
            )
            rows["account_stats"].append(
                {
                    "account_id": index,
                    "team_id": TEAM_ID,
                    "responses": summary.responses,
                    "satisfaction": summary.satisfaction,
                    "baseline": summary.baseline,
                    "previous_satisfaction": summary.previous_satisfaction,
                    "last_response_at": summary.last_response_at,
                    "last_no_at": summary.last_no_at,
                    "recent_scores": list(summary.recent_scores),
                    "telling_response_id": summary.telling_response_id,
                    "pulses_sent": summary.pulses_sent,
                    "pulses_answered": summary.pulses_answered,
                    "unanswered_streak": summary.unanswered_streak,
                    "refreshed_at": NOW,
                }
            )
            if rng.random() < OPEN_ALERT_SHARE:
                opened = NOW - timedelta(hours=rng.randrange(1, 200))
                rows["alert"].append(
                    {
                        "team_id": TEAM_ID,
                        "account_id": index,
                        "cause": "answer_no",
                        "state": "open",
                        "response_id": summary.telling_response_id,
                        "opened_at": opened,
                        "last_seen_at": opened,
                    }
                )
        for key, table in (("accounts", "account"), ("contacts", "contact"), ("responses", "response")):
            counts[key] += len(rows[table])
        counts["alerts"] += len(rows["alert"])
        yield rows


# ---------------------------------------------------------------- the three builds


def build_floor(db: Any) -> tuple[int, int]:
    """Reads every account's name, owner and revenue: the least any digest reads."""
    from sqlalchemy import select
    from sqlmodel import col

    from storage.models import Account

    statement = (
        select(col(Account.id), col(Account.name), col(Account.owner_id), col(Account.billed), col(Account.forecast))
        .where(col(Account.team_id) == TEAM_ID)
        .execution_options(yield_per=2000)
    )
    count = sum(1 for _ in db.execute(statement))
    return 0, count


def build_pulse(db: Any) -> tuple[int, int]:
    """Pulse's own build: digest from the aggregates, then the message and its overflow thread."""
    from bot.services import digests
    from handlers.slack.digest_blocks import digest_message, overflow_messages

    digest = digests.build(db, team_id=TEAM_ID, now=NOW)
    digest_message(digest)
    overflow_messages(digest)
    return digest.at_risk_count, digest.total_accounts


def build_naive(db: Any) -> tuple[int, int]:
    """Loads every response of the year into Python and summarises each account there, then ranks."""
    from sqlalchemy import select
    from sqlmodel import col

    from bot.core import experience, portfolio
    from bot.core.digest import build_digest
    from bot.core.signals import AccountSignals, ClassifyConfig, Quote
    from bot.services import stats
    from bot.services.digests import scope_name
    from storage.models import Account, Contact, Response

    accounts = db.execute(
        select(col(Account.id), col(Account.name), col(Account.owner_id), col(Account.billed), col(Account.forecast))
        .where(col(Account.team_id) == TEAM_ID)
        .order_by(col(Account.id))
    ).all()
    by_account: dict[int, list[Any]] = defaultdict(list)
    rows = db.execute(
        select(Response, col(Contact.email))
        .join(Contact, col(Contact.id) == col(Response.contact_id), isouter=True)
        .where(col(Response.team_id) == TEAM_ID, col(Response.created_at) >= NOW - timedelta(days=365))
    ).all()
    for response, email in rows:
        by_account[response.account_id].append((response, email))

    def signals() -> Iterator[AccountSignals]:
        for account_id, name, owner_id, billed, forecast in accounts:
            history = by_account.get(account_id, [])
            scored = [stats.scored(r) for r, _ in history]
            summary = experience.summarize(scored, experience.PulseCounts(0, 0, 0), now=NOW)
            quote = None
            for r, email in history:
                if r.id == summary.telling_response_id:
                    quote = Quote(r.comment, r.answer, r.label, tuple(r.cues), r.created_at, email or "")
            yield AccountSignals(
                account_id=account_id,
                name=name,
                owner_id=owner_id,
                billed=billed,
                forecast=forecast,
                responses=summary.responses,
                satisfaction=summary.satisfaction,
                baseline=summary.baseline,
                previous_satisfaction=summary.previous_satisfaction,
                pulses_sent=0,
                pulses_answered=0,
                unanswered_streak=0,
                last_response_at=summary.last_response_at,
                last_no_at=summary.last_no_at,
                recent_scores=summary.recent_scores,
                worst_recent=quote,
                alert=None,
            )

    config = ClassifyConfig()
    cut = portfolio.thresholds([a[3] for a in accounts], [a[4] for a in accounts], config)
    digest = build_digest(signals(), now=NOW, config=config, scope_label=scope_name(()), thresholds=cut)
    return digest.at_risk_count, digest.total_accounts


BUILDS = {"floor": build_floor, "pulse": build_pulse, "naive": build_naive}


# ---------------------------------------------------------------- measuring, in a fresh process per build


def _status_kb(field: str) -> int:
    """Reads one memory figure (VmRSS, VmHWM) of this process, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> None:
    """Resets the kernel's high-water mark of this process's resident set (Linux 4.0+)."""
    Path("/proc/self/clear_refs").write_text("5")


def measure_here(method: str, database_url: str, repeats: int) -> dict[str, Any]:
    """Runs one build `repeats` times in this process; returns best time and the first run's peak growth."""
    from sqlalchemy import text

    from bot.services import digests  # noqa: F401 - imported before the memory baseline, as in a clock
    from handlers.slack import digest_blocks  # noqa: F401
    from storage.db import create_db_engine, make_session_factory

    engine = create_db_engine(database_url)
    sessions = make_session_factory(engine)
    with sessions() as db:
        db.execute(text("SELECT 1"))
    build = BUILDS[method]
    times = []
    peak_kb = 0
    at_risk = total = 0
    for attempt in range(repeats):
        with sessions() as db:
            if attempt == 0:
                _reset_peak()
                before = _status_kb("VmRSS")
            started = time.perf_counter()
            at_risk, total = build(db)
            times.append(time.perf_counter() - started)
            if attempt == 0:
                peak_kb = _status_kb("VmHWM") - before
    engine.dispose()
    return {"method": method, "seconds": min(times), "peak_mb": peak_kb / 1024, "at_risk": at_risk, "accounts": total}


def measure(method: str, database_url: str, repeats: int) -> Measured:
    """Measures one build in a fresh Python process, so each starts from the same memory."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.digest", "--measure", method, "--url", database_url, "--repeats", str(repeats)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return Measured(**json.loads(output.strip().splitlines()[-1]))


def refresh_cost(database_url: str, samples: int = 200) -> float:
    """Times the per-answer work that keeps the aggregates current: refreshing one account, in ms (median)."""
    from sqlalchemy import text

    from bot.services import stats
    from storage.db import create_db_engine, make_session_factory, transaction

    engine = create_db_engine(database_url)
    sessions = make_session_factory(engine)
    rng = random.Random(7)
    with sessions() as db:
        total = int(db.execute(text("SELECT count(*) FROM account")).scalar_one())
    times = []
    for _ in range(samples):
        account_id = rng.randint(1, total)
        started = time.perf_counter()
        with transaction(sessions) as db:
            stats.refresh(db, account_id=account_id, team_id=TEAM_ID, now=NOW)
        times.append(time.perf_counter() - started)
    engine.dispose()
    times.sort()
    return times[len(times) // 2] * 1000


# ---------------------------------------------------------------- the report


@dataclass(frozen=True, slots=True)
class SizeResult:
    """Everything measured for one backend and portfolio size."""

    backend: str
    accounts: int
    responses: int
    seed_seconds: float
    builds: dict[str, Measured]
    refresh_ms: float


def bench_size(backend: str, size: int, repeats: int) -> SizeResult:
    """Seeds one database of `size` accounts and measures every build on it."""
    with temporary_database(backend) as url:
        log(f"digest on {backend}, {size:,} accounts: seeding")
        started = time.monotonic()
        counts = seed(url, size)
        seeded = time.monotonic() - started
        builds = {}
        for method in METHODS:
            log(f"digest on {backend}, {size:,} accounts: {method}")
            builds[method] = measure(method, url, repeats)
        if builds["pulse"].at_risk != builds["naive"].at_risk:
            log(f"note: naive found {builds['naive'].at_risk} at risk, Pulse {builds['pulse'].at_risk}")
        refresh = refresh_cost(url)
    return SizeResult(backend, counts["accounts"], counts["responses"], seeded, builds, refresh)


def render(results: Sequence[SizeResult]) -> str:
    """Renders the table: each build's time and memory, and Pulse's ratios to the floor and to the naive build."""
    headers = [
        "backend",
        "accounts",
        "responses",
        "floor s",
        "Pulse s",
        "naive s",
        "Pulse/floor",
        "naive/Pulse",
        "floor MB",
        "Pulse MB",
        "naive MB",
        "at risk",
        "refresh per answer ms",
    ]
    rows = []
    for r in results:
        floor, pulse, naive = (r.builds[m] for m in METHODS)
        rows.append(
            [
                r.backend,
                f"{r.accounts:,}",
                f"{r.responses:,}",
                f"{floor.seconds:.3f}",
                f"{pulse.seconds:.3f}",
                f"{naive.seconds:.3f}",
                ratio(pulse.seconds, floor.seconds),
                ratio(naive.seconds, pulse.seconds),
                f"{floor.peak_mb:.1f}",
                f"{pulse.peak_mb:.1f}",
                f"{naive.peak_mb:.1f}",
                f"{pulse.at_risk:,}",
                f"{r.refresh_ms:.2f}",
            ]
        )
    return markdown_table(headers, rows, align="l")


def main(argv: Sequence[str] | None = None) -> int:
    """Seeds each size on each backend, measures the three builds, and prints the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated account counts")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: sqlite,postgresql")
    parser.add_argument("--repeats", type=int, default=3, help="builds per measurement (best is kept)")
    parser.add_argument("--quick", action="store_true", help="1k and 10k accounts only, one build each")
    parser.add_argument("--measure", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure_here(args.measure, args.url, args.repeats)))
        return 0
    exit_on_sigterm()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        sizes, args.repeats = [s for s in sizes if s <= 10_000], 1
    started = time.monotonic()
    results = [
        bench_size(backend, size, args.repeats) for backend in args.backends.split(",") if backend for size in sizes
    ]
    print("## Digest build: Pulse against the floor and the naive build")
    print()
    print(render(results))
    print()
    print(
        f"- Portfolio: one workspace, {len(OWNERS)} owners, {CONTACTS_PER_ACCOUNT} contacts per account, "
        f"{RESPONSES_PER_YEAR} ± 6 responses per account over the last year, {OPEN_ALERT_SHARE:.0%} with an open alert."
    )
    print(
        "- floor: reading every account's name, owner and revenue. Pulse: `digests.build` over the per-account "
        "aggregates, then the Block Kit message and the overflow thread. naive: every response of the year "
        "loaded and summarised in Python (no pulse counts, no alerts: less work than Pulse)."
    )
    print(
        f"- Times: best of {args.repeats}, each build in a fresh process. MB: growth of the resident set during "
        "the first build. refresh per answer: median time to recompute one account's aggregates, the work "
        "each answer costs so that the digest never has to read responses."
    )
    for r in results:
        print(f"- Seeding {r.accounts:,} accounts on {r.backend} took {r.seed_seconds:,.0f} s.")
    print(f"- Took {time.monotonic() - started:,.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

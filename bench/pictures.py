"""Benchmarks drawing the portfolio matrix at 1k, 10k and 100k accounts, beside matplotlib's plain scatter.

Each measurement runs in a fresh process, after a warm-up render (imports and the font cache are not counted):

- build: `matrix.build_matrix` over synthetic account signals (classification and at-risk verdict per account);
- Pulse: `handlers.charts.render_matrix` of that view to PNG (log scale, bubble areas, class colours, zones,
  cut-off lines, labels, legend), at 1200 px wide;
- plain: matplotlib drawing the same points as a bare scatter of the same pixel size to PNG, nothing else.

Peak memory is the growth of the process's resident set while drawing (VmHWM reset before), and Python's own
allocations at their peak (tracemalloc, a separate untimed run). Run: `python bench/pictures.py` or
`python -m bench.pictures` (`--sizes 1000 10000` for fewer).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = (1_000, 10_000, 100_000)
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
WIDTH, HEIGHT, DPI = 1200, 1140, 200


def signals(count: int, seed: int = 7) -> list:
    """Makes `count` accounts' signals: log-normal revenue, a spread of satisfaction, some unanswered, some No."""
    from bot.core.signals import AccountSignals

    rnd = random.Random(seed)
    made = []
    for i in range(count):
        answered = rnd.random() > 0.12
        satisfaction = max(-1.0, min(1.0, rnd.gauss(0.35, 0.45))) if answered else None
        said_no = answered and rnd.random() < 0.08
        made.append(
            AccountSignals(
                account_id=i + 1,
                name=f"Account {i:06d} GmbH",
                owner_id=f"U{i % 40:08d}",
                billed=round(10 ** rnd.gauss(4.8, 0.7), 2) if rnd.random() > 0.03 else 0.0,
                forecast=round(10 ** rnd.gauss(4.3, 0.8), 2),
                responses=rnd.randint(1, 12) if answered else 0,
                satisfaction=satisfaction,
                baseline=None if satisfaction is None else min(1.0, satisfaction + (0.6 if said_no else 0.0)),
                previous_satisfaction=satisfaction,
                pulses_sent=6,
                pulses_answered=5 if answered else 0,
                unanswered_streak=0 if answered else rnd.randint(0, 3),
                last_response_at=NOW - timedelta(days=rnd.randint(1, 200)) if answered else None,
                last_no_at=NOW - timedelta(days=rnd.randint(1, 20)) if said_no else None,
                recent_scores=(),
                worst_recent=None,
                alert=None,
            )
        )
    return made


def view_of(count: int):
    """Builds the matrix view of `count` synthetic accounts, as the service does (portfolio-relative cut-offs)."""
    from bot.core import matrix, portfolio
    from bot.core.signals import ClassifyConfig

    config = ClassifyConfig()
    accounts = signals(count)
    cut = portfolio.thresholds([s.billed for s in accounts], [s.forecast for s in accounts], config)
    return matrix.build_matrix(accounts, cut, config, scope="all accounts", now=NOW)


def pulse_render(view) -> bytes:
    """Pulse's matrix."""
    from handlers.charts import render_matrix

    return render_matrix(view)


def plain_render(view) -> bytes:
    """Matplotlib's bare scatter of the same points at the same pixel size: no scale, colours, lines or legend."""
    import io

    from handlers.charts import backend

    xs = [p.satisfaction if p.satisfaction is not None else -10.0 for p in view.points]
    ys = [p.billed for p in view.points]
    with backend.figure(WIDTH, HEIGHT, dpi=DPI) as fig:
        fig.add_subplot().scatter(xs, ys)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
        return out.getvalue()


def _status(field: str) -> int:
    """Reads a memory figure (kB) of this process from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    """Resets the resident-set high-water mark (Linux), so VmHWM measures from here."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def child(kind: str, count: int, save: str = "") -> dict[str, float]:
    """Measures one kind of work at one size, in this (fresh) process."""
    small = view_of(50)
    pulse_render(small), plain_render(small)  # warm up: imports, fonts, caches
    view = view_of(count) if kind != "build" else None
    work: Callable[[], object] = {
        "build": lambda: view_of(count),
        "pulse": lambda: pulse_render(view),
        "plain": lambda: plain_render(view),
    }[kind]
    _reset_peak()
    before = _status("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss = max(0, _status("VmHWM") - before) / 1024
    del result
    tracemalloc.start()
    work()
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    size = 0
    if kind != "build":
        png = work()
        assert isinstance(png, bytes)
        size = len(png) / 1024
        if save:
            Path(save).mkdir(parents=True, exist_ok=True)
            (Path(save) / f"bench_{kind}_{count}.png").write_bytes(png)
    return {"seconds": seconds, "cpu": cpu, "rss_mb": rss, "traced_mb": traced, "png_kb": size}


def measure(kind: str, count: int, save: str = "") -> dict[str, float]:
    """Runs one measurement in a fresh process."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(count), "--save", save],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """Measures every size and prints a table with Pulse's cost as a multiple of the bare scatter's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--save", default="", help="a folder to write each size's PNGs to (e.g. artifacts)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), args.save)))
        return
    rows = []
    for count in args.sizes:
        got = {kind: measure(kind, count, args.save) for kind in ("build", "pulse", "plain")}
        pulse, plain = got["pulse"], got["plain"]
        rows.append(
            [
                f"{count:,}",
                f"{got['build']['seconds']:.2f} / {got['build']['cpu']:.2f}",
                f"{pulse['seconds']:.2f} / {pulse['cpu']:.2f}",
                f"{plain['seconds']:.2f} / {plain['cpu']:.2f}",
                f"{pulse['cpu'] / max(plain['cpu'], 1e-3):.2f}x",
                f"{pulse['rss_mb']:.0f} / {pulse['traced_mb']:.0f}",
                f"{plain['rss_mb']:.0f} / {plain['traced_mb']:.0f}",
                f"{pulse['traced_mb'] / max(plain['traced_mb'], 0.01):.2f}x",
                f"{pulse['png_kb']:.0f} / {plain['png_kb']:.0f}",
            ]
        )
        print(f"measured {count:,} accounts", file=sys.stderr)
    header = [
        "accounts",
        "build s (wall / CPU)",
        "Pulse draw s (wall / CPU)",
        "plain scatter s (wall / CPU)",
        "CPU ratio",
        "Pulse MB (RSS / traced)",
        "plain MB (RSS / traced)",
        "traced ratio",
        "PNG kB (Pulse / plain)",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" ---: " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

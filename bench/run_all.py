"""Runs every benchmark in bench/ (commands, survey page, sentiment, digest, delivery) and prints all their tables.

Run from the repository root: `python -m bench.run_all [--quick] [--only digest,survey]`.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (module, accepts --quick)
BENCHMARKS: tuple[tuple[str, bool], ...] = (
    ("bench.commands", True),
    ("bench.survey", True),
    ("bench.sentiment", True),
    ("bench.digest", True),
    ("bench.delivery", True),
    ("bench.startup", True),
)


def run(module: str, quick: bool) -> tuple[int, str, float]:
    """Runs one benchmark module from the repo root; progress goes to stderr, its tables are returned."""
    command = [sys.executable, "-m", module, *(["--quick"] if quick else [])]
    print(f"==> {' '.join(command)}", file=sys.stderr, flush=True)
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        output, _ = child.communicate()
    except BaseException:
        # Let the benchmark stop its servers and drop its databases before we go.
        child.terminate()
        child.wait(timeout=60)
        raise
    return child.returncode, output, time.monotonic() - started


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs each benchmark in turn, then prints every table; exits non-zero if any benchmark failed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs, for a smoke test")
    parser.add_argument("--only", default="", help="comma-separated script names to run (e.g. survey,sentiment)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    chosen = {name.strip() for name in args.only.split(",") if name.strip()}
    failed = []
    outputs = []
    for script, accepts_quick in BENCHMARKS:
        if chosen and script.rpartition(".")[2] not in chosen:
            continue
        code, output, seconds = run(script, args.quick and accepts_quick)
        outputs.append((script, output, seconds, code))
        if code != 0:
            failed.append(script)
    for script, output, seconds, code in outputs:
        status = "" if code == 0 else f", FAILED with exit code {code}"
        print(f"# {script} ({seconds:,.0f} s{status})")
        print()
        print(output.rstrip())
        print()
    if failed:
        print(f"Failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Start-up: `pulse --help` beside a bare interpreter and a bare typer app, and `pulse serve` to its first /healthz
beside a bare Starlette app under uvicorn. Every figure is the median of several fresh processes, same machine,
same run."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PULSE = str(Path(sys.executable).with_name("pulse"))
BARE_TYPER = "import typer\napp = typer.Typer()\n@app.command()\ndef hello() -> None: ...\napp()"
BARE_STARLETTE = (
    "import sys, uvicorn\nfrom starlette.applications import Starlette\nfrom starlette.responses import JSONResponse\n"
    "from starlette.routing import Route\n"
    "app = Starlette(routes=[Route('/healthz', lambda r: JSONResponse({'status': 'ok'}))])\n"
    "uvicorn.run(app, port=int(sys.argv[1]), log_level='warning')"
)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def time_command(command: list[str], runs: int) -> float:
    """Median wall time of a command that exits by itself."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_to_health(command: list[str], env: dict[str, str], port: int, cwd: Path) -> float:
    """Wall time from starting a server process to its first 200 on /healthz; the server is stopped afterwards."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - started
            except OSError:
                if child.poll() is not None:
                    raise RuntimeError(f"{command} exited with {child.returncode}") from None
                time.sleep(0.02)
    finally:
        child.terminate()
        child.wait(timeout=60)


def serve_times(runs: int, *, fresh: bool) -> float:
    """Median time to /healthz of `pulse serve` on a fresh SQLite file (migrating it) or an already migrated one."""
    times = []
    workdir = Path(tempfile.mkdtemp(prefix="pulse-startup-"))
    try:
        for index in range(runs):
            database = workdir / (f"fresh-{index}.db" if fresh else "kept.db")
            port = _free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PULSE_", "DATABASE_"))}
            env.update({"DATABASE_URL": f"sqlite:///{database}", "PORT": str(port), "CLOCK_INTERVAL_SECONDS": "3600"})
            if not fresh and index == 0:
                subprocess.run([PULSE, "migrate"], env=env, cwd=workdir, check=True, capture_output=True)
            times.append(time_to_health([PULSE, "serve"], env, port, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return statistics.median(times)


def main() -> None:
    """Prints the start-up table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs, serve_runs = (3, 1) if args.quick else (15, 5)
    python = time_command([sys.executable, "-c", "pass"], runs)
    typer_app = time_command([sys.executable, "-c", BARE_TYPER, "--help"], runs)
    help_time = time_command([PULSE, "--help"], runs)
    port = _free_port()
    bare = statistics.median(
        time_to_health([sys.executable, "-c", BARE_STARLETTE, str(port)], dict(os.environ), port, ROOT)
        for _ in range(serve_runs)
    )
    migrated = serve_times(serve_runs, fresh=False)
    fresh = serve_times(serve_runs, fresh=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"### Start-up (`bench/startup.py`)\n\n{os.cpu_count()} CPUs, load average at the end {load}; medians of "
        f"{runs} runs (servers: {serve_runs}), each a fresh process.\n"
    )
    print("| what | seconds | vs python -c pass | vs bare typer app | vs bare Starlette to /healthz |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rows = (
        ("python -c pass", python, False),
        ("bare typer app --help (typer's rich help)", typer_app, True),
        ("pulse --help", help_time, True),
        ("bare Starlette under uvicorn, to /healthz", bare, False),
        ("pulse serve to /healthz (migrated SQLite)", migrated, False),
        ("pulse serve to /healthz (fresh SQLite, migrates)", fresh, False),
    )
    for label, seconds, vs_typer in rows:
        typer_ratio = f"{seconds / typer_app:.2f}x" if vs_typer else ""
        serve_ratio = f"{seconds / bare:.2f}x" if "/healthz" in label else ""
        print(f"| {label} | {seconds:.3f} | {seconds / python:.1f}x | {typer_ratio} | {serve_ratio} |")


if __name__ == "__main__":
    main()

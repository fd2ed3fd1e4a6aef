"""The console script's other commands: score, rescore, demo, digest, migrate, and the processes starting."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import httpx
from sqlmodel import select

from storage.models import Account, Response
from tests.support.cli import ROOT, pulse_env, run_pulse
from tests.support.scenario import ask_and_answer, make_account
from tests.support.server import free_port


def test_score_reads_lines_and_writes_json_lines(settings):
    result = run_pulse(
        "score",
        env=pulse_env(settings),
        stdin="Would not buy again\nGreat service, thank you!\n\nDas war gut, danke schön\nGrazie, tutto perfetto\n",
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["label"] for r in rows] == ["negative", "positive", "unknown", "positive", "unknown"]
    assert [r["language"] for r in rows] == ["en", "en", None, "de", None]
    assert rows[0]["polarity"] < 0 < rows[1]["polarity"]
    assert "would not buy again" in rows[0]["cues"]


def test_rescore_recomputes_outdated_scores_and_keeps_corrections(slack, runtime, clock, clock_jobs, smtp, settings):
    make_account(runtime, "Acme Corp")
    ask_and_answer(
        slack,
        clock,
        clock_jobs,
        smtp,
        account="Acme Corp",
        email="jane@acme.com",
        answer="unsure",
        comment="Nobody called back",
    )
    with runtime.transaction() as db:
        response = db.exec(select(Response)).one()
        right = (response.polarity, response.label, response.experience)
        response.scorer_version, response.polarity, response.label, response.experience = "old-1", 0.9, "positive", 0.9
        db.add(response)
    result = run_pulse("rescore", env=pulse_env(settings))
    assert result.returncode == 0, result.stderr
    assert "Re-scored 1 responses" in result.stderr
    with runtime.transaction() as db:
        rescored = db.exec(select(Response)).one()
    assert (rescored.polarity, rescored.label, rescored.experience) == right
    assert "Re-scored 0 responses" in run_pulse("rescore", env=pulse_env(settings)).stderr


def test_demo_seeds_a_realistic_portfolio_and_prints_the_digest(settings, runtime):
    result = run_pulse("demo", env=pulse_env(settings, COLUMNS="160"), timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Seeded 40 sample accounts" in result.stderr
    assert "accounts at risk" in result.stdout and "in revenue at stake" in result.stdout
    assert "Intervene now" in result.stdout
    with runtime.transaction() as db:
        assert len(db.exec(select(Account).where(Account.team_id == "T0DEMO000")).all()) == 40
    again = run_pulse("demo", env=pulse_env(settings, COLUMNS="160"), timeout=180)
    assert "Seeded" not in again.stderr and "accounts at risk" in again.stdout  # idempotent


def test_digest_prints_in_the_terminal_or_posts_to_a_channel(
    slack, runtime, clock, clock_jobs, smtp, settings, standin
):
    make_account(runtime, "Acme Corp", billed=500_000)
    ask_and_answer(
        slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no", comment="Charged twice"
    )
    env = pulse_env(settings)
    dry = run_pulse("digest", "--channel", "C0SALES01", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "Acme Corp" in dry.stdout and "Charged twice" in dry.stdout
    assert standin.messages_in("C0SALES01") == []
    posted = run_pulse("digest", "--channel", "C0SALES01", env=env)
    assert posted.returncode == 0, posted.stderr
    [message] = standin.messages_in("C0SALES01")
    assert "Acme Corp" in json.dumps(message["blocks"])


def test_serve_starts_migrates_and_answers_health_without_slack(tmp_path):
    port = free_port()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "PORT": str(port),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        health = httpx.get(f"http://127.0.0.1:{port}/healthz").json()
        assert health == {"status": "ok", "database": "ok", "slack": "not configured"}
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert "Slack is not connected" in err and "SLACK_BOT_TOKEN" in err
    assert process.returncode == 0


def test_web_refuses_an_unmigrated_database_with_one_clear_line(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}",
        "PORT": str(free_port()),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "web"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "run `pulse migrate` first" in result.stderr and "Traceback" not in result.stderr
    migrated = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert migrated.returncode == 0 and "is up to date" in migrated.stderr

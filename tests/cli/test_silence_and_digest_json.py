"""Silence travels with history (`pulse import responses` / `export`), and `pulse digest --format json` shows it."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.services import accounts
from storage.models import Account, AccountStats
from tests.support.cli import pulse_env, run_pulse
from tests.support.scenario import seed_at_risk

TEAM = "T0PULSE01"


def _history(tmp_path, now: datetime):
    rows = ["response_id,answered_at,asked_at,account,contact_email,answer,comment"]
    for i, days in enumerate((170, 150, 130, 110)):
        at = (now - timedelta(days=days)).isoformat()
        rows.append(f"r{i},{at},{at},Bigco,buyer@bigco.example,yes,Great support")
    for days in (90, 60, 30):
        rows.append(f",,{(now - timedelta(days=days)).isoformat()},Bigco,buyer@bigco.example,,")
    rows.append(f"s1,{(now - timedelta(days=5)).isoformat()},,Smallco,ana@smallco.example,yes,")
    rows.append(",,,Smallco,ana@smallco.example,,")
    path = tmp_path / "history.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_pulses_never_answered_import_as_silence_and_the_json_digest_lists_it(settings, runtime, tmp_path):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id=TEAM, name="Bigco", owner_id="UOWNER001", now=runtime.now(), billed=2e6)
        accounts.create_account(db, team_id=TEAM, name="Smallco", owner_id="UOWNER001", now=runtime.now(), billed=1e4)
    env = pulse_env(settings)
    path = _history(tmp_path, datetime.now(UTC).replace(microsecond=0))

    imported = run_pulse("import", "responses", str(path), "--team", TEAM, env=env)

    assert imported.returncode == 1, imported.stderr  # the last row has neither an answer nor its asked_at
    assert f"{path}:10: the answer is empty (a pulse never answered needs its asked_at)" in imported.stderr
    assert "Responses (pulse): 8 imported (3 of them pulses never answered), 0 already imported" in imported.stderr
    with runtime.transaction() as db:
        big = db.exec(select(Account).where(Account.name == "Bigco")).one()
        stats = db.get(AccountStats, big.id)
        assert stats is not None
        assert (stats.responses, stats.unanswered_streak, stats.pulses_sent, stats.pulses_answered) == (4, 3, 7, 4)

    shown = run_pulse("digest", "--format", "json", "--team", TEAM, env=env)

    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    assert document["schema_version"] == 1
    assert (document["total_accounts"], document["at_risk_count"]) == (2, 1)
    [entry] = document["at_risk"]
    assert (entry["rank"], entry["name"], entry["class"]) == (1, "Bigco", "protect_revenue")
    assert entry["class_label"] == "Protect the revenue"
    assert entry["confidence"] == "based on 4 answers and 3 unanswered pulses"
    assert [s["kind"] for s in entry["signals"]] == ["silence"]
    assert entry["reasons"][0].startswith("No answer to the last 3 pulses")
    assert 0 < entry["severity"] <= 1 and entry["at_stake"] == 2_000_000

    exported = run_pulse("export", "responses", "-", "--team", TEAM, env=env)

    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    silent = [r for r in rows if not r["answer"]]
    assert len(silent) == 3
    assert all(r["asked_at"] and not r["answered_at"] and not r["response_id"] for r in silent)
    assert {r["account"] for r in silent} == {"Bigco"}

    again = tmp_path / "again.csv"
    again.write_text(exported.stdout, encoding="utf-8")
    copied = run_pulse(
        "import", "responses", str(again), "--team", "T0OTHER01", "--create-accounts", "--owner", "UOWNER002", env=env
    )
    assert copied.returncode == 0, copied.stderr
    with runtime.transaction() as db:
        other = db.exec(select(Account).where(Account.team_id == "T0OTHER01", Account.name == "Bigco")).one()
        stats = db.get(AccountStats, other.id)
        assert stats is not None and (stats.responses, stats.unanswered_streak) == (4, 3)
    assert run_pulse("import", "responses", str(again), "--team", "T0OTHER01", env=env).returncode == 0
    with runtime.transaction() as db:
        stats = db.get(AccountStats, other.id)
        assert stats is not None and stats.pulses_sent == 7  # importing the same file again adds nothing


def test_the_json_format_is_checked(settings, runtime):
    result = run_pulse("digest", "--format", "yaml", env=pulse_env(settings))
    assert result.returncode == 2
    assert "--format must be text or json, not yaml." in result.stderr


def test_the_json_digest_and_the_text_digest_agree_on_the_bounded_list(settings, runtime):
    seed_at_risk(runtime, 25)  # every account over the floor; 20% of 25 makes a list of five
    env = pulse_env(settings, PULSE_AT_RISK_SHARE="0.2")

    shown = run_pulse("digest", "--format", "json", "--team", TEAM, env=env)
    text = run_pulse("digest", "--team", TEAM, env=env)

    assert shown.returncode == 0 and text.returncode == 0, shown.stderr + text.stderr
    document = json.loads(shown.stdout)
    assert (document["total_accounts"], document["at_risk_count"], document["watch_count"]) == (25, 5, 20)
    listed = [entry["name"] for entry in document["at_risk"]]
    assert listed == [f"Risky {i:03d} <!here>" for i in range(24, 19, -1)]  # the most at stake first
    assert [entry["rank"] for entry in document["watch"]] == list(range(6, 26))
    assert {entry["flag"] for entry in document["watch"]} == {"watch"}
    assert not set(listed) & {entry["name"] for entry in document["watch"]}
    assert all(name in text.stdout for name in listed)
    assert "5 of 25 accounts at risk" in text.stdout
    assert "20 more accounts show weaker signs" in text.stdout

"""Amounts stay exact from `pulse import accounts` through the database to `pulse digest --format json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlmodel import select

from storage.models import Account
from tests.support.cli import pulse_env, run_pulse

TEAM = "T0PULSE01"
ACCOUNTS = """name;owner;billed;forecast
Tenth;U0OWNER01;0,1;0,2
Euro;U0OWNER01;1.234,56;0,30
"""


def test_tenths_and_european_amounts_round_trip_exactly_to_the_json_digest(settings, runtime, tmp_path):
    env = pulse_env(settings)
    accounts_csv = tmp_path / "accounts.csv"
    accounts_csv.write_text(ACCOUNTS, encoding="utf-8")
    imported = run_pulse("import", "accounts", str(accounts_csv), "--team", TEAM, env=env)
    assert imported.returncode == 0, imported.stderr
    with runtime.transaction() as db:
        stored = {a.name: (a.billed, a.forecast) for a in db.exec(select(Account))}
    assert stored == {"Tenth": (Decimal("0.10"), Decimal("0.20")), "Euro": (Decimal("1234.56"), Decimal("0.30"))}

    at = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat()
    history = tmp_path / "history.csv"
    history.write_text(
        "response_id,answered_at,asked_at,account,contact_email,answer,comment\n"
        f"r1,{at},{at},Tenth,buyer@tenth.example,no,Would not buy again\n"
        f"r2,{at},{at},Euro,buyer@euro.example,no,Would not buy again\n",
        encoding="utf-8",
    )
    answered = run_pulse("import", "responses", str(history), "--team", TEAM, env=env)
    assert answered.returncode == 0, answered.stderr

    shown = run_pulse("digest", "--format", "json", "--team", TEAM, env=env)

    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout, parse_float=Decimal)
    entries = {entry["name"]: entry for entry in document["at_risk"]}
    assert (entries["Tenth"]["billed"], entries["Tenth"]["forecast"]) == (Decimal("0.10"), Decimal("0.20"))
    assert entries["Tenth"]["at_stake"] == Decimal("0.30")
    assert (entries["Euro"]["billed"], entries["Euro"]["at_stake"]) == (Decimal("1234.56"), Decimal("1234.86"))
    assert document["at_risk_revenue"] == Decimal("1235.16")
    assert '"at_stake": 0.30,' in shown.stdout  # a JSON number, written from the Decimal

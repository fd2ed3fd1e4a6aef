"""The CLI on the inputs people really have: any encoding, European CSVs, huge cells, odd dates, a throttled
Slack, a fresh database, wrong paths and workspaces. Each fault is one line and a non-zero exit."""

from __future__ import annotations

import csv
import io
import os

from sqlmodel import select

from bot.services import accounts
from storage.models import Account, Response
from tests.support.cli import ROOT, pulse_env, run_pulse

TEAM = "T0FAULTS1"


def _one_line(stderr: str) -> str:
    """Returns stderr's only line that is not a note Pulse prints before acting, failing when there are more."""
    lines = [line for line in stderr.splitlines() if not line.startswith(("Reading ", "Created Pulse"))]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_latin1_utf16_and_european_files_load_with_their_amounts(settings, runtime, tmp_path):
    env = pulse_env(settings)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("name,owner,billed\nCafé Müller,U0OWNER01,100\n".encode("latin-1"))
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text("name,owner,billed\nÜmbrella,U0OWNER01,200\n", encoding="utf-16")
    european = tmp_path / "european.csv"
    european.write_text(
        "\ufeffname;owner;billed;forecast\nInitech;U0OWNER01;1.234,50;12,5\nGlobex;U0OWNER01;1,5;80.000\n",
        encoding="utf-8",
    )

    results = [
        run_pulse("import", "accounts", str(path), "--team", TEAM, env=env) for path in (latin1, utf16, european)
    ]

    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    assert "as windows-1252" in results[0].stderr
    assert "as utf-16" in results[1].stderr
    assert "semicolon-separated with decimal commas" in results[2].stderr
    with runtime.transaction() as db:
        loaded = {a.name: (a.billed, a.forecast) for a in db.exec(select(Account).where(Account.team_id == TEAM))}
    assert loaded == {
        "Café Müller": (100, 0),
        "Ümbrella": (200, 0),
        "Initech": (1234.5, 12.5),
        "Globex": (1.5, 80_000),
    }


def test_a_rate_limited_owner_lookup_rejects_its_row_and_the_rest_load(settings, standin, runtime, tmp_path):
    for user_id, email in (("U0ANNA001", "anna@ourco.com"), ("U0BORIS01", "boris@ourco.com")):
        standin.add_user(user_id, email)
    standin.rate_limit("users.lookupByEmail", retry_after=1, times=2)
    path = tmp_path / "accounts.csv"
    path.write_text("name,owner\nAcme,anna@ourco.com\nGlobex,boris@ourco.com\nInitech,U0OWNER01\n")

    result = run_pulse("import", "accounts", str(path), "--team", TEAM, env=pulse_env(settings))

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{path}:2: could not look up the owner anna@ourco.com: Slack answered ratelimited" in result.stderr
    assert "2 created, 0 updated, 0 unchanged; 0 contacts added; 1 rows rejected" in result.stderr
    # The two 429s, then Boris once: each e-mail is looked up once, before the import's transaction.
    assert [c.params["email"] for c in standin.calls_to("users.lookupByEmail")] == [
        "anna@ourco.com",
        "anna@ourco.com",
        "boris@ourco.com",
    ]
    with runtime.transaction() as db:
        owners = {a.name: a.owner_id for a in db.exec(select(Account).where(Account.team_id == TEAM))}
    assert owners == {"Globex": "U0BORIS01", "Initech": "U0OWNER01"}


def test_response_import_takes_a_128kb_comment_reports_an_overflowing_date_and_export_defuses_formulas(
    settings, runtime, tmp_path
):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id=TEAM, name="Acme Corp", owner_id="U0OWNER01", now=runtime.now())
    huge = "The service was slow. " * 6000  # 132 KB in one cell
    rows = [
        ("Response ID", "Email", "Score", "Comment", "Created", "Company"),
        ("r1", "ana@acme.example", "2", huge, "2026-01-05T10:00:00Z", "Acme Corp"),
        ("r2", "ana@acme.example", "9", "fine", "0001-01-01T00:00:00+14:00", "Acme Corp"),
        ("r3", "bo@acme.example", "10", "x;=1+1;y", "2026-02-01T09:00:00Z", "Acme Corp"),
        ("r4", "cy@acme.example", "10", "@SUM(A1) -2 +3", "2026-02-02T09:00:00Z", "Acme Corp"),
    ]
    path = tmp_path / "delighted.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    env = pulse_env(settings)

    imported = run_pulse("import", "responses", str(path), "--team", TEAM, env=env)

    assert imported.returncode == 1, imported.stderr
    assert "Traceback" not in imported.stderr
    assert f"{path}:3: the answer time '0001-01-01T00:00:00+14:00' is outside the calendar" in imported.stderr
    assert "3 imported" in imported.stderr
    with runtime.transaction() as db:
        comments = sorted(r.comment for r in db.exec(select(Response).where(Response.team_id == TEAM)))
    assert (
        comments[0].startswith("@SUM") and comments[1].startswith("The service was slow.") and len(comments[1]) <= 1000
    )

    exported = run_pulse("export", "responses", "-", "--team", TEAM, env=env)

    assert exported.returncode == 0, exported.stderr
    cells = [cell for row in csv.reader(io.StringIO(exported.stdout)) for cell in row]
    assert "x;'=1+1;y" in cells and "'@SUM(A1) -2 +3" in cells
    assert not [cell for cell in cells for part in cell.split(";") if part.startswith(("=", "+", "@"))]


def test_a_fresh_database_gets_its_tables_and_every_fault_is_one_line(tmp_path):
    env = pulse_env_without_slack(tmp_path)
    accounts_csv = tmp_path / "accounts.csv"
    accounts_csv.write_text("name,owner\nAcme,U0OWNER01\n")
    picture = tmp_path / "picture.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")

    fresh = run_pulse("digest", "--dry-run", env=env)
    assert fresh.returncode == 2
    assert "Created Pulse's tables" in fresh.stderr
    assert _one_line(fresh.stderr).startswith("No workspace yet: pass --team")

    demo = run_pulse("demo", env=env, timeout=300)
    assert demo.returncode == 0, demo.stderr
    assert "Answer a sample survey as a customer would (once Pulse runs): http://localhost:3000/p/" in demo.stdout

    faults = {
        "only the demo workspace": run_pulse("import", "accounts", str(accounts_csv), env=env),
        "not a CSV file": run_pulse("import", "accounts", str(picture), "--team", TEAM, env=env),
        "Cannot write": run_pulse("export", "responses", str(tmp_path / "no" / "dir" / "x.csv"), env=env),
        "Workspace T0NOWHERE has no data": run_pulse("digest", "--dry-run", "--team", "T0NOWHERE", env=env),
        "Slack did not answer": run_pulse(
            "digest", "--channel", "C0123", env={**env, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": DEAD_SLACK}
        ),
    }
    for expected, result in faults.items():
        assert result.returncode == 2, (expected, result.stderr)
        assert expected in _one_line(result.stderr)
    with_dead_slack = run_pulse(
        "digest", "--dry-run", env={**env, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": DEAD_SLACK}
    )
    assert with_dead_slack.returncode == 0, with_dead_slack.stderr
    assert "Pulse digest" in with_dead_slack.stdout


DEAD_SLACK = "http://127.0.0.1:9/api/"


def pulse_env_without_slack(tmp_path) -> dict[str, str]:
    """A newcomer's environment: a fresh SQLite file, no Slack settings at all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PULSE_", "DATABASE_", "PUBLIC_"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh' / 'pulse.db'}", "PYTHONPATH": str(ROOT)})
    return env

"""`pulse import responses FILE.csv`: past answers from Delighted or another Pulse, into account histories."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta, timezone

import httpx
from sqlmodel import select

from app import jobs
from bot.services import accounts, responses
from storage.models import Account, AccountStats, Outbox, Response
from storage.queries import accounts as account_queries
from tests.support.cli import pulse_env, run_pulse
from tests.support.mail import survey_links
from tests.support.slack_messages import visible_text

TEAM = "T0PULSE01"


def _seed(runtime) -> None:
    with runtime.transaction() as db:
        acme = accounts.create_account(db, team_id=TEAM, name="Acme Corp", owner_id="UOWNER001", now=runtime.now())
        account_queries.add_contact(db, account=acme, email="ana@acme.example", name="Ana", now=runtime.now())
        globex = accounts.create_account(db, team_id=TEAM, name="Globex", owner_id="UOWNER002", now=runtime.now())
        account_queries.add_contact(db, account=globex, email="hank@globex.example", name="", now=runtime.now())


def test_a_delighted_export_fills_account_histories_once_and_shows_on_the_account_card(
    settings, runtime, slack, tmp_path
):
    _seed(runtime)
    # The console script runs on the real clock, so the answers are dated relative to it.
    now = datetime.now(UTC).replace(microsecond=0)
    early, late, latest = now - timedelta(days=40), now - timedelta(days=10), now - timedelta(days=5)
    pacific = late.astimezone(timezone(timedelta(hours=-7))).strftime("%Y-%m-%d %H:%M:%S %z")
    path = tmp_path / "delighted.csv"
    path.write_text(
        "Response ID,Email,Name,Score,Comment,Response Timestamp,Company,Segment\n"
        f"9001,ana@acme.example,Ana,10,Best onboarding we have had from any vendor.,{early.isoformat()},Acme Corp,SMB\n"
        f'9002,raj@acme.example,Raj Patel,4,"Arrived late again, and nobody told us why.",{pacific},acme corp,\n'
        f"9003,hank@globex.example,,7,,{int(latest.timestamp())},,\n"
        f"9004,zed@acme.example,,ten,,{early.isoformat()},Acme Corp,\n",
        encoding="utf-8",
    )
    env = pulse_env(settings)

    first = run_pulse("import", "responses", str(path), "--team", TEAM, env=env)

    assert first.returncode == 1, first.stderr
    assert f"{path}:5: score 'ten' is not a whole number" in first.stderr
    assert "Scores read as NPS (0-10): 9-10 Yes, 7-8 Not sure, 0-6 No (no survey type given: inferred" in first.stderr
    assert (
        "Responses (delighted): 3 imported, 0 already imported; 0 accounts created, 1 contacts added; "
        "1 rows rejected." in first.stderr
    )
    with runtime.transaction() as db:
        names = {a.id: a.name for a in db.exec(select(Account))}
        stats = {names[s.account_id]: s for s in db.exec(select(AccountStats))}
        stored = {(names[r.account_id], r.answer, r.label, r.created_at) for r in db.exec(select(Response))}
        assert db.exec(select(Outbox)).all() == []
    assert stored == {
        ("Acme Corp", "yes", "positive", early),
        ("Acme Corp", "no", "negative", late),
        ("Globex", "unsure", "unknown", latest),
    }
    assert (stats["Acme Corp"].responses, stats["Acme Corp"].last_no_at) == (2, late)
    assert stats["Acme Corp"].satisfaction is not None and stats["Acme Corp"].satisfaction < 0
    assert (stats["Globex"].responses, stats["Globex"].satisfaction, stats["Globex"].last_no_at) == (1, 0.0, None)

    card = visible_text(slack.command("account Acme Corp").json())
    assert card.count("Imported from Delighted") == 2
    assert "*No*" in card and "Arrived late again, and nobody told us why." in card
    assert "*Yes*" in card and "Best onboarding we have had from any vendor." in card
    assert card.index("Arrived late") < card.index("Best onboarding")  # newest first

    second = run_pulse("import", "responses", str(path), "--team", TEAM, env=env)

    assert "0 imported, 3 already imported; 0 accounts created, 0 contacts added; 1 rows rejected" in second.stderr
    with runtime.transaction() as db:
        assert len(db.exec(select(Response)).all()) == 3


def test_a_pulse_export_imports_into_another_workspace_with_the_same_answers(
    slack, runtime, clock, clock_jobs, smtp, settings, tmp_path
):
    clock.set(datetime.now(UTC).replace(microsecond=0) - timedelta(days=3))
    with runtime.transaction() as db:
        accounts.create_account(db, team_id=TEAM, name="Acme Corp", owner_id="UOWNER001", now=runtime.now())
    slack.command("log Acme Corp jane@acme.com support Ticket 7")
    slack.command("log Acme Corp bob@acme.com visit")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    mails = {m["To"]: m for m in smtp.mailbox.wait_for(2)}
    httpx.post(survey_links(mails["jane@acme.com"])["page"], data={"answer": "no", "comment": "-Charged twice"})
    httpx.post(survey_links(mails["bob@acme.com"])["page"], data={"answer": "unsure", "comment": "Not bad at all"})
    with runtime.transaction() as db:
        bob = db.exec(select(Response).where(Response.answer == "unsure")).one()
        responses.correct_label(db, team_id=TEAM, response_id=bob.id, label="negative", user_id="U1", now=clock())
    env = pulse_env(settings)
    source, target = tmp_path / "source.csv", tmp_path / "target.csv"

    assert run_pulse("export", "responses", str(source), "--team", TEAM, env=env).returncode == 0
    imported = run_pulse(
        "import", "responses", str(source), "--team", "T0TARGET1", "--create-accounts", "--owner", "U0TARGET1", env=env
    )
    assert run_pulse("export", "responses", str(target), "--team", "T0TARGET1", env=env).returncode == 0

    assert imported.returncode == 0, imported.stderr
    assert (
        "Responses (pulse): 2 imported, 0 already imported; 1 accounts created, 2 contacts added; 0 rows rejected."
        in imported.stderr
    )
    kept = ["answered_at", "account", "contact_email", "interaction_kind", "answer", "comment", "polarity"]
    kept += ["label", "scorer_label", "label_override", "experience", "experience_0_100"]

    def rows(path):
        with path.open(encoding="utf-8") as handle:
            return sorted(tuple(row[c] for c in kept) for row in csv.DictReader(handle))

    assert rows(target) == rows(source)
    assert {r[kept.index("comment")] for r in rows(target)} == {"'-Charged twice", "Not bad at all"}
    assert {r[kept.index("label_override")] for r in rows(target)} == {"", "negative"}
    with runtime.transaction() as db:
        moved = db.exec(select(Account).where(Account.team_id == "T0TARGET1")).one()
    assert (moved.name, moved.owner_id) == ("Acme Corp", "U0TARGET1")


def test_files_and_options_it_cannot_use_are_refused_with_exit_code_2(settings, tmp_path):
    env = pulse_env(settings)
    path = tmp_path / "survey.csv"
    path.write_text("email,rating_text\nana@acme.example,great\n", encoding="utf-8")

    unknown = run_pulse("import", "responses", str(path), "--team", TEAM, env=env)
    no_owner = run_pulse("import", "responses", str(path), "--team", TEAM, "--create-accounts", env=env)
    bad_format = run_pulse("import", "responses", str(path), "--format", "qualtrics", env=env)

    assert unknown.returncode == 2
    assert f"{path}:1: neither a Pulse export (response_id, answered_at, answer) nor a Delighted" in unknown.stderr
    assert no_owner.returncode == 2 and "--create-accounts needs --owner" in no_owner.stderr
    assert bad_format.returncode == 2 and "--format must be auto, pulse or delighted" in bad_format.stderr

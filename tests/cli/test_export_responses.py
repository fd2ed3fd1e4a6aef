"""`pulse export responses FILE.csv`: every response with its account, contact, interaction and scores."""

from __future__ import annotations

import csv

import httpx

from app import jobs
from bot.services import accounts
from tests.support.cli import pulse_env, run_pulse
from tests.support.mail import survey_links


def test_export_writes_every_response_with_its_context(slack, runtime, clock, clock_jobs, smtp, settings, tmp_path):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="=HYPERLINK(evil)", owner_id="U1", now=runtime.now())
    slack.command("log =HYPERLINK(evil) jane@acme.com support Ticket 7")
    slack.command("log =HYPERLINK(evil) bob@acme.com visit")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    mails = {m["To"]: m for m in smtp.mailbox.wait_for(2)}
    httpx.post(survey_links(mails["jane@acme.com"])["page"], data={"answer": "no", "comment": "-Charged twice"})
    httpx.post(survey_links(mails["bob@acme.com"])["page"], data={"answer": "yes"})

    out = tmp_path / "responses.csv"
    result = run_pulse("export", "responses", str(out), env=pulse_env(settings))

    assert result.returncode == 0, result.stderr
    assert "Exported 2 responses" in result.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    jane = next(r for r in rows if r["contact_email"] == "jane@acme.com")
    assert jane["account"] == "'=HYPERLINK(evil)"  # no formula can run when the file is opened
    assert (jane["interaction_kind"], jane["answer"], jane["comment"], jane["label"]) == (
        "support",
        "no",
        "'-Charged twice",
        "negative",
    )
    assert float(jane["experience"]) < 0 and jane["interaction_rep"] == "UREP0001"
    assert jane["asked_at"] and jane["answered_at"]
    bob = next(r for r in rows if r["contact_email"] == "bob@acme.com")
    assert (bob["answer"], bob["comment"], bob["experience_0_100"], bob["label"]) == ("yes", "", "100", "unknown")

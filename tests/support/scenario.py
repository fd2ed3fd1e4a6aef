"""Builds the situations tests need: accounts whose contacts were asked and answered, through the real paths."""

from __future__ import annotations

import httpx

from app import jobs
from bot.core.survey import Answer
from bot.services import accounts, responses, seeding
from storage.models import Pulse
from tests.support.mail import survey_links
from tests.support.slack_messages import visible_text


def make_account(runtime, name: str, *, owner: str = "UOWNER001", billed: float = 0, forecast: float = 0):
    """Creates an account in the stand-in's workspace (amounts are read as exact cents)."""
    with runtime.transaction() as db:
        return accounts.create_account(
            db, team_id="T0PULSE01", name=name, owner_id=owner, now=runtime.now(), billed=billed, forecast=forecast
        )


def ask_and_answer(slack, clock, clock_jobs, smtp, *, account: str, email: str, answer: str, comment: str = ""):
    """Logs an interaction in Slack, lets the clock send the pulse, and answers it on the survey page."""
    before = len(smtp.mailbox.messages)
    reply = slack.command(f"log {account} {email} call")
    assert "Pulse to" in visible_text(reply.json()), visible_text(reply.json())
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    mail = smtp.mailbox.wait_for(before + 1)[-1]
    assert mail["To"] == email
    page = survey_links(mail)["page"]
    posted = httpx.post(page, data={"answer": answer, "comment": comment})
    assert posted.status_code == 200, posted.text
    jobs.react_to_answers(clock_jobs.runtime)  # what the clock does a moment later
    return page


def log_many(runtime, count: int, *, email: str = "c{i}@acme.com") -> None:
    """Logs `count` interactions with different contacts of one account, each scheduling a pulse."""
    with runtime.transaction() as db:
        account = accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="U1", now=runtime.now())
        for i in range(count):
            seeding.log(
                db,
                account=account,
                rep_id="UREP0001",
                email=email.format(i=i),
                source="test",
                key=f"k{i}",
                policy=runtime.policy,
                now=runtime.now(),
            )


def seed_at_risk(runtime, count: int, *, prefix: str = "Risky", team_id: str = "T0PULSE01") -> None:
    """Creates `count` accounts whose latest answer was a No with a complaint (through the real services)."""
    now = runtime.now()
    with runtime.transaction() as db:
        for i in range(count):
            account = accounts.create_account(
                db,
                team_id=team_id,
                name=f"{prefix} {i:03d} <!here>",
                owner_id="UOWNER001",
                now=now,
                billed=10_000 * (i + 1),
                forecast=5_000 * (i + 1),
            )
            for j, answer in enumerate(("yes", "no")):
                logged = seeding.log(
                    db,
                    account=account,
                    rep_id="UOWNER001",
                    email=f"c{j}@{i}.example",
                    source="test",
                    key=f"{prefix}{i}:{j}",
                    policy=runtime.policy,
                    now=now,
                )
                assert logged.pulse is not None
                token = seeding.send(db, pulse=db.get(Pulse, logged.pulse.id), sent_at=now, policy=runtime.policy)
                seeding.answer(
                    db,
                    token=token,
                    reply=Answer(answer),
                    comment="Charged twice, nobody called back" if answer == "no" else "",
                    policy=runtime.policy,
                    now=now,
                )
        responses.react_to_answers(db, now=now, limit=10_000)

"""Builds the situations tests need: accounts whose contacts were asked and answered, through the real paths."""

from __future__ import annotations

from datetime import timedelta

import httpx

from app import jobs
from bot.core.commands import Kind
from bot.core.survey import Answer
from bot.services import accounts, interactions, responses
from bot.services.pulses import hash_token
from storage.models import Pulse, PulseToken
from storage.rows import AccountRow
from tests.support.mail import survey_links
from tests.support.slack_messages import visible_text


def make_account(runtime, name: str, *, owner: str = "UOWNER001", billed: float = 0, forecast: float = 0):
    """Creates an account in the stand-in's workspace."""
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
            log_call(db, runtime, account, rep_id="UREP0001", email=email.format(i=i), key=f"k{i}", now=runtime.now())


def log_call(db, runtime, account, *, rep_id: str, email: str, key: str, now):
    """Logs a call with one contact of the account through the real use case, scheduling its pulse."""
    return interactions.log_interaction(
        db,
        account=AccountRow.of(account),
        request=interactions.LogRequest(
            team_id=account.team_id,
            rep_id=rep_id,
            email=email,
            kind=Kind.CALL,
            note="",
            survey=True,
            source="test",
            idempotency_key=key,
        ),
        policy=runtime.policy,
        now=now,
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
                logged = log_call(
                    db, runtime, account, rep_id="UOWNER001", email=f"c{j}@{i}.example", key=f"{prefix}{i}:{j}", now=now
                )
                pulse = db.get(Pulse, logged.pulse.id)
                pulse.state, pulse.sent_at, pulse.expires_at = "sent", now, now + timedelta(days=14)
                db.add(pulse)
                db.add(PulseToken(token_hash=hash_token(f"tok-{prefix}-{i}-{j}"), pulse_id=pulse.id, created_at=now))
                db.flush()
                responses.record_answer(
                    db,
                    token=f"tok-{prefix}-{i}-{j}",
                    answer=Answer(answer),
                    comment="Charged twice, nobody called back" if answer == "no" else "",
                    now=now,
                    policy=runtime.policy,
                )
        responses.react_to_answers(db, now=now, limit=10_000)

"""Per-account aggregates: a send counts incrementally and agrees with a full recount; reminders change nothing."""

from __future__ import annotations

import io

from sqlmodel import select

from app import jobs
from bot.services import stats
from storage.models import Account, AccountStats
from tests.support.scenario import log_many


def _stats(runtime) -> AccountStats:
    with runtime.transaction() as db:
        account = db.exec(select(Account)).one()
        row = db.get(AccountStats, account.id)
        assert row is not None
        db.expunge(row)
        return row


def _recount(runtime) -> AccountStats:
    with runtime.transaction() as db:
        account = db.exec(select(Account)).one()
        assert account.id is not None
        stats.refresh(db, account_id=account.id, team_id=account.team_id, now=runtime.now())
    return _stats(runtime)


def test_each_send_counts_once_and_matches_a_full_recount(runtime, clock, clock_jobs, smtp):
    log_many(runtime, 3)
    clock.advance(minutes=31)
    report = jobs.advance_pulses(clock_jobs)
    assert report.sent == 3
    smtp.mailbox.wait_for(3)
    counted = _stats(runtime)
    assert (counted.pulses_sent, counted.pulses_answered) == (3, 0)
    recounted = _recount(runtime)
    assert (recounted.pulses_sent, recounted.pulses_answered, recounted.unanswered_streak) == (3, 0, 0)


def test_a_reminder_leaves_the_counts_alone(runtime, clock, clock_jobs, smtp):
    log_many(runtime, 2)
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    before = _stats(runtime)
    clock.advance(days=runtime.settings.pulse_reminder_days, minutes=1)
    report = jobs.advance_pulses(clock_jobs)
    assert report.reminded == 2
    smtp.mailbox.wait_for(4)
    after = _stats(runtime)
    assert after.pulses_sent == before.pulses_sent == 2
    assert _recount(runtime).pulses_sent == 2


def test_a_send_to_an_account_without_aggregates_creates_them(runtime):
    log_many(runtime, 1)
    with runtime.transaction() as db:
        account = db.exec(select(Account)).one()
        assert account.id is not None
        existing = db.get(AccountStats, account.id)
        if existing is not None:
            db.delete(existing)
    with runtime.transaction() as db:
        stats.note_sent(db, account_id=account.id, team_id=account.team_id, now=runtime.now())
    created = _stats(runtime)
    assert created.account_id == account.id
    assert created.refreshed_at is not None


def test_a_contact_who_stops_answering_is_kept_with_their_record_and_reaches_the_digest(runtime):
    # Jane answered her first three pulses and none of her last three; Bob, at the same account, still answers.
    from datetime import timedelta

    from bot.core.response_formats import read_layout
    from bot.core.tables import read_table
    from bot.services import digests
    from bot.services.response_imports import import_responses

    now = runtime.now()
    rows = ["response_id,answered_at,asked_at,account,contact_email,answer,comment"]
    for n, (days, email, answer) in enumerate(
        [
            (120, "jane@acme.example", "yes"),
            (100, "jane@acme.example", "yes"),
            (80, "jane@acme.example", "yes"),
            (60, "jane@acme.example", None),
            (40, "jane@acme.example", None),
            (20, "jane@acme.example", None),
            (90, "bob@acme.example", "yes"),
            (10, "bob@acme.example", "yes"),
        ]
    ):
        at = (now - timedelta(days=days)).isoformat()
        if answer is None:
            rows.append(f",,{at},Acme,{email},,")
        else:
            rows.append(f"h-{n},{at},{at},Acme,{email},{answer},")
    header, table = read_table(io.StringIO("\n".join(rows) + "\n"))
    with runtime.transaction() as db:
        report = import_responses(
            db, team_id="T0QUIET01", layout=read_layout(header), rows=table, now=now, owner_id="U0OWNER01"
        )
    assert report.rejected == []

    row = _stats(runtime)
    assert (row.unanswered_streak, row.quiet_contact_streak) == (0, 3)  # Bob's answer hides it at account level
    assert (row.quiet_contact_answered, row.quiet_contact_asked) == (3, 3)
    with runtime.transaction() as db:
        (signals,) = list(digests.signals(db, team_id="T0QUIET01"))
    assert signals.quiet_contact is not None
    assert (signals.quiet_contact.contact, signals.quiet_contact.streak) == ("jane@acme.example", 3)
    silence = [signal for signal in portfolio_signals(signals, now) if signal.kind == "silence"]
    assert [signal.reason for signal in silence] == [
        "jane@acme.example stopped answering: no answer to the last 3 pulses, after answering 3 of 3"
    ]
    assert silence[0].weight >= 0.3  # three in a row from a contact who always answered: over the floor alone


def portfolio_signals(signals, now):
    """The risk signals the core finds for one account, against cut-offs that make nothing high."""
    from decimal import Decimal

    from bot.core import portfolio_risk
    from bot.core.signals import ClassifyConfig, Thresholds

    cut = Thresholds(billed_high=Decimal("1e12"), forecast_high=Decimal("1e12"))
    return portfolio_risk.find_signals(signals, cut, ClassifyConfig(), now=now)

"""Per-account aggregates: a send counts incrementally and agrees with a full recount; reminders change nothing."""

from __future__ import annotations

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

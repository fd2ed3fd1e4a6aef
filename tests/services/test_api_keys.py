"""API keys: issued once in plain text, kept as hashes, revoked per workspace; logging through them."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.config import Settings
from bot.core.kinds import Kind
from bot.runtime import Runtime
from bot.services import accounts, api_keys, interactions
from storage.db import create_db_engine, make_session_factory
from storage.models import Account, ApiKey
from tests.support.clock import FakeClock

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def runtime(database_url):
    """A runtime on the test database alone (no Slack, no SMTP: services need neither)."""
    engine = create_db_engine(database_url)
    built = Runtime(
        settings=Settings(_env_file=None, database_url=database_url),  # type: ignore[call-arg]
        engine=engine,
        sessions=make_session_factory(engine),
        clock=FakeClock(NOW),
    )
    yield built
    engine.dispose()


def _issue(runtime, team_id: str = "T0PULSE01", now: datetime = NOW) -> str:
    with runtime.transaction() as db:
        return api_keys.issue_key(db, team_id=team_id, user_id="UREP0001", now=now)


def _authenticate(runtime, key: str, now: datetime = NOW) -> str | None:
    with runtime.transaction() as db:
        return api_keys.authenticate(db, key=key, now=now)


def test_a_key_is_shown_once_and_kept_only_as_its_hash_and_prefix(runtime):
    key = _issue(runtime)
    assert key.startswith("pk_") and len(key) == 46
    with runtime.transaction() as db:
        [row] = db.exec(select(ApiKey)).all()
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert row.prefix == key[:10] and key not in (row.key_hash, row.prefix)
    assert (row.team_id, row.created_by, row.created_at, row.revoked_at) == ("T0PULSE01", "UREP0001", NOW, None)
    assert _issue(runtime) != key


def test_authenticate_returns_the_keys_workspace_and_nothing_for_anything_else(runtime):
    ours, theirs = _issue(runtime), _issue(runtime, team_id="T0OTHER01")
    assert _authenticate(runtime, ours) == "T0PULSE01"
    assert _authenticate(runtime, theirs) == "T0OTHER01"
    for wrong in ("", "pk_", ours[:-1], ours + "x", ours.upper(), "xx" + ours[2:], "pk_" + "a" * 500):
        assert _authenticate(runtime, wrong) is None


def test_use_is_noted_at_most_once_a_minute(runtime):
    key = _issue(runtime)

    def last_used():
        with runtime.transaction() as db:
            return db.exec(select(ApiKey)).one().last_used_at

    assert last_used() is None
    _authenticate(runtime, key, NOW)
    _authenticate(runtime, key, NOW + timedelta(seconds=59))
    assert last_used() == NOW
    _authenticate(runtime, key, NOW + timedelta(minutes=1))
    assert last_used() == NOW + timedelta(minutes=1)


def test_revoking_stops_every_key_of_the_workspace_and_only_those(runtime):
    first, second, theirs = _issue(runtime), _issue(runtime, now=NOW + timedelta(hours=1)), _issue(runtime, "T0OTHER01")
    later = NOW + timedelta(days=1)
    with runtime.transaction() as db:
        assert api_keys.revoke_keys(db, team_id="T0PULSE01", now=later) == 2
    with runtime.transaction() as db:
        assert api_keys.revoke_keys(db, team_id="T0PULSE01", now=later) == 0
        listed = api_keys.list_keys(db, team_id="T0PULSE01")
    assert [k.prefix for k in listed] == [second[:10], first[:10]]
    assert all(k.revoked_at == later for k in listed)
    assert _authenticate(runtime, first) is None and _authenticate(runtime, second) is None
    assert _authenticate(runtime, theirs) == "T0OTHER01"


def _request(
    *, account: str = "Acme Corp", create_account: bool = False, idempotency_key: str = "api:1", **changes: object
) -> interactions.LogInteraction:
    """A request as the API adapter builds it from a posted body."""
    if_missing = interactions.IfMissing.CREATE if create_account else interactions.IfMissing.REFUSE
    values: dict[str, object] = {
        "account": interactions.AccountName(account, if_missing=if_missing),
        "contact": "jane@acme.com",
        "kind": Kind.CALL,
        "note": "",
        "survey": True,
        "source": "api",
        "idempotency_key": idempotency_key,
        "replay_first": True,
        "client_key": True,
    }
    values.update(changes)
    return interactions.LogInteraction(team_id="", **values)  # type: ignore[arg-type]


def _log(runtime, request: interactions.LogInteraction, team_id: str = "T0PULSE01"):
    with runtime.transaction() as db:
        request = replace(request, team_id=team_id)
        return interactions.log_interaction(db, request=request, policy=runtime.policy, now=NOW)


def test_logging_resolves_accounts_and_creates_them_only_when_asked_with_a_rep(runtime):
    with runtime.transaction() as db:
        for name in ("Acme Corp", "Acme Ltd"):
            accounts.create_account(db, team_id="T0PULSE01", name=name, owner_id="UOWNER001", now=NOW)
    with pytest.raises(interactions.AccountNotFound) as ambiguous:
        _log(runtime, _request(account="acme"))
    assert [a.name for a in ambiguous.value.candidates] == ["Acme Corp", "Acme Ltd"]
    with pytest.raises(interactions.AccountNotFound) as unknown:
        _log(runtime, _request(account="Acme Corp", idempotency_key="api:2"), team_id="T0OTHER01")
    assert unknown.value.candidates == ()
    with pytest.raises(interactions.RepRequired):
        _log(runtime, _request(account="Initech", create_account=True))

    logged = _log(runtime, _request(account="Initech", create_account=True, rep_id="U0MARIA01"))
    assert (logged.account.name, logged.account.owner_id, logged.interaction.rep_id) == ("Initech", *["U0MARIA01"] * 2)
    assert logged.interaction.source == "api" and not logged.duplicate


def test_a_repeated_key_replays_against_the_first_account_even_after_a_rename(runtime):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="UOWNER001", now=NOW)
    first = _log(runtime, _request())
    with runtime.transaction() as db:
        account = db.get(Account, first.account.id)
        assert account is not None
        account.name, account.name_key = "Acme Corporation", "acme corporation"
        db.add(account)
    again = _log(runtime, _request())  # the retry resends the body as it was, naming the old name
    assert again.duplicate and again.interaction.id == first.interaction.id
    assert again.interaction.rep_id == "UOWNER001"
    with pytest.raises(interactions.IdempotencyKeyReused):
        _log(runtime, _request(account="Something else entirely"))

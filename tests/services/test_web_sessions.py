"""Sign-in bookkeeping: where a member may be sent back to, and sessions that end on time or on sign-out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services import web_sessions


@pytest.mark.parametrize(
    ("asked", "sent"),
    [
        ("/portfolio?owner=U1&class=grow", "/portfolio?owner=U1&class=grow"),
        ("/portfolio/accounts/7", "/portfolio/accounts/7"),
        ("/portfolio.csv?sort=stake", "/portfolio.csv?sort=stake"),
        ("https://evil.example/portfolio", "/portfolio"),
        ("//evil.example/portfolio", "/portfolio"),
        ("/portfolio\\..\\@evil.example", "/portfolio"),
        ("/portfolioevil", "/portfolio"),
        ("/slack/install", "/portfolio"),
        ("/portfolio/\r\nSet-Cookie: x=1", "/portfolio"),
        (None, "/portfolio"),
    ],
)
def test_only_a_local_portfolio_address_is_returned_to(asked, sent):
    assert web_sessions.safe_return(asked) == sent


def test_a_sign_in_is_used_once_and_a_session_ends_on_time_or_on_sign_out(runtime):
    now = runtime.now()
    with runtime.transaction() as db:
        started = web_sessions.start_login(db, return_to="/portfolio/accounts/3", now=now)
    with runtime.transaction() as db:
        assert web_sessions.finish_login(db, browser_token=started.browser_token, state="other", now=now) is None
    with runtime.transaction() as db:  # the wrong state used it up
        assert web_sessions.finish_login(db, browser_token=started.browser_token, state=started.state, now=now) is None
        again = web_sessions.start_login(db, return_to=None, now=now)
    late = now + web_sessions.LOGIN_TTL + timedelta(seconds=1)
    with runtime.transaction() as db:
        assert web_sessions.finish_login(db, browser_token=again.browser_token, state=again.state, now=late) is None
        token, signed = web_sessions.open_session(
            db, team_id="T1", user_id="U1", name="Dana", now=now, lifetime=timedelta(hours=8)
        )
    with runtime.transaction() as db:
        assert web_sessions.current(db, token=token, now=now + timedelta(hours=7)) == signed
        assert web_sessions.current(db, token=token, now=now + timedelta(hours=8)) is None
        web_sessions.sign_out(db, token=token)
        assert web_sessions.current(db, token=token, now=now) is None

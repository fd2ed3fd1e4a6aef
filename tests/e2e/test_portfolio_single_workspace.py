"""With one bot token (no OAuth installs), the bot token's workspace is the one whose members may sign in."""

from __future__ import annotations

import pytest

from tests.support.portfolio import seed_portfolio, sign_in
from tests.support.slack_oidc import CLIENT_ID, CLIENT_SECRET


@pytest.fixture
def extra_settings():
    # No signing secret: OAuth installs are off, so the bot token names the one workspace Pulse serves.
    return {"slack_signing_secret": None, "slack_client_id": CLIENT_ID, "slack_client_secret": CLIENT_SECRET}


def test_the_bot_tokens_workspace_signs_in_and_no_other(pulse_url, standin, runtime):
    seed_portfolio(runtime, standin)
    browser, page = sign_in(pulse_url, standin)
    assert page.status_code == 200 and "Northwind Traders" in page.text
    browser.close()
    browser, page = sign_in(pulse_url, standin, team_id="T0OTHER99")
    assert page.status_code == 403 and "Northwind Traders" not in page.text
    browser.close()
    assert standin.calls_to("auth.test")  # the token's workspace, asked of Slack once

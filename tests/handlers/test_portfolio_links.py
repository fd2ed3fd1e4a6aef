"""The digest and App Home link to the portfolio page only when Pulse has a public address."""

from __future__ import annotations

from bot.config import Settings
from bot.core.catalog import words
from bot.services.home import RepHome
from handlers.slack import digest_blocks, home_blocks
from tests.handlers.test_digest_blocks import assert_within_limits, entry, make_digest, walk

URL = "https://pulse.example.com/portfolio"


def _links(message) -> list[str]:
    mrkdwn, _, _ = walk(message)
    return [text for text in mrkdwn if "/portfolio" in text]


def test_the_digest_links_to_the_portfolio_page_when_asked_to():
    digest = make_digest([entry(i) for i in range(1, 40)], cap=40)
    message = digest_blocks.digest_message(digest, portfolio_url=URL)
    assert message is not None
    assert _links(message) == [f":bar_chart: <{URL}|Open the portfolio on the web>"]
    assert message["blocks"][-1]["type"] == "context"  # last, and never cut by Slack's 50-block limit
    assert_within_limits(message)
    plain = digest_blocks.digest_message(digest)
    assert plain is not None and _links(plain) == []


def test_app_home_links_to_the_reps_own_portfolio_in_their_language():
    home = RepHome(make_digest([entry(1)]), (), (), 0, 0, 0)
    view = home_blocks.home_view(home, now=make_digest([]).generated_at, w=words("de"), portfolio_url=f"{URL}?owner=U1")
    assert _links(view) == [f":bar_chart: <{URL}?owner=U1|Portfolio im Web öffnen>"]
    assert _links(home_blocks.home_view(home, now=make_digest([]).generated_at)) == []


def test_the_portfolio_address_follows_public_url():
    assert Settings(_env_file=None, public_url="https://pulse.example.com/").portfolio_url == URL  # type: ignore[call-arg]
    assert Settings(_env_file=None).portfolio_url is None  # type: ignore[call-arg]

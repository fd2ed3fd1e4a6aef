"""Signing in to the portfolio pages as a browser would, and reading their table back (for the web tests)."""

from __future__ import annotations

import random
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx

from bot.services import accounts
from bot.services.demo_data import COMPANIES, REPS
from storage.models import AccountStats
from storage.queries import stats as stats_queries
from tests.support.slack_oidc import CLIENT_ID, CLIENT_SECRET
from tests.support.slack_standin import TEAM_ID

# Every workspace installs through OAuth (SLACK_CLIENT_ID/SECRET take precedence over a bot token).
SIGN_IN_SETTINGS = {"slack_bot_token": None, "slack_client_id": CLIENT_ID, "slack_client_secret": CLIENT_SECRET}


def seed_portfolio(runtime, standin, team_id: str = TEAM_ID, *, count: int = 24) -> None:
    """Makes a portfolio of `count` accounts (4 reps with names in Slack) and their answers' aggregates, quickly.

    The aggregates are stored as the stats refresh stores them; every page reads them through the digest's path.
    """
    rng = random.Random(3)
    now = runtime.now()
    reps = list(REPS)
    with runtime.transaction() as db:
        for index, name in enumerate(COMPANIES[:count]):
            billed = round(rng.lognormvariate(11.5, 1.1), -3)
            forecast = round(rng.lognormvariate(11, 1.2), -3) if index % 3 else 0.0
            account = accounts.create_account(
                db, team_id=team_id, name=name, owner_id=reps[index % 4], now=now, billed=billed, forecast=forecast
            )
            assert account.id is not None
            if index % 7 == 6:
                continue  # no answers yet
            scores = [round(rng.uniform(-0.6, 0.9), 3) for _ in range(rng.randint(2, 9))]
            if index % 4 == 1:
                scores[-1] = -0.8  # the last answer was a "No"
            stats_queries.save_stats(
                db,
                AccountStats(
                    account_id=account.id,
                    team_id=team_id,
                    responses=len(scores),
                    satisfaction=sum(scores[-3:]) / len(scores[-3:]),
                    baseline=sum(scores[:-1]) / max(1, len(scores) - 1),
                    previous_satisfaction=sum(scores[-4:-1]) / max(1, len(scores[-4:-1])),
                    last_response_at=now - timedelta(days=index),
                    last_no_at=now - timedelta(days=index) if scores[-1] < -0.5 else None,
                    recent_scores=scores,
                    pulses_sent=len(scores) + 1,
                    pulses_answered=len(scores),
                    refreshed_at=now,
                ),
            )
    for user_id, name in REPS.items():
        standin.add_user(user_id, f"{user_id.lower()}@ourco.example", team_id=team_id, real_name=f"{name} Rep")


def install(base_url: str, standin, team_id: str = TEAM_ID) -> None:
    """Installs Pulse into a workspace through Slack's OAuth flow, as an admin's browser would."""
    with httpx.Client(base_url=base_url) as browser:
        page = browser.get("/slack/install")
        authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.text)
        assert authorize is not None, page.text
        state = parse_qs(urlsplit(authorize.group(1).replace("&amp;", "&")).query)["state"][0]
        standin.grant(f"code-{team_id}", team_id)
        cookie = page.headers["set-cookie"].split(";")[0]
        done = browser.get(
            "/slack/oauth_redirect", params={"code": f"code-{team_id}", "state": state}, headers={"Cookie": cookie}
        )
        assert done.status_code == 200, done.text


def sign_in(base_url: str, standin, *, team_id: str = TEAM_ID, user_id: str = "U0LEAD001", start: str = "/portfolio"):
    """Signs in with Slack through every redirect; returns the browser (an httpx client) and its last answer."""
    standin.openid.sign_in_as(team_id, user_id, "Dana Lead")
    browser = httpx.Client(base_url=base_url, follow_redirects=True, timeout=20)
    return browser, browser.get(start)


def start_login(base_url: str) -> tuple[httpx.Client, dict[str, str]]:
    """Starts a sign-in without following Slack's redirect; returns the browser and the authorize URL's query."""
    browser = httpx.Client(base_url=base_url, timeout=20)
    started = browser.get("/portfolio/login")
    assert started.status_code == 303, started.text
    query = {key: values[0] for key, values in parse_qs(urlsplit(started.headers["location"]).query).items()}
    return browser, query


class _Table(HTMLParser):
    """Collects the text of each cell of the accounts table, one list per row (list items joined by newlines)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = False
        self.cell: list[str] | None = None
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("id") == "accounts":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []
        elif self.inside and tag == "li" and self.cell:
            self.cell.append("\n")
        elif self.inside and tag == "span" and values.get("aria-hidden") == "true":
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """Returns the accounts table's rows (the heading row first) as the text of their cells."""
    parser = _Table()
    parser.feed(html)
    return [[" ".join(part.split()) if "\n" not in part else part for part in row] for row in parser.rows]

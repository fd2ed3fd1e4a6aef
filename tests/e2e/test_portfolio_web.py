"""The portfolio pages over real HTTP: Sign in with Slack (OpenID Connect) admits members of a workspace with
Pulse and nobody else; the table, its filters, sorting and CSV; an account's story, escaped."""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bot.services import accounts
from bot.services.exports import safe_cell
from tests.e2e.test_workspaces import event
from tests.support.portfolio import SIGN_IN_SETTINGS, install, seed_portfolio, sign_in, start_login, table_rows
from tests.support.scenario import ask_and_answer, make_account
from tests.support.slack_oidc import CLIENT_ID

DEMO_ACCOUNT = "Northwind Traders"  # one of the seeded portfolio's companies


@pytest.fixture
def extra_settings():
    return dict(SIGN_IN_SETTINGS)


@pytest.fixture
def portfolio(runtime, standin, pulse_url):
    install(pulse_url, standin)
    seed_portfolio(runtime, standin)


def _no_data(response: httpx.Response) -> None:
    assert DEMO_ACCOUNT not in response.text and "accounts" not in response.headers.get("content-type", "csv")


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_and_sees_no_data(pulse_url, portfolio):
    with httpx.Client(base_url=pulse_url) as browser:
        for path in (
            "/portfolio",
            "/portfolio.csv?sort=stake",
            "/portfolio/accounts/1",
            "/portfolio/matrix.png",
            "/portfolio/accounts/1/history.png",
        ):
            answer = browser.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/portfolio/login?next=")
            assert DEMO_ACCOUNT not in answer.text and answer.text == ""
        sent = browser.get("/portfolio/login", params={"next": "/portfolio?owner=U0ANAREP1"})
    target = urlsplit(sent.headers["location"])
    query = {key: values[0] for key, values in parse_qs(target.query).items()}
    assert query["scope"] == "openid profile email" and query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == f"{pulse_url}/portfolio/callback" and query["response_type"] == "code"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32 and query["state"] != query["nonce"]
    cookie = sent.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # PUBLIC_URL is http here


def test_a_member_signs_in_with_slack_and_sees_the_portfolio(pulse_url, standin, portfolio):
    browser, page = sign_in(pulse_url, standin, start="/portfolio?owner=U0ANAREP1")
    assert page.status_code == 200 and str(page.url).endswith("/portfolio?owner=U0ANAREP1")  # back where it began
    assert "Dana Lead" in page.text and "Ana Rep" in page.text
    rows = table_rows(page.text)
    assert rows[0] == ["Account", "Owner", "Class", "Revenue at stake", "Satisfaction", "Why"]
    assert len(rows) > 2 and {row[1] for row in rows[1:]} == {"Ana Rep"}
    session = next(c for c in browser.cookies.jar if c.name == "pulse_session")
    assert session.path == "/" and session.has_nonstandard_attr("HttpOnly") and not session.secure
    assert 7.9 * 3600 < session.expires - time.time() < 8.1 * 3600
    assert page.headers["cache-control"] == "no-store"
    everyone = browser.get("/portfolio")
    assert len(table_rows(everyone.text)) == 25  # the heading and 24 accounts
    assert '<img src="/portfolio/matrix.png" alt="Portfolio matrix of all accounts on 2026-11-23: 24 accounts' in (
        everyone.text
    )
    assert '<img src="/portfolio/matrix.png?owner=U0ANAREP1" alt="Portfolio matrix of one rep' in page.text
    picture = browser.get("/portfolio/matrix.png", params={"owner": "U0ANAREP1", "class": "intervene_now"})
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG") and "no-store" in picture.headers["cache-control"]
    browser.close()


def test_filters_and_sort_work_and_the_csv_is_the_table(pulse_url, standin, portfolio):
    browser, _ = sign_in(pulse_url, standin)
    by_stake = table_rows(browser.get("/portfolio", params={"sort": "stake"}).text)[1:]
    amounts = [_amount(row[3]) for row in by_stake]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) == 24
    by_name = table_rows(browser.get("/portfolio", params={"sort": "name", "dir": "desc"}).text)[1:]
    assert [r[0] for r in by_name] == sorted((r[0] for r in by_name), key=str.casefold, reverse=True)
    worst_first = table_rows(browser.get("/portfolio", params={"sort": "satisfaction"}).text)[1:]
    known = [int(r[4].split("/")[0]) for r in worst_first if "/100" in r[4]]
    assert known == sorted(known) and all("/100" not in r[4] for r in worst_first[len(known) :])
    one_class = browser.get("/portfolio", params={"class": "intervene_now", "owner": "U0BENREP2"})
    rows = table_rows(one_class.text)[1:]
    assert all(r[2] == "Intervene now" and r[1] == "Ben Rep" for r in rows)
    params = {"class": "", "owner": "U0CHLOE03", "sort": "stake", "dir": "asc"}
    page = browser.get("/portfolio", params=params)
    exported = browser.get("/portfolio.csv", params=params)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"] and "no-store" in exported.headers["cache-control"]
    shown = table_rows(page.text)
    assert list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")))) == [
        [safe_cell(cell) for cell in row] for row in shown
    ]
    assert len(shown) > 2
    browser.close()


def test_an_account_page_tells_its_story_escaped_and_the_csv_defuses_formulas(
    pulse_url, standin, runtime, slack, clock, clock_jobs, smtp
):
    install(pulse_url, standin)
    make_account(runtime, "Globex", owner="U0ANAREP1", billed=90_000, forecast=40_000)
    make_account(runtime, "=SUM(A1)+<i>x</i>", owner="U0ANAREP1", billed=1_000)
    hostile = "<script>alert(1)</script> late again, =1+1 terrible service"
    standin.add_user("UREP0001", "riley@ourco.example", real_name="Riley Rep")  # who logs the call
    ask_and_answer(
        slack, clock, clock_jobs, smtp, account="Globex", email="jo@globex.example", answer="no", comment=hostile
    )
    with runtime.transaction() as db:
        other = accounts.create_account(db, team_id="T0OTHER99", name="Hidden Corp", owner_id="U9", now=runtime.now())
    browser, page = sign_in(pulse_url, standin)
    assert "<script>alert" not in page.text and "&lt;i&gt;x&lt;/i&gt;" in page.text
    [globex] = [row for row in table_rows(page.text)[1:] if row[0] == "Globex"]
    link = 'href="/portfolio/accounts/'
    account_id = page.text.split('">Globex</a>')[0].rsplit(link, 1)[1]
    story = browser.get(f"/portfolio/accounts/{account_id}")
    assert story.status_code == 200 and "<script>alert" not in story.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; late again" in story.text
    assert "Answer: <strong>No</strong>" in story.text and "Sentiment: negative" in story.text
    assert globex[2] in story.text and "jo@globex.example" in story.text
    assert "· Riley Rep</p>" in story.text  # the rep by name, from Slack's directory
    assert browser.get(f"/portfolio/accounts/{other.id}").status_code == 404  # another workspace's account
    assert browser.get(f"/portfolio/accounts/{other.id}/history.png").status_code == 404
    chart = browser.get(f"/portfolio/accounts/{account_id}/history.png")
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    assert f'<img src="/portfolio/accounts/{account_id}/history.png" alt="Satisfaction over time for Globex' in (
        story.text
    )
    exported = list(csv.reader(io.StringIO(browser.get("/portfolio.csv").content.decode("utf-8-sig"))))
    [formula] = [row for row in exported if "SUM(A1)" in row[0]]
    assert formula[0] == "'=SUM(A1)+<i>x</i>"
    browser.close()


def test_an_expired_session_is_refused(pulse_url, standin, portfolio, clock):
    browser, page = sign_in(pulse_url, standin)
    assert page.status_code == 200
    clock.advance(hours=7, minutes=59)
    assert browser.get("/portfolio").url.path == "/portfolio"
    clock.advance(minutes=2)
    browser.follow_redirects = False
    expired = browser.get("/portfolio")
    assert expired.status_code == 303 and expired.headers["location"].startswith("/portfolio/login")
    browser.close()


def test_a_forged_or_stolen_looking_cookie_is_refused(pulse_url, portfolio):
    for value in ("forged-session-value-0123456789abcdef", "", "x" * 500):
        with httpx.Client(base_url=pulse_url, cookies={"pulse_session": value}) as browser:
            answer = browser.get("/portfolio")
        assert answer.status_code == 303 and DEMO_ACCOUNT not in answer.text


def test_a_member_of_a_workspace_without_pulse_is_refused(pulse_url, standin, portfolio):
    browser, page = sign_in(pulse_url, standin, team_id="T0OTHER99")
    assert page.status_code == 403 and "Not for this workspace" in page.text
    assert DEMO_ACCOUNT not in page.text and "pulse_session" not in browser.cookies
    browser.follow_redirects = False
    assert browser.get("/portfolio").status_code == 303
    browser.close()


def test_a_bad_missing_replayed_or_foreign_state_is_refused(pulse_url, standin, portfolio):
    standin.openid.sign_in_as("T0PULSE01", "U0LEAD001")
    browser, query = start_login(pulse_url)
    standin.openid.grant(
        "c1", team_id="T0PULSE01", user_id="U0LEAD001", nonce=query["nonce"], redirect_uri=query["redirect_uri"]
    )
    for params in ({"code": "c1", "state": "forged"}, {"code": "c1"}, {"state": query["state"]}):
        refused = browser.get("/portfolio/callback", params=params)
        assert refused.status_code == 403 and "Sign-in did not work" in refused.text
    # The state was used by the first refusal: even the right one no longer works.
    again = browser.get("/portfolio/callback", params={"code": "c1", "state": query["state"]})
    assert again.status_code == 403
    # A state started in another browser (no sign-in cookie) is refused: nobody can be signed in as someone else.
    browser.close()
    elsewhere, other = start_login(pulse_url)
    elsewhere.close()
    standin.openid.grant(
        "c2", team_id="T0PULSE01", user_id="U0LEAD001", nonce=other["nonce"], redirect_uri=other["redirect_uri"]
    )
    with httpx.Client(base_url=pulse_url) as stranger:
        assert stranger.get("/portfolio/callback", params={"code": "c2", "state": other["state"]}).status_code == 403
    # Slack saying no (the member cancelled) is refused kindly.
    browser, query = start_login(pulse_url)
    cancelled = browser.get("/portfolio/callback", params={"error": "access_denied", "state": query["state"]})
    assert cancelled.status_code == 403 and "pulse_session" not in browser.cookies
    browser.close()


@pytest.mark.parametrize(
    "tampering",
    [
        {"nonce": "another-sign-in"},
        {"nonce": None},
        {"aud": "9999.8888"},
        {"iss": "https://evil.example"},
        {"exp": 1_000},
        {"foreign_key": True},
        {"https://slack.com/team_id": None},
    ],
    ids=["nonce", "no-nonce", "audience", "issuer", "expired", "signature", "no-team"],
)
def test_an_id_token_that_fails_a_check_is_refused(pulse_url, standin, portfolio, tampering):
    standin.openid.tamper(**tampering)
    browser, page = sign_in(pulse_url, standin)
    assert page.status_code == 403 and "Sign-in did not work" in page.text and DEMO_ACCOUNT not in page.text
    assert "pulse_session" not in browser.cookies
    browser.close()


def test_signing_out_ends_the_session_on_the_server(pulse_url, standin, portfolio):
    browser, _ = sign_in(pulse_url, standin)
    token = browser.cookies["pulse_session"]
    assert browser.post("/portfolio/logout", headers={"Origin": "https://evil.example"}).status_code == 403
    out = browser.post("/portfolio/logout", headers={"Origin": pulse_url})
    assert out.status_code == 200 and "You are signed out" in out.text and "pulse_session" not in browser.cookies
    with httpx.Client(base_url=pulse_url, cookies={"pulse_session": token}) as replay:
        assert replay.get("/portfolio").status_code == 303
    browser.close()


def _amount(text: str) -> float:
    scale = {"k": 1e3, "M": 1e6, "B": 1e9}
    return float(text[:-1]) * scale[text[-1]] if text[-1] in scale else float(text)


def test_members_of_a_workspace_that_uninstalls_pulse_are_signed_out(pulse_url, standin, portfolio, slack):
    browser, page = sign_in(pulse_url, standin)
    assert page.status_code == 200
    assert event(slack, "T0PULSE01", {"type": "app_uninstalled"}).status_code == 200
    browser.follow_redirects = False
    assert browser.get("/portfolio").status_code == 303
    browser.close()
    browser, again = sign_in(pulse_url, standin)
    assert again.status_code == 403 and DEMO_ACCOUNT not in again.text
    browser.close()

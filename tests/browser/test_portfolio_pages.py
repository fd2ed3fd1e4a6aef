"""The portfolio pages in headless Chromium: Sign in with Slack through the redirects, the matrix and the table on a
phone and a desktop (screenshots in artifacts/), axe-core at zero violations, and a German reader."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_violations, screenshot
from tests.support.portfolio import SIGN_IN_SETTINGS, install, seed_portfolio
from tests.support.scenario import ask_and_answer, make_account

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def extra_settings():
    return dict(SIGN_IN_SETTINGS)


@pytest.fixture
def portfolio(pulse_url, standin, runtime, slack, clock, clock_jobs, smtp) -> str:
    """An installed workspace with a portfolio, one account with answers and comments; returns that account's page."""
    install(pulse_url, standin)
    seed_portfolio(runtime, standin)
    account = make_account(runtime, "Globex <Industrial>", owner="U0ANAREP1", billed=240_000, forecast=180_000)
    for answer, comment in (
        ("yes", "Great onboarding, the team was quick."),
        ("unsure", "Delivery slipped twice this quarter."),
        ("no", "<b>Still</b> waiting on the refund; we are looking at other suppliers."),
    ):
        ask_and_answer(
            slack, clock, clock_jobs, smtp, account="Globex", email="jo@globex.example", answer=answer, comment=comment
        )
        clock.advance(days=15)
    standin.openid.sign_in_as("T0PULSE01", "U0LEAD001", "Dana Lead")
    return f"/portfolio/accounts/{account.id}"


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_sign_in_and_read_the_portfolio_on_a_phone_and_a_desktop(browser, pulse_url, portfolio, device, database_url):
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    context = browser.new_context(viewport=VIEWPORTS[device], locale="en-US")
    page = context.new_page()
    page.goto(f"{pulse_url}/portfolio")  # not signed in: to /portfolio/login, to Slack, back through the callback
    expect(page.get_by_role("heading", name="Portfolio", exact=True)).to_be_visible()
    assert page.url == f"{pulse_url}/portfolio"
    matrix = page.get_by_role("img", name="Portfolio matrix of all accounts")
    expect(matrix).to_be_visible()
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0  # the picture loaded
    expect(page.get_by_role("link", name="Globex <Industrial>")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, f"portfolio-{device}-{backend}")

    page.select_option("#class", "intervene_now")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(f"{pulse_url}/portfolio?owner=&class=intervene_now&sort=rank&dir=asc")
    names = page.locator("#accounts tbody th").all_inner_texts()
    classes = page.locator("#accounts tbody td:nth-child(3)").all_inner_texts()
    assert names and all(c.strip().endswith("Intervene now") for c in classes)

    page.goto(f"{pulse_url}{portfolio}")
    expect(page.get_by_role("heading", name="Globex <Industrial>")).to_be_visible()
    expect(page.locator("blockquote", has_text="<b>Still</b> waiting on the refund")).to_be_visible()
    assert page.locator("blockquote b").count() == 0  # the comment's markup is text, not markup
    expect(page.get_by_role("img", name="Satisfaction over time for Globex")).to_be_visible()
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0
    assert axe_violations(page) == []
    screenshot(page, f"portfolio-account-{device}-{backend}")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()
    page.goto(f"{pulse_url}/portfolio/accounts/1")  # Slack signs the member in again, and back they come
    expect(page.get_by_role("heading", name="Northwind Traders")).to_be_visible()
    assert page.url == f"{pulse_url}/portfolio/accounts/1"
    context.close()


def test_a_german_reader_and_a_stranger(browser, pulse_url, portfolio, standin, database_url):
    context = browser.new_context(
        viewport=VIEWPORTS["desktop"], locale="de-DE", extra_http_headers={"Accept-Language": "de"}
    )
    page = context.new_page()
    page.goto(f"{pulse_url}/portfolio?sort=stake")
    expect(page.get_by_role("heading", name="Portfolio", exact=True)).to_be_visible()
    expect(page.get_by_role("columnheader", name="Umsatz im Spiel")).to_have_attribute("aria-sort", "descending")
    assert axe_violations(page) == []
    context.close()
    standin.openid.sign_in_as("T0OTHER99", "U0STRANGER", "Sam Stranger")
    stranger = browser.new_context(viewport=VIEWPORTS["phone"], locale="en-US")
    page = stranger.new_page()
    page.goto(f"{pulse_url}/portfolio")
    expect(page.get_by_role("heading", name="Not for this workspace")).to_be_visible()
    assert "Northwind" not in page.content()
    assert axe_violations(page) == []
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    screenshot(page, f"portfolio-refused-phone-{backend}")
    stranger.close()

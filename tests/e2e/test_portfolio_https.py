"""Behind HTTPS (PUBLIC_URL https://…), sign-in cookies are Secure and Slack sends members back to the public URL."""

from __future__ import annotations

import httpx
import pytest

from tests.support.portfolio import SIGN_IN_SETTINGS

PUBLIC = "https://pulse.example.com"


@pytest.fixture
def extra_settings():
    return {**SIGN_IN_SETTINGS, "public_url": PUBLIC}


def test_cookies_are_secure_and_the_callback_is_the_public_one(pulse_url):
    with httpx.Client(base_url=pulse_url) as browser:
        started = browser.get("/portfolio/login")
    assert started.status_code == 303
    assert "redirect_uri=https%3A%2F%2Fpulse.example.com%2Fportfolio%2Fcallback" in started.headers["location"]
    cookie = started.headers["set-cookie"]
    assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/portfolio" in cookie

"""One tap in a real browser: a customer who taps No and closes the tab has answered; a scanner opening every
link in headless Chromium has not."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from storage.models import Alert, Response, SurveyTap
from tests.support.taps import after_the_hold, nothing_recorded, rows, send_survey, tap_states

pytestmark = pytest.mark.browser


def _wait_for_taps(runtime, count: int, timeout: float = 10.0) -> None:
    """Waits until `count` taps have reached the server (each page sends its own after loading)."""
    deadline = time.monotonic() + timeout
    while len(rows(runtime, SurveyTap)) < count:
        assert time.monotonic() < deadline, f"only {len(rows(runtime, SurveyTap))} of {count} taps arrived"
        time.sleep(0.05)


def test_a_scanner_opening_every_link_in_chromium_records_nothing(
    browser, runtime, slack, clock, clock_jobs, smtp, standin
):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    scanner = browser.new_context()  # a sandbox browser: JavaScript on, every link of the message opened
    for role in ("page", "yes", "unsure", "no", "optout"):
        page = scanner.new_page()
        page.goto(links[role], wait_until="networkidle")
    _wait_for_taps(runtime, 3)
    scanner.close()

    assert after_the_hold(clock, clock_jobs) == 0  # no alert DM
    assert nothing_recorded(runtime)
    assert tap_states(runtime) == [(a, "discarded", "conflict") for a in ("yes", "unsure", "no")]
    assert not [c for c in standin.calls_to("chat.postMessage") if c.params.get("channel") == "UOWNER001"]


def test_a_customer_who_taps_no_and_closes_the_tab_has_answered(
    browser, runtime, slack, clock, clock_jobs, smtp, standin
):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(links["no"])
    expect(page.get_by_role("status")).to_have_text(
        "We have your answer: No. You can close this page, or add a comment below."
    )
    context.close()  # closes the tab without pressing anything
    assert rows(runtime, Response) == []  # held for now

    assert after_the_hold(clock, clock_jobs) == 1  # the owner hears once
    assert after_the_hold(clock, clock_jobs) == 0
    [response] = rows(runtime, Response)
    assert response.answer == "no"
    assert [a.cause for a in rows(runtime, Alert)] == ["no_answer"]
    [dm] = [c.params for c in standin.calls_to("chat.postMessage") if c.params.get("channel") == "UOWNER001"]
    assert "Acme Corp" in str(dm)


def test_without_javascript_a_tap_is_only_a_chosen_answer_until_sent(browser, runtime, slack, clock, clock_jobs, smtp):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto(links["yes"])
    expect(page.get_by_role("radio", name="Yes", exact=True)).to_be_checked()
    expect(page.get_by_role("status")).to_have_count(0)  # the hidden status is not announced
    after_the_hold(clock, clock_jobs)
    assert nothing_recorded(runtime)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert [r.answer for r in rows(runtime, Response)] == ["yes"]
    context.close()

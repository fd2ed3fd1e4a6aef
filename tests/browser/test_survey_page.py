"""The survey page in headless Chromium: a tap, a comment, a keyboard, a phone, no JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from app import jobs
from bot.services import accounts
from storage.models import Response
from tests.support.browser import ARTIFACTS
from tests.support.mail import survey_links

pytestmark = pytest.mark.browser


@pytest.fixture
def links(slack, runtime, clock, clock_jobs, smtp, pulse_url) -> dict[str, str]:
    """The links of a survey e-mail sent to jane@acme.com."""
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="U1", now=runtime.now())
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    return survey_links(smtp.mailbox.wait_for(1)[0])


def _responses(runtime) -> list[Response]:
    with runtime.transaction() as db:
        return list(db.exec(select(Response)))


def test_choose_comment_submit_and_see_the_thanks_page(browser, links, runtime, database_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US")
    page.goto(links["no"])
    expect(page.get_by_role("heading", name="Would you buy from us again?")).to_be_visible()
    no = page.get_by_role("radio", name="No", exact=True)
    expect(no).to_be_checked()  # the e-mail's one-tap link chose it; the tap is held, nothing is recorded yet
    assert _responses(runtime) == []

    page.get_by_text("Not sure", exact=True).click()
    expect(page.get_by_role("radio", name="Not sure", exact=True)).to_be_checked()
    expect(page.locator("#tap-status")).to_be_hidden()  # "we have your answer: No" no longer applies
    page.get_by_label("Anything you'd like to add? (optional)").fill("Delivery was late, but support was great")
    ARTIFACTS.mkdir(exist_ok=True)
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    page.screenshot(path=str(ARTIFACTS / f"survey-page-{backend}.png"), full_page=True)
    page.get_by_role("button", name="Send my answer").click()

    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("We received your answer: Not sure.")
    page.screenshot(path=str(ARTIFACTS / f"survey-thanks-{backend}.png"), full_page=True)
    [response] = _responses(runtime)
    assert (response.answer, response.comment) == ("unsure", "Delivery was late, but support was great")
    page.close()


def test_the_page_works_with_only_a_keyboard(browser, links, runtime):
    page = browser.new_page(locale="en-US")
    page.goto(links["page"])
    page.keyboard.press("Tab")  # the first radio button
    page.keyboard.press("ArrowRight")  # radios in a group move with the arrow keys
    focused = page.evaluate("document.activeElement.id")
    assert focused in ("answer-unsure", "answer-yes")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "comment"
    page.keyboard.type("Fine")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert [r.comment for r in _responses(runtime)] == ["Fine"]
    page.close()


def test_the_page_works_without_javascript_and_reports_a_missing_answer(browser, links, runtime):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(links["page"])
    expect(page.get_by_role("heading", name="Würden Sie wieder bei uns kaufen?")).to_be_visible()
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_role("alert")).to_have_text("Bitte wählen Sie Ja, Weiß nicht oder Nein.")
    page.get_by_text("Ja", exact=True).click()
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_role("heading", name="Vielen Dank!")).to_be_visible()
    assert [r.answer for r in _responses(runtime)] == ["yes"]
    context.close()


def test_text_and_controls_have_enough_contrast_and_fit_a_phone(browser, links):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(links["yes"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ratios = page.evaluate(_CONTRAST_JS)
    low = {k: v for k, v in ratios.items() if v < 4.5}
    assert not low, f"contrast below WCAG AA: {low}"
    for name in ("Yes", "Not sure", "No"):
        box = page.get_by_text(name, exact=True).bounding_box()
        assert box is not None and box["height"] >= 44  # a comfortable tap target
    page.close()


_CONTRAST_JS = """
() => {
  const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return rgb(c);
    }
    return [255, 255, 255];
  };
  const ratio = (el) => {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  const out = {};
  for (const sel of ['h1', 'p.muted', 'label[for=answer-yes]', 'label[for=answer-no]', 'label.field', 'button',
                     '#comment-hint', 'footer a']) {
    const el = document.querySelector(sel);
    if (el) out[sel] = Math.round(ratio(el) * 100) / 100;
  }
  const checked = document.querySelector('input:checked + label');
  if (checked) out['checked label'] = Math.round(ratio(checked) * 100) / 100;
  return out;
}
"""

"""One tap counts, scanners don't: plain GETs record nothing, contradicting taps are dropped, a lone tap counts."""

from __future__ import annotations

import httpx

from bot.services import privacy
from storage.models import Alert, Contact, Response
from tests.support.mail import token_of
from tests.support.taps import BROWSER_AGENT, after_the_hold, nothing_recorded, rows, send_survey, tap_states


def _tap(link: str, answer: str, *, agent: str = BROWSER_AGENT, language: str = "en-US") -> httpx.Response:
    """Sends what the page's script sends after an answer link opened it."""
    page = link.split("?")[0]
    return httpx.post(
        page + "/tap", data={"answer": answer}, headers={"User-Agent": agent, "Accept-Language": language}
    )


def test_plain_gets_and_heads_of_every_link_record_nothing(runtime, slack, clock, clock_jobs, smtp):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    for _ in range(3):
        for role in ("yes", "unsure", "no", "page", "optout"):
            assert httpx.get(links[role], headers={"User-Agent": "Mimecast/1.0"}).status_code == 200
            assert httpx.head(links[role]).status_code == 200
    # The page a GET returns only invites the tap; nothing about it is stored.
    assert 'data-tap="no"' in httpx.get(links["no"]).text
    assert after_the_hold(clock, clock_jobs, seconds=600) == 0
    assert nothing_recorded(runtime)
    assert tap_states(runtime) == []


def test_taps_on_every_answer_within_the_hold_are_all_discarded_before_any_alert(
    runtime, slack, clock, clock_jobs, smtp
):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    for answer in ("yes", "unsure", "no"):
        assert _tap(links[answer], answer).status_code == 204
        clock.advance(seconds=2)
    assert after_the_hold(clock, clock_jobs) == 0
    assert nothing_recorded(runtime)
    assert tap_states(runtime) == [(a, "discarded", "conflict") for a in ("yes", "unsure", "no")]


def test_a_tap_from_a_known_scanner_or_without_a_user_agent_never_counts(runtime, slack, clock, clock_jobs, smtp):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    assert _tap(links["no"], "no", agent="Mozilla/5.0 (compatible; Barracuda Sentinel)").status_code == 204
    assert _tap(links["no"], "no", agent="").status_code == 204
    assert after_the_hold(clock, clock_jobs) == 0
    assert nothing_recorded(runtime)
    assert [state for _, state, _ in tap_states(runtime)] == ["discarded", "discarded"]


def test_a_lone_tap_counts_after_the_hold_and_alerts_the_owner_once(runtime, slack, clock, clock_jobs, smtp, standin):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    assert _tap(links["no"], "no", language="de-DE,de;q=0.9").status_code == 204
    assert after_the_hold(clock, clock_jobs, seconds=60) == 0  # still held: nobody is alerted yet
    assert nothing_recorded(runtime)
    assert after_the_hold(clock, clock_jobs, seconds=61) == 1  # the owner's alert DM, once
    assert after_the_hold(clock, clock_jobs) == 0
    [response] = rows(runtime, Response)
    assert (response.answer, response.channel) == ("no", "email")
    assert [a.cause for a in rows(runtime, Alert)] == ["no_answer"]
    assert tap_states(runtime) == [("no", "counted", None)]
    # The browser's language is remembered for the next pulse to this contact.
    assert [c.language for c in rows(runtime, Contact)] == ["de"]
    # The page now shows the answer, and the customer may still change it.
    assert 'value="no" checked' in httpx.get(links["page"]).text


def test_the_form_sent_during_the_hold_wins_over_the_tap(runtime, slack, clock, clock_jobs, smtp):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    assert _tap(links["no"], "no").status_code == 204
    assert httpx.post(links["page"], data={"answer": "unsure", "comment": "On second thought"}).status_code == 200
    after_the_hold(clock, clock_jobs)
    assert [(r.answer, r.comment) for r in rows(runtime, Response)] == [("unsure", "On second thought")]
    assert tap_states(runtime) == [("no", "discarded", "superseded")]


def test_a_scanners_burst_does_not_stop_the_customers_own_tap_a_minute_later(runtime, slack, clock, clock_jobs, smtp):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    for answer in ("yes", "unsure", "no"):
        _tap(links[answer], answer)  # the gateway, as the message arrives
    clock.advance(seconds=45)
    _tap(links["yes"], "yes")  # the customer, reading it
    assert after_the_hold(clock, clock_jobs) == 0  # a Yes alerts nobody
    assert [r.answer for r in rows(runtime, Response)] == ["yes"]
    assert [state for _, state, _ in tap_states(runtime)] == ["discarded"] * 3 + ["counted"]


def test_taps_on_unknown_links_or_answers_get_the_friendly_page(runtime, slack, clock, clock_jobs, smtp, pulse_url):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    assert _tap(f"{pulse_url}/p/{'x' * 43}", "yes").status_code == 404
    assert _tap(links["page"], "maybe").status_code == 404
    cross = httpx.post(links["page"] + "/tap", data={"answer": "yes"}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert token_of(links["page"]) in links["yes"]
    assert nothing_recorded(runtime)


def test_erasing_the_contact_erases_their_taps(runtime, slack, clock, clock_jobs, smtp):
    links = send_survey(runtime, slack, clock, clock_jobs, smtp)
    _tap(links["no"], "no", language="fr-FR")
    with runtime.transaction() as db:
        privacy.erase_contact(db, email="jane@acme.com", now=runtime.now())
    assert tap_states(runtime) == []
    assert after_the_hold(clock, clock_jobs) == 0
    assert nothing_recorded(runtime)

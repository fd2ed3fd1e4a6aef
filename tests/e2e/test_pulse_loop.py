"""The whole loop over real HTTP: log in Slack, the clock sends, the customer answers, the account shows it."""

from __future__ import annotations

import re

import httpx
from sqlmodel import select

from app import jobs
from bot.services import accounts
from storage.models import Pulse, PulseToken, Response, Suppression
from tests.support.mail import html_part, survey_links, text_part, token_of
from tests.support.slack_messages import button, visible_text
from tests.support.slack_requests import block_actions_body

ACME_OWNER = "UOWNER001"


def _acme(runtime):
    with runtime.transaction() as db:
        return accounts.create_account(
            db, team_id="T0PULSE01", name="Acme Corp", owner_id=ACME_OWNER, now=runtime.now()
        )


def _rows(runtime, model):
    with runtime.transaction() as db:
        return list(db.exec(select(model)))


def test_log_send_open_answer_and_see_it_in_the_account(slack, runtime, clock, clock_jobs, smtp, pulse_url):
    _acme(runtime)
    confirmation = slack.command("log Acme Corp jane@acme.com call Renewal call; they flagged invoice errors")
    assert "Pulse to jane@acme.com in 30 min" in visible_text(confirmation.json())

    assert jobs.advance_pulses(clock_jobs).sent == 0  # not due yet
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).sent == 1

    [mail] = smtp.mailbox.wait_for(1)
    assert mail["To"] == "jane@acme.com"
    assert mail["From"] == "Pulse at Ourco <pulse@ourco.example>"
    links = survey_links(mail)
    assert set(links) == {"yes", "unsure", "no", "page", "optout"}
    assert all(url.startswith(pulse_url) for url in links.values())
    assert mail["List-Unsubscribe"].strip() == f"<{links['optout']}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Would you buy from us again?" in text_part(mail) and "Would you buy from us again?" in html_part(mail)

    # A link scanner fetches every link: nothing may be recorded.
    for url in links.values():
        assert httpx.head(url).status_code == 200
        assert httpx.get(url).status_code == 200
    assert _rows(runtime, Response) == [] and _rows(runtime, Suppression) == []

    page = httpx.get(links["no"])
    assert re.search(r'id="answer-no" value="no" checked', page.text)
    thanks = httpx.post(links["page"], data={"answer": "no", "comment": "Charged twice and nobody called back"})
    assert thanks.status_code == 200 and "We received your answer: No." in thanks.text

    [response] = _rows(runtime, Response)
    assert (response.answer, response.channel, response.label) == ("no", "web", "negative")
    assert response.experience < -0.7
    [pulse] = _rows(runtime, Pulse)
    assert (pulse.state, pulse.channel) == ("answered", "email")

    card = visible_text(slack.command("account Acme Corp").json())
    assert "*No*" in card and "Charged twice and nobody called back" in card and "negative" in card

    # Changing the answer within the edit window edits, it doesn't add.
    edit = httpx.post(links["page"], data={"answer": "unsure", "comment": "They refunded me in the end"})
    assert edit.status_code == 200
    [edited] = _rows(runtime, Response)
    assert (edited.id, edited.answer, edited.comment) == (response.id, "unsure", "They refunded me in the end")


def test_tokens_are_long_random_and_stored_only_as_hashes(slack, runtime, clock, clock_jobs, smtp):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    token = token_of(survey_links(smtp.mailbox.wait_for(1)[0])["page"])
    assert len(token) >= 43  # 32 random bytes: 256 bits
    [stored] = _rows(runtime, PulseToken)
    assert stored.token_hash != token and token not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_unknown_expired_and_used_links_get_a_friendly_page(slack, runtime, clock, clock_jobs, smtp, pulse_url):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    links = survey_links(smtp.mailbox.wait_for(1)[0])

    unknown = httpx.get(pulse_url + "/p/" + "x" * 43)
    clock.advance(days=3)
    jobs.advance_pulses(clock_jobs)  # the reminder goes out
    reminder = smtp.mailbox.wait_for(2)[1]
    assert reminder["Subject"].lower().startswith("reminder")
    assert httpx.get(links["page"]).status_code == 200  # the first link still works after the reminder
    clock.advance(days=12)
    assert jobs.advance_pulses(clock_jobs).expired == 1
    expired = httpx.get(links["page"])
    expired_post = httpx.post(links["page"], data={"answer": "yes"})

    assert unknown.status_code == expired.status_code == expired_post.status_code == 404
    assert "This link no longer works" in unknown.text
    assert unknown.text == expired_post.text
    assert "This survey has closed" in expired.text  # a known link says what happened to it, in its own words
    assert _rows(runtime, Response) == []
    assert [p.state for p in _rows(runtime, Pulse)] == ["expired"]
    assert "pulse expired" in visible_text(slack.command("account Acme Corp").json())


def test_answers_after_the_edit_window_are_refused(slack, runtime, clock, clock_jobs, smtp):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    page = survey_links(smtp.mailbox.wait_for(1)[0])["page"]
    assert httpx.post(page, data={"answer": "yes"}).status_code == 200
    clock.advance(hours=73)
    assert httpx.post(page, data={"answer": "no"}).status_code == 404
    assert [r.answer for r in _rows(runtime, Response)] == ["yes"]


def test_form_errors_keep_what_the_customer_typed_and_save_nothing(slack, runtime, clock, clock_jobs, smtp):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    page = survey_links(smtp.mailbox.wait_for(1)[0])["page"]

    no_answer = httpx.post(page, data={"comment": "I <3 you & <script>alert(1)</script>"})
    assert no_answer.status_code == 422
    assert "Please choose Yes, Not sure or No." in no_answer.text
    assert "I &lt;3 you &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in no_answer.text
    assert "<script>alert(1)" not in no_answer.text

    too_long = httpx.post(page, data={"answer": "no", "comment": "x" * 1001})
    assert too_long.status_code == 422 and "1001 characters" in too_long.text and "x" * 1001 in too_long.text
    bogus = httpx.post(page, data={"answer": "maybe"})
    assert bogus.status_code == 422
    assert _rows(runtime, Response) == []


def test_cross_site_posts_are_refused(slack, runtime, clock, clock_jobs, smtp):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    links = survey_links(smtp.mailbox.wait_for(1)[0])
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        assert httpx.post(links["page"], data={"answer": "no"}, headers=headers).status_code == 403
        assert httpx.post(links["optout"], headers=headers).status_code == 403
    assert _rows(runtime, Response) == [] and _rows(runtime, Suppression) == []
    same_site = httpx.post(links["page"], data={"answer": "yes"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert same_site.status_code == 200


def test_guessing_tokens_is_rate_limited(pulse_url):
    statuses = [httpx.get(f"{pulse_url}/p/{'g' * 40}{i:03d}").status_code for i in range(25)]
    assert statuses[:20] == [404] * 20
    assert set(statuses[20:]) == {429}


def test_opt_out_in_one_step_is_honoured_from_then_on(slack, runtime, clock, clock_jobs, smtp):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    optout = survey_links(smtp.mailbox.wait_for(1)[0])["optout"]

    confirm = httpx.get(optout)  # what a scanner or the customer sees first: a button, nothing done yet
    assert confirm.status_code == 200 and "jane@acme.com" in confirm.text
    assert _rows(runtime, Suppression) == []
    done = httpx.post(optout, data={"List-Unsubscribe": "One-Click"})  # RFC 8058, or the button
    assert done.status_code == 200
    assert [(s.email, s.team_id) for s in _rows(runtime, Suppression)] == [("jane@acme.com", "T0PULSE01")]

    clock.advance(days=30)
    reply = visible_text(slack.command("log Acme Corp jane@acme.com meeting").json())
    assert "Not surveyed: the contact opted out of surveys" in reply


def test_a_contact_asked_recently_is_not_asked_again(slack, runtime, clock, clock_jobs, smtp):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    clock.advance(days=3)
    reply = visible_text(slack.command("log Acme Corp jane@acme.com meeting").json())
    assert "Not surveyed: asked 3 days ago" in reply
    card = visible_text(slack.command("account Acme Corp").json())
    assert "skipped: asked 3 days ago" in card
    clock.advance(days=12)
    assert "Pulse to jane@acme.com in 30 min" in visible_text(slack.command("log Acme Corp jane@acme.com").json())


def test_slack_connect_contacts_answer_with_buttons_in_a_dm(slack, runtime, clock, clock_jobs, smtp, standin):
    """Without e-mail for this contact (the server refuses the address), a Slack Connect contact gets a DM."""
    _acme(runtime)
    smtp.mailbox.refuse_with = "550 5.1.1 no such user"
    standin.add_user("UEXTJANE1", "jane@acme.com", team_id="TCUSTOMER")
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).sent == 1
    [pulse] = _rows(runtime, Pulse)
    assert pulse.channel == "slack"

    [opened] = standin.calls_to("conversations.open")
    assert opened.params["users"] == "UEXTJANE1"
    [dm] = standin.calls_to("chat.postMessage")
    assert dm.params["channel"] == "DEXTJANE1"
    assert "Would you buy from us again?" in visible_text(dm.params)
    assert smtp.mailbox.messages == []
    no = button(dm.params, "pulse.answer:no")

    stranger = slack.post(block_actions_body(no["action_id"], no["value"], user_id="USTRANGER", team_id="TCUSTOMER"))
    assert stranger.status_code == 200
    assert _rows(runtime, Response) == []
    message = {"ts": "1700000000.000200", "text": "Would you buy from us again?"}
    container = {"type": "message", "message_ts": "1700000000.000200", "channel_id": "DEXTJANE1"}
    slack.post(
        block_actions_body(
            no["action_id"],
            no["value"],
            user_id="UEXTJANE1",
            team_id="TCUSTOMER",
            channel_id="DEXTJANE1",
            message=message,
            container=container,
        )
    )
    [response] = _rows(runtime, Response)
    assert (response.answer, response.channel) == ("no", "slack")
    updates = standin.wait_for("chat.update", 2)
    assert "We received your answer: No." in visible_text(updates[-1].params)


def test_with_no_route_to_the_contact_the_rep_gets_the_link_to_forward(
    slack, runtime, clock, clock_jobs, smtp, standin, pulse_url
):
    _acme(runtime)
    smtp.mailbox.refuse_with = "550 5.1.1 no such user"
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).sent == 1
    [dm] = standin.calls_to("chat.postMessage")
    assert dm.params["channel"] == "UREP0001"
    text = visible_text(dm.params)
    assert "forward this one-question survey to jane@acme.com at *Acme Corp*" in text
    assert "550" in text
    link = re.search(r"http://127\.0\.0\.1:\d+/p/[A-Za-z0-9_-]+", text)
    assert link is not None and httpx.get(link.group(0)).status_code == 200
    assert [p.channel for p in _rows(runtime, Pulse)] == ["rep"]

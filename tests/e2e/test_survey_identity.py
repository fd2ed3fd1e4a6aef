"""Who asks and in which language: /pulse brand, the contact's language from every surface, neutral answers."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from app import jobs
from storage.models import Alert, Contact, Response, Workspace
from tests.support.mail import html_part, survey_links, text_part
from tests.support.scenario import make_account
from tests.support.slack_messages import button, buttons, visible_text
from tests.support.slack_requests import block_actions_body

LOGO = "https://cdn.ourco.example/logo.png?v=1&size=2"


@pytest.fixture(autouse=True)
def _rep_is_admin(standin):
    """UREP0001 administers the workspace here; UMEMBER01 is an ordinary member."""
    standin.add_admin("UREP0001")


def _brand(slack, text: str, *, user_id: str = "UREP0001") -> str:
    reply = slack.command(f"brand {text}", user_id=user_id).json()
    assert reply["response_type"] == "ephemeral"
    return visible_text(reply)


def _send(slack, clock, clock_jobs, smtp, text: str, count: int):
    slack.command(text)
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    return smtp.mailbox.wait_for(count)[count - 1]


def test_an_admin_brands_the_survey_and_bad_values_get_a_hint(slack, runtime):
    assert "https://" in _brand(slack, "logo http://cdn.ourco.example/logo.png")
    assert "https://" in _brand(slack, "logo javascript:alert(1)")
    assert "hex colour" in _brand(slack, "accent red")
    assert "not something I can brand" in _brand(slack, "font Comic Sans")
    # Slack escapes &, < and > in a command's text; Pulse reads them back as the admin typed them.
    assert "Branding updated" in _brand(slack, "name Ourco &lt;b&gt;GmbH&lt;/b&gt;")
    _brand(slack, f"logo {LOGO}")
    _brand(slack, "accent 0B5CAD")
    shown = _brand(slack, "me Maria Lopez")
    assert "&lt;b&gt;GmbH&lt;/b&gt;" in shown and "#0b5cad" in shown and "Maria Lopez" in shown
    with runtime.transaction() as db:
        workspace = db.get(Workspace, "T0PULSE01")
        assert workspace is not None
        assert (workspace.brand_name, workspace.brand_logo_url, workspace.brand_accent) == (
            "Ourco <b>GmbH</b>",
            LOGO,
            "#0b5cad",
        )
    assert "_not set_" in _brand(slack, "", user_id="UOTHER001")  # another rep has not signed yet
    _brand(slack, "reset")
    assert "_not set_" in _brand(slack, "")


def test_a_member_cannot_rebrand_the_company_but_signs_with_their_own_name(slack, runtime):
    refused = _brand(slack, "name Phishing Inc", user_id="UMEMBER01")
    assert "Only Pulse admins" in refused and "<@UREP0001>" in refused
    assert "Branding updated" in _brand(slack, "me Sam Member", user_id="UMEMBER01")
    with runtime.transaction() as db:
        workspace = db.exec(select(Workspace)).one()
        assert workspace.brand_name is None
    assert "Sam Member" in _brand(slack, "", user_id="UMEMBER01")


def test_the_email_page_and_csp_say_who_is_asking(slack, runtime, clock, clock_jobs, smtp):
    make_account(runtime, "Acme Corp")
    _brand(slack, 'name Ourco "Labs" &lt;GmbH&gt;')
    _brand(slack, f"logo {LOGO}")
    _brand(slack, "accent #ffd700")
    _brand(slack, "me Maria Lopez")
    mail = _send(slack, clock, clock_jobs, smtp, "log Acme Corp jane@acme.com call", 1)

    assert mail["From"].addresses[0].display_name == 'Maria Lopez, Ourco "Labs" <GmbH>'
    assert mail["From"].addresses[0].addr_spec == "pulse@ourco.example"
    assert mail["Subject"] == 'Quick question from Maria Lopez, Ourco "Labs" <GmbH>'
    body = html_part(mail)
    assert (
        '<img src="https://cdn.ourco.example/logo.png?v=1&amp;size=2" alt="Ourco &#34;Labs&#34; &lt;GmbH&gt;"' in body
    )
    assert "<GmbH>" not in body
    # The three answers look alike: one colour, with dark text on the light accent.
    styles = {a.split('style="')[1].split('"')[0] for a in body.split("<a href=")[1:4]}
    assert len(styles) == 1 and "background:#ffd700" in styles.pop()

    page = httpx.get(survey_links(mail)["no"])
    assert '<p class="company">Ourco &#34;Labs&#34; &lt;GmbH&gt;</p>' in page.text
    assert "Sent by Maria Lopez, Ourco &#34;Labs&#34; &lt;GmbH&gt;" in page.text
    assert 'src="https://cdn.ourco.example/logo.png?v=1&amp;size=2"' in page.text
    csp = page.headers["Content-Security-Policy"]
    assert "img-src 'self' https://cdn.ourco.example;" in csp
    assert "style-src 'self' 'sha256-" in csp and "script-src 'self';" in csp and "unsafe" not in csp
    assert "--accent: #ffd700; --on-accent: #000000" in page.text


def test_a_slack_connect_contact_is_asked_in_slack_in_their_language_and_a_tap_lands_like_a_page_answer(
    slack, runtime, clock, clock_jobs, smtp, standin
):
    make_account(runtime, "Acme Corp")
    _brand(slack, "name Ourco")
    _brand(slack, f"logo {LOGO}")
    _brand(slack, "me Maria Lopez")
    smtp.mailbox.refuse_with = "550 5.1.1 no such user"
    standin.add_user("UEXTJANE1", "jane@acme.com", team_id="TCUSTOMER")
    slack.command("log Acme Corp jane@acme.com call lang:de Renewal")
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).sent == 1
    [dm] = [c.params for c in standin.calls_to("chat.postMessage") if c.params["channel"] == "DEXTJANE1"]
    text = visible_text(dm)
    assert "Maria Lopez, Ourco fragt:" in text and "Würden Sie wieder bei uns kaufen?" in text
    assert [b["text"]["text"] for b in buttons(dm)][:3] == ["Ja", "Weiß nicht", "Nein"]
    assert not any("style" in b for b in buttons(dm))  # no green Yes, no red No
    assert dm["blocks"][0]["accessory"] == {"type": "image", "image_url": LOGO, "alt_text": "Ourco"}

    no = button(dm, "pulse.answer:no")
    container = {"type": "message", "message_ts": "1700000000.000200", "channel_id": "DEXTJANE1"}
    for _ in range(2):  # a double tap is one answer
        slack.post(
            block_actions_body(
                no["action_id"],
                no["value"],
                user_id="UEXTJANE1",
                team_id="TCUSTOMER",
                channel_id="DEXTJANE1",
                container=container,
            )
        )
    jobs.react_to_answers(runtime)
    assert jobs.deliver_outbox(clock_jobs).sent == 1
    with runtime.transaction() as db:
        assert [(r.answer, r.channel) for r in db.exec(select(Response))] == [("no", "slack")]
        assert [a.cause for a in db.exec(select(Alert))] == ["no_answer"]
    assert "Wir haben Ihre Antwort erhalten: Nein." in visible_text(standin.wait_for("chat.update")[-1].params)
    clock.advance(hours=73)  # the edit window has closed: a late tap says so, in German too
    before = len(standin.calls_to("chat.update"))
    slack.post(
        block_actions_body(no["action_id"], no["value"], user_id="UEXTJANE1", team_id="TCUSTOMER", container=container)
    )
    late = standin.wait_for("chat.update", before + 1)[-1].params
    assert "Dieser Link funktioniert nicht mehr" in visible_text(late)


def test_the_contacts_language_from_the_log_command_the_page_and_the_workspace(slack, runtime, clock, clock_jobs, smtp):
    make_account(runtime, "Acme Corp")
    french = _send(slack, clock, clock_jobs, smtp, "log Acme Corp jane@acme.com lang:fr call Renewal", 1)
    assert french["Content-Language"] == "fr" and french["Subject"].startswith("Petite question")
    with runtime.transaction() as db:
        assert [c.language for c in db.exec(select(Contact))] == ["fr"]
    clock.advance(days=3)
    jobs.advance_pulses(clock_jobs)
    reminder = smtp.mailbox.wait_for(2)[1]
    assert reminder["Content-Language"] == "fr" and reminder["Subject"].startswith("Rappel")

    # A contact without a language: the workspace's, then what their browser said when they answered.
    with runtime.transaction() as db:
        workspace = db.get(Workspace, "T0PULSE01")
        assert workspace is not None
        workspace.language = "es"
        db.add(workspace)
    clock.advance(days=15)
    spanish = _send(slack, clock, clock_jobs, smtp, "log Acme Corp li@acme.com call", 3)
    assert spanish["Content-Language"] == "es" and "¿Volvería a comprarnos?" in text_part(spanish)
    page = survey_links(spanish)["page"]
    answered = httpx.post(page, data={"answer": "yes"}, headers={"Accept-Language": "de-CH,de;q=0.9,en;q=0.5"})
    assert "Wir haben Ihre Antwort erhalten: Ja." in answered.text
    clock.advance(days=15)
    german = _send(slack, clock, clock_jobs, smtp, "log Acme Corp li@acme.com meeting", 4)
    assert german["Content-Language"] == "de" and german["Subject"].startswith("Kurze Frage")

    reply = visible_text(slack.command("log Acme Corp jane@acme.com lang:xx call").json())
    assert "language `xx` is not one of en, de, fr, es" in reply

"""Counts a rep can trust: cut lists say "+N more", response rates count only pulses that had their chance."""

from __future__ import annotations

import json
import time

from sqlmodel import select

from app import jobs
from bot.services import accounts
from storage.models import Pulse
from tests.support.scenario import ask_and_answer
from tests.support.slack_messages import visible_text
from tests.support.slack_requests import signed_headers


def _home(slack, standin) -> str:
    body = json.dumps(
        {
            "token": "x",
            "team_id": "T0PULSE01",
            "api_app_id": "APULSE01",
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "event": {"type": "app_home_opened", "user": "UREP0001", "tab": "home", "channel": "D0REP0001"},
        }
    )
    before = len(standin.calls_to("views.publish"))
    slack.http.post(
        "/slack/events", content=body.encode(), headers=signed_headers(body, content_type="application/json")
    )
    published = standin.wait_for("views.publish", before + 1)[-1]
    view = published.params["view"]
    assert len(view["blocks"]) <= 100
    return visible_text(view)


def test_home_counts_waiting_pulses_truly_and_rates_only_closed_windows(
    slack, runtime, clock, clock_jobs, smtp, standin
):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="UREP0001", now=runtime.now())
    for n in range(12):
        slack.command(f"log Acme Corp c{n}@acme.com call")
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).sent == 12

    fresh = _home(slack, standin)
    assert "Waiting for an answer (12)" in fresh and "+2 more" in fresh
    assert "none has had its full answer window yet" in fresh  # not "0% (0 of 12)" a minute after sending

    with runtime.transaction() as db:
        expires = max(p.expires_at for p in db.exec(select(Pulse)))
    clock.set(expires)
    jobs.advance_pulses(clock_jobs)
    closed = _home(slack, standin)
    assert "*0%* (0 of 12 whose answer windows closed)" in closed


def test_account_card_says_how_many_contacts_and_interactions_it_does_not_show(slack, runtime):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="UREP0001", now=runtime.now())
    for n in range(12):
        slack.command(f"log Acme Corp c{n}@acme.com call note {n}")
    card = visible_text(slack.command("account Acme Corp").json())
    assert "+2 more" in card  # contacts: ten shown
    assert "Showing the newest 10 of 12 interactions." in card
    assert "note 11" in card and "note 1\n" not in card


def test_one_digest_subscription_is_singular(slack):
    slack.command("digest subscribe <#C0GENERAL|general> 08:00 UTC for me")
    assert "1 digest subscription." in visible_text(slack.command("digest list").json())
    slack.command("digest subscribe <#C0OTHER01|other> 08:00 UTC for me")
    assert "2 digest subscriptions." in visible_text(slack.command("digest list").json())


def test_messages_follow_the_workspace_language(slack, runtime, standin):
    standin.add_admin("UREP0001")
    assert "Only Pulse admins" in visible_text(slack.command("language de", user_id="UMEMBER01").json())
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="UREP0001", now=runtime.now())
    assert "Pulse spricht" in visible_text(slack.command("language de").json())
    logged = visible_text(slack.command("log Acme Corp jane@acme.com").json())
    assert "Erfasst: *Sonstiges* mit jane@acme.com bei *Acme Corp*." in logged
    assert "Umfrage an jane@acme.com in 30 Minuten." in logged
    assert "Pulse parle français" in visible_text(slack.command("language fr").json())
    card = visible_text(slack.command("account acme").json())
    assert "Responsable" in card and "sondage prévu dans 30 minutes" in card
    assert "n'est pas une langue que Pulse parle" in visible_text(slack.command("language klingon").json())


def test_the_alert_dm_speaks_the_workspace_language(slack, runtime, clock, clock_jobs, smtp, standin):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="UOWNER001", now=runtime.now())
    ask_and_answer(slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no")
    standin.add_admin("UREP0001")
    slack.command("language es")  # the DM is rendered when it is sent, in the language of that moment
    assert jobs.deliver_outbox(clock_jobs).sent == 1
    [dm] = [c.params for c in standin.calls_to("chat.postMessage") if c.params["channel"] == "UOWNER001"]
    text = visible_text(dm)
    assert "Acme Corp: respondió No" in text and "*jane@acme.com* respondió *No*" in text
    assert "Posponer 7 días" in text and "Abierta" in text


def test_help_and_usage_replies_follow_the_workspace_language(slack, standin):
    standin.add_admin("UREP0001")
    slack.command("language de")
    helped = visible_text(slack.command("help").json())
    assert "Karte und Verlauf eines Kunden anzeigen." in helped and "Diese Unterbefehle auflisten." in helped
    for english in ("Show an account", "Make a rep", "List these", "Daily at-risk", "Log an interaction"):
        assert english not in helped
    usage = visible_text(slack.command("log Acme Corp").json())
    assert "Nach dem Kundennamen brauche ich die E-Mail-Adresse des Kontakts." in usage
    assert "I need" not in usage
    unknown = visible_text(slack.command("frobnicate <!here>").json())
    assert "Den Unterbefehl `frobnicate` kenne ich nicht." in unknown and "<!here>" not in unknown
    refused = visible_text(slack.command("api-key", user_id="UMEMBER01").json())
    assert "Nur Pulse-Admins" in refused and "API-Schlüssel erstellen" in refused and "Only" not in refused
    brand = visible_text(slack.command("brand").json())
    assert "*Firma:*" in brand and "So sehen Kunden, wer fragt." in brand and "Company" not in brand
    audit = visible_text(slack.command("audit").json())
    assert "*Änderungsprotokoll*, neueste zuerst" in audit and "newest" not in audit
    slack.command("language es")
    digest = visible_text(slack.command("digest frob").json())
    assert "`frob` no es una acción del resumen." in digest and "is not a digest action" not in digest
    assert "¿Qué cuenta? Indique su nombre." in visible_text(slack.command("account").json())

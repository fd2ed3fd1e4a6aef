"""Personal data (erasure, retention, logs) and a database that is locked or gone: clear errors, nothing lost."""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from app import jobs
from app.web import create_web_app
from bot.config import Settings
from bot.logs import RequestIdFilter, TextFormatter, configure_logging
from bot.runtime import build_runtime
from bot.services import privacy
from handlers.slack.app import build_bolt_app
from storage.models import AccountStats, Contact, Interaction, Pulse, PulseToken, Response, Suppression
from tests.support.cli import pulse_env, run_pulse
from tests.support.mail import survey_links
from tests.support.scenario import ask_and_answer, make_account
from tests.support.server import serve
from tests.support.slack_messages import visible_text
from tests.support.slack_requests import SIGNING_SECRET, SlackClient
from tests.support.slack_standin import BOT_TOKEN


def test_erase_removes_a_contact_everywhere_and_keeps_anonymous_figures(
    slack, runtime, clock, clock_jobs, smtp, settings
):
    make_account(runtime, "Acme Corp")
    page = ask_and_answer(
        slack,
        clock,
        clock_jobs,
        smtp,
        account="Acme Corp",
        email="jane@acme.com",
        answer="no",
        comment="Jane here: charged twice",
    )
    httpx.post(page + "/optout")
    with runtime.transaction() as db:
        before = db.exec(select(AccountStats)).one()
    result = run_pulse("erase", "--email", "Jane@Acme.com", "--yes", env=pulse_env(settings))
    assert result.returncode == 0, result.stderr
    assert "Erased 1 contact records, 1 comments" in result.stderr

    with runtime.transaction() as db:
        assert db.exec(select(Contact)).all() == []
        [response] = db.exec(select(Response)).all()
        assert (response.comment, response.cues, response.answer) == ("", [], "no")
        assert [p.email for p in db.exec(select(Pulse))] == [""]
        assert db.exec(select(PulseToken)).all() == []
        assert [i.note for i in db.exec(select(Interaction))] == [""]
        [suppression] = db.exec(select(Suppression)).all()
        after = db.exec(select(AccountStats)).one()
    assert suppression.email.startswith("sha256:") and "jane" not in suppression.email
    assert (after.responses, after.satisfaction) == (before.responses, before.satisfaction)
    assert httpx.get(page).status_code == 404  # the survey link is gone
    card = visible_text(slack.command("account Acme Corp").json())
    assert "jane" not in card.lower()
    clock.advance(days=30)
    again = visible_text(slack.command("log Acme Corp jane@acme.com call").json())
    assert "Not surveyed: the contact opted out" in again  # the opt-out outlives the erasure


def test_retention_expires_free_text_but_keeps_answers_and_scores(slack, runtime, clock, clock_jobs, smtp):
    make_account(runtime, "Acme Corp")
    ask_and_answer(
        slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no", comment="Awful"
    )
    clock.advance(days=400)
    with runtime.transaction() as db:
        changed = privacy.expire_free_text(db, now=clock(), older_than=timedelta(days=365))
    assert changed == 1
    with runtime.transaction() as db:
        [response] = db.exec(select(Response)).all()
    assert (response.comment, response.answer, response.label) == ("", "no", "negative")


def test_logs_carry_request_ids_and_never_secrets_or_personal_data(
    slack, runtime, clock, clock_jobs, smtp, standin, caplog
):
    handler_records: list[str] = []
    formatter = TextFormatter("%(levelname)s [%(request_id)s] %(name)s: %(message)s")

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            handler_records.append(formatter.format(record))

    keep = Keep()
    keep.addFilter(RequestIdFilter())
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging(Settings(_env_file=None, log_level="DEBUG"))  # type: ignore[call-arg]
    root.addHandler(keep)
    try:
        make_account(runtime, "Acme Corp")
        smtp.mailbox.refuse_with = "550 5.1.1 <jane@acme.com>: no such user"
        slack.command("log Acme Corp jane@acme.com call Private note about Jane")
        clock.advance(minutes=31)
        jobs.advance_pulses(clock_jobs)
        standin.server_error("chat.postMessage", times=1)
        slack.post("payload=%7Bbroken")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    text = "\n".join(handler_records)
    assert handler_records, "nothing was logged"
    for secret in (BOT_TOKEN, SIGNING_SECRET, "jane@acme.com", "Private note about Jane"):
        assert secret not in text, [line[:160] for line in handler_records if secret in line]
    assert not re.search(r"/p/[A-Za-z0-9_-]{20,}", text)


def test_a_request_id_comes_back_in_the_response_and_in_error_references(pulse_url):
    reply = httpx.get(pulse_url + "/healthz", headers={"X-Request-ID": "proxy-req-12345"})
    assert reply.headers["x-request-id"] == "proxy-req-12345"
    assert len(httpx.get(pulse_url + "/healthz").headers["x-request-id"]) == 16
    assert (
        httpx.get(pulse_url + "/healthz", headers={"X-Request-ID": "bad id <x>"}).headers["x-request-id"]
        != "bad id <x>"
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # holds SQLite's write lock
def test_a_locked_database_gets_try_again_in_slack_and_a_page_that_keeps_the_comment(
    database_url, slack, runtime, clock, clock_jobs, smtp, standin
):
    sqlite_only = database_url.split(":///", 1)[1]
    make_account(runtime, "Acme Corp")
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    page = survey_links(smtp.mailbox.wait_for(1)[0])["page"]
    holder = sqlite3.connect(sqlite_only, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        reply = slack.command("log Acme Corp bob@acme.com call", response_url=standin.response_url("later"))
        posted = httpx.post(page, data={"answer": "no", "comment": "Typed with care, please keep me"}, timeout=30)
    finally:
        holder.rollback()
        holder.close()
    assert reply.status_code == 200
    # Slack hears back at once; the log is made as soon as the database is free, and confirmed then.
    assert "I'll log this and confirm here" in visible_text(reply.json())
    assert posted.status_code == 503
    assert "Typed with care, please keep me" in posted.text and "try again" in posted.text.lower()
    [later] = standin.wait_for("respond/later", timeout=20)
    assert "Logged: *Call*" in visible_text(later.params)
    with runtime.transaction() as db:
        assert len(db.exec(select(Interaction)).all()) == 2  # nothing half-written, nothing doubled
        assert db.exec(select(Response)).all() == []


def test_an_unreachable_database_gets_try_again_in_slack_and_503_on_pages(standin, port):
    settings = Settings(
        _env_file=None,
        database_url="postgresql://nobody@127.0.0.1:1/none",  # type: ignore[call-arg]
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,  # type: ignore[arg-type]
        slack_api_url=standin.api_url,
    )
    runtime = build_runtime(settings)
    with serve(create_web_app(runtime, build_bolt_app(runtime)), port=port) as url:
        client = SlackClient(url)
        reply = client.command("log Acme Corp jane@acme.com call")
        client.close()
        page = httpx.post(url + "/p/" + "t" * 43, data={"answer": "yes", "comment": "still here"})
        shown = httpx.get(url + "/p/" + "t" * 43)
        health = httpx.get(url + "/healthz")
    assert reply.status_code == 200
    assert "database is busy right now, so nothing was saved" in visible_text(reply.json())
    assert page.status_code == 503 and "still here" in page.text
    assert shown.status_code == 503 and "Traceback" not in shown.text
    assert health.status_code == 503
    runtime.engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_erase_leaves_the_address_and_notes_in_no_file_while_the_server_runs(
    slack, runtime, clock, clock_jobs, smtp, settings, pulse_url
):
    from pathlib import Path

    from storage.models import PendingLog

    make_account(runtime, "Acme Corp")
    page = ask_and_answer(
        slack,
        clock,
        clock_jobs,
        smtp,
        account="Acme Corp",
        email="jane.erasable@acme.com",
        answer="no",
        comment="Comment-zq7 from Jane",
    )
    assert httpx.get(page).status_code == 200  # the server's reader has the database open
    # A log still waiting for the rep to pick its account keeps the address and note in its payload.
    waiting = slack.command("log Unknownco jane.erasable@acme.com call Note-kx9 about Jane").json()
    assert "Which account" in visible_text(waiting) or "Create" in visible_text(waiting)
    with runtime.transaction() as db:
        assert len(db.exec(select(PendingLog)).all()) == 1
    result = run_pulse("erase", "--email", "jane.erasable@acme.com", "--yes", env=pulse_env(settings))
    assert result.returncode == 0, result.stderr
    assert "1 waiting logs" in result.stderr
    with runtime.transaction() as db:
        assert db.exec(select(PendingLog)).all() == []
    path = Path(settings.database_url.split(":///", 1)[1])
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    assert any(p.name.endswith("-wal") for p in files)  # the server keeps its WAL; it must hold nothing erased
    for file in files:
        raw = file.read_bytes()
        for secret in (b"jane.erasable@acme.com", b"Comment-zq7", b"Note-kx9"):
            assert secret not in raw, (file.name, secret)

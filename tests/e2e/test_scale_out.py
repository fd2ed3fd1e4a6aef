"""Several web workers and two clocks on one PostgreSQL: no pulse sent twice, no answer lost."""

from __future__ import annotations

import concurrent.futures
from collections import Counter

import httpx
import pytest
from sqlmodel import select

from bot.services import accounts
from storage.models import Pulse, Response
from tests.support.cli import pulse_env
from tests.support.mail import survey_links
from tests.support.processes import PulseProcess, clock_env, wait_until
from tests.support.server import free_port
from tests.support.slack_requests import SlackClient

INTERACTIONS = 30


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_clocks_and_two_web_workers_share_postgresql(database_url, runtime, settings, smtp, tmp_path):
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="U1", now=runtime.now())
    port = free_port()
    env = clock_env(
        pulse_env(
            settings,
            SMTP_URL=smtp.url,
            PULSE_DELAY_MINUTES="0",
            PORT=str(port),
            PUBLIC_URL=f"http://127.0.0.1:{port}",
            WEB_CONCURRENCY="2",
        )
    )
    processes = [PulseProcess("web", env=env, log_path=str(tmp_path / "web.log"))]
    processes += [PulseProcess("clock", env=env, log_path=str(tmp_path / f"clock{i}.log")) for i in range(2)]
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _up(base), what="the web workers")
        slack = SlackClient(base)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            replies = list(
                pool.map(lambda i: slack.command(f"log Acme Corp c{i:02d}@acme.com call"), range(INTERACTIONS))
            )
        slack.close()
        assert all(r.status_code == 200 and "Logged: *Call*" in r.text for r in replies)
        mails = smtp.mailbox.wait_for(INTERACTIONS, timeout=90)

        def answer(mail) -> int:
            page = survey_links(mail)["page"]
            first = httpx.post(page, data={"answer": "no", "comment": "Late again"}, timeout=30).status_code
            again = httpx.post(page, data={"answer": "unsure", "comment": "Late again, but fixed"}, timeout=30)
            return first + again.status_code

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(answer, mails[:INTERACTIONS]))
    finally:
        for process in processes:
            process.stop()
    assert statuses == [400] * INTERACTIONS  # 200 + 200 for each
    assert Counter(m["To"] for m in smtp.mailbox.messages) == Counter(f"c{i:02d}@acme.com" for i in range(INTERACTIONS))
    with runtime.transaction() as db:
        pulses = db.exec(select(Pulse)).all()
        responses = db.exec(select(Response)).all()
    assert len(pulses) == INTERACTIONS and {p.state for p in pulses} == {"answered"}
    assert len(responses) == INTERACTIONS
    assert {(r.answer, r.comment) for r in responses} == {("unsure", "Late again, but fixed")}
    for process in processes:
        assert "Traceback" not in process.output(), process.output()[-2000:]


def _up(base: str) -> bool:
    try:
        return httpx.get(base + "/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False

"""Availability under hostile clients: silent and slow connections are closed; a flood of bad links or
keys locks no customer out and takes no write lock."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from tests.support.cli import pulse_env
from tests.support.processes import PulseProcess, wait_until
from tests.support.server import free_port

HALF_OPEN = 300


def _closed_by_server(sock: socket.socket) -> bool:
    """Tells whether the server closed the connection (EOF or reset) without answering a request."""
    sock.settimeout(0.2)
    try:
        return sock.recv(1024) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_silent_and_slow_connections_are_closed_and_real_ones_still_served(database_url, settings, tmp_path):
    port = free_port()
    env = pulse_env(settings, PORT=str(port), REQUEST_TIMEOUT_SECONDS="1.5", PULSE_ADMINS="")
    web = PulseProcess("serve", env=env, log_path=str(tmp_path / "web.log"))
    base = f"http://127.0.0.1:{port}"
    sockets: list[socket.socket] = []
    try:
        wait_until(lambda: _up(base), what="pulse serve")
        for i in range(HALF_OPEN):
            sock = socket.create_connection(("127.0.0.1", port))
            if i % 3 == 1:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # headers never finished
            elif i % 3 == 2:
                # A body that stops halfway through.
                sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
            sockets.append(sock)
        assert httpx.get(base + "/healthz", timeout=5).status_code == 200
        time.sleep(3)
        still_open = [s for s in sockets if not _closed_by_server(s)]
        assert still_open == []
        assert httpx.get(base + "/healthz", timeout=5).status_code == 200
    finally:
        for sock in sockets:
            sock.close()
        web.stop()
    assert "Traceback" not in web.output()


def _up(base: str) -> bool:
    try:
        return httpx.get(base + "/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _links(slack, runtime, clock, clock_jobs, smtp, count: int = 1):
    """Logs interactions with `count` contacts, sends their pulses, returns each e-mail's links."""
    from app import jobs
    from tests.support.mail import survey_links
    from tests.support.scenario import make_account

    make_account(runtime, "Acme Corp")
    for i in range(count):
        slack.command(f"log Acme Corp c{i}@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    return [survey_links(m) for m in smtp.mailbox.wait_for(count)]


def test_guessers_behind_the_customers_address_lock_out_only_themselves(
    slack, runtime, clock, clock_jobs, smtp, pulse_url
):
    [links] = _links(slack, runtime, clock, clock_jobs, smtp)
    guesses = [httpx.get(f"{pulse_url}/p/{'g' * 40}{i:03d}").status_code for i in range(25)]
    assert guesses[:20] == [404] * 20 and set(guesses[20:]) == {429}
    bad_optouts = [httpx.post(f"{pulse_url}/p/{'o' * 40}{i:03d}/optout").status_code for i in range(3)]
    assert bad_optouts == [429] * 3  # opt-out URLs count against the same limit
    # The real customer, on the same address (a NAT, a PaaS router), still gets through everywhere.
    assert httpx.get(links["page"]).status_code == 200
    assert httpx.get(links["optout"]).status_code == 200
    answered = httpx.post(links["page"], data={"answer": "yes", "comment": "Fine"})
    assert answered.status_code == 200 and "Thank you" in answered.text


@pytest.fixture
def write_lock(runtime):
    """Holds SQLite's write lock for a few seconds in another thread, as a long import or a slow job would."""
    from sqlalchemy import text

    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with runtime.transaction() as db:
            db.execute(text("UPDATE workspace SET name = name"))
            held.set()
            release.wait(10)

    def start():
        threading.Thread(target=hold, daemon=True).start()
        assert held.wait(5)
        return release.set

    yield start
    release.set()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_while_the_write_lock_is_held_health_and_opt_out_pages_answer_kindly(
    slack, runtime, clock, clock_jobs, smtp, pulse_url, write_lock
):
    [links] = _links(slack, runtime, clock, clock_jobs, smtp)
    write_lock()
    started = time.monotonic()
    health = httpx.get(f"{pulse_url}/healthz", timeout=10)
    assert health.status_code == 200 and time.monotonic() - started < 1.0
    assert httpx.get(links["optout"], timeout=10).status_code == 200
    started = time.monotonic()
    missing = httpx.post(f"{pulse_url}/p/{'x' * 43}/optout", timeout=10)
    assert missing.status_code == 404 and time.monotonic() - started < 1.0  # no wait for the lock
    for bad in ("pk_" + "x" * 43, "nonsense"):
        started = time.monotonic()
        refused = httpx.post(
            f"{pulse_url}/api/interactions", json={}, headers={"Authorization": f"Bearer {bad}"}, timeout=10
        )
        assert refused.status_code == 401 and time.monotonic() - started < 1.0  # bad keys never queue
    started = time.monotonic()
    guessed = httpx.get(f"{pulse_url}/p/{'y' * 43}", timeout=10)
    assert guessed.status_code == 404 and time.monotonic() - started < 1.0
    busy = httpx.post(links["optout"], timeout=10)
    assert busy.status_code == 503 and "try again" in busy.text.lower()
    assert "Traceback" not in busy.text


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_thirty_simultaneous_first_answers_all_see_the_thank_you(slack, runtime, clock, clock_jobs, smtp):
    from concurrent.futures import ThreadPoolExecutor

    from sqlmodel import select

    from storage.models import Response

    [links] = _links(slack, runtime, clock, clock_jobs, smtp)
    barrier = threading.Barrier(30)

    def answer(i: int) -> tuple[int, bool]:
        with httpx.Client(timeout=30) as client:
            barrier.wait()
            reply = client.post(links["page"], data={"answer": "no", "comment": f"Answer {i}"})
        return reply.status_code, "Thank you" in reply.text

    with ThreadPoolExecutor(30) as pool:
        results = list(pool.map(answer, range(30)))
    assert results == [(200, True)] * 30
    with runtime.transaction() as db:
        assert len(db.exec(select(Response)).all()) == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_an_answer_that_waited_for_the_first_one_is_saved_as_an_edit(slack, runtime, clock, clock_jobs, smtp):
    from bot.core.survey import Answer
    from bot.services import responses
    from tests.support.mail import token_of

    [links] = _links(slack, runtime, clock, clock_jobs, smtp)
    token = token_of(links["page"])
    first = runtime.sessions()
    saved = responses.record_answer(
        first, token=token, answer=Answer.NO, comment="First", now=clock(), policy=runtime.policy
    )
    assert saved is not None  # holds the pulse's lock until it commits
    second: list[object] = []
    waiter = threading.Thread(
        target=lambda: second.append(_record(runtime, token, Answer.UNSURE, clock())), daemon=True
    )
    waiter.start()
    time.sleep(0.5)  # the second answer is now waiting for the first one's lock
    first.commit()
    first.close()
    waiter.join(10)
    assert second and second[0] is not None and second[0].changed


def _record(runtime, token, answer, now):
    from bot.services import responses

    with runtime.transaction() as db:
        return responses.record_answer(db, token=token, answer=answer, comment="Second", now=now, policy=runtime.policy)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pulse_log_answers_within_slacks_three_seconds_while_the_write_lock_is_held(
    slack, runtime, write_lock, standin
):
    from sqlmodel import select

    from storage.models import Interaction
    from tests.support.scenario import make_account
    from tests.support.slack_messages import visible_text

    make_account(runtime, "Acme Corp")
    release = write_lock()
    started = time.monotonic()
    reply = slack.command("log Acme Corp jane@acme.com call", response_url=standin.response_url("log"))
    took = time.monotonic() - started
    assert reply.status_code == 200 and took < 2.5, took
    assert "I'll log this and confirm here" in visible_text(reply.json())
    release()
    [confirmed] = standin.wait_for("respond/log", timeout=20)
    assert "Logged: *Call*" in visible_text(confirmed.params)
    with runtime.transaction() as db:
        assert len(db.exec(select(Interaction)).all()) == 1

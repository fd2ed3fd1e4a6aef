"""Availability under hostile clients: silent and slow connections are closed; a flood of bad links or
keys locks no customer out and takes no write lock."""

from __future__ import annotations

import socket
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

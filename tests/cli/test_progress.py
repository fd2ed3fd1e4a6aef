"""Progress of long work: a rich bar on a terminal, plain lines every few seconds on a pipe, nothing for quick work."""

from __future__ import annotations

import io
import os
import pty
import select
import time

from app import progress as progress_module
from app.progress import Progress, track


def test_piped_progress_prints_plain_lines_only_for_long_work(monkeypatch):
    quick = io.StringIO()
    with Progress("Importing accounts", total=3, stream=quick) as progress:
        assert list(track(range(3), progress)) == [0, 1, 2]
    assert quick.getvalue() == ""

    monkeypatch.setattr(progress_module, "PLAIN_EVERY_SECONDS", 0.0)
    slow = io.StringIO()
    with Progress("Importing accounts", total=3, stream=slow) as progress:
        list(track(range(2), progress))
        monkeypatch.setattr(progress_module, "PLAIN_EVERY_SECONDS", 3600.0)
        progress.advance()
    assert slow.getvalue().splitlines() == [
        "Importing accounts: 1/3",
        "Importing accounts: 2/3",
        "Importing accounts: 3/3",
    ]


def test_a_terminal_gets_rich_progress_bar():
    leader, follower = pty.openpty()
    try:
        with os.fdopen(follower, "w", closefd=False) as terminal:
            assert terminal.isatty()
            with Progress("Exporting responses", total=4, stream=terminal) as progress:
                list(track(range(4), progress))
                time.sleep(0.5)  # the bar redraws ten times a second
            terminal.flush()
        chunks = []
        while select.select([leader], [], [], 0.2)[0]:
            chunks.append(os.read(leader, 65536))
        shown = b"".join(chunks).decode(errors="replace")
    finally:
        os.close(leader)
        os.close(follower)
    assert "Exporting responses" in shown
    assert "4/4" in shown
    assert "━" in shown  # the bar itself, which a pipe never gets

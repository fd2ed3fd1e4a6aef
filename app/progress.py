"""Progress of long command-line work: rich's bar on a terminal, a plain line now and then when piped."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any, TypeVar

T = TypeVar("T")
PLAIN_EVERY_SECONDS = 2.0


class Progress:
    """Counts work done; shows it as a bar on a terminal, or as 'label: n/total' every few seconds on a pipe."""

    def __init__(self, label: str, *, total: int | None = None, stream: IO[str] | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self._bar: Any = None
        self._task: Any = None
        self._last_line = time.monotonic()
        self._shown: int | None = None

    def __enter__(self) -> Progress:
        if self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self._bar = Bar(*columns, console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def advance(self, count: int = 1) -> None:
        """Records that `count` more items are done."""
        self.done += count
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
        elif time.monotonic() - self._last_line >= PLAIN_EVERY_SECONDS:
            self._last_line = time.monotonic()
            self._line()

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif self._shown is not None and self._shown != self.done:
            self._line()  # work long enough to report on ends with its final count; quick work says nothing

    def _line(self) -> None:
        self._shown = self.done
        of = f"/{self.total}" if self.total is not None else ""
        self.stream.write(f"{self.label}: {self.done}{of}\n")
        self.stream.flush()


def track(items: Iterable[T], progress: Progress) -> Iterator[T]:
    """Yields the items, advancing the progress after each one."""
    for item in items:
        yield item
        progress.advance()

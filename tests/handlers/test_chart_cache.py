"""The chart cache: a picture is reused for a few minutes, and only the most recent few are kept."""

from __future__ import annotations

import time

from handlers.web.charts import PictureCache


def test_pictures_are_reused_then_forgotten_by_age_and_by_count():
    cache = PictureCache(entries=2, seconds=0.2)
    cache.put(("a",), b"A")
    cache.put(("b",), b"B")
    assert cache.get(("a",)) == b"A"  # now the most recent
    cache.put(("c",), b"C")  # pushes out the least recently used: b
    assert (cache.get(("a",)), cache.get(("b",)), cache.get(("c",))) == (b"A", None, b"C")
    time.sleep(0.25)
    assert cache.get(("a",)) is None and cache.get(("c",)) is None

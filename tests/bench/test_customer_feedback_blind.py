"""The blind customer-feedback set parses: every row valid, counts balanced per language."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.sentiment_blind import BLIND, read_blind

EXPECTED = {"en": 160, "de": 80, "fr": 80, "es": 80}


def test_every_row_parses_and_counts_are_balanced() -> None:
    rows = read_blind()
    assert len(rows) == sum(EXPECTED.values())
    counts = Counter((r.language, r.label) for r in rows)
    for language, total in EXPECTED.items():
        assert counts[(language, "positive")] == counts[(language, "negative")] == total // 2
    assert len({(r.language, r.text) for r in rows}) == len(rows), "duplicate comments"


def test_header_says_blind_and_evaluation_only() -> None:
    header = [line for line in BLIND.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = " ".join(header).lower()
    assert "blind" in text and "never" in text and "licence" in text


def test_a_malformed_row_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\nen\tpositive\tfine\nen\tmaybe\tnot sure\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        read_blind(bad)

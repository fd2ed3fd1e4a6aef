"""Scores the blind customer-feedback set (evaluation only) with the shipped scorer, beside the bench's baselines.

The set, bench/data/customer_feedback_blind.tsv, was written without sight of the scorer and must never be used
to train, tune or change it. Run from the repository root: `python -m bench.sentiment_blind`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core import sentiment

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "bench" / "data" / "customer_feedback_blind.tsv"
LANGUAGES = ("en", "de", "fr", "es")
LABELS = ("positive", "negative")

Scorer = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class BlindRow:
    """One labelled comment of the blind set."""

    language: str
    label: str
    text: str


def read_blind(path: Path = BLIND) -> list[BlindRow]:
    """Read language<TAB>label<TAB>text rows, skipping # comments and blank lines; raise on any malformed row."""
    rows: list[BlindRow] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise ValueError(f"{path.name}:{number}: expected 3 tab-separated cells, got {len(cells)}")
        language, label, text = cells
        if language not in LANGUAGES or label not in LABELS or not text.strip() or text != text.strip():
            raise ValueError(f"{path.name}:{number}: bad row {line!r}")
        rows.append(BlindRow(language, label, text))
    return rows


def sign_label(score: float) -> str:
    """The label a baseline's score gives: its sign, with exactly 0 as neutral (so wrong)."""
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def share_right(predicted: Sequence[str], rows: Sequence[BlindRow]) -> float:
    """Share of rows whose predicted label equals the gold label (neutral and unknown are wrong)."""
    return sum(1 for p, r in zip(predicted, rows, strict=True) if p == r.label) / len(rows)


def _cell(value: float | None) -> str:
    """A Markdown cell for an accuracy, or - when not measured."""
    return "-" if value is None else f"{value:.3f}"


def report(
    rows: Sequence[BlindRow], english: Mapping[str, Scorer], foreign: Callable[[str], tuple[str, Scorer]]
) -> list[str]:
    """Markdown lines: Pulse's label accuracy per language and overall, beside the baselines of each language."""
    given = [sentiment.score_text(r.text, language=r.language).label for r in rows]
    detected = [sentiment.score_text(r.text).label for r in rows]
    lines = [
        "Customer feedback (blind; evaluation only, never used to fit the scorer): share whose label equals the "
        "written one; Pulse's label (thresholds as shipped; neutral/unknown wrong), baselines by sign (0 wrong).",
        "",
        "| language | items | Pulse, language given | on positives | on negatives | neutral/unknown | Pulse, detected "
        "| VADER | TextBlob | lexicon baseline (as shipped) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for language in (*LANGUAGES, None):
        picked = [i for i, r in enumerate(rows) if language is None or r.language == language]
        subset = [rows[i] for i in picked]
        by_label = [
            share_right([given[i] for i in picked if rows[i].label == label], [r for r in subset if r.label == label])
            for label in LABELS
        ]
        theirs: list[float | None] = [None, None]
        lexicon = "-"
        if language == "en":
            theirs = [share_right([sign_label(f(r.text)) for r in subset], subset) for f in english.values()]
        elif language is not None:
            name, scorer = foreign(language)
            lexicon = f"{name}: {share_right([sign_label(scorer(r.text)) for r in subset], subset):.3f}"
        undecided = sum(1 for i in picked if given[i] not in LABELS) / len(subset)
        cells: list[float | None] = [share_right([given[i] for i in picked], subset), *by_label, undecided]
        cells += [share_right([detected[i] for i in picked], subset), *theirs]
        lines.append(f"| {language or 'all'} | {len(subset)} | " + " | ".join(map(_cell, cells)) + f" | {lexicon} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the blind set's table."""
    from bench.sentiment import baselines, language_baseline

    del argv
    print("\n".join(report(read_blind(), baselines(), language_baseline)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

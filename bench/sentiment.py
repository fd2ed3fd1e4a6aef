"""Benchmarks Pulse's sentiment scorer against TextBlob as shipped and VADER on public human-labelled sets."""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "sentiment"

# (file, label in the table, kind): "mean" files hold id<TAB>mean<TAB>text, "binary" holds text<TAB>0|1.
SETS: tuple[tuple[str, str, str], ...] = (
    ("tweets_GroundTruth.txt", "tweets", "mean"),
    ("movieReviewSnippets_GroundTruth.txt", "movie snippets", "mean"),
    ("nytEditorialSnippets_GroundTruth.txt", "NYT editorial snippets", "mean"),
    ("imdb_labelled.txt", "imdb sentences", "binary"),
)
POLAR: float = 0.5  # |human mean| at or above this counts as clearly positive or negative
IMDB_TARGET: float = 0.80
THROUGHPUT_FLOOR: float = 2000.0

Scorer = Callable[[str], float]


@dataclass(frozen=True)
class DataSet:
    """One labelled set: texts, their human labels, and whether the labels are means or 0/1 classes."""

    name: str
    texts: list[str]
    labels: list[float]
    graded: bool


@dataclass(frozen=True)
class Result:
    """One scorer's figures on one set."""

    accuracy: float
    polar: int
    pearson: float | None
    coverage: float
    seconds: float


def load_graded(path: Path, name: str) -> DataSet:
    """Read an id<TAB>mean<TAB>text file with CRLF line ends."""
    texts: list[str] = []
    labels: list[float] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        _id, mean, text = line.split("\t", 2)
        texts.append(text)
        labels.append(float(mean))
    return DataSet(name, texts, labels, graded=True)


def load_binary(path: Path, name: str) -> DataSet:
    """Read a text<TAB>label file, splitting on LF only because the texts contain U+0085."""
    texts: list[str] = []
    labels: list[float] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        text, label = line.rsplit("\t", 1)
        texts.append(text.strip())
        labels.append(1.0 if label.strip() == "1" else -1.0)
    return DataSet(name, texts, labels, graded=False)


def load_sets(data: Path) -> list[DataSet]:
    """Load every set found in the data folder."""
    sets = []
    for file, name, kind in SETS:
        path = data / file
        if path.exists():
            sets.append(load_graded(path, name) if kind == "mean" else load_binary(path, name))
    return sets


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Return Pearson's correlation coefficient, 0.0 when either side is constant."""
    n = len(xs)
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def evaluate(scorer: Scorer, data: DataSet) -> Result:
    """Score every text of a set and compute the usual measures."""
    started = time.perf_counter()
    scores = [scorer(text) for text in data.texts]
    seconds = time.perf_counter() - started
    polar = [(s, y) for s, y in zip(scores, data.labels, strict=True) if abs(y) >= POLAR]
    correct = sum(1 for s, y in polar if (s > 0 and y > 0) or (s < 0 and y < 0))
    return Result(
        accuracy=correct / len(polar),
        polar=len(polar),
        pearson=pearson(scores, data.labels) if data.graded else None,
        coverage=sum(1 for s in scores if s != 0) / len(scores),
        seconds=seconds,
    )


def scorers() -> dict[str, Scorer]:
    """Build the three scorers: Pulse, TextBlob's PatternAnalyzer as shipped, and VADER's compound."""
    sys.path.insert(0, str(ROOT))
    from textblob.en.sentiments import PatternAnalyzer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from bot.core.sentiment import score_text

    textblob = PatternAnalyzer()
    vader = SentimentIntensityAnalyzer()
    return {
        "Pulse": lambda text: score_text(text).polarity,
        "TextBlob": lambda text: float(textblob.analyze(text).polarity),
        "VADER": lambda text: float(vader.polarity_scores(text)["compound"]),
    }


def fmt(value: float | None) -> str:
    """Format a measure to three decimals, or a dash when it does not apply."""
    return "-" if value is None else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the labelled sets")
    args = parser.parse_args(argv)
    sets = load_sets(args.data)
    if not sets:
        print(f"no labelled sets found in {args.data}", file=sys.stderr)
        return 0
    all_scorers = scorers()
    for scorer in all_scorers.values():
        for text in sets[0].texts[:50]:
            scorer(text)
    results = {name: [evaluate(scorer, data) for data in sets] for name, scorer in all_scorers.items()}
    names = list(all_scorers)

    print(f"Data: {args.data}")
    print()
    print("| set | items | measure | " + " | ".join(names) + " |")
    print("| --- | ---: | --- | " + " | ".join("---:" for _ in names) + " |")
    for k, data in enumerate(sets):
        first = results[names[0]][k]
        rows: list[tuple[str, list[float | None]]] = [
            (f"binary accuracy (n={first.polar})", [results[n][k].accuracy for n in names]),
            ("Pearson r", [results[n][k].pearson for n in names]),
            ("coverage", [results[n][k].coverage for n in names]),
        ]
        for row, (measure, values) in enumerate(rows):
            label = f"{data.name} | {len(data.texts):,}" if row == 0 else " | "
            print(f"| {label} | {measure} | " + " | ".join(fmt(v) for v in values) + " |")
    total = sum(len(d.texts) for d in sets)
    speed = {n: total / sum(r.seconds for r in results[n]) for n in names}
    print(
        f"| all sets | {total:,} | texts per second (one core) | "
        + " | ".join(f"{speed[n]:,.0f}" for n in names)
        + " |"
    )
    print()
    print(f"Throughput of Pulse relative to TextBlob: {speed['Pulse'] / speed['TextBlob']:.2f}x")
    print()
    print("Targets:")
    for k, data in enumerate(sets):
        ours, vader = results["Pulse"][k], results["VADER"][k]
        verdict = [f"accuracy {ours.accuracy - vader.accuracy:+.3f} vs VADER"]
        if ours.pearson is not None and vader.pearson is not None:
            verdict.append(f"Pearson {ours.pearson - vader.pearson:+.3f} vs VADER")
        beaten = ours.accuracy > vader.accuracy and (
            ours.pearson is None or vader.pearson is None or ours.pearson > vader.pearson
        )
        print(f"- {data.name}: {', '.join(verdict)} ({'met' if beaten else 'MISSED'})")
    imdb = [results["Pulse"][k] for k, d in enumerate(sets) if d.name == "imdb sentences"]
    if imdb:
        met = "met" if imdb[0].accuracy >= IMDB_TARGET else "MISSED"
        print(f"- imdb binary accuracy {imdb[0].accuracy:.3f} against the {IMDB_TARGET:.2f} target ({met})")
    met = "met" if speed["Pulse"] >= THROUGHPUT_FLOOR else "MISSED"
    print(f"- throughput {speed['Pulse']:,.0f} texts/s against the {THROUGHPUT_FLOOR:,.0f} floor ({met})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Builds the extra English training set (text<TAB>label) from GoEmotions' original release in a git mirror.

GoEmotions (Demszky et al., ACL 2020; Google) is 58k Reddit comments labelled with 27 emotions or neutral. Its
original train/dev/test files (google-research/google-research: goemotions/data/, Apache License 2.0, the
repository's licence) are read here from a smaller mirror that holds them byte for byte (monologg/GoEmotions-pytorch
@ b75f9d3a: data/original/{train,test}.tsv and labels.txt; checked against the original: same rows, same length).
The texts are not committed: this script writes them to a temporary folder that bench/sentiment_training.py and
bench/sentiment.py read. A comment counts as positive when every one of its emotions is in the paper's positive
group (goemotions/data/sentiment_dict.json), negative when every one is in its negative group; comments labelled
neutral, ambiguous (realization, surprise, curiosity, confusion) or with emotions of both groups are left out.
The dev split is not used.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

MIRROR = Path("/work/.mirror/monologg+GoEmotions-pytorch/repo")
COMMIT = "b75f9d3a8b76bc1060687925b04ca98a1b8ea66b"
DEFAULT_OUT = Path("/tmp/pulse-sentiment-en")

# The paper's sentiment grouping of the emotions (goemotions/data/sentiment_dict.json), as published.
POSITIVE = frozenset(
    [
        "amusement",
        "excitement",
        "joy",
        "love",
        "desire",
        "optimism",
        "caring",
        "pride",
        "admiration",
        "gratitude",
        "relief",
        "approval",
    ]
)
NEGATIVE = frozenset(
    [
        "fear",
        "nervousness",
        "remorse",
        "embarrassment",
        "disappointment",
        "sadness",
        "grief",
        "disgust",
        "anger",
        "annoyance",
        "disapproval",
    ]
)


def _show(path: str) -> str:
    """Return a file of the mirror at the pinned commit."""
    command = ["git", "-C", str(MIRROR), "show", f"{COMMIT}:{path}"]
    return subprocess.run(command, check=True, capture_output=True).stdout.decode("utf-8")


def polar(split: str) -> list[tuple[str, int]]:
    """Return the clearly positive (1) and negative (0) comments of one split."""
    emotions = [line.strip() for line in _show("data/original/labels.txt").split("\n") if line.strip()]
    rows: list[tuple[str, int]] = []
    for line in _show(f"data/original/{split}.tsv").split("\n"):
        if not line.strip():
            continue
        text, ids, _id = line.split("\t")
        found = {emotions[int(i)] for i in ids.split(",")}
        if found <= POSITIVE:
            rows.append((" ".join(text.split()), 1))
        elif found <= NEGATIVE:
            rows.append((" ".join(text.split()), 0))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Write goemotions-train.tsv and goemotions-test.tsv."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "test"):
        rows = polar(split)
        (args.out / f"goemotions-{split}.tsv").write_text("".join(f"{t}\t{y}\n" for t, y in rows), encoding="utf-8")
        print(f"goemotions {split}: {len(rows)} texts ({sum(y for _, y in rows)} positive)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

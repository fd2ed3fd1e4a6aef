"""Builds the German, French and Spanish evaluation sets (text<TAB>label) from public repositories' git mirrors.

The sets are third-party data of unclear or restrictive licence, so they are not committed: this script reads
them from mirrors fetched with the session's `fetch` tool and writes them to a temporary folder, which
bench/sentiment.py reads with --lang-data. Sources (repository @ commit: path):

- de: madvx/NLP_22Z @ 6f9784ca: corpora_nlp22z/{positive,negative}_reviews_balanced.txt (German Amazon product
  reviews, one per line; 999 positive, 999 negative by star rating)
- fr: Akram-ch/TP_NLP_2023 @ 92b67ece: 2-python_data_analysis/fr/test.tsv (Allociné TV-series reviews as
  preprocessed by Dong & de Melo, AAAI 2018; label<TAB>text)
- es: AaronGG11/Natural-Language-Processing @ bebc5453: 11_Summarization/SFU_Spanish_Review_Corpus/ (SFU Spanish
  Review Corpus, Brooke & Taboada; 400 Ciao.es reviews of 8 product kinds, "yes_*" positive, "no_*" negative)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

MIRRORS = Path("/work/.mirror")
DEFAULT_OUT = Path("/tmp/pulse-sentiment-lang")


def _git(repo: str, *args: str) -> bytes:
    """Run git in a mirror and return its output."""
    return subprocess.run(["git", "-C", str(MIRRORS / repo / "repo"), *args], check=True, capture_output=True).stdout


def _clean(text: str) -> str:
    """Put a text on one line."""
    return " ".join(text.split())


def german() -> list[tuple[str, int]]:
    """Read the German product reviews."""
    rows: list[tuple[str, int]] = []
    for name, label in (("positive", 1), ("negative", 0)):
        blob = _git("madvx+NLP_22Z", "show", f"HEAD:corpora_nlp22z/{name}_reviews_balanced.txt")
        rows += [(_clean(line), label) for line in blob.decode("utf-8").split("\n") if line.strip()]
    return rows


def french() -> list[tuple[str, int]]:
    """Read the French TV-series reviews."""
    blob = _git("Akram-ch+TP_NLP_2023", "show", "HEAD:2-python_data_analysis/fr/test.tsv")
    rows: list[tuple[str, int]] = []
    for line in blob.decode("utf-8").split("\n"):
        label, _, text = line.partition("\t")
        if text.strip() and label in ("0", "1"):
            rows.append((_clean(text), int(label)))
    return rows


def spanish() -> list[tuple[str, int]]:
    """Read the SFU Spanish Review Corpus."""
    folder = "11_Summarization/SFU_Spanish_Review_Corpus/"
    names = _git("AaronGG11+Natural-Language-Processing", "ls-tree", "-r", "--name-only", "HEAD", folder)
    rows: list[tuple[str, int]] = []
    for path in names.decode().split("\n"):
        base = path.rsplit("/", 1)[-1]
        if base.startswith(("yes_", "no_")) and base.endswith(".txt"):
            raw = _git("AaronGG11+Natural-Language-Processing", "show", f"HEAD:{path}")
            rows.append((_clean(raw.decode("latin-1")), 1 if base.startswith("yes_") else 0))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Write de.tsv, fr.tsv and es.tsv."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for language, read in (("de", german), ("fr", french), ("es", spanish)):
        rows = read()
        (args.out / f"{language}.tsv").write_text("".join(f"{t}\t{y}\n" for t, y in rows), encoding="utf-8")
        print(f"{language}: {len(rows)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())

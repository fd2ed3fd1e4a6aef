"""Trains Pulse's German, French and Spanish sentiment models and writes them as versioned data files.

Run `scripts/train-sentiment-languages` to rebuild bot/core/data/sentiment/model-{de,fr,es}.tsv.gz. The training
texts are public labelled sets whose licences allow shipping weights derived from them (docs/sentiment.md names
each); they are read from git mirrors of their repositories at pinned commits (fetched with the session's
`fetch` tool into /work/.mirror) and never committed. None of them is one of the evaluation sets that
bench/sentiment_lang_data.py builds. The machinery is the English one: bench.sentiment_training.fit chooses the
training setting on an inner hold-out of the training texts, then fits on all of them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import math
import random
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.sentiment_training import INNER_SEED, INNER_SHARE, MIN_COUNT, SETTINGS, DataSet, Setting
from bot.core import sentiment
from bot.core import sentiment_features as extract
from bot.core import sentiment_language_model as language_model
from bot.core.sentiment import SCORER_VERSION
from bot.core.sentiment_text import normalise, tokenise

ROOT = Path(__file__).resolve().parents[1]
MIRRORS = Path("/work/.mirror")
MODEL_DIR = ROOT / "bot" / "core" / "data" / "sentiment"

# Fixed before any figure was measured: at most this many training texts per language (CPU time), and weights
# smaller than this are left out of the shipped file (size; they move no score by more than a rounding).
CAP = 50_000
PRUNE = 0.005
C_GRID = (0.0625, 0.25, 1.0)  # regularisation the inner hold-out chooses among (English ships C=0.25)
SEED = 1313
FOLDS = 5


@dataclass(frozen=True)
class Source:
    """One public labelled set: where it is read from and under which licence."""

    language: str
    name: str
    licence: str
    repo: str  # owner+name of the mirror folder
    commit: str
    read: Callable[[Source], list[tuple[str, int]]]


class MissingMirror(RuntimeError):
    """A source's repository has no mirror here (fetch it first)."""


def _git(source: Source, *args: str) -> bytes:
    """Run git in a source's mirror and return its output."""
    folder = MIRRORS / source.repo / "repo"
    if not folder.exists():
        raise MissingMirror(f"no mirror of {source.repo.replace('+', '/')} in {MIRRORS}: fetch it first")
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True).stdout


def _show(source: Source, path: str) -> str:
    """Return one file of a source's mirror at its pinned commit."""
    return _git(source, "show", f"{source.commit}:{path}").decode("utf-8")


def _clean(text: str) -> str:
    """Put a text on one line."""
    return " ".join(text.split())


def _label_text(path: str) -> Callable[[Source], list[tuple[str, int]]]:
    """Read label<TAB>text lines (positive / negative kept, neutral and mixed left out)."""

    def read(source: Source) -> list[tuple[str, int]]:
        rows: list[tuple[str, int]] = []
        for line in _show(source, path).split("\n"):
            label, _, text = line.partition("\t")
            if label in ("positive", "negative") and text.strip():
                rows.append((_clean(text), 1 if label == "positive" else 0))
        return rows

    return read


def _allocine(source: Source) -> list[tuple[str, int]]:
    """Read the Allociné film reviews (text,label CSV files of a sample of the published set)."""
    rows: list[tuple[str, int]] = []
    for path in ("data/train_data_allocine.csv", "data/test_data_allocine_full.csv", "data/test_data_allocine.csv"):
        for record in csv.DictReader(io.StringIO(_show(source, path))):
            if record["label"] in ("0", "1") and record["text"].strip():
                rows.append((_clean(record["text"]), int(record["label"])))
    return rows


def _opener_es(source: Source) -> list[tuple[str, int]]:
    """Read the Spanish OpeNER hotel-review sentences (one file per polarity class, mixed left out)."""
    rows: list[tuple[str, int]] = []
    for name, label in (("strongpos", 1), ("pos", 1), ("neg", 0), ("strongneg", 0)):
        text = _show(source, f"datasets/es/opener_sents/{name}.txt")
        rows += [(_clean(line), label) for line in text.split("\n") if line.strip()]
    return rows


SOURCES: tuple[Source, ...] = (
    Source(
        "de",
        "SB10k German tweets (Cieliebak et al. 2017)",
        "CC BY 4.0",
        "oliverguhr+german-sentiment",
        "7057d46cc173cfd93023955306cd1bd56e60b225",
        _label_text("source-data/SB10k/not-preprocessed/corpus_label_text.tsv"),
    ),
    Source(
        "de",
        "PotTS German tweets (Sidarenka 2016)",
        "MIT",
        "oliverguhr+german-sentiment",
        "7057d46cc173cfd93023955306cd1bd56e60b225",
        _label_text("source-data/PotTS/not-preprocessed/corpus_label_text.tsv"),
    ),
    Source(
        "fr",
        "Allociné film reviews (Blard 2020), 3,000-review sample",
        "MIT",
        "rachigh+french-sentiment-analysis-allocine",
        "65a611560017c74c8d13215c1b458f1e1af6988b",
        _allocine,
    ),
    Source(
        "es",
        "OpeNER Spanish hotel-review sentences (Agerri et al. 2013, as packaged by Barnes et al. 2018)",
        "CC BY 4.0",
        "jerbarnes+blse",
        "cdf80092e26557bda31bd9f858c18f620f72e83f",
        _opener_es,
    ),
)


def load(language: str) -> list[DataSet]:
    """Load a language's training sets, each text once (first source wins), at most CAP texts in all."""
    seen: set[str] = set()
    sets: list[DataSet] = []
    for source in SOURCES:
        if source.language != language:
            continue
        rows: list[tuple[str, int]] = []
        for text, label in source.read(source):
            if text not in seen:
                seen.add(text)
                rows.append((text, label))
        sets.append(DataSet(source.name, [t for t, _ in rows], [y for _, y in rows]))
    total = sum(len(d.texts) for d in sets)
    if total > CAP:
        rng = random.Random(SEED)
        sampled: list[DataSet] = []
        for d in sets:
            keep = sorted(rng.sample(range(len(d.texts)), len(d.texts) * CAP // total))
            sampled.append(DataSet(d.name, [d.texts[i] for i in keep], [d.labels[i] for i in keep]))
        sets = sampled
    return sets


def featurise(text: str, language: str) -> dict[str, float]:
    """Return the trainable features of a text (rules keep their hand-set weights, so they are left out)."""
    return language_model.features(tokenise(normalise(text)), language).totals()


@dataclass(frozen=True)
class Choice:
    """The regularisation and training setting an inner hold-out chose."""

    c: float
    setting: Setting

    def __str__(self) -> str:
        return f"C={self.c:g}, {self.setting}"


def train(
    rows: Sequence[dict[str, float]], labels: Sequence[int], groups: Sequence[int]
) -> tuple[dict[str, float], Choice]:
    """Choose C and the setting on an inner hold-out of the training texts, fit on all of them, prune tiny weights.

    The English machinery (bench.sentiment_training.fit) with C in the grid as well: the inner hold-out is drawn
    from the texts given, so a caller that leaves its test texts out gets a nested choice.
    """
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows).tocsr()
    names = vectoriser.get_feature_names_out()
    lexical = np.array([str(n).startswith(("lex:", "x:")) for n in names])
    y, g = np.asarray(labels), np.asarray(groups)
    order = np.random.default_rng(INNER_SEED).permutation(len(y))
    held, kept = order[: int(len(y) * INNER_SHARE)], order[int(len(y) * INNER_SHARE) :]

    def inner_accuracy(choice: Choice) -> float:
        scores = matrix[held] @ _fit(matrix, y, g, kept, lexical, choice)
        right = ((scores > 0) & (y[held] == 1)) | ((scores < 0) & (y[held] == 0))
        return float(np.mean([right[g[held] == k].mean() for k in np.unique(g[held])]))

    chosen = max((Choice(c, setting) for c in C_GRID for setting in SETTINGS), key=inner_accuracy)
    coef = _fit(matrix, y, g, np.arange(len(y)), lexical, chosen)
    return {str(n): float(w) for n, w in zip(names, coef, strict=True) if abs(w) >= PRUNE}, chosen


def _fit(matrix, y, groups, index, lexical, choice: Choice):  # type: ignore[no-untyped-def]
    """Fit the logistic regression on some rows under one choice; return weights for every column (0 if unused)."""
    import numpy as np
    from scipy.sparse import diags  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression

    sub = matrix[index]
    columns = np.flatnonzero(np.asarray((sub != 0).sum(axis=0)).ravel() >= MIN_COUNT)
    scale = np.where(lexical[columns], choice.setting.lexicon_scale, 1.0)
    sub = (sub[:, columns] @ diags(scale)).tocsr()
    sub.indices, sub.indptr = sub.indices.astype("int32"), sub.indptr.astype("int32")  # liblinear's
    g, weight = groups[index], np.ones(len(index))
    if choice.setting.balance_sets:
        for k in np.unique(g):
            weight[g == k] = len(index) / (len(np.unique(g)) * np.sum(g == k))
    model = LogisticRegression(
        C=choice.c, fit_intercept=False, class_weight="balanced", max_iter=2000, solver="liblinear"
    )
    model.fit(sub, y[index], sample_weight=weight)
    coef = np.zeros(matrix.shape[1])
    coef[columns] = model.coef_[0] * scale  # the scorer reads unscaled values
    return coef


def kfold(language: str, sets: list[DataSet]) -> float:
    """Accuracy within the training sets: each fifth scored by a model trained on the other four fifths."""
    rows = [featurise(t, language) for d in sets for t in d.texts]
    labels = [y for d in sets for y in d.labels]
    groups = [k for k, d in enumerate(sets) for _ in d.texts]
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    fold = {i: rank % FOLDS for rank, i in enumerate(order)}
    right = 0
    for f in range(FOLDS):
        keep = [i for i in range(len(rows)) if fold[i] != f]
        weights, _ = train([rows[i] for i in keep], [labels[i] for i in keep], [groups[i] for i in keep])
        for i in range(len(rows)):
            if fold[i] == f:
                z = sum(weights.get(n, 0.0) * v for n, v in rows[i].items())
                right += (z > 0 and labels[i] == 1) or (z < 0 and labels[i] == 0)
    return right / len(rows)


def lexicon_only(text: str, *, language: str | None = None) -> float:
    """Score a text as version 4 did, German, French and Spanish by lexicon and rules alone (a baseline)."""
    evidence = sentiment.read(text, language=language)
    if evidence is None:
        return 0.0
    if evidence.language not in language_model.MODEL_LANGUAGES:
        return sentiment.log_odds(evidence)
    features, known = extract.foreign(tokenise(evidence.norm), evidence.language)
    found = extract.matched_rules(evidence.norm.lower(), evidence.language)
    rules = {"r:" + rule.name: rule.weight for rule in extract.rules()}
    return sum(known.get(n, 0.0) * v for n, v in zip(features.names, features.values, strict=True)) + sum(
        rules.get(n, 0.0) * v for n, v in zip(found.names, found.values, strict=True)
    )


def write_model(language: str, weights: dict[str, float], path: Path, sets: Sequence[DataSet], chosen: Choice) -> None:
    """Write the weights as gzip TSV with a header naming the version, the sources, their licences and a checksum."""
    body = "".join(f"{name}\t{weight:.4g}\n" for name, weight in sorted(weights.items()))
    used = [s for s in SOURCES if s.language == language]
    header = [
        f"# {SCORER_VERSION} {language} sentiment model: logistic regression, features seen in {MIN_COUNT}+ texts, "
        f"|weight| >= {PRUNE}, {chosen} "
        f"(chosen among {len(C_GRID) * len(SETTINGS)} on a {INNER_SHARE:.0%} inner hold-out)",
        "# trained by scripts/train-sentiment-languages on: "
        + "; ".join(
            f"{d.name} ({len(d.texts)}; {s.licence}; {s.repo.replace('+', '/')} @ {s.commit[:8]})"
            for d, s in zip(sets, used, strict=True)
        ),
        f"# reproducible: same data, same file; sha256 of the body {hashlib.sha256(body.encode()).hexdigest()[:16]}",
    ]
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write(("\n".join(header) + "\n" + body).encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    """Train each language's model on its sources and write it; with --kfold, first report in-set accuracy."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--languages", nargs="*", default=list(language_model.MODEL_LANGUAGES))
    parser.add_argument("--out-dir", type=Path, default=MODEL_DIR, help="where to write model-<language>.tsv.gz")
    parser.add_argument("--kfold", action="store_true", help="also report 5-fold accuracy within the training sets")
    args = parser.parse_args(argv)
    for language in args.languages:
        try:
            sets = load(language)
        except MissingMirror as missing:
            print(f"{language}: {missing}", file=sys.stderr)
            return 1
        if args.kfold:
            print(f"{language}: {FOLDS}-fold accuracy within the training sets {kfold(language, sets):.3f}")
        rows = [featurise(t, language) for d in sets for t in d.texts]
        labels = [y for d in sets for y in d.labels]
        groups = [k for k, d in enumerate(sets) for _ in d.texts]
        weights, chosen = train(rows, labels, groups)
        path = args.out_dir / language_model.model_file(language)
        write_model(language, weights, path, sets, chosen)
        positive = sum(labels)
        print(
            f"{language}: wrote {len(weights):,} weights from {len(rows):,} texts ({positive:,} positive, "
            f"{len(rows) - positive:,} negative) to {path} ({chosen}; {math.ceil(path.stat().st_size / 1024)} kB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

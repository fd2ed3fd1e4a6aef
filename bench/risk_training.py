"""Trains the digest's risk model (bot/core/data/risk_model.json) on the simulators' tuning seeds only.

Training data: seeds 1-3 of the main (A, B, C), alt (D, E) and third (F, G) portfolio simulators, each imported
through the services behind `pulse import accounts` and `pulse import responses` (bench/insight.py), so the model
sees the signals a live Pulse would. Every account is one example; its label is the simulator's truth (at risk or
not). The held-out seeds (101-103) and the blind simulator (H, J) are never read here: bench/insight.py reports on
them. The hyper-parameters were fixed before training, small trees and few of them, so the model stays a smooth
function a reader can trust: 60 trees of at most 8 leaves, at least 40 accounts in a leaf, monotone in the
features whose direction is not in doubt (bot.core.risk_model.MONOTONE).

Run `scripts/train-risk-model`; scikit-learn is a development dependency, the app reads the written trees in plain
Python (bot/core/risk_model.py). The file also carries a few check rows with the likelihood scikit-learn gave them,
which the tests replay through Pulse's own evaluator.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.http_harness import log
from bench.insight import TUNING_SEEDS, draw, imported_signals
from bench.insight_sim import NOW

ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = ROOT / "bot" / "core" / "data" / "risk_model.json"
DEFAULT_CACHE = Path("/tmp/pulse-risk-training")
TRAINING: tuple[tuple[str, str], ...] = (
    ("main", "A"),
    ("main", "B"),
    ("main", "C"),
    ("alt", "D"),
    ("alt", "E"),
    ("third", "F"),
    ("third", "G"),
)
VERSION = "pulse-risk-1"
PARAMS: dict[str, Any] = {
    "max_iter": 60,
    "learning_rate": 0.1,
    "max_leaf_nodes": 8,
    "min_samples_leaf": 40,
    "early_stopping": False,
    "random_state": 0,
}


def monotone() -> list[int]:
    """The monotonic constraint of each feature, in the model's order (bot.core.risk_model.MONOTONE)."""
    from bot.core import risk_model

    return [risk_model.MONOTONE.get(name, 0) for name in risk_model.FEATURES]


CHECK_ROWS = 12


def examples(cache: Path) -> tuple[list[tuple[float, ...]], list[int]]:
    """Every account of the training portfolios as (features, at risk), built from the imported signals."""
    from bot.config import load_settings
    from bot.core import portfolio, portfolio_risk, risk_model
    from bot.runtime import classify_config

    config = classify_config(load_settings())
    rows: list[tuple[float, ...]] = []
    labels: list[int] = []
    for generator, profile in TRAINING:
        for seed in TUNING_SEEDS:
            sim = draw(generator, profile, seed)
            truth = {a.name for a in sim if a.at_risk}
            accounts, billed, forecast = imported_signals(sim, cache / f"{generator}-{profile}-{seed}.pickle")
            t = portfolio.thresholds(billed, forecast, config)
            for s in accounts:
                severity = portfolio_risk.combine(portfolio_risk.find_signals(s, t, config, now=NOW))
                rows.append(risk_model.features(s, severity, now=NOW))
                labels.append(int(s.name in truth))
            log(f"  {generator} {profile} seed {seed}: {len(accounts)} accounts, {len(truth)} at risk")
    return rows, labels


def export(fitted: Any, rows: Sequence[tuple[float, ...]]) -> dict[str, Any]:
    """The fitted ensemble as Pulse reads it: features, baseline log-odds, trees as node lists, check rows."""
    from bot.core import risk_model

    trees = []
    for (predictor,) in fitted._predictors:  # scikit-learn keeps the fitted trees here
        nodes = []
        for node in predictor.nodes:
            leaf = bool(node["is_leaf"])
            nodes.append(
                [
                    -1 if leaf else int(node["feature_idx"]),
                    0.0 if leaf else float(node["num_threshold"]),
                    int(node["left"]),
                    int(node["right"]),
                    float(node["value"]) if leaf else 0.0,
                ]
            )
        trees.append(nodes)
    step = max(1, len(rows) // CHECK_ROWS)
    checks = [list(rows[i]) for i in range(0, len(rows), step)][:CHECK_ROWS]
    chances = fitted.predict_proba(checks)[:, 1]
    return {
        "version": VERSION,
        "features": list(risk_model.FEATURES),
        "baseline": float(fitted._baseline_prediction.ravel()[0]),
        "trees": trees,
        "trained_on": "tuning seeds 1-3 of bench/insight_sim.py (A, B, C), insight_sim_alt.py (D, E) and "
        "insight_sim_third.py (F, G), imported through the services; labels are the simulators' truth",
        "params": {**PARAMS, "monotonic_cst": monotone()},
        "checks": [{"features": row, "likelihood": float(p)} for row, p in zip(checks, chances, strict=True)],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Builds the training examples, fits the ensemble and writes the model file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="keeps each imported portfolio's signals")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    args = parser.parse_args(argv)
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows, labels = examples(args.cache)
    fitted = HistGradientBoostingClassifier(**PARAMS, monotonic_cst=monotone()).fit(rows, labels)
    document = export(fitted, rows)
    args.out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    log(f"{len(rows)} accounts ({sum(labels)} at risk), {len(document['trees'])} trees written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

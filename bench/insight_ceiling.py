"""How much of the truly at-risk an observer could find at all: a flexible model on everything the simulators show.

A check on the targets of bench/insight.py, not on Pulse. For each simulated portfolio it trains a gradient-boosted
classifier (scikit-learn, 200 trees) on features of each account's whole observable history: every pulse, answer,
comment and contact, with time windows, per-contact silence and the pace of interactions, which is more than Pulse
stores. It trains on the tuning seeds 1-3 of the main, alt and third generators (A-G) and reports, on the held-out
seeds (101-103) of every generator including the blind ones (H, J; K, L; M, N), the precision@10 and the recall it
reaches at the share of the portfolio the digest may list (15%), beside the most any ranking could reach there
(listed / truly at risk). Where this model stays far below the target, the history does not hold the signal: no
ranking of it will reach the target. Run `.venv/bin/python -m bench.insight_ceiling`.
"""

from __future__ import annotations

import argparse
import math
import statistics
from collections.abc import Sequence

from bench.http_harness import markdown_table
from bench.insight import REPORT_SEEDS, TUNING_SEEDS, draw, score
from bench.insight_sim import NOW, SimAccount, load_comments

TRAINING = ("main", "ABC"), ("alt", "DE"), ("third", "FG")
REPORTED = (*TRAINING, ("blind", "HJ"), ("fifth", "KL"), ("sixth", "MN"))
SHARE = 0.15
BAD = {"no": 1.0, "unsure": 0.5, "yes": 0.0}
NEVER = 400.0  # days, for "never happened"
WINDOWS = ((0, 60), (60, 180), (180, 400))


def history_features(account: SimAccount, negative: frozenset[str]) -> list[float]:
    """Everything an observer with the whole history could use about one account, as numbers."""
    events = sorted(account.events, key=lambda e: e.at)
    answered = [e for e in events if e.answer]

    def age(at: object) -> float:
        return (NOW - at).total_seconds() / 86400  # type: ignore[operator]

    def badness(chosen: Sequence[object]) -> float:
        return sum(BAD[e.answer] for e in chosen) / len(chosen) if chosen else 0.5  # type: ignore[attr-defined]

    last = answered[-1] if answered else None
    noes = [e for e in answered if e.answer == "no"]
    streak = 0
    for event in reversed(events):
        if event.answer:
            break
        streak += 1
    contact_streak = 0
    for contact in {e.contact for e in events}:
        own = [e for e in events if e.contact == contact]
        run = 0
        for event in reversed(own):
            if event.answer:
                break
            run += 1
        if any(e.answer for e in own):
            contact_streak = max(contact_streak, run)
    row = [
        float(len(answered)),
        float(len(events)),
        len(answered) / max(1, len(events)),
        *(1.0 if last is not None and last.answer == k else 0.0 for k in ("no", "unsure", "yes")),
        age(last.at) if last else NEVER,
        age(noes[-1].at) if noes else NEVER,
        *(badness(answered[-k:]) for k in (2, 3, 5)),
        badness(answered[:-3]),
        float(streak),
        age(events[-1].at) if events else NEVER,
        float(contact_streak),
    ]
    for low, high in WINDOWS:
        inside = [e for e in events if low <= age(e.at) < high]
        said = [e for e in inside if e.answer]
        row += [len(inside) / (high - low) * 30, len(said) / len(inside) if inside else -1.0, badness(said)]
    row.append(float(sum(1 for e in answered if e.comment in negative and age(e.at) < 90)))
    return row


def main(argv: Sequence[str] | None = None) -> int:
    """Trains on the tuning seeds of A-G and prints what the model finds on every generator's held-out seeds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    negative = frozenset(load_comments()["negative"])
    rows: list[list[float]] = []
    labels: list[int] = []
    for generator, profiles in TRAINING:
        for profile in profiles:
            for seed in TUNING_SEEDS:
                for account in draw(generator, profile, seed):
                    rows.append(history_features(account, negative))
                    labels.append(int(account.at_risk))
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0)
    model.fit(np.array(rows), np.array(labels))
    table = []
    for generator, profiles in REPORTED:
        for profile in profiles:
            found: list[tuple[float, float, float, float]] = []
            for seed in REPORT_SEEDS:
                portfolio = draw(generator, profile, seed)
                truth = {a.name for a in portfolio if a.at_risk}
                chances = model.predict_proba(np.array([history_features(a, negative) for a in portfolio]))[:, 1]
                order = [portfolio[i].name for i in np.argsort(-chances, kind="stable")]
                listed = math.floor(len(portfolio) * SHARE)
                p10, _, recall, _ = score(order, listed, truth, len(portfolio))
                found.append((len(truth) / len(portfolio), min(1.0, listed / max(1, len(truth))), p10, recall))
            table.append(
                [
                    f"{profile} ({generator})",
                    f"{statistics.mean(f[0] for f in found):.0%}",
                    f"{statistics.mean(f[1] for f in found):.2f}",
                    f"{statistics.mean(f[2] for f in found):.2f}",
                    f"{statistics.mean(f[3] for f in found):.2f}",
                ]
            )
    headers = ["profile", "truly at risk", "most any ranking can find at 15%", "precision@10", "recall at 15%"]
    print(f"\nA flexible model on the whole history, trained on seeds 1-3 of A-G, held-out seeds {REPORT_SEEDS}\n")
    print(markdown_table(headers, table, align="lrrrr"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

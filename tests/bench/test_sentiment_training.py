"""The English training run: the extra set is offered as a setting, never held out, and read from its folder."""

from __future__ import annotations

from pathlib import Path

from bench.sentiment_training import SETTINGS, Setting, featurise, fit, load_extra

GOOD = ["great service, thank you", "lovely staff and fast delivery", "really happy with it", "excellent, would buy"]
BAD = ["terrible service, never again", "awful staff and slow delivery", "really unhappy with it", "broken, a waste"]


def _rows(texts: list[str]) -> list[dict[str, float]]:
    return [featurise(t) for t in texts]


def test_without_extra_rows_only_the_plain_settings_are_tried() -> None:
    texts, labels = GOOD * 5 + BAD * 5, [1] * 20 + [0] * 20
    report: dict[Setting, list[float]] = {}
    _weights, chosen = fit(_rows(texts), labels, [0] * 20 + [1] * 20, None, report)
    assert not chosen.extra
    assert set(report) == {s for s in SETTINGS if not s.extra}


def test_extra_rows_double_the_grid_and_are_never_held_out() -> None:
    texts, labels = GOOD * 5 + BAD * 5, [1] * 20 + [0] * 20
    extra_texts = ["so glad", "so sad"] * 10
    report: dict[Setting, list[float]] = {}
    rows = _rows(texts) + _rows(extra_texts)
    groups = [0] * 20 + [1] * 20 + [2] * 20
    fit(rows, labels + [1, 0] * 10, groups, 2, report)
    assert set(report) == set(SETTINGS)
    assert all(len(per_set) == 2 for per_set in report.values())  # accuracy of sets 0 and 1 only


def test_extra_set_is_read_from_its_folder(tmp_path: Path) -> None:
    assert load_extra(tmp_path, "train") is None
    (tmp_path / "goemotions-train.tsv").write_text("so glad\t1\nso sad\t0\n", encoding="utf-8")
    data = load_extra(tmp_path, "train")
    assert data is not None and data.texts == ["so glad", "so sad"] and data.labels == [1, 0]

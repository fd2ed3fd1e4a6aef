"""The chart renderers: PNGs of the promised size, drawn, with their key, for 0, 1 and many accounts and any name."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PIL import Image

from bot.core import catalog
from bot.core.history import HistoryPoint, HistoryView
from bot.core.matrix import MatrixPoint, MatrixView
from bot.core.portfolio import AccountClass
from handlers.charts import backend, palette, render_history, render_matrix

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
HOSTILE = [
    "$\\invalid{",  # mathtext would refuse to parse this: drawn as plain text it is fine
    "$x^2$ & \\frac{1}{0}",
    "<script>alert(1)</script>",
    "\x00\x1b[31mred\x07",
    "💥🔥 Boom GmbH",
    "株式会社トヨタ",
    "שלום עולם",
    "N" * 5000,
    "",
]


def matrix(points: list[MatrixPoint]) -> MatrixView:
    return MatrixView(tuple(points), 400_000.0, 50.0, 70.0, "all accounts", NOW, 100_000.0)


def point(i: int, account_class: AccountClass, *, name: str | None = None, satisfaction: float | None = 40.0, **kw):
    values = {"billed": 10_000.0 * (i + 1), "forecast": 5_000.0 * (i + 1), "needs_action": account_class.at_risk}
    values.update(kw)
    return MatrixPoint(
        i + 1, name if name is not None else f"Account {i}", "U1", satisfaction, **values, account_class=account_class
    )


def pixels(png: bytes) -> np.ndarray:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def has_colour(image: np.ndarray, hex_colour: str, tolerance: int = 6) -> bool:
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(image - rgb).max(axis=2) <= tolerance).any())


def test_no_accounts_draws_the_frame_the_cut_offs_and_says_so() -> None:
    image = pixels(render_matrix(matrix([])))
    assert image.shape == (1140, 1200, 3)
    assert has_colour(image, palette.UNHAPPY_ZONE) and has_colour(image, palette.LOW_LINE)
    assert not has_colour(image, palette.CLASS_COLOURS[AccountClass.GROW])


def test_one_account_is_drawn_in_its_class_colour_with_its_key() -> None:
    image = pixels(render_matrix(matrix([point(0, AccountClass.INTERVENE, satisfaction=20.0)])))
    assert image.shape == (1140, 1200, 3)
    assert has_colour(image, palette.CLASS_COLOURS[AccountClass.INTERVENE])
    assert not has_colour(image, palette.CLASS_COLOURS[AccountClass.GROW])
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 50  # drawn, not blank


def test_many_accounts_every_class_keyed_and_the_unanswered_apart() -> None:
    rnd = random.Random(7)
    points = []
    for i in range(300):
        account_class = list(AccountClass)[i % len(AccountClass)]
        unanswered = account_class is AccountClass.INSUFFICIENT
        points.append(
            point(
                i,
                account_class,
                satisfaction=None if unanswered else rnd.uniform(0, 100),
                billed=0.0 if i % 17 == 0 else 10 ** rnd.uniform(3, 7),
                forecast=10 ** rnd.uniform(2, 6),
            )
        )
    png = render_matrix(matrix(points), w=catalog.words("fr"))
    image = pixels(png)
    for account_class in AccountClass:  # each class's legend mark is drawn in its full colour
        assert has_colour(image, palette.CLASS_COLOURS[account_class]), account_class
    assert has_colour(image, palette.NO_ANSWER_ZONE)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_drawn_as_plain_text(name: str) -> None:
    points = [point(0, AccountClass.INTERVENE, name=name, satisfaction=10.0), point(1, AccountClass.GROW, name=name)]
    assert pixels(render_matrix(matrix(points))).shape == (1140, 1200, 3)
    history = HistoryView(1, name, (HistoryPoint(NOW, 20.0, "no", "negative"),), 50.0, 70.0, NOW)
    assert pixels(render_history(history)).shape == (720, 1200, 3)


def test_plain_text_keeps_dollars_and_replaces_what_the_font_lacks() -> None:
    assert backend.plain("$x$ \\frac", 40) == "$x$ \\frac"
    assert backend.plain("💥 A\x00B", 40) == "? A?B"
    assert backend.plain("N" * 100, 10) == "N" * 9 + "…"


def test_history_marks_each_answer_and_each_comments_mood() -> None:
    answers = [("yes", 100.0, None), ("unsure", 80.0, "neutral"), ("no", 55.0, "negative"), ("yes", 70.0, "positive")]
    points = tuple(
        HistoryPoint(NOW - timedelta(days=90 - 30 * i), level, answer, label)
        for i, (answer, level, label) in enumerate(answers)
    )
    image = pixels(render_history(HistoryView(1, "Acme", points, 50.0, 70.0, NOW), w=catalog.words("es")))
    assert image.shape == (720, 1200, 3)
    for colour in (*[c for c, _ in palette.ANSWER_STYLE.values()], *palette.LABEL_COLOURS.values()):
        assert has_colour(image, colour), colour
    empty = pixels(render_history(HistoryView(1, "Acme", (), 50.0, 70.0, NOW)))
    assert empty.shape == (720, 1200, 3) and has_colour(empty, palette.UNHAPPY_ZONE)

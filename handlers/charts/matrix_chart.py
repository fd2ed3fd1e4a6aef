"""Draws the portfolio matrix: satisfaction across, billed revenue up (log), forecast as bubble area, class colour."""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator
from matplotlib.transforms import Bbox

from bot.core import catalog
from bot.core.catalog import nphrase, phrase
from bot.core.matrix import MatrixPoint, MatrixView
from bot.core.money import format_amount
from bot.core.portfolio import AccountClass
from handlers.charts import backend, palette

WIDTH = 1200
LABELS = 8
RINGS = 300  # accounts that need action ringed, most revenue at stake first: more would hide the colours
CANDIDATES = 40  # accounts tried for a name, most revenue at stake first
# Offsets (points) a name tries around its bubble: beside it, above, below, further up and down.
SPOTS = ((8, 6), (8, -14), (-8, 6), (-8, -14), (8, 20), (-8, 20), (8, -28), (-8, -28))
NAME_CHARS = 22
APART = (-24.0, -5.0)  # where accounts without answers are drawn, left of the 0-100 scale


def render_matrix(view: MatrixView, *, w: catalog.Words | None = None, width: int = WIDTH) -> bytes:
    """Renders the matrix as a PNG (width x 0.95 width pixels), legible on a phone."""
    w = w or catalog.words(None)
    height = round(width * 0.95)
    with backend.figure(width, height, dpi=round(width / 6)) as fig:
        fig.subplots_adjust(left=0.13, right=0.97, top=0.89, bottom=0.34)
        ax = fig.add_subplot()
        title = w.gettext(
            "Portfolio · {scope} · {day}", scope=backend.plain(w.say(view.scope), 50), day=f"{view.as_of:%Y-%m-%d}"
        )
        fig.suptitle(title, fontsize=12, fontweight="bold", x=0.03, ha="left", y=0.975)
        urgent = view.needing_action
        fig.text(
            0.03,
            0.915,
            w.say(nphrase("{count} account", "{count} accounts", len(view.points)))
            + " · "
            + w.say(nphrase("{count} needs action", "{count} need action", len(urgent))),
            fontsize=9.5,
            color=palette.INK,
        )
        _axes(ax, view, w)
        if view.points:
            _bubbles(ax, view)
            _labels(ax, urgent, view, w)
        else:
            ax.text(50, 0.5, w.gettext("No accounts yet"), transform=ax.get_xaxis_transform(), ha="center", fontsize=12)
        _legend(fig, view, w)
        return backend.png(fig)


def _floor(view: MatrixView) -> float:
    """Returns where accounts without billing sit on the log scale: below the smallest billing."""
    positive = [p.billed for p in view.points if p.billed > 0]
    return min(positive) / 3 if positive else 1.0


def _y(p: MatrixPoint, floor: float) -> float:
    """Returns the account's height: its billing, or the floor when it has none."""
    return p.billed if p.billed > 0 else floor


def _x(p: MatrixPoint, index: int) -> float:
    """Returns the account's place across: its satisfaction, or a spot in the no-answers strip (spread, stable)."""
    if p.satisfaction is not None:
        return p.satisfaction
    low, high = APART
    return low + 2 + (high - low - 4) * ((p.account_id * 0.6180339887) % 1.0)


def _axes(ax: Axes, view: MatrixView, w: catalog.Words) -> None:
    """Draws the scale, the zones and the classification cut-offs as lines."""
    floor = _floor(view)
    billed = [p.billed for p in view.points if p.billed > 0] + [view.billed_high] if view.points else []
    top = max(billed) if billed and max(billed) > 0 else 1e6
    ax.set_yscale("log")
    ax.set_ylim(floor / 1.8, top * 2.2)
    apart = view.unanswered > 0
    ax.set_xlim(APART[0] if apart else -3, 103)
    ax.xaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_amount(v)))
    ax.yaxis.set_minor_locator(NullLocator())
    if any(p.billed <= 0 for p in view.points):
        ticks = [t for t in ax.get_yticks() if floor * 1.5 < t < top * 2.2]
        ax.yaxis.set_major_locator(FixedLocator([floor, *ticks]))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "0" if v == floor else format_amount(v)))
    ax.tick_params(labelsize=9)
    ax.set_xlabel(w.gettext("Satisfaction (0-100) →"), fontsize=10)
    ax.set_ylabel(w.gettext("Billed revenue (log scale) →"), fontsize=10)
    ax.axvspan(0, view.satisfaction_low, color=palette.UNHAPPY_ZONE, zorder=0)
    if apart:
        ax.axvspan(APART[0], APART[1], color=palette.NO_ANSWER_ZONE, zorder=0)
        ax.text(
            sum(APART) / 2,
            0.97,
            w.gettext("no answers"),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=7,
            color=palette.INK,
        )
    ax.axvline(view.satisfaction_low, color=palette.LOW_LINE, linestyle="--", linewidth=1.2, zorder=1)
    ax.axvline(view.satisfaction_high, color=palette.HIGH_LINE, linestyle=":", linewidth=1.2, zorder=1)
    if view.billed_high > 0:
        ax.axhline(view.billed_high, color=palette.BILLED_LINE, linestyle="-.", linewidth=1.0, zorder=1)
        high_billing = w.gettext("high billing ≥ {amount}", amount=format_amount(view.billed_high))
        at = (1, view.billed_high * 1.08)
        _caption(ax, at, high_billing, align="left", font=(7.5, palette.BILLED_LINE), zorder=4, box=(0.15, 0.7))
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def _sizes(view: MatrixView) -> tuple[float, float, float]:
    """Returns the smallest and largest bubble areas (pt²) for this many accounts, and the largest forecast."""
    n = len(view.points)
    largest = 1400.0 if n <= 40 else 700.0 if n <= 400 else 200.0 if n <= 5000 else 60.0
    fmax = max((p.forecast for p in view.points), default=0.0)
    return largest * 0.03, largest, fmax


def _area(forecast: float, sizes: tuple[float, float, float]) -> float:
    """Returns a bubble's area: proportional to the forecast above a small floor."""
    smallest, largest, fmax = sizes
    return smallest + (largest - smallest) * (max(0.0, forecast) / fmax if fmax > 0 else 0.0)


def _bubbles(ax: Axes, view: MatrixView) -> None:
    """Draws every account, the largest bubbles first; hollow without answers, dark-ringed when it needs action.

    Three collections with one line width each (filled, hollow, rings on top): per-point styles cost matplotlib
    several times more at 100,000 accounts.
    """
    sizes, floor, n = _sizes(view), _floor(view), len(view.points)
    classes = list(palette.CLASS_COLOURS)
    rgba = np.array([to_rgba(palette.CLASS_COLOURS[c]) for c in classes])
    x = np.fromiter((_x(p, i) for i, p in enumerate(view.points)), float, n)
    y = np.fromiter((_y(p, floor) for p in view.points), float, n)
    area = np.fromiter((_area(p.forecast, sizes) for p in view.points), float, n)
    kind = np.fromiter((classes.index(p.account_class) for p in view.points), int, n)
    ringed = {p.account_id for p in view.needing_action[:RINGS]}
    urgent = np.fromiter((p.account_id in ringed for p in view.points), bool, n)
    hollow = np.fromiter((p.satisfaction is None for p in view.points), bool, n) & ~urgent
    order = np.argsort(-area, kind="stable")
    x, y, area, kind, urgent, hollow = x[order], y[order], area[order], kind[order], urgent[order], hollow[order]
    filled = ~hollow
    faces = rgba[kind[filled]].copy()
    faces[:, 3] = 0.7
    edge = 0.5 if n <= 2000 else 0.0
    ax.scatter(x[filled], y[filled], s=area[filled], c=faces, edgecolors=rgba[kind[filled]], linewidths=edge, zorder=2)

    def rings(mask: np.ndarray, edges: Any, width: float, zorder: int) -> None:
        if mask.any():
            ax.scatter(
                x[mask], y[mask], s=area[mask], facecolors="none", edgecolors=edges, linewidths=width, zorder=zorder
            )

    rings(hollow, rgba[kind[hollow]], 1.2, 2)
    rings(urgent, palette.INK, 1.6 if n <= 200 else 1.0, 3)


def _labels(ax: Axes, urgent: tuple[MatrixPoint, ...], view: MatrixView, w: catalog.Words) -> None:
    """Names the accounts that need action, the most revenue at stake first, where a name overlaps no other name.

    Each name tries a few places around its bubble (away from the right edge first) and is left out when none
    is free; the corner says how many that need action are not named.
    """
    floor = _floor(view)
    index = {p.account_id: i for i, p in enumerate(view.points)}
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.figure.bbox
    # The zone and cut-off captions already drawn are kept clear too.
    placed: list[Bbox] = [text.get_window_extent(renderer) for text in ax.texts]
    named = 0
    for p in urgent[:CANDIDATES]:
        if named >= LABELS:
            break
        x = _x(p, index[p.account_id])
        spots = sorted(SPOTS, key=lambda spot: (spot[0] > 0) == (x > 70))
        for dx, dy in spots:
            note = ax.annotate(
                backend.plain(p.name, NAME_CHARS),
                (x, _y(p, floor)),
                ha="left" if dx > 0 else "right",
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=8,
                color=palette.INK,
                bbox=_backing(),
                arrowprops={
                    "arrowstyle": "-",
                    "color": palette.INK,
                    "linewidth": 0.6,
                    "shrinkA": 0,
                    "shrinkB": 4,
                    "relpos": (0.0, 0.5) if dx > 0 else (1.0, 0.5),  # from the name's near end
                },
                zorder=4,
            )
            note.update_positions(renderer)
            box = Text.get_window_extent(note, renderer).expanded(1.06, 1.35)  # the name, without its leader
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                named += 1
                break
            note.remove()
    unnamed = len(urgent) - named
    if unnamed > 0:
        more = w.say(nphrase("+{count} more need action", "+{count} more need action", unnamed))
        _caption(ax, (0.99, 0.01), more, align="right", font=(8, palette.INK), zorder=5, transform=ax.transAxes)


def _legend(fig: Figure, view: MatrixView, w: catalog.Words) -> None:
    """Puts the key under the chart: the classes present, the no-answers and needs-action marks, circle size."""
    handles: list[Line2D] = []
    for account_class, count in view.class_counts():
        colour = palette.CLASS_COLOURS[account_class]
        label = w.say(phrase("{label} ({count})", label=w.say(account_class.label), count=count))
        if account_class is AccountClass.INSUFFICIENT:
            label = w.gettext("{label}: hollow, on the left", label=label)
        handles.append(_mark(label, colour, hollow=account_class is AccountClass.INSUFFICIENT))
    ringed = w.gettext("dark ring: needs action")
    if len(view.needing_action) > RINGS:
        ringed = w.say(phrase("dark ring: needs action (the {count} largest)", count=RINGS))
    handles.append(_mark(ringed, "#FFFFFF", edge=palette.INK))
    fmax = max((p.forecast for p in view.points), default=0.0)
    if fmax > 0:
        area = _sizes(view)[1]
        handles.append(
            _mark(
                w.gettext("circle area: forecast (largest {amount})", amount=format_amount(fmax)),
                "#BDBDBD",
                size=min(18.0, math.sqrt(area)),
            )
        )
    low = w.gettext("unhappy at or below {level}", level=round(view.satisfaction_low))
    high = w.gettext("satisfied from {level}", level=round(view.satisfaction_high))
    handles += [_line(low, palette.LOW_LINE, "--"), _line(high, palette.HIGH_LINE, ":")]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=2,
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, 0.0),
        handlelength=1.6,
        columnspacing=1.2,
        labelspacing=0.5,
    )


def _backing(pad: float = 0.2, alpha: float = 0.8) -> dict[str, Any]:
    """Returns the white, borderless rounded box that keeps a label readable over the points and lines."""
    return {"boxstyle": f"round,pad={pad}", "facecolor": "white", "edgecolor": "none", "alpha": alpha}


def _caption(
    ax: Axes,
    at: tuple[float, float],
    text: str,
    *,
    align: Literal["left", "right"],
    font: tuple[float, str],
    zorder: int,
    box: tuple[float, float] = (0.2, 0.8),
    transform: Any = None,
) -> None:
    """Writes a caption on its box just above `at` (in data coordinates unless a transform is given)."""
    size, colour = font
    where = {"transform": transform} if transform is not None else {}
    ax.text(*at, text, ha=align, va="bottom", fontsize=size, color=colour, bbox=_backing(*box), zorder=zorder, **where)


def _line(label: str, colour: str, style: Literal["--", ":"]) -> Line2D:
    """Returns a legend entry drawn as a threshold's line."""
    return Line2D([], [], color=colour, linestyle=style, label=label)


def _mark(label: str, colour: str, *, hollow: bool = False, edge: str | None = None, size: float = 9.0) -> Line2D:
    """Returns a legend entry drawn as one circle."""
    return Line2D(
        [],
        [],
        marker="o",
        linestyle="none",
        markersize=size,
        label=label,
        markerfacecolor="none" if hollow else colour,
        markeredgecolor=edge or colour,
        markeredgewidth=1.4,
    )

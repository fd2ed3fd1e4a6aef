"""Draws one account's satisfaction over time, each answer marked (Yes, Not sure, No) with its comment's mood."""

from __future__ import annotations

from datetime import datetime, timedelta

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.lines import Line2D

from bot.core import catalog
from bot.core.history import ANSWER_WORDS, LABEL_WORDS, HistoryView
from handlers.charts import backend, palette

WIDTH = 1200
WORDED = 12  # up to this many answers, each comment's label is also written beside it


def render_history(view: HistoryView, *, w: catalog.Words | None = None, width: int = WIDTH) -> bytes:
    """Renders the account's satisfaction after each answer as a PNG (width x 0.6 width pixels)."""
    w = w or catalog.words(None)
    with backend.figure(width, round(width * 0.6), dpi=round(width / 6)) as fig:
        fig.subplots_adjust(left=0.1, right=0.97, top=0.86, bottom=0.3)
        ax = fig.add_subplot()
        fig.suptitle(
            w.gettext("Satisfaction over time · {name}", name=backend.plain(view.name, 40)),
            fontsize=12,
            fontweight="bold",
            x=0.03,
            ha="left",
        )
        ax.set_ylim(0, 104)
        ax.set_ylabel(w.gettext("Satisfaction (0-100)"), fontsize=10)
        ax.tick_params(labelsize=9)
        ax.axhspan(0, view.satisfaction_low, color=palette.UNHAPPY_ZONE, zorder=0)
        ax.axhline(view.satisfaction_low, color=palette.LOW_LINE, linestyle="--", linewidth=1.1)
        ax.axhline(view.satisfaction_high, color=palette.HIGH_LINE, linestyle=":", linewidth=1.1)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        points = view.points
        if not points:
            ax.set_xlim(_day(view.as_of - timedelta(days=90)), _day(view.as_of))
            ax.text(0.5, 0.5, w.gettext("No answers yet"), transform=ax.transAxes, ha="center", fontsize=12)
        else:
            times = [p.at for p in points]
            days = [_day(t) for t in times]
            ax.plot(days, [p.satisfaction for p in points], color=palette.BILLED_LINE, linewidth=1.6, zorder=2)
            for p in points:
                colour, marker = palette.ANSWER_STYLE.get(p.answer, (palette.INK, "o"))
                ring = palette.LABEL_COLOURS.get(p.label or "", "white")
                if p.label:
                    # The comment's mood is a ring around the answer's mark, clear of it whatever the colours.
                    ax.scatter(
                        [_day(p.at)],
                        [p.satisfaction],
                        s=330,
                        facecolors="none",
                        edgecolors=ring,
                        linewidths=2.2,
                        zorder=3,
                    )
                ax.scatter(
                    [_day(p.at)],
                    [p.satisfaction],
                    s=110,
                    marker=marker,
                    c=colour,
                    edgecolors="white",
                    linewidths=0.8,
                    zorder=4,
                )
                if p.label and len(points) <= WORDED:
                    ax.annotate(
                        w.say(LABEL_WORDS[p.label]),
                        (_day(p.at), p.satisfaction),
                        xytext=(0, 12),
                        textcoords="offset points",
                        ha="center",
                        fontsize=7.5,
                        color=ring,
                    )
            span = max(times) - min(times)
            pad = max(span * 0.06, timedelta(days=3))
            ax.set_xlim(_day(min(times) - pad), _day(max(times) + pad))
        locator = AutoDateLocator(maxticks=6)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        fig.legend(handles=_key(w), loc="lower center", ncol=3, fontsize=8, frameon=False, handlelength=1.4)
        return backend.png(fig)


def _day(moment: datetime) -> float:
    """Returns a moment as matplotlib's date number."""
    return float(date2num(moment))  # type: ignore[no-untyped-call]


def _key(w: catalog.Words) -> list[Line2D]:
    """Returns the legend: the three answers, then the comments' sentiment rings."""
    handles = []
    for answer, word in ANSWER_WORDS.items():
        colour, marker = palette.ANSWER_STYLE[answer]
        handles.append(
            Line2D(
                [],
                [],
                marker=marker,
                linestyle="none",
                markersize=9,
                color=colour,
                markeredgecolor="white",
                label=w.say(word),
            )
        )
    for label, word in LABEL_WORDS.items():
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=9,
                markerfacecolor="white",
                markeredgecolor=palette.LABEL_COLOURS[label],
                markeredgewidth=2.4,
                label=w.gettext("comment: {label}", label=w.say(word)),
            )
        )
    return handles

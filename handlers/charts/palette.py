"""The charts' colours: one per class (red and orange for the unhappy cells, calm ones for the rest)."""

from __future__ import annotations

from bot.core.portfolio import AccountClass

CLASS_COLOURS = {
    AccountClass.INTERVENE: "#C62828",
    AccountClass.PROTECT: "#E65100",
    AccountClass.SECURE: "#F9A825",
    AccountClass.REASSESS: "#AD1457",
    AccountClass.HEALTHY: "#2E7D32",
    AccountClass.EXPAND: "#00897B",
    AccountClass.GROW: "#1E88E5",
    AccountClass.NURTURE: "#78909C",
    AccountClass.INSUFFICIENT: "#757575",
}
UNHAPPY_ZONE = "#FDECEA"
NO_ANSWER_ZONE = "#F1F1F1"
LOW_LINE = "#C62828"
HIGH_LINE = "#2E7D32"
BILLED_LINE = "#455A64"
INK = "#212121"
ANSWER_STYLE = {"yes": ("#2E7D32", "o"), "unsure": ("#F9A825", "D"), "no": ("#C62828", "X")}
LABEL_COLOURS = {"positive": "#2E7D32", "neutral": "#607D8B", "negative": "#C62828"}

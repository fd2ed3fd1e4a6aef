"""Charts drawn on the server with matplotlib (Agg, no browser): the portfolio matrix and an account's history."""

from handlers.charts.history_chart import render_history
from handlers.charts.matrix_chart import render_matrix

__all__ = ["render_history", "render_matrix"]

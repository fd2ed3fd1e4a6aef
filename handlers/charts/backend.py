"""Matplotlib set up for a server: the Agg backend, a writable config dir, plain text, PNG bytes out."""

from __future__ import annotations

import functools
import io
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.core.shorten import one_line


def _config_dir() -> None:
    """Points matplotlib at a writable config and font-cache dir when the home one is not writable."""
    if "MPLCONFIGDIR" in os.environ:
        return
    home = Path.home() / ".config" / "matplotlib"
    try:
        home.mkdir(parents=True, exist_ok=True)
        writable = os.access(home, os.W_OK)
    except OSError:
        writable = False
    if not writable:
        fallback = Path(tempfile.gettempdir()) / "pulse-matplotlib"
        fallback.mkdir(parents=True, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = str(fallback)


_config_dir()

import matplotlib  # noqa: E402  (the config dir must be settled before matplotlib first reads it)

matplotlib.use("Agg")

from matplotlib import font_manager, ft2font  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

FONT = "DejaVu Sans"


@functools.cache
def _glyphs() -> frozenset[int]:
    """Returns the code points the chart font can draw."""
    path = font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=True)
    return frozenset(ft2font.FT2Font(path).get_charmap())


def plain(text: str, limit: int) -> str:
    """Makes untrusted text safe to draw: one line, shortened, characters the font lacks shown as '?'."""
    glyphs = _glyphs()
    return "".join(c if ord(c) in glyphs else "?" for c in one_line(text, limit))


@contextmanager
def figure(width_px: int, height_px: int, *, dpi: int = 200) -> Iterator[Figure]:
    """Yields a figure of the given pixel size on the Agg canvas, with Pulse's chart style."""
    # Text from people (account names) is drawn as it is: no mathtext ("$x$"), no TeX.
    style: Any = {
        "text.parse_math": False,
        "text.usetex": False,
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
    }
    with matplotlib.rc_context(style), warnings.catch_warnings():
        # A glyph the font lacks is replaced before drawing; this keeps any other one from failing a render.
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
        FigureCanvasAgg(fig)
        yield fig


def png(fig: Figure) -> bytes:
    """Renders the figure to PNG bytes at its own size and resolution."""
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=fig.dpi, metadata={"Software": None})
    return out.getvalue()

"""Reads CSV files as people export them: BOM, odd header spacing and case, line numbers kept for errors."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


class HeaderError(ValueError):
    """The file's header lacks a required column."""


@dataclass(frozen=True, slots=True)
class Row:
    """One data row, by normalised column name, with the line number it starts on."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        """Returns a cell, stripped, or '' when the column is absent or empty."""
        return (self.values.get(column) or "").strip()


def normalise_column(name: str) -> str:
    """Turns 'Contact Email ' or 'contact-email' into 'contact_email'."""
    return "_".join(name.strip().lstrip("\ufeff").lower().replace("-", " ").split())


def read_rows(lines: Iterable[str], *, required: Iterable[str]) -> Iterator[Row]:
    """Yields the rows of a CSV text; raises HeaderError when a required column is missing."""
    _header, rows = read_table(lines, required=required)
    yield from rows


def read_table(lines: Iterable[str], *, required: Iterable[str] = ()) -> tuple[list[str], Iterator[Row]]:
    """Reads a CSV text's normalised header at once (for telling formats apart) and returns it with its rows."""
    reader = csv.reader(iter(lines))
    try:
        header = [normalise_column(h) for h in next(reader)]
    except StopIteration:
        raise HeaderError("the file is empty") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise HeaderError("missing column(s): " + ", ".join(missing) + "; found: " + ", ".join(header))

    def rows() -> Iterator[Row]:
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield Row(line=start, values=dict(zip(header, cells, strict=False)))
            start = reader.line_num + 1

    return header, rows()

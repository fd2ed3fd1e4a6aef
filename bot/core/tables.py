"""Reads CSV files as people export them: any common encoding, comma or semicolon, odd header spacing and case,
line numbers kept for errors."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


class HeaderError(ValueError):
    """The file's header lacks a required column."""


class NotText(ValueError):
    """The file is not text in any encoding a spreadsheet writes."""


# A 128 KB comment is a customer's text, not an attack: cells up to this size are read (the csv default is 128 KB).
MAX_CELL = 8 * 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, the encoding it was read as, and its delimiter (a semicolon means decimal commas)."""

    text: str
    encoding: str
    delimiter: str

    @property
    def decimal_comma(self) -> bool:
        """Tells whether numbers in the file are written the European way (semicolon-separated files)."""
        return self.delimiter == ";"


def decode_csv(data: bytes) -> Decoded:
    """Reads a file's bytes as text: its BOM's encoding, else UTF-8, UTF-16 without a BOM, or Windows-1252."""
    text, encoding = _decode(data)
    return Decoded(text, encoding, _delimiter(text))


def _decode(data: bytes) -> tuple[str, str]:
    """Returns the text and the name of the encoding that read it; raises NotText for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", " with a BOM")
            except UnicodeDecodeError:
                raise NotText(f"it starts like {encoding} text but is not") from None
    sample = data[:4096]
    if sample.count(0) * 3 > len(sample):
        # UTF-16 without a BOM: ASCII characters leave every other byte zero.
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise NotText("it is binary data, not a CSV text") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\0" in sample:
        raise NotText("it is binary data, not a CSV text")
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _delimiter(text: str) -> str:
    """Picks the header line's delimiter: the most frequent of comma, semicolon and tab outside quotes."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    unquoted = "".join(part for index, part in enumerate(header.split('"')) if index % 2 == 0)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in ",;\t"}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


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


def read_rows(lines: Iterable[str], *, required: Iterable[str], delimiter: str = ",") -> Iterator[Row]:
    """Yields the rows of a CSV text; raises HeaderError when a required column is missing."""
    _header, rows = read_table(lines, required=required, delimiter=delimiter)
    yield from rows


def read_table(
    lines: Iterable[str], *, required: Iterable[str] = (), delimiter: str = ","
) -> tuple[list[str], Iterator[Row]]:
    """Reads a CSV text's normalised header at once (for telling formats apart) and returns it with its rows."""
    if csv.field_size_limit() < MAX_CELL:
        csv.field_size_limit(MAX_CELL)
    reader = csv.reader(iter(lines), delimiter=delimiter)
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

"""Reading CSV files with line numbers."""

import pytest

from bot.core.tables import HeaderError, read_rows


def test_rows_keep_their_line_numbers_across_quoted_newlines_and_blank_lines():
    text = '\ufeffName, Owner ,Contact-Email\n"Acme\nCorp",U1,a@b.co\n\nGlobex,U2,\n'
    rows = list(read_rows(text.splitlines(keepends=True), required=["name", "owner"]))
    assert [(r.line, r.get("name"), r.get("contact_email")) for r in rows] == [
        (2, "Acme\nCorp", "a@b.co"),
        (5, "Globex", ""),
    ]


def test_missing_columns_are_named():
    with pytest.raises(HeaderError, match="missing column\\(s\\): owner"):
        list(read_rows(["name,billed\n"], required=["name", "owner"]))
    with pytest.raises(HeaderError, match="empty"):
        list(read_rows([], required=["name"]))

"""Reading other tools' response files: times, scores as answers, survey types, Pulse's defused cells."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core import response_formats as formats
from bot.core.survey import Answer
from bot.core.tables import Row

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02T14:05:00Z", datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
        ("2026-03-02T14:05:00+01:00", datetime(2026, 3, 2, 13, 5, tzinfo=UTC)),
        ("2026-03-02 14:05:00 -0700", datetime(2026, 3, 2, 21, 5, tzinfo=UTC)),
        ("2026-03-02 14:05 +0000", datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
        ("2026-03-02 14:05:00 UTC", datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
        ("2026-03-02 14:05:00", datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
        ("2026-03-02", datetime(2026, 3, 2, tzinfo=UTC)),
        ("1772460300", datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
        ("1772460300000", datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
    ],
)
def test_answer_times_are_read_in_every_format_exports_use(text, expected):
    assert formats.parse_time(text, now=NOW) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the answer time is empty"),
        ("03/02/2026", "is not a time"),
        ("soon", "is not a time"),
        ("2026-11-23T09:00:01Z", "is in the future"),
    ],
)
def test_unreadable_and_future_times_are_refused(text, problem):
    with pytest.raises(formats.BadValue, match=problem):
        formats.parse_time(text, now=NOW)


def test_each_scale_splits_its_scores_into_yes_not_sure_and_no():
    def read(key: str) -> list[Answer]:
        scale = formats.SCALES[key]
        return [scale.answer(str(score)) for score in range(scale.low, scale.high + 1)]

    yes, unsure, no = Answer.YES, Answer.UNSURE, Answer.NO
    assert read("nps") == [no] * 7 + [unsure] * 2 + [yes] * 2
    assert read("csat") == [no, no, unsure, yes, yes]
    assert read("ces") == [no, no, no, unsure, yes, yes, yes]
    assert read("thumbs") == [no, yes]
    assert formats.SCALES["nps"].answer("9.0") is yes
    for bad in ("", "8.5", "nan", "ten", "-1", "11"):
        with pytest.raises(formats.BadValue):
            formats.SCALES["nps"].answer(bad)


def test_survey_type_names_are_read_loosely_and_unknown_ones_refused():
    names = ["NPS", "eNPS", "Net Promoter Score", "CSAT", "5-Star", "Smileys", "CES 2.0", "Thumbs", ""]
    assert [formats.survey_type(n) for n in names] == [
        "nps",
        "nps",
        "nps",
        "csat",
        "csat",
        "csat",
        "ces",
        "thumbs",
        None,
    ]
    with pytest.raises(formats.BadValue, match="'PMF' has no yes/no reading"):
        formats.survey_type("PMF")
    assert formats.infer_survey_type(["5", "3", ""]) == "csat"
    assert formats.infer_survey_type(["5", "0"]) == "nps"


def test_cells_defused_by_a_pulse_export_read_as_written():
    layout = formats.read_layout(["response_id", "answered_at", "answer", "comment", "account"])
    row = Row(line=2, values={"comment": "'-Late again", "account": "'Tis the Season Ltd"})
    assert (layout.format, layout.cell(row, "comment"), layout.cell(row, "account")) == (
        formats.Format.PULSE,
        "-Late again",
        "'Tis the Season Ltd",
    )
    assert layout.cell(row, "email") == ""

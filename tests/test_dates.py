"""The date a document speaks from, when no manifest gives it."""

import pytest

from graph.extract import extract
from graph.extract.dates import document_year, text_date
from graph.model import Document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者 王蕾\n2024年3月28日，市政府印发方案。", ("2024-03-28", "dateline")),
        ("正文。\n（2023-11-02）", ("2023-11-02", "dateline")),
        ("本办法自2024年1月1日起施行，有效期至2027年12月31日。", ("2024", "latest year")),
        ("《济南市先进制造业三年行动计划（2024—2026年）》印发。到2026年，产值突破千亿元。", ("2024", "plan period")),
        ("2023年，全市规上工业增加值同比增长6%。今年1-5月增长8.1%。", ("2024", "year after the last reported")),
        ("2024年，全市要实现工业增加值增长6.5%左右。", ("2024", "latest year")),
        ("到2025年，力争产值突破500亿元。", None),
        ("没有任何日期的文本。", None),
        ("", None),
    ],
)
def test_dates_from_text(text, expected):
    assert text_date(text) == expected


def test_dates_manifest_wins():
    assert document_year({"date": "2021-03-01"}, "2024年3月28日，印发。") == 2021


def test_dates_today_resolves_against_the_text_date():
    doc = Document("r.txt", "2024年3月28日\n今年，全市规上工业增加值力争增长6.5%左右。")
    [value] = extract(doc).indicators
    assert value.year == 2024


def test_dates_document_with_no_date_leaves_years_unknown():
    doc = Document("r.txt", "今年，全市规上工业增加值力争增长6.5%左右。")
    assert [v.year for v in extract(doc).indicators] == [None]

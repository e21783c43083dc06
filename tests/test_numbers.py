import pytest

from graph.extract.numbers import parse_number


@pytest.mark.parametrize(
    "text, value",
    [("6.5", 6.5), ("1.43", 1.43), ("5000", 5000), ("两千", 2000), ("千", 1000), ("三", 3),
     ("十二", 12), ("二十", 20), ("一百二十", 120), ("三千五百", 3500)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "增长", "6.5.1"])
def test_parse_number_refuses_non_numbers(text):
    assert parse_number(text) is None

"""Date values -> DateValue start/end with precision, era (astronomical years) and qualifiers."""

from __future__ import annotations

import pytest

from handan_kg.extract.dates import DateError, parse_range


def lex(value: str) -> tuple[str, str | None, str, str | None, str, str]:
    start, end = parse_range(value)
    return start.lexical(), start.qualifier, end.lexical(), end.qualifier, start.precision, end.precision


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("October 22, 1945 – November 2, 1945", ("1945-10-22", None, "1945-11-02", None, "day", "day")),
        ("1410-07-15", ("1410-07-15", None, "1410-07-15", None, "day", "day")),
        ("6 April 1992 – 21 November 1995 , ()", ("1992-04-06", None, "1995-11-21", None, "day", "day")),
        ("May 1274 BC", ("-1273-05", None, "-1273-05", None, "month", "month")),
        ("455 BC – May 8, 453 BC", ("-0454", None, "-0452-05-08", None, "year", "day")),
        ("207 BC", ("-0206", None, "-0206", None, "year", "year")),
        ("260 BC", ("-0259", None, "-0259", None, "year", "year")),
        ("1 BC", ("0000", None, "0000", None, "year", "year")),
        ("9 August 48 BC", ("-0047-08-09", None, "-0047-08-09", None, "day", "day")),
        ("25-27 October 1949", ("1949-10-25", None, "1949-10-27", None, "day", "day")),
        ("3 September 1260 (26 Ramadan 658 H)", ("1260-09-03", None, "1260-09-03", None, "day", "day")),
        ("10 September 1945 –12 October 1945", ("1945-09-10", None, "1945-10-12", None, "day", "day")),
        ("17 April – 19 May 1946, ()", ("1946-04-17", None, "1946-05-19", None, "day", "day")),
        ("August 1, 1904 – January 2, 1905, ()", ("1904-08-01", None, "1905-01-02", None, "day", "day")),
        ("Spring 218 – 201 BC ()", ("-0217", "spring", "-0200", None, "year", "year")),
        ("c. 1274 BC", ("-1273", "circa", "-1273", "circa", "year", "year")),
        ("circa 1500", ("1500", "circa", "1500", "circa", "year", "year")),
        ("late 1945", ("1945", "late", "1945", "late", "year", "year")),
        ("early 1946 – mid 1947", ("1946", "early", "1947", "mid", "year", "year")),
        ("Summer 1942", ("1942", "summer", "1942", "summer", "year", "year")),
        ("12 – 10 BC", ("-0011", None, "-0009", None, "year", "year")),
        ("AD 9", ("0009", None, "0009", None, "year", "year")),
        ("March 1941 – June 1942", ("1941-03", None, "1942-06", None, "month", "month")),
        ("1618–1648", ("1618", None, "1648", None, "year", "year")),
        ("Sept 3, 1939", ("1939-09-03", None, "1939-09-03", None, "day", "day")),
        ("29 February 1940", ("1940-02-29", None, "1940-02-29", None, "day", "day")),
        ("October 10–15, 1948", ("1948-10-10", None, "1948-10-15", None, "day", "day")),
        ("Winter of 208 CE", ("0208", "winter", "0208", "winter", "year", "year")),
        ("7–15 October 1948", ("1948-10-07", None, "1948-10-15", None, "day", "day")),
        ("Winter, 208 AD", ("0208", "winter", "0208", "winter", "year", "year")),
        ("December 203 BC", ("-0202-12", None, "-0202-12", None, "month", "month")),
        ("13 May 1947 – 16 May 1947, ()", ("1947-05-13", None, "1947-05-16", None, "day", "day")),
        ("May 8 – June 2, 1940", ("1940-05-08", None, "1940-06-02", None, "day", "day")),
    ],
)
def test_date_forms(value: str, expected: tuple) -> None:
    assert lex(value) == expected


def test_single_day_battle_starts_and_ends_the_same_day() -> None:
    start, end = parse_range("15 July 1410")
    assert start == end


@pytest.mark.parametrize(
    "value",
    [
        "", "()", "foo", "Octember 5, 1945", "32 May 1945", "31 April 1945", "1945 – 1944",
        "5 – 6 – 7 May 1945", "0 BC", "15, 1948", "May 5 June 1945", "1945 May 5 6", "1945-13-01", "May", "the", "Unknown", "12 May 1945 12 June",
    ],
)
def test_malformed_dates_raise(value: str) -> None:
    with pytest.raises(DateError):
        parse_range(value)


def test_a_month_and_a_small_number_is_a_day_not_a_year() -> None:
    with pytest.raises(DateError):
        parse_range("April 17")  # no year: not a date, never the year 17
    assert [d.lexical() for d in parse_range("Sept 17, 1862")] == ["1862-09-17", "1862-09-17"]


def test_a_range_whose_separator_was_lost_between_a_month_and_a_day() -> None:
    assert [d.lexical() for d in parse_range("1 July18 November 1916")] == ["1916-07-01", "1916-11-18"]
    assert [d.lexical() for d in parse_range("July 1 November 18, 1916")] == ["1916-07-01", "1916-11-18"]


def test_several_periods_run_from_the_first_start_to_the_last_end() -> None:
    value = "March 3, 1918 – April 5, 1918 and August – October 1918"
    assert [d.lexical() for d in parse_range(value)] == ["1918-03-03", "1918-10"]


def test_a_year_glued_to_the_month_that_starts_the_end() -> None:
    start, end = parse_range("June 25, 1950July 27, 1953")
    assert (start.year, start.month, start.day, end.year, end.month, end.day) == (1950, 6, 25, 1953, 7, 27)


def test_bracketed_old_style_and_an_age_templates_tail() -> None:
    assert parse_range("7 November [O.S. 25 October] 1917")[0].lexical() == "1917-11-07"
    assert [d.lexical() for d in parse_range("218–201 BC; 2,200 years ago")] == ["-0217", "-0200"]

"""Tests for parlour.archive.dates: parsing, bounds, sorting, wording and eras."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest

from parlour.archive import dates
from parlour.archive.dates import DateError, EDTFDate
from parlour.archive.problems import ParlourError

D = datetime.date


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("1992", "1992年", "1992"),
        ("1992-06", "1992年6月", "June 1992"),
        ("1992-06-05", "1992年6月5日", "5 June 1992"),
        ("1992~", "约1992年", "circa 1992"),
        ("1992?", "1992年（存疑）", "1992?"),
        ("1992%", "约1992年（存疑）", "circa 1992?"),
        ("1992-06-05~", "约1992年6月5日", "circa 5 June 1992"),
        ("199X", "20世纪90年代", "the 1990s"),
        ("198X", "20世纪80年代", "the 1980s"),
        ("200X", "21世纪00年代", "the 2000s"),
        ("199X~", "约20世纪90年代", "circa the 1990s"),
        ("19XX", "20世纪", "the 20th century"),
        ("20XX", "21世纪", "the 21st century"),
        ("21XX", "22世纪", "the 22nd century"),
        ("10XX", "11世纪", "the 11th century"),
        ("2025-21", "2025年春", "spring 2025"),
        ("2025-22", "2025年夏", "summer 2025"),
        ("2025-23", "2025年秋", "autumn 2025"),
        ("2025-24", "2025年冬", "winter 2025"),
        ("1956/2001", "1956年至2001年", "1956–2001"),
        ("2024/..", "2024年至今", "2024 onwards"),
        ("../1990", "1990年以前", "until 1990"),
        ("2020-03/..", "2020年3月至今", "March 2020 onwards"),
        ("../1949-10-01", "1949年10月1日以前", "until 1 October 1949"),
        ("1992-06/1993-08-05", "1992年6月至1993年8月5日", "June 1992 – 5 August 1993"),
        ("1950~/1960", "约1950年至1960年", "circa 1950 – 1960"),
        ("198X/199X", "20世纪80年代至20世纪90年代", "the 1980s – the 1990s"),
        ("199X/..", "20世纪90年代至今", "the 1990s onwards"),
        ("1992-21/1993-23", "1992年春至1993年秋", "spring 1992 – autumn 1993"),
    ],
)
def test_words(text, zh, en):
    assert dates.words(text) == zh
    assert dates.words(text, "zh") == zh
    assert dates.words(text, "en") == en
    assert dates.parse(text).words("en") == en
    assert dates.words(dates.parse(text), "zh") == zh


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "约1992年"),
        ("en", "circa 1992"),
        ("en-GB", "circa 1992"),
        ("EN", "circa 1992"),
        ("zh-Hant", "约1992年"),
        ("fr", "约1992年"),
        ("", "约1992年"),
    ],
)
def test_unknown_language_falls_back_to_chinese(lang, expected):
    assert dates.words("1992~", lang) == expected


@pytest.mark.parametrize(
    ("value", "zh"),
    [
        (1992, "1992年"),  # YAML reads a bare year as an int
        (D(1992, 6, 5), "1992年6月5日"),  # and a full date as a date
        (datetime.datetime(1992, 6, 5, 14, 30), "1992年6月5日"),
        ("  1992-06 \n", "1992年6月"),
    ],
)
def test_words_accepts_what_yaml_gives(value, zh):
    assert dates.words(value) == zh


@pytest.mark.parametrize(
    ("value", "text", "lower", "upper", "approximate", "uncertain"),
    [
        ("1992", "1992", D(1992, 1, 1), D(1992, 12, 31), False, False),
        ("1992-02", "1992-02", D(1992, 2, 1), D(1992, 2, 29), False, False),
        ("1992-06-05", "1992-06-05", D(1992, 6, 5), D(1992, 6, 5), False, False),
        ("1992~", "1992~", D(1992, 1, 1), D(1992, 12, 31), True, False),
        ("1992?", "1992?", D(1992, 1, 1), D(1992, 12, 31), False, True),
        ("1992%", "1992%", D(1992, 1, 1), D(1992, 12, 31), True, True),
        ("199X", "199X", D(1990, 1, 1), D(1999, 12, 31), False, False),
        ("19XX", "19XX", D(1900, 1, 1), D(1999, 12, 31), False, False),
        ("2025-21", "2025-21", D(2025, 3, 1), D(2025, 5, 31), False, False),
        ("1956/2001", "1956/2001", D(1956, 1, 1), D(2001, 12, 31), False, False),
        ("2024/..", "2024/..", D(2024, 1, 1), None, False, False),
        ("../1990", "../1990", None, D(1990, 12, 31), False, False),
        ("1950~/1960?", "1950~/1960?", D(1950, 1, 1), D(1960, 12, 31), True, True),
        ("199X/..", "199X/..", D(1990, 1, 1), None, False, False),  # edtf refuses it whole
        ("../2025-24", "../2025-24", None, D(2025, 12, 31), False, False),
        ("1992/1992", "1992/1992", D(1992, 1, 1), D(1992, 12, 31), False, False),
        (" 1992 ", "1992", D(1992, 1, 1), D(1992, 12, 31), False, False),
        (1992, "1992", D(1992, 1, 1), D(1992, 12, 31), False, False),
        (D(1992, 6, 5), "1992-06-05", D(1992, 6, 5), D(1992, 6, 5), False, False),
        (D(812, 6, 5), "0812-06-05", D(812, 6, 5), D(812, 6, 5), False, False),
    ],
)
def test_parse(value, text, lower, upper, approximate, uncertain):
    assert dates.parse(value) == EDTFDate(text, lower, upper, approximate, uncertain)
    assert dates.is_valid(value)


def test_parsed_dates_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        dates.parse("1992").text = "1993"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-13", "month 13 does not exist"),
        ("1992-00", "month 0 does not exist"),
        ("2024-25", "month 25 does not exist"),  # EDTF level 2 season; Parlour uses 21-24
        ("1992-02-30", "February 1992 has only 29 days"),
        ("1991-02-29", "February 1991 has only 28 days"),  # the edtf package accepts this
        ("1992-06-31", "June 1992 has only 30 days"),
        ("1992-06-00", "day 0 does not exist"),
        ("1990/1980", "the span ends (1980) before it begins (1990)"),
        ("1992-06/1992-03", "the span ends (1992-03) before it begins (1992-06)"),
        ("1992-13/2000", "month 13 does not exist"),
        ("92", "a year needs all four digits, as in 1992"),
        (92, "a year needs all four digits, as in 1992"),
        ("1990s", "write a decade as 199X"),
        ("199x", "write unknown digits as a capital X, as in 199X"),
        ("1992-6-5", "months and days need two digits, as in 1992-06-05"),
        ("1992/", "one end of the span is empty; write .. for an open end, as in 2024/.."),
        ("/1992", "one end of the span is empty; write .. for an open end, as in 2024/.."),
        ("../..", "a span needs at least one known end"),
        ("1992/1993/1994", "a span has one “/”, between its start and its end"),
        ("[1667,1668]", "it is a kind of EDTF date that Parlour does not use"),
        ("1992-06-05T10:00:00", "it is a kind of EDTF date that Parlour does not use"),
        ("1992?-06", "it is a kind of EDTF date that Parlour does not use"),
        ("1992-21~", "it is not written in a form Parlour knows"),
        ("0000", "Parlour handles years from 1 to 9999 only"),
        ("abc", "it is not written as a date"),
        ("..", "it is not written as a date"),
        (True, "it is not written as a date"),
        ("", "it is empty"),
        ("   ", "it is empty"),
        (None, "it is empty"),
    ],
)
def test_invalid_dates_say_why(value, reason):
    with pytest.raises(DateError) as caught:
        dates.parse(value)
    assert caught.value.reason == reason
    assert not dates.is_valid(value)


def test_error_message_is_one_plain_sentence_with_the_accepted_forms():
    with pytest.raises(DateError) as caught:
        dates.parse("2024-13")
    err = caught.value
    assert str(err) == (
        f"“2024-13” is not a date Parlour understands: month 13 does not exist. {err.hint}"
    )
    for form in ("1992", "1992-06", "1992-06-05", "1992~", "1992?", "199X", "1956/2001", "2024/.."):
        assert form in err.hint
    assert err.text == "2024-13"
    assert isinstance(err, ValueError) and isinstance(err, ParlourError)


def test_empty_date_message():
    with pytest.raises(DateError) as caught:
        dates.parse("")
    assert str(caught.value) == f"The date is empty. {dates.HINT}"


@pytest.mark.parametrize("value", ["2024-13", "abc", ""])
def test_words_rejects_what_parse_rejects(value):
    with pytest.raises(DateError):
        dates.words(value, "en")


@pytest.mark.parametrize("value", ["/..", "../", "abc/..", "[1667,]", "1992-21~"])
def test_rejecting_prints_nothing(value, capsys):
    # the edtf package prints on some inputs; `parlour check --format json` must stay clean
    assert not dates.is_valid(value)
    assert capsys.readouterr() == ("", "")


def test_sort_key_orders_by_lower_then_upper_then_text():
    expected = [
        "../1950",  # open starts first, shorter first
        "../1990",
        "19XX",
        "1956/2001",
        "199X",
        "1992-01",  # same start as 1992, ends sooner
        "1992",
        "1992~",  # same bounds as 1992: the text decides
        "1992/..",  # an open end sorts after every closed one
        "1992-06",
        "1992-06-05",
        "2024/..",
    ]
    shuffled = expected[:]
    random.Random(4).shuffle(shuffled)
    parsed = [dates.parse(text) for text in shuffled]
    assert [d.text for d in sorted(parsed, key=EDTFDate.sort_key)] == expected


TODAY = D(2025, 6, 15)  # ten years before is 2015-06-15


@pytest.mark.parametrize(
    ("value", "status", "expected"),
    [
        ("1992", None, "past"),
        ("2014", None, "past"),  # ends 2014-12-31, before 2015-06-15
        ("2015-06-14", None, "past"),
        ("2015-06-15", None, "present"),  # on the cut-off day
        ("2015", None, "present"),  # ends 2015-12-31
        ("1956/2001", None, "past"),
        ("1956/2020", None, "present"),
        ("1956/..", None, "present"),  # still going on
        ("../1990", None, "past"),
        ("199X", None, "past"),
        ("202X", None, "present"),  # starts 2020, not after today
        ("2025", None, "present"),
        ("2025-06-15", None, "present"),  # today is not after today
        ("2025-06-16", None, "future"),
        ("2026~", None, "future"),
        ("2030/..", None, "future"),
        ("1992", "happened", "past"),
        ("2026", "happened", "future"),  # only planned/wished/ongoing override the date
        ("1992", "planned", "future"),
        ("1992", "wished", "future"),
        ("1992", "ongoing", "present"),
        ("2030", "ongoing", "present"),
        (None, "wished", "future"),
        (None, "planned", "future"),
        (None, "ongoing", "present"),
        (2016, None, "present"),
        (D(2001, 9, 1), None, "past"),
    ],
)
def test_era(value, status, expected):
    assert dates.era(value, today=TODAY, status=status) == expected


def test_era_takes_a_parsed_date():
    assert dates.era(dates.parse("2026"), today=TODAY) == "future"


@pytest.mark.parametrize(
    ("value", "years", "expected"),
    [
        ("2024", 0, "past"),  # cut-off is today itself
        ("2025", 0, "present"),
        ("1992", 50, "present"),  # cut-off 1975-06-15
        ("1974", 50, "past"),
    ],
)
def test_era_present_years(value, years, expected):
    assert dates.era(value, today=TODAY, present_years=years) == expected


@pytest.mark.parametrize(("value", "expected"), [("2014-02-28", "present"), ("2014-02-27", "past")])
def test_era_on_a_leap_day(value, expected):
    # 2014 has no 29 February, so ten years before 2024-02-29 is taken as 2014-02-28
    assert dates.era(value, today=D(2024, 2, 29)) == expected


@pytest.mark.parametrize("value", [None, "", "abc"])
def test_era_needs_a_date_when_the_status_does_not_decide(value):
    with pytest.raises(DateError):
        dates.era(value, today=TODAY, status="happened")


# Parlour works out the bounds itself (edtf's parser is too slow for a large archive);
# the edtf package is the reference it must agree with, for every shape Parlour accepts.
@pytest.mark.parametrize(
    "text",
    [
        "1992", "1992-06", "1992-02", "2000-02", "1900-02", "1992-06-05", "1992~", "1992?",
        "1992%", "1992-06~", "199X", "19XX", "200X", "2025-21", "2025-22", "2025-23",
        "2025-24", "1956/2001", "1992-06/1993-05-04", "199X/200X", "0001",
    ],
)
def test_bounds_agree_with_edtf(text):
    import edtf

    parsed = edtf.parse_edtf(text)
    low, high = parsed.lower_strict(), parsed.upper_strict()
    ours = dates.parse(text)
    assert ours.lower == datetime.date(low.tm_year, low.tm_mon, low.tm_mday)
    assert ours.upper == datetime.date(high.tm_year, high.tm_mon, high.tm_mday)

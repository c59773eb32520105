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
MONTHS = (
    "month 13 does not exist: months run 01 to 12, and 21 to 41 are seasons, quarters and "
    "half years (21 spring, 22 summer, 23 autumn, 24 winter)"
)


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
        ("zh-Hant", "約1992年"),
        ("zh-TW", "約1992年"),
        ("es", "hacia 1992"),
        ("fr", "circa 1992"),  # no French catalog: its words are English
        ("", "约1992年"),
        ("not a tag", "约1992年"),
    ],
)
def test_each_language_says_circa_its_own_way(lang, expected):
    assert dates.words("1992~", lang) == expected


@pytest.mark.parametrize(
    ("text", "hant", "es"),
    [
        ("1992", "1992年", "1992"),
        ("1992-06", "1992年6月", "junio de 1992"),
        ("1992-06-05", "1992年6月5日", "5 de junio de 1992"),
        ("1932~", "約1932年", "hacia 1932"),
        ("1992?", "1992年（存疑）", "1992 (dudosa)"),
        ("199X", "1990年代", "los años 90"),
        ("19XX", "20世紀", "el siglo XX"),
        ("2025-21", "2025年春", "primavera de 2025"),
        ("2001-34", "2001年第二季", "el segundo trimestre de 2001"),
        ("2024/..", "2024年至今", "desde 2024"),
        ("../1990", "1990年以前", "hasta 1990"),
        ("1985/", "1985年起（終止時間不詳）", "desde 1985 (final desconocido)"),
        ("XXXX", "年代不詳", "fecha desconocida"),
        ("-1985", "西元前1986年", "1986 a. C."),
        ("2004-XX", "2004年（月份不詳）", "2004 (mes desconocido)"),
        ("[1667,1668]", "1667年或1668年", "1667 o 1668"),
        ("1956/2001", "1956年至2001年", "1956–2001"),
    ],
)
def test_traditional_chinese_and_spanish_dates(text, hant, es):
    """CLDR says the calendar (junio, 西元前), the catalogs say EDTF (約, hacia, 年代不詳)."""
    assert dates.words(text, "zh-Hant") == hant
    assert dates.words(text, "es") == es


def test_month_names_come_from_cldr_for_a_language_without_a_catalog():
    assert dates.words("1992-06-05", "fr") == "5 juin 1992"
    assert dates.words("1992-06", "cy") == "Mehefin 1992"


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
    parsed = dates.parse(value)
    assert (parsed.text, parsed.lower, parsed.upper) == (text, lower, upper)
    assert (parsed.approximate, parsed.uncertain) == (approximate, uncertain)
    assert dates.is_valid(value)


def test_a_date_made_from_bounds_alone_fills_in_the_rest():
    # eras.told_of makes a span from its events' bounds, without text to read
    made = EDTFDate("1950-01-01/..", D(1950, 1, 1), None, False, False)
    assert (made.first, made.last, made.start, made.end) == ((1950, 1, 1), None, "known", "open")
    assert made.sort_key() < dates.parse("1951").sort_key()


def test_parsed_dates_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        dates.parse("1992").text = "1993"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-13", MONTHS),
        ("1992-00", "month 0 does not exist"),
        ("2024-42", MONTHS.replace("13", "42")),
        ("1992-02-30", "February 1992 has only 29 days"),
        ("1991-02-29", "February 1991 has only 28 days"),  # the edtf package accepts this
        ("1992-06-31", "June 1992 has only 30 days"),
        ("1992-06-00", "day 0 does not exist"),
        ("1990/1980", "the span ends (1980) before it begins (1990)"),
        ("1992-06/1992-03", "the span ends (1992-03) before it begins (1992-06)"),
        ("1992-13/2000", MONTHS),
        ("92", "a year needs all four digits, as in 1992"),
        (92, "a year needs all four digits, as in 1992"),
        ("1990s", "write a decade with an X for its last digit, as in 199X"),
        ("199x", "write unknown digits as a capital X, as in 199X"),
        ("1992-6-5", "months and days need two digits, as in 1992-06-05"),
        ("../..", "a span needs at least one known end"),
        ("/", "a span needs at least one known end"),
        ("1992/1993/1994", "a span has one “/”, between its start and its end"),
        ("1992-21-05", "a season (21) has no days; write its year and season only, as in 2001-21"),
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
    assert str(err) == f"“2024-13” is not a date Parlour understands: {MONTHS}. {err.hint}"
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


@pytest.mark.parametrize("value", ["/..", "../", "abc/..", "[1667,]", "1992-21~X"])
def test_rejecting_prints_nothing(value, capsys):
    # the edtf package prints on some inputs; `parlour check --format json` must stay clean,
    # whatever reads the dates
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


# --------------------------------------------------------------------------- dates in YAML


def _date_problems(value: str, *, md: bool = False) -> tuple[object, list]:
    from parlour.archive.loader import Source, parse_yaml, validate

    text = f"title: x\nnumber: A1\ndate: {value}\n"
    data, marks, problems = parse_yaml(text, "stories/objects/x.yml")
    record, _, more = validate(Source("stories/objects/x.yml", "objects", "x", data, marks))
    return record, [(p.line, p.code, *p.text()) for p in problems + more]


@pytest.mark.parametrize(
    ("written", "number", "hint"),
    [
        ("0100", "64", 'put it in quotes: "0100"'),  # YAML 1.1 octal
        ("1_985", "1985", "put it in quotes, written as EDTF"),
        ("+1985", "1985", "put it in quotes, written as EDTF"),
        ("1:30", "90", "put it in quotes, written as EDTF"),  # sexagesimal
        ("0x7C1", "1985", "put it in quotes, written as EDTF"),
        ("1.50", "1.5", "put it in quotes, written as EDTF"),
    ],
)
def test_a_date_yaml_turned_into_another_number_is_told_to_quote_it(written, number, hint):
    record, problems = _date_problems(written)
    assert record is None
    [(line, code, message, said)] = problems
    assert (line, code) == (3, "bad-date")
    assert message == (
        f"“date”: YAML reads the unquoted date {written} as the number {number}; "
        "write dates in quotes"
    )
    assert said.startswith(hint)


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("1985", "1985"),  # reads back the same: harmless, and the sample archive writes it
        ("-1985", "-1985"),
        ('"0100"', "0100"),
        ("1985-04-12", "1985-04-12"),  # not a YAML date: the text as written
        ("1985-04-12T23:20:30Z", "1985-04-12T23:20:30Z"),  # time and zone kept
        ("1985-04-12 23:20:30", None),  # a YAML timestamp, but not EDTF: refused below
        ("XXXX", "XXXX"),
    ],
)
def test_dates_are_read_as_the_text_written(written, text):
    record, problems = _date_problems(written)
    if text is None:
        assert [p[1] for p in problems] == ["bad-date"]
        assert "a time follows the day after a capital T" in problems[0][2]
    else:
        assert problems == [] and str(record.date) == text


@pytest.mark.parametrize(
    ("written", "quoted", "shape"),
    [
        ("[1667, 1668, 1670..1672]", "[1667,1668,1670..1672]", "a list"),
        ("{1960, 1961-12}", "{1960,1961-12}", "a mapping"),
    ],
)
def test_an_unquoted_set_is_told_to_quote_it(written, quoted, shape):
    _, problems = _date_problems(written)
    [(line, code, message, _)] = problems
    assert (line, code) == (3, "bad-date")
    assert f"YAML reads it as {shape}: write \"{quoted}\"" in message
    assert dates.is_valid(quoted)


def test_other_numbers_are_still_numbers():
    # only the date fields refuse a changed number; a latitude written +31.2 is still 31.2
    from parlour.archive.loader import Source, parse_yaml, validate

    text = "names: [{name: x, from: 1926}]\nlocation: {lat: +31.20, lon: 121.5}\n"
    data, marks, problems = parse_yaml(text, "stories/places/x.yml")
    record, _, more = validate(Source("stories/places/x.yml", "places", "x", data, marks))
    assert problems == more == []
    assert (record.location.lat, type(record.location.lat)) == (31.2, float)


# --------------------------------------------------------------------------- new forms


@pytest.mark.parametrize(
    ("value", "expected"),
    [("XXXX", "past"), ("XXXX-12-25", "past"), ("1XXX", "past"), ("20XX", "present")],
)
def test_era_of_a_date_nobody_knows_is_the_past(value, expected):
    # XXXX runs to 9999, which would otherwise make it the present
    assert dates.era(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "decade"),
    [("1992", 1990), ("199X", 1990), ("19XX", 1900), ("XXXX", None), ("../1950", None),
     ("/1950", None), ("1950/", 1950), ("[1667,1668]", 1660), ("-1985", -1990)],
)
def test_decade(value, decade):
    assert dates.parse(value).decade == decade


@pytest.mark.parametrize(
    ("value", "lower", "upper"),
    [
        ("0000", datetime.date.min, datetime.date.min),  # before year 1: held at its edge
        ("Y170000002", datetime.date.max, datetime.date.max),
        ("XXXX", datetime.date.min, D(9999, 12, 31)),
        ("1985/", D(1985, 1, 1), None),
    ],
)
def test_datetime_bounds_are_held_within_what_datetime_can_hold(value, lower, upper):
    parsed = dates.parse(value)
    assert (parsed.lower, parsed.upper) == (lower, upper)


@pytest.mark.parametrize("born", ['"/1950"', "XXXX", '"../1950"'])
def test_pages_take_a_birth_date_with_no_known_start(tmp_path, born):
    # the decade of birth filter read lower.year, None for "/1950" (now valid EDTF): a crash
    import shutil
    from pathlib import Path

    from parlour.archive import Archive
    from parlour.archive.loader import load_archive
    from parlour.pages import generate_pages

    root = tmp_path / "archive"
    shutil.copytree(Path(__file__).parent / "fixtures" / "base", root)
    person = root / "stories" / "people" / "wang-jianguo.yml"
    person.write_text(person.read_text("utf-8").replace("born: 1950", f"born: {born}"), "utf-8")
    loaded = load_archive(root)
    assert not [p for p in loaded.problems if p.severity == "error"]
    pages = {p.src_uri: p for p in generate_pages(Archive(loaded, audience="public", today=TODAY))}
    index = str(pages["interviews/index.md"].meta) + str(vars(pages["interviews/index.md"]))
    assert "wang-jianguo-repair" in str(pages) and "'0'" not in index

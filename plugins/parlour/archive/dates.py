"""EDTF dates: parsing, bounds, sorting and wording in Chinese and English.

Parlour reads EDTF (the Library of Congress Extended Date/Time Format) Levels 0 and 1
completely and the Level 2 forms that mean something to a visitor (sets, qualifiers on one
part, unknown digits anywhere, quarters and hemisphere seasons); ``edtf_parse`` holds the
grammar and says which forms it refuses and why. Bounds are worked out for any year, so
``Y170000002`` and ``-1985`` sort where they belong; ``lower`` and ``upper`` are the same
bounds as ``datetime.date``, held within the years 1 to 9999 it can hold.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from . import edtf_parse as g
from .edtf_parse import KNOWN, OPEN, UNKNOWN, Day, Part, Point, Reading
from .problems import ParlourError

__all__ = ["HINT", "KNOWN", "OPEN", "UNKNOWN", "DateError", "Day", "EDTFDate", "era",
           "is_valid", "parse", "words"]

HINT = (
    "Write it like 1992, 1992-06 or 1992-06-05; 1992~ (circa), 1992? (uncertain), "
    "199X (a decade), XXXX (not known), 2025-21 (spring), 1956/2001 (a span), "
    "2024/.. (open-ended) or [1667,1668] (one of these)."
)

_MONTHS_EN = g.MONTH_NAMES
_MARKS = {(True, False): "~", (False, True): "?", (True, True): "%"}
#: how a qualifier on some parts only is said after them
_QUALIFIERS = {
    (True, False): ("为约数", "approximate"),
    (False, True): ("存疑", "uncertain"),
    (True, True): ("为约数且存疑", "approximate and uncertain"),
}
_PART_NAMES = (("年份", "year"), ("月份", "month"), ("日期", "day"))
#: each sub-year grouping: Chinese after the year; English alone, and how it meets its year;
#: the hemisphere, said after the date
_SEASONS: dict[int, tuple[str, str, str, str]] = {
    21: ("春", "spring", " ", ""), 22: ("夏", "summer", " ", ""),
    23: ("秋", "autumn", " ", ""), 24: ("冬", "winter", " ", ""),
    25: ("春", "spring", " ", "north"), 26: ("夏", "summer", " ", "north"),
    27: ("秋", "autumn", " ", "north"), 28: ("冬", "winter", " ", "north"),
    29: ("春", "spring", " ", "south"), 30: ("夏", "summer", " ", "south"),
    31: ("秋", "autumn", " ", "south"), 32: ("冬", "winter", " ", "south"),
    33: ("第一季度", "the first quarter", " of ", ""),
    34: ("第二季度", "the second quarter", " of ", ""),
    35: ("第三季度", "the third quarter", " of ", ""),
    36: ("第四季度", "the fourth quarter", " of ", ""),
    37: ("1月至4月", "January–April", " ", ""), 38: ("5月至8月", "May–August", " ", ""),
    39: ("9月至12月", "September–December", " ", ""),
    40: ("上半年", "the first half", " of ", ""), 41: ("下半年", "the second half", " of ", ""),
}
_HEMISPHERES = {"north": ("北半球", "northern hemisphere"),
                "south": ("南半球", "southern hemisphere")}


class DateError(ParlourError, ValueError):
    """A string that is not a date Parlour understands.

    ``str(err)`` is a whole sentence for a contributor; ``text``, ``reason`` and ``hint`` are
    kept apart so that a check can put them into a Problem's message and hint.
    """

    def __init__(self, text: str, reason: str):
        self.text, self.reason, self.hint = text, reason, HINT
        if text:
            super().__init__(f"“{text}” is not a date Parlour understands: {reason}. {HINT}")
        else:
            super().__init__(f"The date is empty. {HINT}")


@dataclass(frozen=True)
class EDTFDate:
    """A parsed date. Bounds are the strict ones: ``1992~`` runs from 1 Jan to 31 Dec 1992.

    ``first`` and ``last`` are the exact first and last day for any year; ``lower`` and
    ``upper`` are the same as ``datetime.date`` (within years 1-9999), None where the start
    or end is open or unknown. ``start`` and ``end`` say which: KNOWN, OPEN or UNKNOWN.
    """

    text: str
    lower: datetime.date | None  # None for an open or unknown start ("../1990", "/1990")
    upper: datetime.date | None  # None for an open or unknown end ("2024/..", "2024/")
    approximate: bool
    uncertain: bool
    kind: str = "date"  # "date", "span", "one of" (a [set]) or "all of" (a {set})
    first: Day | None = None
    last: Day | None = None
    start: str = ""
    end: str = ""

    def __post_init__(self) -> None:
        # a date made from datetime bounds alone (eras.told_of) gets the rest from them
        if self.first is None and self.lower is not None:
            object.__setattr__(self, "first", Day(*self.lower.timetuple()[:3]))
        if self.last is None and self.upper is not None:
            object.__setattr__(self, "last", Day(*self.upper.timetuple()[:3]))
        if not self.start:
            object.__setattr__(self, "start", KNOWN if self.first is not None else OPEN)
        if not self.end:
            object.__setattr__(self, "end", KNOWN if self.last is not None else OPEN)

    def sort_key(self) -> tuple:
        """Open start first, then by first day, then last day (open end last), then text."""
        return (
            self.first is not None,
            self.first or (0, 0, 0),
            self.last is None,
            self.last or (0, 0, 0),
            self.text,
        )

    @property
    def unknown(self) -> bool:
        """Whether nothing is known of the year: ``XXXX``, ``XXXX-12-25``."""
        reading = _reading(self.text)
        return reading is not None and reading.kind == "date" and reading.points[0].year.unknown

    @property
    def decade(self) -> int | None:
        """The decade the date starts in (1990 for ``1992``), None when not known."""
        if self.unknown or self.first is None:
            return None
        return self.first.year // 10 * 10

    @property
    def precision(self) -> int:
        """The coarsest unit that says both known bounds exactly: 1 year (``1992``,
        ``199X``), 2 month (``1992-06``, ``2025-21``) or 3 day."""
        def fits(unit: int) -> bool:  # whether the known ends sit on that unit's edges
            first, last = self.first, self.last
            starts = first is None or (first.day == 1 and (unit == 2 or first.month == 1))
            ends = last is None or (
                last.day == g.days_in(last.year, last.month) and (unit == 2 or last.month == 12)
            )
            return starts and ends

        return 1 if fits(1) else 2 if fits(2) else 3

    def side_precision(self, side: int) -> int:
        """How precisely the start (0) or the end (1) is written: 1 year (``1956``, ``199X``),
        2 month or season, 3 day; a part nobody knows (``1992-06-XX``) does not count. For
        a set, or an open end, :attr:`precision`."""
        reading = _reading(self.text)
        end = reading.members[0][side] if reading and reading.kind in ("date", "span") else None
        if not isinstance(end, Point):
            return self.precision
        known = 0
        for part in end.parts:
            if part.unknown:
                break
            known += 1
        return max(known, 1)

    def iso(self) -> str:
        """ISO 8601 for machines (JSON-LD): a date, a date-time or an interval of two dates.

        Both ends share the coarsest precision that says the bounds exactly, so ``1992`` stays
        ``1992``, ``199X`` is ``1990/1999`` and ``2025-21`` is ``2025-03/2025-05``; an open or
        unknown end is ``..``. A date-time is given as written (offsets as ``±hh:mm``).
        """
        reading = _reading(self.text)
        if reading is not None and reading.kind == "date" and reading.points[0].time:
            point = reading.points[0]
            zone = point.zone or ""
            if len(zone) == 3:
                zone += ":00"
            return f"{point.first.iso()}T{point.time}{zone}"
        said = [day.iso(self.precision) if day else ".." for day in (self.first, self.last)]
        return said[0] if said[0] == said[1] else "/".join(said)

    def words(self, lang: str = "zh") -> str:
        """The date in words; see :func:`words`."""
        return words(self, lang)


def parse(text: str | int | datetime.date | None) -> EDTFDate:
    """Parse an EDTF string, raising :class:`DateError` with a plain-words reason.

    An ``int`` or ``datetime.date`` from Python code is taken as the string it reads as.
    """
    return _read(_as_text(text))[0]


def is_valid(text: object) -> bool:
    """Whether :func:`parse` accepts ``text``."""
    try:
        parse(text)  # type: ignore[arg-type]
    except DateError:
        return False
    return True


def words(value: str | int | datetime.date | EDTFDate, lang: str = "zh") -> str:
    """The date as a reader would say it: ``约1992年``, ``20世纪90年代``, ``circa 1992``.

    ``lang`` is ``zh`` or ``en`` (a region such as ``en-GB`` is ignored); anything else
    falls back to ``zh``, the site's default language.
    """
    text = value.text if isinstance(value, EDTFDate) else _as_text(value)
    en = lang.split("-")[0].split("_")[0].lower() == "en"
    reading = _read(text)[1]
    if reading.kind == "span":
        return _span_words(reading.members[0], en)
    if reading.kind == "date":
        return _point_en(reading.points[0]) if en else _point_zh(reading.points[0])
    return _set_words(reading, en)


def era(
    value: str | int | datetime.date | EDTFDate | None,
    *,
    today: datetime.date,
    status: str | None = None,
    present_years: int = 10,
) -> str:
    """Place a record in the timeline: ``"past"``, ``"present"`` or ``"future"``.

    The status decides first: ``planned`` and ``wished`` are the future, ``ongoing`` is the
    present (so ``value`` may be None for them). Otherwise the date decides against
    ``today``: a lower bound after today is the future; an upper bound on or after
    ``today`` minus ``present_years`` years, or an open end, is the present; the rest is
    the past. So with ``today`` in 2025, ``2016`` is present and ``2014`` is past. A date
    whose year nobody knows (``XXXX``) is the past: an archive keeps memories.
    """
    if status in ("planned", "wished"):
        return "future"
    if status == "ongoing":
        return "present"
    date = value if isinstance(value, EDTFDate) else parse(value)
    if date.unknown:
        return "past"
    if date.lower is not None and date.lower > today:
        return "future"
    if date.upper is None or date.upper >= _years_before(today, present_years):
        return "present"
    return "past"


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):  # a Python timestamp: Parlour dates are days
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


@functools.lru_cache(maxsize=4096)  # the same dates recur across an archive
def _read(text: str) -> tuple[EDTFDate, Reading]:
    if not text:
        raise DateError(text, "it is empty")
    try:
        reading = g.read(text)
    except g.EDTFSyntaxError as err:
        raise DateError(text, err.reason) from None
    parts = [part for point in reading.points for part in point.parts]
    first, last = reading.first, reading.last
    date = EDTFDate(
        text,
        first.date() if first else None,
        last.date() if last else None,
        any(p.approximate for p in parts),
        any(p.uncertain for p in parts),
        reading.kind,
        first,
        last,
        reading.side(0),
        reading.side(1),
    )
    return date, reading


def _reading(text: str) -> Reading | None:
    try:
        return _read(text)[1]
    except DateError:  # an EDTFDate made by hand (eras.told_of) from bounds alone
        return None


# --------------------------------------------------------------------------- wording


def _span_words(pair: tuple, en: bool) -> str:
    start, stop = (_end_words(end, en) for end in pair)
    if pair[0] == UNKNOWN:
        return f"until {stop} (start unknown)" if en else f"至{stop}止（起始时间不详）"
    if pair[1] == UNKNOWN:
        return f"from {start} (end unknown)" if en else f"{start}起（终止时间不详）"
    if pair[0] == OPEN:
        return f"until {stop}" if en else f"{stop}以前"
    if pair[1] == OPEN:
        return f"{start} onwards" if en else f"{start}至今"
    if not en:
        return f"{start}至{stop}"
    # an en dash is spaced when either end is more than one word: "June 1992 – May 1993"
    return f"{start} – {stop}" if " " in start + stop else f"{start}–{stop}"


def _end_words(end, en: bool) -> str:
    if not isinstance(end, Point):
        return ""
    return _point_en(end) if en else _point_zh(end)


def _set_words(reading: Reading, en: bool) -> str:
    one_of = reading.kind == "one of"
    said = []
    for start, stop in reading.members:
        if start is stop:
            said.append(_end_words(start, en))
        elif start == OPEN:
            earlier = ("or earlier", "或更早") if one_of else ("and earlier", "及以前")
            said.append(f"{_end_words(stop, en)} {earlier[0]}" if en
                        else f"{_end_words(stop, en)}{earlier[1]}")
        elif stop == OPEN:
            later = ("or later", "或更晚") if one_of else ("and later", "及以后")
            said.append(f"{_end_words(start, en)} {later[0]}" if en
                        else f"{_end_words(start, en)}{later[1]}")
        else:
            said.append(_span_words((start, stop), en))
    if len(said) == 1:
        return said[0]
    if en:
        return ", ".join(said[:-1]) + (" or " if one_of else " and ") + said[-1]
    return "、".join(said[:-1]) + ("或" if one_of else "和") + said[-1]


def _qualified(point: Point) -> tuple[str, list[tuple[tuple[bool, bool], list[int]]]]:
    """("~", "?" or "%") when one qualifier holds for the whole date; else "" and the parts
    each (approximate, uncertain) pair holds for, the year's first."""
    flags = [(p.approximate, p.uncertain) for p in point.parts]
    if len(set(flags)) == 1:
        return _MARKS.get(flags[0], ""), []
    held: dict[tuple[bool, bool], list[int]] = {}
    for i, pair in enumerate(flags):
        if any(pair):
            held.setdefault(pair, []).append(i)
    return "", list(held.items())


def _mask_range(part: Part) -> tuple[int, int]:
    text = part.text.lstrip("-")
    low, high = int(text.replace("X", "0")), int(text.replace("X", "9"))
    return (-high, -low) if part.text.startswith("-") else (low, high)


def _year_kind(part: Part) -> str:
    text = part.text
    if not part.masked:
        return "plain"
    if part.unknown:
        return "unknown"
    if text.startswith("-") or text.rstrip("X").count("X"):
        return "range"  # 19X5, or a negative year: said by its first and last year
    return {1: "decade", 2: "century"}.get(text.count("X"), "range")


def _number(year: int) -> str:
    return f"{year:,}" if year > 9999 else str(year)


def _point_zh(point: Point) -> str:
    year, month, day = point.year, point.month, point.day
    kind = _year_kind(year)
    if kind == "plain":
        said = _year_zh(int(year.text.lstrip("Y")))
    elif kind == "decade":
        said = f"{int(year.text[:2]) + 1}世纪{year.text[2]}0年代"
    elif kind == "century":
        said = f"{int(year.text[:2]) + 1}世纪"
    elif kind == "range":
        low, high = _mask_range(year)
        said = f"{_year_zh(low)}至{_year_zh(high)}间"
    else:
        said = ""
    notes, missing = [], []
    after = ""  # the month and day, or the season
    season = point.season
    if season:
        after = _SEASONS[season][0]
        if _SEASONS[season][3]:
            notes.append(_HEMISPHERES[_SEASONS[season][3]][0])
    elif month is not None and month.unknown:
        if day is not None and not day.unknown:
            after = "某月" + _range_zh(day, "日")
        else:
            missing += ["月份"] + (["日期"] if day is not None else [])
    elif month is not None:
        after = _range_zh(month, "月")
        if day is not None and day.unknown:
            missing.append("日期")
        elif day is not None:
            after += _range_zh(day, "日")
    if after:
        said = (said + "某年" if kind != "plain" else said) + after
    elif not said:
        return "年代不详"  # nothing else to say, not even circa
    if missing:
        notes.append("、".join(missing) + "不详")
    if point.time:
        said += point.time
        notes.append(_zone(point.zone))
    whole, parts = _qualified(point)
    if whole in ("~", "%"):
        said = "约" + said
    if whole in ("?", "%"):
        notes.append("存疑")
    for pair, held in parts:
        names = "、".join(_part_name(point, j, en=False) for j in held)
        notes.append(names + _QUALIFIERS[pair][0])
    notes = [n for n in notes if n]
    return said + (f"（{'，'.join(notes)}）" if notes else "")


def _year_zh(year: int) -> str:
    return f"{year}年" if year >= 1 else f"公元前{1 - year}年"


def _range_zh(part: Part, unit: str) -> str:
    if not part.masked:
        return f"{int(part.text)}{unit}"
    low, high = _mask_range(part)
    return f"{max(low, 1)}{unit}至{min(high, 12 if unit == '月' else 31)}{unit}间"


def _point_en(point: Point) -> str:
    year, month, day = point.year, point.month, point.day
    kind = _year_kind(year)
    notes, missing = [], []
    phrase, joiner = "", " "  # the day and month (or season), and how it meets the year
    season = point.season
    if season:
        phrase, joiner = _SEASONS[season][1], _SEASONS[season][2]
        if _SEASONS[season][3]:
            notes.append(_HEMISPHERES[_SEASONS[season][3]][1])
    elif month is not None and month.unknown:
        if day is not None and not day.unknown:
            said = _ordinal(int(day.text)) if not day.masked else _day_en(day)
            phrase, joiner = f"the {said} of a month", " in "
        else:
            missing += ["month"] + (["day"] if day is not None else [])
    elif month is not None:
        phrase = _month_en(month)
        if day is not None and day.unknown:
            missing.append("day")
        elif day is not None:
            phrase = f"{_day_en(day)} {phrase}"
    if kind == "plain":
        number = int(year.text.lstrip("Y"))
        said = _number(number) if number >= 1 else f"{_number(1 - number)} BC"
        said = phrase + joiner + said if phrase else said
    elif kind == "unknown":
        if not phrase:
            return "date unknown"  # nothing else to say, not even circa
        said, missing = phrase, ["year"] + missing
    else:
        said = _year_en(year, kind)
        if phrase:
            said = f"{phrase} in {said}" if kind != "range" else f"{phrase}, {said}"
    if missing:
        notes.insert(0, " and ".join(missing) + " unknown")
    if point.time:
        zone = _zone(point.zone)
        said += f", {point.time}" + (f" {zone}" if zone else "")
    whole, parts = _qualified(point)
    if whole in ("~", "%"):
        said = "circa " + said
    if whole in ("?", "%"):
        said += "?"
    for pair, held in parts:
        names = " and ".join(_part_name(point, j, en=True) for j in held)
        notes.append(f"{names} {_QUALIFIERS[pair][1]}")
    return said + (f" ({'; '.join(notes)})" if notes else "")


def _year_en(year: Part, kind: str) -> str:
    if kind == "decade":
        return f"the {year.text[:3]}0s"
    if kind == "century":
        return f"the {_ordinal(int(year.text[:2]) + 1)} century"
    low, high = (_number(n) if n >= 1 else f"{_number(1 - n)} BC" for n in _mask_range(year))
    return f"between {low} and {high}"


def _month_en(month: Part) -> str:
    if not month.masked:
        return _MONTHS_EN[int(month.text)]
    low, high = _mask_range(month)
    return f"{_MONTHS_EN[max(low, 1)]}–{_MONTHS_EN[min(high, 12)]}"


def _day_en(day: Part) -> str:
    if not day.masked:
        return str(int(day.text))
    low, high = _mask_range(day)
    return f"{max(low, 1)}–{min(high, 31)}"


def _part_name(point: Point, index: int, *, en: bool) -> str:
    if index == 1 and point.season:
        return "season" if en else "季节"
    return _PART_NAMES[index][en]


def _zone(zone: str | None) -> str:
    if not zone:
        return ""
    if zone == "Z":
        return "UTC"
    return f"UTC{zone}" + (":00" if len(zone) == 3 else "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

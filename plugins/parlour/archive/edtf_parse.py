"""The EDTF grammar: a date string read into its parts, with its exact first and last day.

Parlour reads EDTF (the Library of Congress Extended Date/Time Format, ISO 8601-2) itself:

- Level 0: ``1985``, ``1985-04``, ``1985-04-12``, ``1985-04-12T23:20:30`` (with ``Z`` or an
  offset), and spans ``1964/2008``;
- Level 1: long years ``Y170000002``, negative years ``-1985``, seasons ``2001-21`` to ``-24``,
  a qualifier on the whole date (``1984?``, ``2004-06~``, ``2004-06-11%``), unspecified
  digits from the right (``201X``, ``2004-XX``, ``XXXX``), open (``..``) and unknown (empty)
  span ends;
- Level 2, where a visitor gains something: sets (``[1667,1668,1670..1672]`` is one of them,
  ``{1960,1961-12}`` all of them), qualifiers on one part (``2004-06~-11``,
  ``?2004-06-~11``), unspecified digits anywhere (``156X-12-25``), and the sub-year groupings
  25 to 41 (hemisphere seasons, quarters, four-month and half years).

Level 2's exponential years and significant digits are refused with a message that says what
to write instead. The ``edtf`` package is the reference in the tests, not a run-time
dependency: it costs 7-12 ms a string (most of `parlour check`'s budget on a large archive),
prints to stdout on some bad input, accepts 29 February 2003 and reversed spans, crashes on
``1984-1X`` and ``1985/..``, and gives no structure to word a date from.

Everything here raises :class:`EDTFSyntaxError` with a reason in plain words; ``dates.py``
turns that into a contributor's message and words the readings.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from collections.abc import Iterator
from typing import NamedTuple

from ..catalog import M_
from .problems import Message

#: what a span or set end can be besides a date
KNOWN, OPEN, UNKNOWN = "known", "open", "unknown"

#: The months each sub-year grouping covers, as the ``edtf`` package bounds them (a winter
#: is its December: EDTF does not say which year a winter that crosses New Year belongs to).
SEASON_MONTHS = {
    21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12),  # spring .. winter (Level 1)
    25: (3, 5), 26: (6, 8), 27: (9, 11), 28: (12, 12),  # northern hemisphere
    29: (9, 11), 30: (12, 12), 31: (3, 5), 32: (6, 8),  # southern hemisphere
    33: (1, 3), 34: (4, 6), 35: (7, 9), 36: (10, 12),  # quarters
    37: (1, 4), 38: (5, 8), 39: (9, 12),  # quadrimesters (four months)
    40: (1, 6), 41: (7, 12),  # semesters (half years)
}

_Q = r"[~?%]"
_POINT = re.compile(
    rf"(?P<yl>{_Q})?(?P<year>Y-?[1-9]\d{{4,}}|-?[\dX]{{4}})(?P<yr>{_Q})?"
    rf"(?:-(?P<ml>{_Q})?(?P<month>[\dX]{{2}})(?P<mr>{_Q})?"
    rf"(?:-(?P<dl>{_Q})?(?P<day>[\dX]{{2}})(?P<dr>{_Q})?)?)?"
    r"(?:T(?P<time>\d\d:\d\d:\d\d)(?P<zone>Z|[+-]\d\d(?::\d\d)?)?)?"
)
_TIME_EXAMPLE = "1985-04-12T23:20:30"

def _why(msgid: str, **fields: object) -> Message:
    """A reason in plain words: English as a str, told in the contributor's language when a
    problem holds it (its msgid is marked for the catalogs)."""
    return Message(msgid, **fields)


_NOT_A_DATE = _why(M_("it is not written as a date"))

#: Forms people write that are not EDTF, or are EDTF Parlour does not read, each with what
#: to write instead. Tried in order on a part that did not read as a date.
_SLIPS: tuple[tuple[re.Pattern, Message], ...] = tuple(
    (re.compile(pattern), _why(reason, example=_TIME_EXAMPLE))
    for pattern, reason in (
        (r"Y-?\d+E\d+(S\d+)?",
         M_("an exponential year (such as Y-17E7) is an EDTF Level 2 form Parlour does not "
            "use; write the year in full after Y, as in Y-170000000")),
        (r"(-?\d{4}|Y-?\d+)S\d+",
         M_("a year with significant digits (such as 1950S2) is an EDTF Level 2 form Parlour "
            "does not use; write the digits nobody knows as X, as in 19XX")),
        (r".*\^.*",
         M_("a season with ^ comes from an old EDTF draft; for a hemisphere write seasons 25 "
            "to 32, as in 2001-29 for spring in the south")),
        (r".*[()].*",
         M_("brackets around a part come from an old EDTF draft; put the ~, ? or % just "
            "before the part instead, as in 2004-?06-11")),
        (r"(?=[^u]*u)-?[\dXu]{4}(-[\dXu]{2}){0,2}[~?%]?",
         M_("u for an unknown digit comes from an old EDTF draft; write a capital X, as in "
            "199X")),
        (r"\d{1,3}[~?%]?", M_("a year needs all four digits, as in 1992")),
        (r"\d{3}0'?s", M_("write a decade with an X for its last digit, as in 199X")),
        (r"-?[\dxX]{4}(-[\dxX]{2}){0,2}[~?%]?",
         M_("write unknown digits as a capital X, as in 199X")),
        (r"-?\d{4}-\d\d?(-\d\d?)?[~?%]?",
         M_("months and days need two digits, as in 1992-06-05")),
        (r"\d{4}-\d\d-\d\d[ t]\d.*",
         M_("a time follows the day after a capital T, as in {example}")),
        (r"\d{4}-\d\d-\d\dT\d\d(:\d\d)?([Z+-].*)?",
         M_("a time needs hours, minutes and seconds, as in {example}")),
        (r"\d{4}(-\d\d)?T.*", M_("a time needs a whole date before it, as in {example}")),
        (r"\d{4}-\d\d-\d\dT.*[~?%]",
         M_("a time cannot be circa or uncertain; write the time as known, as in {example}")),
        (r"\d{4}-\d\d-\d\dT.*",
         M_("write a time as hours, minutes and seconds, then Z or an offset such as +08:00, "
            "as in {example}Z")),
        (r"\d{4}(-\d\d){0,2}Z",
         M_("a time zone (Z) belongs after a time, as in 1985-04-12T23:20:30Z")),
        (r"Y-?\d{1,4}", M_("Y is for years of more than four digits; write 1985 without it")),
        (r"-?\d{5,}", M_("a year of more than four digits starts with Y, as in Y170000002")),
        (r"[~?%]{2,}.*|.*[~?%]{2,}",
         M_("one mark is enough: ~ circa, ? uncertain, % both")),
    )
)


class EDTFSyntaxError(ValueError):
    """A string that is not an EDTF date Parlour reads; ``reason`` says why in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Day(NamedTuple):
    """A day of the proleptic Gregorian calendar, any year (0 is 1 BC, -1 is 2 BC)."""

    year: int
    month: int
    day: int

    def date(self) -> datetime.date:
        """The day as a ``datetime.date``, held within the years 1 to 9999 it can hold."""
        if self.year < datetime.MINYEAR:
            return datetime.date.min
        if self.year > datetime.MAXYEAR:
            return datetime.date.max
        return datetime.date(*self)

    def iso(self, precision: int = 3) -> str:
        """ISO 8601 to ``precision`` parts (1 year, 2 month, 3 day); a year beyond 0-9999
        takes a sign, as ISO 8601's expanded years do."""
        year = f"{self.year:04d}" if 0 <= self.year <= 9999 else f"{self.year:+05d}"
        return "-".join([year, f"{self.month:02d}", f"{self.day:02d}"][:precision])


def days_in(year: int, month: int) -> int:
    """The length of a month of the proleptic Gregorian calendar, for any year."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True)
class Part:
    """A year, month or day as written (digits, maybe with X) and its qualifiers."""

    text: str
    approximate: bool = False
    uncertain: bool = False

    @property
    def unknown(self) -> bool:
        """Whether every digit is an X."""
        return set(self.text.lstrip("-")) == {"X"}

    @property
    def masked(self) -> bool:
        """Whether some digit is an X."""
        return "X" in self.text


@dataclass(frozen=True)
class Point:
    """One date: a year, perhaps a month or season, perhaps a day and a time."""

    year: Part
    month: Part | None
    day: Part | None
    time: str | None  # "23:20:30"
    zone: str | None  # "Z", "+04:30", "-04"
    first: Day
    last: Day

    @property
    def season(self) -> int | None:
        """The sub-year grouping (21-41) in the month's place, or None."""
        if self.month is None or self.month.masked or int(self.month.text) <= 12:
            return None
        return int(self.month.text)

    @property
    def parts(self) -> tuple[Part, ...]:
        """The parts written, year first."""
        return tuple(p for p in (self.year, self.month, self.day) if p is not None)


End = Point | str  # a Point, or OPEN / UNKNOWN


@dataclass(frozen=True)
class Reading:
    """A whole EDTF string read: a date, a span, or a set of dates and ranges.

    ``members`` holds (start, end) pairs: a date is ``((p, p),)``; a span ``((a, b),)``
    where either end may be OPEN or UNKNOWN; a set one pair per member (``1670..1672`` a
    range, ``..1760`` an open start).
    """

    kind: str  # "date", "span", "one of" or "all of"
    members: tuple[tuple[End, End], ...]

    @property
    def points(self) -> tuple[Point, ...]:
        """Every date written, in order."""
        seen = (end for pair in self.members for end in dict.fromkeys(pair))
        return tuple(end for end in seen if isinstance(end, Point))

    @property
    def first(self) -> Day | None:
        """The earliest day meant, or None if the start is open or unknown."""
        starts = [start for start, _ in self.members]
        if any(not isinstance(s, Point) for s in starts):
            return None
        return min(s.first for s in starts)  # type: ignore[union-attr]

    @property
    def last(self) -> Day | None:
        """The latest day meant, or None if the end is open or unknown."""
        ends = [end for _, end in self.members]
        if any(not isinstance(e, Point) for e in ends):
            return None
        return max(e.last for e in ends)  # type: ignore[union-attr]

    def side(self, which: int) -> str:
        """KNOWN, OPEN or UNKNOWN for the start (0) or the end (1)."""
        for pair in self.members:
            if not isinstance(pair[which], Point):
                return pair[which]  # type: ignore[return-value]
        return KNOWN


def read(text: str) -> Reading:
    """Read an EDTF string (already stripped and non-empty), or raise EDTFSyntaxError."""
    if text[0] in "[{" or text[-1] in "]}":
        return _read_set(text)
    parts = text.split("/")
    if len(parts) > 2:
        raise EDTFSyntaxError(_why(M_("a span has one “/”, between its start and its end")))
    if len(parts) == 1:
        if text == "..":
            raise EDTFSyntaxError(_NOT_A_DATE)
        point = read_point(text)
        return Reading("date", ((point, point),))
    ends = [_span_end(part) for part in parts]
    if not any(isinstance(end, Point) for end in ends):
        raise EDTFSyntaxError(_why(M_("a span needs at least one known end")))
    start, stop = ends
    if isinstance(start, Point) and isinstance(stop, Point) and stop.last < start.first:
        raise EDTFSyntaxError(_why(M_("the span ends ({end}) before it begins ({start})"),
                                   end=parts[1], start=parts[0]))
    return Reading("span", ((start, stop),))


def _span_end(part: str) -> End:
    if part == "..":
        return OPEN
    if not part:
        return UNKNOWN
    point = read_point(part)
    if point.time:
        raise EDTFSyntaxError(_why(M_(
            "a span joins two dates without times; write the days, as in 1985-04-12/1985-04-13"
        )))
    return point


def _read_set(text: str) -> Reading:
    opening, closing = {"[": ("[", "]"), "{": ("{", "}")}.get(text[0], ("", ""))
    if not opening or text[-1] != closing:
        raise EDTFSyntaxError(_why(M_(
            "a set opens with [ (one of its dates) or {{ (all of them) and closes with the "
            "same kind of bracket, as in [1667,1668] or {{1960,1961-12}}"
        )))
    items = [item.strip() for item in text[1:-1].split(",")]
    if items == [""]:
        raise EDTFSyntaxError(_why(M_("a set needs at least one date, as in [1667,1668]")))
    members = [_set_member(item, i == 0, i == len(items) - 1) for i, item in enumerate(items)]
    return Reading("one of" if opening == "[" else "all of", tuple(members))


def _set_member(item: str, first: bool, last: bool) -> tuple[End, End]:
    if not item:
        raise EDTFSyntaxError(_why(M_("a set has an empty place between two commas")))
    if "/" in item:
        raise EDTFSyntaxError(_why(M_(
            "a set lists dates, not spans; write a run of dates with .., as in [1670..1672]"
        )))
    start_text, dots, end_text = item.partition("..")
    if not dots:
        point = _set_point(item)
        return point, point
    if not start_text and not end_text:
        raise EDTFSyntaxError(_why(M_("“..” in a set needs a date on one side, as in "
                                      "[..1760-12-03]")))
    if not start_text and not first:
        raise EDTFSyntaxError(_why(M_("only a set's first date can open with .., as in "
                                      "[..1760,1765]")))
    if not end_text and not last:
        raise EDTFSyntaxError(_why(M_("only a set's last date can end with .., as in "
                                      "[1760,1765..]")))
    start = _set_point(start_text) if start_text else OPEN
    end = _set_point(end_text) if end_text else OPEN
    if isinstance(start, Point) and isinstance(end, Point) and end.last < start.first:
        raise EDTFSyntaxError(_why(M_("the run {run} ends before it begins"), run=item))
    return start, end


def _set_point(text: str) -> Point:
    point = read_point(text)
    if point.time:
        raise EDTFSyntaxError(_why(M_("a set lists dates without times")))
    return point


def read_point(text: str) -> Point:
    """Read one date (no span, no set), or raise EDTFSyntaxError."""
    m = _POINT.fullmatch(text)
    if m is None:
        raise EDTFSyntaxError(_diagnose(text))
    marks = [m[g] or "" for g in ("yl", "yr", "ml", "mr", "dl", "dr")]
    texts = [m["year"], m["month"], m["day"]]
    if texts[0].startswith("Y") and texts[1]:
        raise EDTFSyntaxError(_why(M_("a year written with Y stands alone, without a month "
                                      "or day")))
    if texts[0] == "-0000":
        raise EDTFSyntaxError(_why(M_("year zero has no minus sign; write 0000")))
    if m["time"]:
        _check_time(m["time"], m["zone"], texts, marks)
    parts = _qualify(texts, marks)
    first, last = _bounds(*texts)
    return Point(*parts, m["time"], m["zone"], first, last)


def _diagnose(text: str) -> str:
    for pattern, reason in _SLIPS:
        if pattern.fullmatch(text):
            return reason
    return _NOT_A_DATE


def _check_time(time: str, zone: str | None, texts: list, marks: list) -> None:
    if not texts[2] or any("X" in t for t in texts if t) or any(marks):
        raise EDTFSyntaxError(_why(M_(
            "a time follows a whole, certain day, as in {example}; a time cannot be circa or "
            "uncertain"), example=_TIME_EXAMPLE))
    hours, minutes, seconds = (int(n) for n in time.split(":"))
    if hours > 23 or minutes > 59 or seconds > 59:
        raise EDTFSyntaxError(_why(M_(
            "{time} is not a time of day: hours run 00-23, minutes and seconds 00-59"), time=time))
    if zone and zone != "Z":
        offset = [int(n) for n in zone[1:].split(":")]
        if offset[0] > 14 or (len(offset) > 1 and offset[1] > 59):
            raise EDTFSyntaxError(_why(M_(
                "{zone} is not a time zone: write Z for UTC or an offset such as +08:00"),
                zone=zone))


def _qualify(texts: list, marks: list) -> list[Part | None]:
    """Apply ~ ? %: a mark before a part is that part's; a mark after a part is that part's
    and every part before it (ISO 8601-2 §10.1, EDTF Level 2 qualification)."""
    flags = [[False, False] for _ in texts]
    for i in range(3):
        before, after = marks[2 * i], marks[2 * i + 1]
        for mark, parts in ((before, (i,)), (after, range(i + 1))):
            for j in parts:
                flags[j][0] |= mark in ("~", "%")
                flags[j][1] |= mark in ("?", "%")
    return [Part(t, *f) if t else None for t, f in zip(texts, flags)]


def _bounds(year: str, month: str | None, day: str | None) -> tuple[Day, Day]:
    """The first and last day a date can mean, checking that it can mean one at all."""
    low, high = next(_years(year)), next(_years(year, descending=True))
    if month is None:
        return Day(low, 1, 1), Day(high, 12, 31)
    months = _month_values(month, season_allowed=day is None)
    if day is None:
        return Day(low, months[0], 1), Day(high, months[-1], days_in(high, months[-1]))
    days = _day_values(day)
    # the (month, day) pairs a leap year allows: none means no year can help
    pairs = [(mo, d) for mo in months for d in days if d <= days_in(0, mo)]
    if not pairs:
        raise EDTFSyntaxError(_no_such_day(year, month, day, leap=False))
    # at most 10,000 years to try, and only for 29 February in a run with no leap year
    first = next((Day(y, mo, d) for y in _years(year) for mo, d in pairs
                  if d <= days_in(y, mo)), None)
    if first is None:
        raise EDTFSyntaxError(_no_such_day(year, month, day, leap=True))
    last = next(Day(y, mo, d) for y in _years(year, descending=True) for mo, d in reversed(pairs)
                if d <= days_in(y, mo))
    return first, last


def _no_such_day(year: str, month: str, day: str, *, leap: bool) -> str:
    if "X" in month + day:
        return _why(M_("no day is written {written}"), written=f"{month}-{day}")
    name = _why(MONTH_WORDS[int(month)])
    if "X" not in year:
        number = int(year.lstrip("Y"))
        return _why(M_("{name} {number} has only {days} days"), name=name, number=number,
                    days=days_in(number, int(month)))
    if leap:  # 29 February, in a run of years none of which is a leap year
        return _why(M_("no year written {year} is a leap year, with a 29 February"), year=year)
    return _why(M_("{name} never has a day {day}"), name=name, day=int(day))


# Not calendar.month_name, which follows the process locale. Index 0 is "" so [6] is June.
MONTH_NAMES = (
    " January February March April May June July August September October November December"
).split(" ")
#: the same, as messages: a reason names the month in the contributor's language
MONTH_WORDS = ("", M_("January"), M_("February"), M_("March"), M_("April"), M_("May"),
               M_("June"), M_("July"), M_("August"), M_("September"), M_("October"),
               M_("November"), M_("December"))


def _digits(mask: str) -> list[int]:
    """Every number a run of digits and X can be, smallest first."""
    choices = [("0123456789" if c == "X" else c) for c in mask]
    return sorted({int("".join(p)) for p in itertools.product(*choices)})


def _years(text: str, *, descending: bool = False) -> Iterator[int]:
    """The years a year part can be, in order, one at a time (XXXX is 10,000 of them)."""
    if "X" not in text:
        yield int(text.lstrip("Y"))
        return
    negative = text.startswith("-")
    # for a fixed width, the digits' order is the numbers' order; a minus turns it round
    digits = "9876543210" if descending != negative else "0123456789"
    for chosen in itertools.product(*((digits if c == "X" else c) for c in text.lstrip("-"))):
        number = int("".join(chosen))
        yield -number if negative else number


def _month_values(text: str, *, season_allowed: bool) -> list[int]:
    if "X" in text:
        values = [m for m in _digits(text) if 1 <= m <= 12]
        if not values:
            raise EDTFSyntaxError(_why(M_("no month is written {written}: months run 01 to 12"),
                                       written=text))
        return values
    number = int(text)
    if 1 <= number <= 12:
        return [number]
    if number in SEASON_MONTHS:
        if not season_allowed:
            raise EDTFSyntaxError(_why(M_("a season ({number}) has no days; write its year and "
                                          "season only, as in 2001-21"), number=number))
        first, last = SEASON_MONTHS[number]
        return list(range(first, last + 1))
    if number == 0:
        raise EDTFSyntaxError(_why(M_("month 0 does not exist")))
    raise EDTFSyntaxError(_why(M_(
        "month {number} does not exist: months run 01 to 12, and 21 to 41 are seasons, "
        "quarters and half years (21 spring, 22 summer, 23 autumn, 24 winter)"), number=number))


def _day_values(text: str) -> list[int]:
    if "X" in text:
        values = [d for d in _digits(text) if 1 <= d <= 31]
        if not values:
            raise EDTFSyntaxError(_why(M_("no day is written {written}: days run 01 to 31"),
                                       written=text))
        return values
    number = int(text)
    if number == 0:
        raise EDTFSyntaxError(_why(M_("day 0 does not exist")))
    if number > 31:
        raise EDTFSyntaxError(_why(M_("day {number} does not exist: no month has more than "
                                      "31 days"), number=number))
    return [number]

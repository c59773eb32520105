"""EDTF dates: parsing, sorting and wording in Chinese and English.

Parlour accepts a small, everyday part of EDTF (the Library of Congress Extended Date/Time
Format): a year, month or day, optionally circa (``~``), uncertain (``?``) or both (``%``); a
decade or century with ``X`` digits; a season (``2025-21`` spring to ``2025-24`` winter); and a
span of two of these, either end possibly open (``..``). The ``edtf`` package checks the
grammar and gives the bounds; the wording is ours, because it has none.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import functools
import io
import re
from dataclasses import dataclass
from typing import NamedTuple

import edtf

from .problems import ParlourError

HINT = (
    "Write it like 1992, 1992-06 or 1992-06-05; 1992~ (circa), 1992? (uncertain), "
    "199X (a decade), 2025-21 (spring), 1956/2001 (a span) or 2024/.. (open-ended)."
)

_END = re.compile(
    r"(?:(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?|(?P<mask>\d\d(?:\dX|XX)))"
    r"(?P<q>[~?%]?)"
)
_SEASONS_ZH = "春夏秋冬"
_SEASONS_EN = ("spring", "summer", "autumn", "winter")
# Not calendar.month_name, which follows the process locale. Index 0 is "" so [6] is June.
_MONTHS_EN = (
    " January February March April May June July August September October November December"
).split(" ")


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


class _End(NamedTuple):
    year: int | None  # None for a decade or century
    month: int | None  # 21-24 are seasons
    day: int | None
    mask: str | None  # "199X" or "19XX"
    q: str  # "", "~", "?" or "%"


@dataclass(frozen=True)
class EDTFDate:
    """A parsed date. Bounds are the strict ones: ``1992~`` runs from 1 Jan to 31 Dec 1992."""

    text: str
    lower: datetime.date | None  # None for an open start ("../1990")
    upper: datetime.date | None  # None for an open end ("2024/..")
    approximate: bool
    uncertain: bool

    def sort_key(self) -> tuple:
        """Open start first, then by lower bound, then upper bound (open end last), then text."""
        return (
            self.lower is not None,
            self.lower or datetime.date.min,
            self.upper is None,
            self.upper or datetime.date.max,
            self.text,
        )

    def words(self, lang: str = "zh") -> str:
        """The date in words; see :func:`words`."""
        return words(self, lang)


def parse(text: str | int | datetime.date | None) -> EDTFDate:
    """Parse an EDTF string, raising :class:`DateError` with a plain-words reason.

    YAML turns ``1992`` into an int and ``1992-06-05`` into a ``datetime.date``; both are
    taken as the string the contributor typed.
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
    say = _end_en if en else _end_zh
    said = [None if end is None else say(end) for end in _read(text)[1]]
    if len(said) == 1:
        return said[0]
    start, stop = said
    if start is None:
        return f"until {stop}" if en else f"{stop}以前"
    if stop is None:
        return f"{start} onwards" if en else f"{start}至今"
    if not en:
        return f"{start}至{stop}"
    # an en dash is spaced when either end is more than one word: "June 1992 – May 1993"
    return f"{start} – {stop}" if " " in start + stop else f"{start}–{stop}"


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
    the past. So with ``today`` in 2025, ``2016`` is present and ``2014`` is past.
    """
    if status in ("planned", "wished"):
        return "future"
    if status == "ongoing":
        return "present"
    date = value if isinstance(value, EDTFDate) else parse(value)
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
    if isinstance(value, datetime.datetime):  # a YAML timestamp: Parlour dates are days
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


@functools.lru_cache(maxsize=4096)  # the same dates recur across an archive
def _read(text: str) -> tuple[EDTFDate, tuple[_End | None, ...]]:
    if not text:
        raise DateError(text, "it is empty")
    parts = text.split("/")
    if len(parts) > 2:
        raise DateError(text, "a span has one “/”, between its start and its end")
    span = len(parts) == 2
    ends = tuple(_read_end(text, part, span=span) for part in parts)
    if ends == (None, None):
        raise DateError(text, "a span needs at least one known end")
    bounds = [(None, None) if end is None else _bounds(text, end) for end in ends]
    lower, upper = bounds[0][0], bounds[-1][1]
    if lower and upper and upper < lower:
        raise DateError(text, f"the span ends ({parts[1]}) before it begins ({parts[0]})")
    marks = "".join(end.q for end in ends if end is not None)
    date = EDTFDate(text, lower, upper, "~" in marks or "%" in marks, "?" in marks or "%" in marks)
    return date, ends


def _read_end(text: str, part: str, *, span: bool) -> _End | None:
    if span and part == "..":
        return None
    m = _END.fullmatch(part)
    if m is None:
        raise DateError(text, _diagnose(text, part, span=span))
    if m["mask"]:
        return _End(None, None, None, m["mask"], m["q"])
    year, month, day = (int(g) if g else None for g in m.group("year", "month", "day"))
    if month is not None and not (1 <= month <= 12 or (21 <= month <= 24 and day is None)):
        raise DateError(text, f"month {month} does not exist")
    if month is not None and month > 12 and m["q"]:
        # EDTF (and the edtf package) has no circa or uncertain season at the level we use
        raise DateError(text, "it is not written in a form Parlour knows")
    if day is not None:
        length = calendar.monthrange(year or 4, month)[1]  # year 0 is a leap year (1 BC)
        if day == 0:
            raise DateError(text, "day 0 does not exist")
        if day > length:
            name = _MONTHS_EN[month]
            raise DateError(text, f"{name} {year} has only {length} days")
    return _End(year, month, day, None, m["q"])


def _diagnose(text: str, part: str, *, span: bool) -> str:
    # Guess the slip a person is likely to make; the hint in the message shows the right forms.
    if span and not part:
        return "one end of the span is empty; write .. for an open end, as in 2024/.."
    if re.fullmatch(r"\d{1,3}[~?%]?", part):
        return "a year needs all four digits, as in 1992"
    if re.fullmatch(r"\d{3}0'?s", part):
        return f"write a decade as {part[:3]}X"
    if re.fullmatch(r"\d\d[\dxX][xX][~?%]?", part):
        return "write unknown digits as a capital X, as in 199X"
    if re.fullmatch(r"\d{4}-\d\d?(-\d\d?)?[~?%]?", part):
        return "months and days need two digits, as in 1992-06-05"
    if _is_edtf(text):
        return "it is a kind of EDTF date that Parlour does not use"
    return "it is not written as a date"


def _is_edtf(text: str) -> bool:
    # edtf prints to stdout on some inputs it rejects, which would corrupt
    # `parlour check --format json`; this runs only for dates that are already wrong
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            edtf.parse_edtf(text)
        except Exception:  # the parser raises more than its own exception on odd input
            return False
    return True


#: first and last month of EDTF's seasons 21-24, as the edtf package bounds them
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}


def _bounds(text: str, end: _End) -> tuple[datetime.date, datetime.date]:
    """The strict first and last day an end can mean.

    Worked out here rather than by the edtf package: its grammar costs 7-12 ms per string,
    which alone would take most of `parlour check`'s budget on a large archive. The shapes
    are the small subset :data:`_END` admits, and a test compares every kind of them with
    edtf's own ``lower_strict()`` / ``upper_strict()``.
    """
    if end.mask:
        width = 10 if end.mask.endswith("X") and not end.mask.endswith("XX") else 100
        first = int(end.mask.replace("X", "0"))
        years, months = (first, first + width - 1), (1, 12)
    else:
        years = (end.year, end.year)
        if end.month is None:
            months = (1, 12)
        elif end.month > 12:
            months = _SEASON_MONTHS[end.month]
        else:
            months = (end.month, end.month)
    if years[0] < 1:
        raise DateError(text, "Parlour handles years from 1 to 9999 only")
    if end.day:
        return (
            datetime.date(years[0], months[0], end.day),
            datetime.date(years[1], months[1], end.day),
        )
    last = calendar.monthrange(years[1], months[1])[1]
    return datetime.date(years[0], months[0], 1), datetime.date(years[1], months[1], last)


def _end_zh(end: _End) -> str:
    if end.mask:
        said = f"{int(end.mask[:2]) + 1}世纪"
        if not end.mask.endswith("XX"):
            said += f"{end.mask[2]}0年代"
    elif end.month and end.month > 12:
        said = f"{end.year}年{_SEASONS_ZH[end.month - 21]}"
    else:
        said = f"{end.year}年" + (f"{end.month}月" if end.month else "")
        said += f"{end.day}日" if end.day else ""
    said = "约" + said if end.q in ("~", "%") else said
    return said + "（存疑）" if end.q in ("?", "%") else said


def _end_en(end: _End) -> str:
    if end.mask:
        century = int(end.mask[:2]) + 1
        decade = f"the {end.mask[:3]}0s"
        said = f"the {_ordinal(century)} century" if end.mask.endswith("XX") else decade
    elif end.month and end.month > 12:
        said = f"{_SEASONS_EN[end.month - 21]} {end.year}"
    else:
        said = f"{_MONTHS_EN[end.month]} {end.year}" if end.month else str(end.year)
        said = f"{end.day} {said}" if end.day else said
    said = "circa " + said if end.q in ("~", "%") else said
    return said + "?" if end.q in ("?", "%") else said


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

"""EDTF dates: parsing, bounds, sorting and wording in any language.

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

from ..catalog import M_
from . import edtf_parse as g
from .date_words import reading_words
from .edtf_parse import KNOWN, OPEN, UNKNOWN, Day, Point, Reading
from .problems import ParlourError

__all__ = ["HINT", "KNOWN", "OPEN", "UNKNOWN", "DateError", "Day", "EDTFDate", "era",
           "is_valid", "parse", "words"]

HINT = M_(
    "Write it like 1992, 1992-06 or 1992-06-05; 1992~ (circa), 1992? (uncertain), "
    "199X (a decade), XXXX (not known), 2025-21 (spring), 1956/2001 (a span), "
    "2024/.. (open-ended) or [1667,1668] (one of these)."
)


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
    """The date as a reader of ``lang`` (a BCP 47 tag) would say it: ``约1992年``,
    ``20世纪90年代``, ``circa 1992``, ``hacia 1992``: the calendar as CLDR writes it in that
    language, EDTF's phrasing from the catalogs (see :mod:`.date_words`). An empty or
    unknown tag is Chinese, the default before languages were configured.
    """
    text = value.text if isinstance(value, EDTFDate) else _as_text(value)
    return reading_words(_read(text)[1], lang)


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

"""EDTF dates in words, in any language: CLDR (through Babel) says the calendar, the catalogs
say EDTF.

CLDR knows how each locale writes a year, a month and a day, the era before year 1, month
names and lists (``1992年6月5日``, ``5 June 1992``, ``5 de junio de 1992``); what CLDR has no
word for (circa, uncertain, decades, centuries, seasons, open and unknown ends, notes on
parts) is a message of the catalogs in context ``date``, with fields: ``circa {date}`` is
约{date} in Simplified Chinese, 約{date} in Traditional, hacia {date} in Spanish.

The English catalog is the msgids themselves, and Parlour's English is British: ``en`` says
dates the way en-GB does (5 June 1992, autumn); a site that wants the American order names
``en-US``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale
from babel.dates import get_era_names, get_month_names, parse_pattern
from babel.lists import format_list
from babel.numbers import format_decimal

from ..catalog import LanguageError, Words, locale, words
from .edtf_parse import OPEN, UNKNOWN, Part, Point, Reading


def p_(context: str, msgid: str) -> tuple[str, str]:
    """Marks a message in context for extraction (``make catalogs``): (msgctxt, msgid)."""
    return context, msgid


#: what a qualifier on some parts only says after their names
_QUALIFIERS = {
    (True, False): p_("date", "{parts} approximate"),
    (False, True): p_("date", "{parts} uncertain"),
    (True, True): p_("date", "{parts} approximate and uncertain"),
}
_PART_NAMES = (p_("date", "year"), p_("date", "month"), p_("date", "day"))
_SEASON = p_("date", "season")
#: each sub-year grouping (EDTF 21-41): its name, and how it meets its year; the hemisphere
_OF = p_("date", "{part} of {year}")
_BEFORE = p_("date", "{part} {year}")
_NORTH, _SOUTH = p_("date", "northern hemisphere"), p_("date", "southern hemisphere")
_SPRING, _SUMMER = p_("date", "spring"), p_("date", "summer")
_AUTUMN, _WINTER = p_("date", "autumn"), p_("date", "winter")
_SEASONS: dict[int, tuple[tuple[str, str], tuple[str, str], tuple[str, str] | None]] = {
    21: (_SPRING, _BEFORE, None), 22: (_SUMMER, _BEFORE, None),
    23: (_AUTUMN, _BEFORE, None), 24: (_WINTER, _BEFORE, None),
    25: (_SPRING, _BEFORE, _NORTH), 26: (_SUMMER, _BEFORE, _NORTH),
    27: (_AUTUMN, _BEFORE, _NORTH), 28: (_WINTER, _BEFORE, _NORTH),
    29: (_SPRING, _BEFORE, _SOUTH), 30: (_SUMMER, _BEFORE, _SOUTH),
    31: (_AUTUMN, _BEFORE, _SOUTH), 32: (_WINTER, _BEFORE, _SOUTH),
    33: (p_("date", "the first quarter"), _OF, None),
    34: (p_("date", "the second quarter"), _OF, None),
    35: (p_("date", "the third quarter"), _OF, None),
    36: (p_("date", "the fourth quarter"), _OF, None),
    37: (p_("date", "January–April"), _BEFORE, None),
    38: (p_("date", "May–August"), _BEFORE, None),
    39: (p_("date", "September–December"), _BEFORE, None),
    40: (p_("date", "the first half"), _OF, None),
    41: (p_("date", "the second half"), _OF, None),
}
#: Fields some messages are given beyond those their English uses, for languages that say
#: the thing otherwise: 20世纪90年代 counts the century and the tens, el siglo XX is Roman,
#: 1992年某月25日 has no ordinal. A translation may use them (tests/test_catalogs.py).
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "the {decade}s": ("century", "tens"),
    "the {ordinal} century": ("number", "roman"),
    "the {ordinal} of a month in {year}": ("day",),
}
#: CLDR's English is American; Parlour's (its msgids) is British
_CLDR_FOR = {"en": "en_GB"}
#: languages that write a year's digits without grouping, however long (170000002年)
_UNGROUPED = {"zh", "ja", "ko"}


@dataclass(frozen=True)
class Say:
    """One language's way of saying dates: its catalog and its CLDR locale."""

    words: Words
    cldr: Locale

    def __call__(self, message: tuple[str, str], **fields: object) -> str:
        return self.words.p(*message, **fields)

    def pattern(self, skeleton: str, **fields: str) -> str:
        """CLDR's pattern for ``skeleton`` (``yMMMMd``) with its fields filled: ``y`` the
        year as said, ``M`` the month, ``d`` the day, ``G`` the era."""
        found = self.cldr.datetime_skeletons.get(skeleton)
        text = found.pattern if found is not None else skeleton
        names = parse_pattern(text).format
        values = {}
        for key in _pattern_keys(text):
            letter = key[0]
            if letter == "y":
                values[key] = fields["y"]
            elif letter in "ML":
                values[key] = fields["M"] if len(key) >= 3 else fields.get("m", fields["M"])
            elif letter == "d":
                values[key] = fields["d"]
            elif letter == "G":
                values[key] = fields.get("G", "")
        return (names % values).strip()

    def month(self, number: int) -> str:
        """A month's name as the locale writes it in a date (June, junio, 6月)."""
        if self.numeric_months:
            return self.pattern("MMM", M=get_month_names("abbreviated", "stand-alone",
                                                         locale=self.cldr)[number])
        return get_month_names("wide", "format", locale=self.cldr)[number]

    @functools.cached_property
    def numeric_months(self) -> bool:
        """Whether the locale writes a month as a number with a unit (6月), not a name."""
        found = self.cldr.datetime_skeletons.get("yMMMM")
        return found is not None and "MMM" not in found.pattern

    def number(self, n: int) -> str:
        if n > 9999 and self.cldr.language not in _UNGROUPED:
            return format_decimal(n, locale=self.cldr)
        return str(n)

    def join(self, items: list[str], style: str = "standard") -> str:
        return format_list(items, style=style, locale=self.cldr) if items else ""

    def fold(self, message: tuple[str, str], items: list[str]) -> str:
        """``items`` joined two by two with ``message`` ({first}, {second})."""
        out = items[0]
        for item in items[1:]:
            out = self(message, first=out, second=item)
        return out


def _pattern_keys(pattern: str) -> list[str]:
    return [key for key in parse_pattern(pattern).format.split("%(")[1:]
            for key in [key.split(")s", 1)[0]]]


@functools.lru_cache(maxsize=64)
def say(lang: str) -> Say:
    """The wording of dates in ``lang`` (a BCP 47 tag); Chinese for an empty or unknown tag,
    the site's default before languages were configured."""
    tag = (lang or "zh").replace("_", "-")
    try:
        loc = locale(tag)
    except LanguageError:
        tag, loc = "zh", locale("zh")
    cldr = _CLDR_FOR.get(tag.lower())
    return Say(words(tag), Locale.parse(cldr) if cldr else loc)


_AND = p_("date", "{first} and {second}")
_NOTES_SEP = p_("date", "{first}; {second}")


def reading_words(reading: Reading, lang: str) -> str:
    """A parsed date (:class:`Reading`) in words in ``lang``."""
    s = say(lang)
    if reading.kind == "span":
        return _span(reading.members[0], s)
    if reading.kind == "date":
        return _point(reading.points[0], s)
    return _set(reading, s)


def _span(pair: tuple, s: Say) -> str:
    start, stop = (_end(end, s) for end in pair)
    if pair[0] == UNKNOWN:
        return s(p_("date", "until {stop} (start unknown)"), stop=stop)
    if pair[1] == UNKNOWN:
        return s(p_("date", "from {start} (end unknown)"), start=start)
    if pair[0] == OPEN:
        return s(p_("date", "until {stop}"), stop=stop)
    if pair[1] == OPEN:
        return s(p_("date", "{start} onwards"), start=start)
    # an en dash is spaced when either end is more than one word: "June 1992 – May 1993"
    if " " in start + stop:
        return s(p_("date", "{start} – {stop}"), start=start, stop=stop)
    return s(p_("date", "{start}–{stop}"), start=start, stop=stop)


def _end(end, s: Say) -> str:
    return _point(end, s) if isinstance(end, Point) else ""


def _set(reading: Reading, s: Say) -> str:
    one_of = reading.kind == "one of"
    said = []
    for start, stop in reading.members:
        if start is stop:
            said.append(_end(start, s))
        elif start == OPEN:
            message = (p_("date", "{date} or earlier") if one_of
                       else p_("date", "{date} and earlier"))
            said.append(s(message, date=_end(stop, s)))
        elif stop == OPEN:
            message = p_("date", "{date} or later") if one_of else p_("date", "{date} and later")
            said.append(s(message, date=_end(start, s)))
        else:
            said.append(_span((start, stop), s))
    return s.join(said, "or" if one_of else "standard")


_MARKS = {(True, False): "~", (False, True): "?", (True, True): "%"}


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


def _year(n: int, s: Say) -> str:
    """A year alone: 1992年, 1992, 1986 BC (astronomical years: 0 is 1 BC)."""
    if n >= 1:
        return s.pattern("y", y=s.number(n))
    era = get_era_names("abbreviated", locale=s.cldr)[0]
    return s.pattern("Gy", y=s.number(1 - n), G=era)


def _years(year: Part, kind: str, s: Say) -> str:
    """A year with unknown digits: a decade, a century or a range of years."""
    if kind == "decade":
        return s(p_("date", "the {decade}s"), decade=year.text[:3] + "0",
                 century=int(year.text[:2]) + 1, tens=year.text[2] + "0")
    if kind == "century":
        number = int(year.text[:2]) + 1
        return s(p_("date", "the {ordinal} century"), ordinal=_ordinal(number), number=number,
                 roman=_roman(number))
    low, high = (_year(n, s) for n in _mask_range(year))
    return s(p_("date", "between {low} and {high}"), low=low, high=high)


def _month_part(month: Part, s: Say) -> str:
    if not month.masked:
        return s.month(int(month.text))
    low, high = _mask_range(month)
    return s(p_("date", "{first}–{last}"), first=s.month(max(low, 1)),
             last=s.month(min(high, 12)))


def _day_number(day: Part) -> str:
    if not day.masked:
        return str(int(day.text))
    low, high = _mask_range(day)
    return f"{max(low, 1)}–{min(high, 31)}"


def _point(point: Point, s: Say) -> str:
    year, month, day = point.year, point.month, point.day
    kind = _year_kind(year)
    plain = int(year.text.lstrip("Y")) if kind == "plain" else None
    notes: list[str] = []
    missing: list[tuple[str, str]] = []
    part = ""  # what is said of the time within the year: a season, a month, a day
    joiner = _BEFORE
    whole_day = False  # the part is a month and day, said with the year by CLDR
    season = point.season
    if season:
        name, joiner, hemisphere = _SEASONS[season]
        part = s(name)
        if hemisphere:
            notes.append(s(hemisphere))
    elif month is not None and month.unknown:
        if day is not None and not day.unknown:
            part = "day-of-a-month"
        else:
            missing += [_PART_NAMES[1]] + ([_PART_NAMES[2]] if day is not None else [])
    elif month is not None:
        if day is not None and day.unknown:
            missing.append(_PART_NAMES[2])
        whole_day = day is not None and not day.unknown
        part = "month"
    said = _said(point, kind, plain, part, joiner, whole_day, s, missing)
    if said is None:
        return s(p_("date", "date unknown"))  # nothing else to say, not even circa
    if point.time:
        zone = _zone(point.zone)
        said = (s(p_("date", "{date}, {time} {zone}"), date=said, time=point.time, zone=zone)
                if zone else s(p_("date", "{date}, {time}"), date=said, time=point.time))
    whole, parts = _qualified(point)
    if whole in ("~", "%"):
        said = s(p_("date", "circa {date}"), date=said)
    if whole in ("?", "%"):
        said = s(p_("date", "{date}?"), date=said)
    if missing:
        names = s.fold(_AND, [s(m) for m in missing])
        notes.insert(0, s(p_("date", "{parts} unknown"), parts=names))
    for pair, held in parts:
        names = s.fold(_AND, [s(_part_name(point, j)) for j in held])
        notes.append(s(_QUALIFIERS[pair], parts=names))
    if notes:
        said = s(p_("date", "{date} ({notes})"), date=said, notes=s.fold(_NOTES_SEP, notes))
    return said


def _said(point: Point, kind: str, plain: int | None, part: str, joiner: tuple[str, str],
          whole_day: bool, s: Say, missing: list) -> str | None:
    """The date itself, without qualifiers and notes; None when nothing is known."""
    month, day = point.month, point.day
    if part == "day-of-a-month":
        number = int(day.text) if not day.masked else None
        years = _year(plain, s) if plain is not None else _years(point.year, kind, s)
        return s(p_("date", "the {ordinal} of a month in {year}"),
                 ordinal=_ordinal(number) if number else _day_number(day),
                 day=_day_number(day), year=years)
    if part == "month" and not month.masked and plain is not None and plain >= 1:
        # a whole month (and day) of a known year: as CLDR says it
        skeleton = "yMMMMd" if whole_day else "yMMMM"
        return s.pattern(skeleton, y=s.number(plain), M=s.month(int(month.text)),
                         m=month.text.lstrip("0"), d=_day_number(day) if whole_day else "")
    if part == "month":
        # a month without its year (or a range of months): said alone, then with the year
        part = (s.pattern("MMMMd", M=s.month(int(month.text)), m=month.text.lstrip("0"),
                          d=_day_number(day))
                if whole_day and not month.masked else
                _month_part(month, s) if not whole_day else
                s(p_("date", "{date} {day}"), date=_month_part(month, s), day=_day_number(day)))
    if kind == "plain":
        said = _year(plain, s)
        return s(joiner, part=part, year=said) if part else said
    if kind == "unknown":
        if not part:
            return None
        return s(p_("date", "{part} (year unknown)"), part=part)
    years = _years(point.year, kind, s)
    if not part:
        return years
    if kind == "range":
        return s(p_("date", "{part}, {years}"), part=part, years=years)
    return s(p_("date", "{part} in {years}"), part=part, years=years)


def _part_name(point: Point, index: int) -> tuple[str, str]:
    if index == 1 and point.season:
        return _SEASON
    return _PART_NAMES[index]


def _zone(zone: str | None) -> str:
    if not zone:
        return ""
    if zone == "Z":
        return "UTC"
    return f"UTC{zone}" + (":00" if len(zone) == 3 else "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


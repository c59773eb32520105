"""The privacy lint of ``parlour check``: what in the archive could lead a stranger to a door.

Everything in the repository is public (it is a public repository, and its history keeps
what a later commit deletes), so every text is scanned: the fields of each record, the
Markdown body, and the transcripts beside the interviews. What is found:

- ``privacy-phone``: mainland mobile numbers, landlines with an area code, and 8-digit
  local numbers written after 电话 / tel;
- ``privacy-id-card``: resident ID card numbers, 18-digit with a correct ISO 7064
  MOD 11-2 check character, or the old 15-digit form; an error, because such a number must
  leave the repository (and its history) altogether;
- ``privacy-email``: e-mail addresses;
- ``privacy-address``: door addresses (a road + a door number, ``88弄12号``, a room in a
  building); a building on its own (``7号楼``) is a landmark, not a door;
- ``privacy-gps``: photos used by records whose EXIF or XMP holds a GPS position.

All are warnings except the ID card number. Numbers are shown masked in the messages,
because the messages themselves end up in CI logs and pull-request annotations.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .loader import Loaded, Source, file_signature, internal_problem, per_source, read_text
from .model import MediaPath
from ..catalog import M_
from .problems import ERROR, WARNING, Message, Problem, problem

#: Files the GPS check opens; sound, video and SVG carry no EXIF worth reading.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif"}

# --------------------------------------------------------------------------- patterns

_CN_DIGITS = "零〇一二三四五六七八九十百两"
_NUM = rf"(?:\d+|[{_CN_DIGITS}]+)"
# a room is numbered in figures (501室) or digit by digit (五〇一室), never 两室 (two rooms)
_ROOM_NO = r"(?:\d+|[零〇一二三四五六七八九]{3,4})"

# +86 138 1234 5678, 13812345678, 138-1234-5678 (and not inside a longer number)
_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")
# 021-6543 2100, (021)65432100, （021）6543-2100, 0571 8888 7777
_LANDLINE = re.compile(
    r"(?<!\d)(?:[(（]0\d{2,3}[)）]\s*|0\d{2,3}[\s-])\d{3,4}[\s-]?\d{4}(?!\d)"
)
# a bare 8-digit local number only counts when the text says it is a phone number
_LOCAL = re.compile(
    r"(?:电话|手机|座机|联系方式|\b(?:tel|phone)\b\.?)\s*(?:号码)?\s*[:：是为]?\s*"
    r"(?P<number>\d{4}[\s-]?\d{4})(?!\d)",
    re.IGNORECASE,
)
_ID_18 = re.compile(r"(?<![\dA-Za-z])(\d{6})[\s-]?(\d{8})[\s-]?(\d{3}[\dXx])(?![\dA-Za-z])")
_ID_15 = re.compile(r"(?<![\dA-Za-z])\d{15}(?![\dA-Za-z])")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)

# Door addresses. A road, street or lane-compound name followed directly by a door number
# (青桐路88弄12号, 某某路123号501室, 梧桐里12号) is a door. Chinese numerals after a road
# suffix count too (青桐路八十八号), but not after 里/坊/村/苑, where "弄堂里十七号" and the
# like are how residents speak of a house inside their own lane, not an address to go to.
_ROOM = rf"(?:\s*(?:{_NUM}\s*(?:号楼|幢|栋)\s*)?{_ROOM_NO}\s*室)?"
_ROAD_DOOR = re.compile(
    rf"(?P<road>[\u4e00-\u9fff]{{1,8}}?(?:路|街|大道|巷|胡同))\s*"
    rf"(?:{_NUM}\s*弄\s*(?:{_NUM}\s*支弄\s*)?)?{_NUM}\s*号(?!楼){_ROOM}"
)
_COMPOUND_DOOR = re.compile(
    rf"(?P<road>[\u4e00-\u9fff]{{1,8}}?(?:里|坊|新村|村|苑))\s*"
    rf"(?:\d+\s*弄\s*)?\d+\s*号(?!楼){_ROOM}"
)
# without a road name: 88弄12号 (Arabic figures, as written on a door plate), and any room
# number in a numbered building or house, 7号楼501室 / 12号501室; 7号楼 alone is a landmark
_LANE_DOOR = re.compile(rf"(?<![\d{_CN_DIGITS}])\d+\s*弄\s*\d+\s*号(?!楼){_ROOM}")
_BUILDING_ROOM = re.compile(
    rf"(?<![\d{_CN_DIGITS}]){_NUM}\s*(?:号楼|号|幢|栋)\s*{_ROOM_NO}\s*室"
)
# English, only with "No." or "Room": "No. 12, Lane 88", "No. 123 Qingtong Road", "Room 501,
# Building 7"; a bare "1958 Qingtong Road" is as likely a year as a door
_EN_DOOR = re.compile(
    r"\b(?:No\.?\s*\d+\s*,?\s*(?:Lane\s+\d+|(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Lane)\b)"
    r"|Lane\s+\d+\s*,?\s*No\.?\s*\d+"
    r"|Room\s+\d+\s*,?\s*(?:Building|Block|No\.?)\s*\d+"
    r"|(?:Building|Block)\s+\d+\s*,?\s*Room\s+\d+)"
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a resident ID card number's first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def _valid_birth(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return 1800 <= year <= datetime.date.today().year


def is_id_card(number: str) -> bool:
    """True for an 18-digit number with a correct check character and a real birth date, or
    a 15-digit one (the old cards, 1984-1999) with a real birth date."""
    number = re.sub(r"[\s-]", "", number).upper()
    if not re.fullmatch(r"[1-8]\d{5}(?:\d{11}[\dX]|\d{9})", number):
        return False
    if len(number) == 15:
        return _valid_birth(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    if not _valid_birth(int(number[6:10]), int(number[10:12]), int(number[12:14])):
        return False
    return id_check_char(number[:17]) == number[17]


# --------------------------------------------------------------------------- finding


@dataclass(frozen=True)
class Finding:
    """One private detail in a piece of text: where it starts (0-based) and what it is
    (``message`` and ``hint``: :class:`~parlour.archive.problems.Message`)."""

    start: int
    end: int
    code: str
    message: str
    hint: str
    severity: str = WARNING


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _mask(digits: str, keep_start: int, keep_end: int) -> str:
    digits = re.sub(r"[\s()（）-]", "", digits)
    hidden = len(digits) - keep_start - keep_end
    return digits[:keep_start] + "*" * max(hidden, 0) + digits[len(digits) - keep_end :]


_PHONE_HINT = Message(M_(
    "remove it: a phone number in a public archive reaches the person at home; if readers "
    "should get in touch, give the parlour's own contact instead"
))
_ID_HINT = Message(M_(
    "delete the number (a scan of the card too) and ask a maintainer to remove it from the "
    "repository's history as well; an old commit still holds it"
))
_PHONE = M_("this looks like a telephone number ({number})")


#: What every pattern above needs somewhere: a digit, an @, a road suffix followed by a
#: number (青桐路八十八号) or a room number before 室 (五〇一室). Text without any (most
#: prose, most transcript lines) cannot hold a finding and skips the eleven patterns.
_MAY_HOLD = re.compile(
    rf"[\d@]|(?:路|街|大道|巷|胡同)\s*[{_CN_DIGITS}]|[零〇一二三四五六七八九]\s*室"
)


#: Lines of a transcript that hold no words: timing lines and short numeric cue identifiers
#: (every number pattern above needs 7 or more digits).
_NOT_TEXT = re.compile(
    r"^\s*(?:\d{1,6}|(?:\d+:)?\d+:\d+\.\d+\s+-->\s+(?:\d+:)?\d+:\d+\.\d+)\s*$"
)


def find_private(text: str) -> list[Finding]:
    """Every private detail in ``text``, in order of position."""
    if not _MAY_HOLD.search(text):
        return []
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, *args: Any) -> None:
        if any(s < end and start < e for s, e in taken):
            return  # one detail, one finding (an ID card number is not also a phone number)
        taken.append((start, end))
        found.append(Finding(start, end, *args))

    for m in _ID_18.finditer(text):
        if is_id_card(m.group(0)):
            add(m.start(), m.end(), "privacy-id-card",
                Message(M_("this is a resident ID card number ({number}); it must be removed "
                           "from the archive, not just hidden or shortened"),
                        number=_mask(m.group(0), 4, 2)), _ID_HINT, ERROR)
    for m in _ID_15.finditer(text):
        if is_id_card(m.group(0)):
            add(m.start(), m.end(), "privacy-id-card",
                Message(M_("this is an old 15-digit resident ID card number ({number}); it "
                           "must be removed from the archive, not just hidden or shortened"),
                        number=_mask(m.group(0), 4, 2)), _ID_HINT, ERROR)
    for m in _MOBILE.finditer(text):
        add(m.start(), m.end(), "privacy-phone",
            Message(M_("this looks like a mobile phone number ({number})"),
                    number=_mask(_digits(m.group(0))[-11:], 3, 4)), _PHONE_HINT)
    for m in _LANDLINE.finditer(text):
        add(m.start(), m.end(), "privacy-phone",
            Message(_PHONE, number=_mask(m.group(0), 3, 2)), _PHONE_HINT)
    for m in _LOCAL.finditer(text):
        add(m.start("number"), m.end("number"), "privacy-phone",
            Message(_PHONE, number=_mask(m.group("number"), 2, 2)), _PHONE_HINT)
    for m in _EMAIL.finditer(text):
        local, _, domain = m.group(0).partition("@")
        add(m.start(), m.end(), "privacy-email",
            Message(M_("this is an e-mail address ({address})"),
                    address=f"{local[:1]}***@{domain}"),
            Message(M_("remove it; if readers should write to someone, give the parlour's own "
                       "address")))
    for pattern in (_ROAD_DOOR, _COMPOUND_DOOR, _LANE_DOOR, _BUILDING_ROOM, _EN_DOOR):
        for m in pattern.finditer(text):
            road = m.groupdict().get("road")
            start = m.start()
            if road:
                # the name match is lazy but starts early ("他家住在青桐路"): keep the road
                road = _road_name(road)
                start = m.end("road") - len(road)
            address = text[start : m.end()]
            hint = (
                Message(M_("write the street or the area (“{road}一带”) instead of the door "
                           "number"), road=road) if road
                else Message(M_("write the street or the area (“某某路一带”, “near … Road”) "
                                "instead of the door number"))
            )
            add(start, m.end(), "privacy-address",
                Message(M_("“{address}” is a door address: it leads a stranger to someone's "
                           "home"), address=address), hint)
    found.sort(key=lambda f: f.start)
    return found


def _road_name(prefix: str) -> str:
    """The road's own name from the characters before it: the last 2-4 before the suffix,
    cut after a word that cannot be part of a name (在, 住, 到, the, ...)."""
    m = re.search(r"(?:[在住到于是从往近的、，。：“”（）]|搬进|门牌)([^在住到于是从往近的]*)$", prefix)
    name = m.group(1) if m else prefix
    return name[-6:] if len(name) > 6 else name


# --------------------------------------------------------------------------- the lint


def privacy_problems(
    loaded: Loaded, *, media_root: Path, cache: dict | None = None
) -> list[Problem]:
    """Privacy warnings (and ID card errors) for every record, body, transcript and photo.

    ``media_root`` is stories/media/ of the archive, where the photos of records live.
    """
    problems: list[Problem] = []
    gps_cache: dict = {} if cache is None else cache.setdefault("gps", {})
    for (type_, id_), source in loaded.sources.items():
        record = loaded.records.get(type_, {}).get(id_) or loaded.partial.get((type_, id_))
        files = [(loaded.root / source.path).parent / name for name in _transcripts(source)]
        try:
            problems.extend(per_source(
                cache, "privacy", source, files, lambda: _text_problems(loaded, source)  # noqa: B023
            ))
            if record is not None:
                problems.extend(_gps_problems(source, record, media_root, gps_cache))
        except Exception as err:  # noqa: BLE001 - never a traceback for a contributor's file
            problems.append(internal_problem(source.path, err))
    return problems


def _text_problems(loaded: Loaded, source: Source) -> list[Problem]:
    out: list[Problem] = []
    raw_lines = _raw_lines(loaded.root / source.path, source.path)
    if source.data is not None:
        for loc, value in _strings(source.data, ()):
            line, col = source.marks.find(loc)
            for f in find_private(value):
                at = _locate(raw_lines, value[f.start : f.end], line) or (line, col)
                out.append(problem(source.path, *at, f.code, f.message, f.hint,
                                   severity=f.severity))
    if source.body:
        for n, text in enumerate(source.body.split("\n")):
            for f in find_private(text):
                out.append(problem(source.path, source.body_line + n, f.start + 1, f.code,
                                   f.message, f.hint, severity=f.severity))
    if source.type == "interviews":
        for name in _transcripts(source):
            out.extend(_transcript_problems(loaded.root, source, name))
    return out


def _transcripts(source: Source) -> list[str]:
    """The transcript files a record's data names: its transcript and their translations."""
    data = source.data if isinstance(source.data, dict) else {}
    translations = data.get("transcript_translations")
    names = [data.get("transcript")] + [
        t.get("file") for t in (translations if isinstance(translations, list) else [])
        if isinstance(t, dict)
    ]
    return [name.strip() for name in names if isinstance(name, str) and name.strip()]


def _transcript_problems(root: Path, source: Source, name: str) -> list[Problem]:
    folder = (root / source.path).parent
    path = (folder / name).resolve()
    if not path.is_file() or not path.is_relative_to(folder.resolve()):
        return []  # a missing or misplaced transcript is the media check's to report
    rel = path.relative_to(root).as_posix()
    text, _problems = read_text(path, rel)
    out = []
    for n, line in enumerate((text or "").split("\n"), start=1):
        if _NOT_TEXT.match(line):
            continue
        for f in find_private(line):
            out.append(problem(rel, n, f.start + 1, f.code, f.message, f.hint,
                               severity=f.severity))
    return out


def _strings(value: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """Every text in a record's raw data with its key path; long numbers count as text
    (an unquoted phone number is read by YAML as an int)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**6:
        yield loc, str(value)
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _strings(sub, loc + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _strings(sub, loc + (i,))


def _raw_lines(path: Path, rel: str) -> list[str]:
    text, _problems = read_text(path, rel)
    return text.split("\n") if text else []


def _locate(lines: list[str], found: str, from_line: int) -> tuple[int, int] | None:
    """The file line and column of ``found``, searched from its key's line on.

    The marks give the line of the key; a folded or block text continues below it.
    """
    for n in range(max(from_line, 1), min(len(lines), from_line + 200) + 1):
        col = lines[n - 1].find(found)
        if col >= 0:
            return n, col + 1
    return None


# --------------------------------------------------------------------------- GPS


def _gps_problems(source: Source, record: Any, media_root: Path,
                  cache: dict[Path, tuple]) -> list[Problem]:
    from .model import walk
    from .media import GPS_WARNING, ImageError, strip_metadata_problems

    out = []
    root = media_root.resolve()
    for loc, value in walk(record):
        if not isinstance(value, MediaPath) or value.base != "media":
            continue
        if Path(value).suffix.lower() not in IMAGE_SUFFIXES or "://" in value:
            continue
        path = (root / value).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            continue  # outside or missing: the media checks say so
        signature = file_signature(path)
        hit = cache.get(path)
        if hit is None or hit[0] != signature:
            try:
                found = GPS_WARNING in strip_metadata_problems(path)
            except ImageError:
                found = False  # an unreadable picture is the image check's problem
            cache[path] = hit = (signature, found)
        if hit[1]:
            line, col = source.marks.find(loc)
            out.append(problem(
                source.path, line, col, "privacy-gps",
                M_("the photo {file} records where it was taken (GPS position in its EXIF); "
                   "the original file is public in the repository, even though the site strips "
                   "it"),
                M_("remove the location from the file (for example `exiftool -gps:all= FILE`, "
                   "or re-save it with location turned off) and commit it again"),
                severity=WARNING, file=value,
            ))
    return out

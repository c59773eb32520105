"""OHMS XML read: an export of the Oral History Metadata Synchronizer as Parlour sees it.

OHMS (of the Louie B. Nunn Center, University of Kentucky) exports one ``<record>`` per
interview inside ``<ROOT>``: OHMS 5.x and 6.0 in the namespace
``https://www.weareavp.com/nunncenter/ohms``, OHMS 4 and third-party files without it (both
are read). What we use of it:

- metadata: ``title``, ``accession``, the date (below), ``duration``, ``interviewee``,
  ``interviewer``, ``language`` (a name such as ``English``), ``transcript_alt_lang``,
  ``description``, ``keyword`` and ``subject``, ``rights`` and ``usage``, ``file_name``,
  ``fmt`` and ``mediafile/clip_format``;
- the date, wherever the file has it: ``<date value="..."/>``, the text of ``<date>``,
  ``<date_nontext>`` and ``<date_nonpreferred_format>``, in the forms OHMS writes
  (``2009-06-18``, ``06/18/2009``, ``June 18, 2009``, ``18 June 2009``, ``June 2009``,
  ``2009``, ``2009年6月18日``); a text with one year in it (``Summer 1998``) gives that year;
- ``index/point``: ``time`` (seconds), ``title``/``title_alt``, ``synopsis``/``synopsis_alt``,
  ``keywords`` and ``subjects`` (``;``-separated), ``gpspoints`` (``gps``, ``gps_text``; older
  files put ``gps``/``gps_text``/``hyperlink`` straight into the point) and ``hyperlinks``;
- the transcript: OHMS 6 writes ``vtt_transcript`` (WebVTT in CDATA, ``<v NAME>`` voices left
  unclosed, ``NOTE TRANSCRIPTION BEGIN/END`` blocks, ``<br>`` inside cues, a last cue that may
  end at ``00:00:00.000``, sometimes no ``WEBVTT`` line; footnotes as ``<c.1>word</c>`` spans
  with ``<annotation ref="1">`` texts in a ``NOTE ANNOTATIONS`` block after the cues, as the
  OHMS viewer reads them); OHMS 5 writes ``transcript`` with ``sync`` (see ohms_legacy). Their
  ``*_alt`` twins are the transcript in ``transcript_alt_lang``. A transcript that only says
  there is none (``No transcript.``) is no transcript.
"""


from __future__ import annotations

import datetime
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..archive import dates
from ..archive.problems import ParlourError
from .ohms_legacy import attach_notes, sync_cues
from .vtt import Cue, parse_vtt, vtt_seconds

OHMS_NS = "https://www.weareavp.com/nunncenter/ohms"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
#: OHMS exports with long transcripts run to a few MB; anything far bigger is not one.
MAX_XML_BYTES = 50_000_000

#: OHMS writes language names; Parlour keeps codes.
LANGUAGE_CODES = {
    "english": "en", "chinese": "zh", "mandarin": "zh", "mandarin chinese": "zh",
    "中文": "zh", "汉语": "zh", "漢語": "zh", "普通话": "zh", "国语": "zh",
    "cantonese": "yue", "粤语": "yue", "廣東話": "yue", "shanghainese": "wuu", "上海话": "wuu",
    "wu chinese": "wuu", "japanese": "ja", "korean": "ko", "french": "fr", "german": "de",
    "spanish": "es", "portuguese": "pt", "italian": "it", "russian": "ru",
}
_VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi"}
_URL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class OHMSError(ParlourError):
    """An OHMS file that cannot be imported, or an interview that cannot be exported."""


@dataclass
class Point:
    time: float
    title: str
    title_alt: str = ""
    synopsis: str = ""
    synopsis_alt: str = ""
    partial_transcript: str = ""
    keywords: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    gps: list[tuple[str, str, str]] = field(default_factory=list)  # (gps, text, text_alt)
    hyperlinks: list[tuple[str, str]] = field(default_factory=list)  # (url, text)


@dataclass
class OHMSRecord:
    """What Parlour reads from one OHMS ``<record>``.

    ``dates`` are the date elements the file has, as (how the file writes it, value), in the
    order they are tried; ``notes`` say what the reading could not keep as OHMS had it."""

    path: str
    record_id: str = ""
    exported: str = ""
    version: str = ""
    title: str = ""
    accession: str = ""
    dates: list[tuple[str, str]] = field(default_factory=list)
    date_format: str = ""
    duration: float | None = None
    interviewees: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # record-level <keyword> and <subject>
    language: str = ""
    alt_language: str = ""
    description: str = ""
    rights: str = ""
    usage: str = ""
    user_notes: str = ""
    file_name: str = ""
    media_url: str = ""
    video: bool = False
    points: list[Point] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    alt_cues: list[Cue] = field(default_factory=list)
    transcript_kind: str = ""  # "vtt", "sync" or ""
    notes: list[str] = field(default_factory=list)


#: What archives write in a transcript field that has no transcript.
PLACEHOLDER_RE = re.compile(
    r"^\W*(?:(?:no|without)\s+transcript(?:ion)?(?:\s+(?:is\s+)?(?:available|yet|on\s+file))?"
    r"|transcript(?:ion)?\s+(?:not\s+(?:yet\s+)?available|unavailable|to\s+come|forthcoming"
    r"|in\s+progress|pending)|not\s+(?:yet\s+)?transcribed|n/?a|none|tbd|(?:暂)?无(?:文字稿|转录))"
    r"\W*$",
    re.IGNORECASE,
)


def _error_at(path: str, text: str, index: int, message: str) -> OHMSError:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return OHMSError(f"{path}:{line}:{col}: {message}")


def _decode_for_scan(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # ASCII-compatible: markup is still found where it is


def parse_ohms_xml(raw: bytes, path: str) -> ET.Element:
    """The ``<record>`` element of an OHMS export, namespaces removed.

    Refuses DOCTYPE and ENTITY declarations before parsing: an OHMS export never has them, and
    entity expansion is how a few lines of XML become gigabytes.
    """
    if len(raw) > MAX_XML_BYTES:
        raise OHMSError(f"{path}: this file is {len(raw) / 1e6:.0f} MB, too big to be an OHMS export")
    text = _decode_for_scan(raw)
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        at = text.find(marker)
        if at >= 0:
            raise _error_at(
                path, text, at,
                f"{marker[2:]} declarations are not allowed in an OHMS file "
                "(they can make a small file expand without limit); OHMS never writes them",
            )
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as err:
        line, col = err.position
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(err))
        raise OHMSError(f"{path}:{line}:{col + 1}: this is not well-formed XML ({reason})") from None
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    record = root if root.tag == "record" else root.find(".//record")
    if record is None:
        raise OHMSError(
            f"{path}: this is XML but not an OHMS export (no <record> element; "
            f"the top element is <{root.tag}>)"
        )
    return record


def _t(el: ET.Element | None, name: str | None = None) -> str:
    if el is not None and name is not None:
        el = el.find(name)
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def _clean(value: str) -> str:
    """Text for a Parlour field: no markup (OHMS titles may hold <i>), single spaces."""
    value = html.unescape(re.sub(r"<[^>]*>", "", value))
    return re.sub(r"[ \t]+", " ", value).strip()


def _split(value: str) -> list[str]:
    return [_clean(v) for v in value.split(";") if _clean(v)]


def _seconds(value: str, what: str, path: str) -> float:
    value = value.strip()
    try:
        if ":" in value:
            return vtt_seconds(value)
        return round(float(value), 3)
    except ValueError:
        raise OHMSError(f"{path}: {what} is “{value}”, not a time in seconds") from None


def read_ohms(xml_path: Path) -> OHMSRecord:
    """Read an OHMS export into an :class:`OHMSRecord`; :class:`OHMSError` if it cannot be."""
    xml_path = Path(xml_path)
    name = xml_path.as_posix()
    try:
        raw = xml_path.read_bytes()
    except OSError as err:
        raise OHMSError(f"{name}: cannot read this file ({err.strerror})") from None
    rec = parse_ohms_xml(raw, name)
    out = OHMSRecord(path=name)
    out.record_id = rec.get("id", "").strip()
    out.exported = rec.get("dt", "").strip()
    out.version = _t(rec, "version")
    out.title = _clean(_t(rec, "title"))
    out.accession = _t(rec, "accession")
    out.dates, out.date_format = _date_elements(rec)
    duration = _t(rec, "duration")
    if duration:
        out.duration = _seconds(duration, "<duration>", name) or None
    for tag, target in (("interviewee", out.interviewees), ("interviewer", out.interviewers)):
        for el in rec.findall(tag):
            target.extend(_split(_t(el)))
    for tag in ("keyword", "subject"):
        for el in rec.findall(tag):
            out.keywords.extend(_split(_t(el)))
    out.language = _t(rec, "language")
    out.alt_language = _t(rec, "transcript_alt_lang")
    out.description = _clean(_t(rec, "description"))
    out.rights = " ".join(_clean(_t(rec, "rights")).split())
    out.usage = " ".join(_clean(_t(rec, "usage")).split())
    out.user_notes = _t(rec, "user_notes")
    out.file_name = re.sub(r"\.mp3\.mp3$", ".mp3", _t(rec, "file_name"))  # an OHMS quirk
    out.media_url = _t(rec, "media_url")
    fmt = _t(rec, "fmt").lower()
    clip = _t(rec, "mediafile/clip_format").lower()
    out.video = fmt.startswith("video") or clip == "video" or (
        Path(out.file_name).suffix.lower() in _VIDEO_SUFFIXES
    )
    index = rec.find("index")
    for n, point in enumerate(index.findall("point") if index is not None else [], start=1):
        out.points.append(_point(point, n, name))
    out.cues, out.transcript_kind = _transcript(rec, "", out)
    out.alt_cues, _ = _transcript(rec, "_alt", out)
    return out


def _point(point: ET.Element, n: int, name: str) -> Point:
    time = _t(point, "time")
    if not time:
        raise OHMSError(f"{name}: index point {n} has no <time>")
    p = Point(
        time=_seconds(time, f"the <time> of index point {n}", name),
        title=_clean(_t(point, "title")).strip(";").strip(),
        title_alt=_clean(_t(point, "title_alt")).strip(";").strip(),
        synopsis=_clean(_t(point, "synopsis")),
        synopsis_alt=_clean(_t(point, "synopsis_alt")),
        partial_transcript=_t(point, "partial_transcript"),
        keywords=_split(_t(point, "keywords")),
        subjects=_split(_t(point, "subjects")),
    )
    for holder in [point, *point.findall("gpspoints")]:
        gps, text = _t(holder, "gps"), _clean(_t(holder, "gps_text"))
        if gps or text:
            p.gps.append((gps, text, _clean(_t(holder, "gps_text_alt"))))
    for holder in [point, *point.findall("hyperlinks")]:
        url = _t(holder, "hyperlink")
        if url:
            p.hyperlinks.append((url, _clean(_t(holder, "hyperlink_text"))))
    return p


def _transcript(rec: ET.Element, alt: str, out: OHMSRecord) -> tuple[list[Cue], str]:
    """The cues of the transcript (``alt`` ``""``) or of its translation (``"_alt"``)."""
    which = "the translated transcript" if alt else "the transcript"
    vtt = _t(rec, f"vtt_transcript{alt}")
    el = rec.find(f"transcript{alt}")
    # not stripped: sync counts the lines from the very first, blank or not
    text = "".join(el.itertext()) if el is not None else ""
    said = vtt or text  # the VTT when there is one: a file may keep an old placeholder too
    if said.strip() and "-->" not in said and PLACEHOLDER_RE.match(said.removeprefix("WEBVTT")):
        out.notes.append(f"{which} only says “{said.strip()}”: no transcript was imported")
        return [], ""
    problems: list[str] = []
    if vtt:
        cues, kind = vtt_cues(vtt, duration=out.duration, problems=problems), "vtt"
    elif text.strip():
        cues = sync_cues(text, _t(rec, f"sync{alt}"), duration=out.duration, problems=problems)
        kind = "sync"
    else:
        return [], ""
    out.notes.extend(f"{which}: {p}" for p in problems)
    return cues, kind


# --------------------------------------------------------------------------- VTT footnotes

_ANNOTATIONS_RE = re.compile(r"NOTE\s+ANNOTATIONS\s+BEGIN.*?(?:NOTE\s+ANNOTATIONS\s+END|\Z)",
                             re.DOTALL)
_ANNOTATION_RE = re.compile(r"<annotation\b([^>]*)>(.*?)</annotation>", re.DOTALL)
_SPAN_RE = re.compile(r"<c\.(\d+)>(.*?)</c>", re.DOTALL)


def vtt_cues(vtt: str, *, duration: float | None = None,
             problems: list[str] | None = None) -> list[Cue]:
    """The cues of an OHMS 6 ``vtt_transcript``, its footnotes attached: a ``<c.1>word</c>``
    span becomes ``word[1]`` and its ``<annotation ref="1">`` text that cue's note. Other
    annotations (links to outside entities) lose their span and are said in ``problems``."""
    problems = problems if problems is not None else []
    notes: dict[int, str] = {}
    others = 0
    for block in _ANNOTATIONS_RE.findall(vtt):
        for attrs, inner in _ANNOTATION_RE.findall(block):
            ref = re.search(r'\bref="(\d+)"', attrs)
            kind = re.search(r'\bannotationType="([^"]*)"', attrs)
            text = " ".join(html.unescape(re.sub(r"<[^>]*>", "", inner)).split())
            if ref and text and (not kind or kind.group(1) in ("", "conventional")):
                notes[int(ref.group(1))] = text
            else:
                others += 1
    cues = parse_vtt(_ANNOTATIONS_RE.sub("", vtt), duration=duration)

    def span(m: re.Match) -> str:
        number = int(m.group(1))
        if number not in notes:
            return m.group(2)
        return m.group(2) if m.group(2).endswith(f"[{number}]") else f"{m.group(2)}[{number}]"

    cues = [replace(c, text=_SPAN_RE.sub(span, c.text)) for c in cues]
    if others:
        problems.append(f"{others} annotation(s) that are not footnotes were not imported")
    return attach_notes(cues, notes, problems)


# --------------------------------------------------------------------------- dates

_DATE_TAGS = ("date", "date_nontext", "date_nonpreferred_format")
_MONTHS = {m: i for i, ms in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"),
    start=1) for m in ms.split()}
_MONTH = r"([A-Za-z]{3,9})\.?"


def _date_elements(rec: ET.Element) -> tuple[list[tuple[str, str]], str]:
    """The date elements of a record, as (how the file writes it, value), and the format its
    ``<date format="...">`` declares."""
    found = []
    el = rec.find("date")
    if el is not None and el.get("value") is not None:
        found.append((f'<date value="{el.get("value")}">', el.get("value", "").strip()))
    for tag in _DATE_TAGS:
        el = rec.find(tag)
        if el is not None and _t(el):
            found.append((f"<{tag}>{_t(el)}</{tag}>", _t(el)))
    date = rec.find("date")
    return found, (date.get("format", "") if date is not None else "").strip().lower()


def _edtf(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def ohms_date(text: str, *, fmt: str = "") -> str | None:
    """An OHMS date as EDTF, in any of the forms OHMS and archives write (see the module
    docstring); None when it is not one. ``fmt`` is the file's ``format`` attribute, which
    only decides whether ``03/04/2009`` is day first."""
    text = " ".join(text.split()).strip(" .")
    text = re.sub(r"(?<=\d)[T ]\d{1,2}:\d{2}(?::\d{2})?.*$", "", text)  # a time of day
    m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?", text)
    if m:
        return _edtf(int(m[1]), m[2] and int(m[2]), m[3] and int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        first, second = int(m[1]), int(m[2])
        day_first = fmt.startswith("dd") or first > 12
        return _edtf(int(m[3]), *((second, first) if day_first else (first, second)))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text)
    if m:
        return _edtf(int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?", text)
    if m:
        return _edtf(int(m[1]), m[2] and int(m[2]), m[3] and int(m[3]))
    for pattern, order in (
        (rf"{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})", "mdy"),
        (rf"(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (\d{{4}})", "dmy"),
        (rf"{_MONTH},? (\d{{4}})", "my"),
    ):
        m = re.fullmatch(pattern, text)
        if m:
            parts = dict(zip(order, m.groups(), strict=True))
            month = _MONTHS.get(parts["m"].lower())
            if month:
                return _edtf(int(parts["y"]), month, int(parts["d"]) if "d" in parts else None)
    return None


def record_date(rec: OHMSRecord, notes: list[str]) -> str | None:
    """The interview date of a record as EDTF, from the first of its date elements that
    holds one; else the one year a date text names (``Summer 1998``), said in ``notes``."""
    for _shown, value in rec.dates:
        found = ohms_date(value, fmt=rec.date_format) if value else None
        if found:
            try:
                dates.parse(found)
            except dates.DateError:
                continue
            return found
    for _shown, value in rec.dates:
        years = set(re.findall(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)", value))
        if len(years) == 1:
            year = years.pop()
            notes.append(f"the interview date “{value}” was read as the year {year}")
            return year
    return None

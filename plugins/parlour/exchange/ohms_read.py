"""OHMS XML: import an export as an interview (+ its .vtt), and write an interview back out.

OHMS (the Oral History Metadata Synchronizer of the Louie B. Nunn Center, University of
Kentucky) exports one ``<record>`` per interview inside ``<ROOT>``, normally in the namespace
``https://www.weareavp.com/nunncenter/ohms`` (older and third-party files leave it out; both
are read). What we use of it:

- metadata: ``title``, ``accession``, ``date value="yyyy-mm-dd"`` (else
  ``date_nonpreferred_format``), ``duration``, ``interviewee``, ``interviewer``, ``language``
  (a name such as ``English``), ``transcript_alt_lang``, ``description``, ``keyword`` and
  ``subject``, ``file_name``, ``fmt`` and ``mediafile/clip_format``;
- ``index/point``: ``time`` (seconds), ``title``/``title_alt``, ``synopsis``/``synopsis_alt``,
  ``keywords`` and ``subjects`` (``;``-separated), ``gpspoints`` (``gps``, ``gps_text``; older
  files put ``gps``/``gps_text``/``hyperlink`` straight into the point) and ``hyperlinks``;
- the transcript: OHMS 6 writes ``vtt_transcript`` (WebVTT in CDATA, ``<v NAME>`` voices left
  unclosed, ``NOTE TRANSCRIPTION BEGIN/END`` blocks, ``<br>`` inside cues, a last cue that may
  end at ``00:00:00.000``, sometimes no ``WEBVTT`` line); OHMS 5 writes ``transcript`` (plain
  hard-wrapped lines, ``NAME:`` speaker labels, ``[[footnote]]`` markup) with ``sync``.

How an index point becomes a segment: ``start`` is ``time``; ``title`` and ``synopsis`` are
kept, with their ``*_alt`` translation as the second language when ``transcript_alt_lang``
names one; ``keywords`` are the point's keywords then its subjects. ``partial_transcript`` is
dropped on import: it is a copy of the transcript at that time, and the export writes it again
from the .vtt. A map point becomes ``places`` when its ``gps_text`` is the name of a place in
the archive; anything else that does not fit (other map points, hyperlinks, user notes,
online-only media) is returned as a note for the person importing, never published unasked.

``sync`` ("1:|13(3)|19(14)|...") says where each minute falls: after the interval in minutes,
the n-th ``|``-separated entry is the transcript line (0-based, counting blank lines, as the
OHMS viewer counts them) and the word on it (1-based) spoken at n x interval minutes. Cues are
one per non-blank transcript line, its ``NAME:`` label as the voice; a line's time is
interpolated linearly between the two sync points around it (and from the last one to
``duration``), measuring the text in words for Latin script and in characters for Chinese
(which has no spaces, so one OHMS "word" can be a whole line). A cue's times are good to a few
seconds, not exact: OHMS never knew more than the minute marks.
"""


from __future__ import annotations

import html
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..archive.problems import ParlourError
from .vtt import Cue, parse_vtt, reading_time, vtt_escape, vtt_seconds

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
    """What Parlour reads from one OHMS ``<record>``."""

    path: str
    record_id: str = ""
    exported: str = ""
    version: str = ""
    title: str = ""
    accession: str = ""
    date_value: str = ""
    date_text: str = ""
    duration: float | None = None
    interviewees: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # record-level <keyword> and <subject>
    language: str = ""
    alt_language: str = ""
    description: str = ""
    user_notes: str = ""
    file_name: str = ""
    media_url: str = ""
    video: bool = False
    points: list[Point] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    transcript_kind: str = ""  # "vtt", "sync" or ""


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
    date_el = rec.find("date")
    out.date_value = (date_el.get("value", "") if date_el is not None else "").strip()
    out.date_text = _t(rec, "date_nonpreferred_format")
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
        out.points.append(p)
    vtt = _t(rec, "vtt_transcript")
    transcript = rec.find("transcript")
    if vtt:
        out.cues = parse_vtt(vtt, duration=out.duration)
        out.transcript_kind = "vtt"
    elif transcript is not None and "".join(transcript.itertext()).strip():
        out.cues = sync_cues(
            "".join(transcript.itertext()), _t(rec, "sync"), duration=out.duration
        )
        out.transcript_kind = "sync"
    return out


# --------------------------------------------------------------------------- sync -> cues

_LATIN_LABEL = r"[A-Z][A-Z0-9.'\- ]{0,40}"
_CJK_LABEL = r"[\u3400-\u9fff·]{1,8}"
_LABEL_RE = re.compile(rf"^\s*({_LATIN_LABEL}|{_CJK_LABEL})\s*[:：]\s*")
#: A guess when OHMS gives neither sync nor duration: 150 words (units) a minute.
SECONDS_PER_WORD = 0.4


def parse_sync(sync: str) -> list[tuple[int, int, float]]:
    """``1:|13(3)|19(14)`` as [(line, word, seconds)]: line 0-based, word 1-based."""
    sync = sync.strip()
    if ":" not in sync:
        return []
    interval, stamps = sync.split(":", 1)
    try:
        minutes = float(interval.strip() or 1)
    except ValueError:
        return []
    parts = stamps.split("|")
    if parts and not parts[0].strip():
        parts = parts[1:]  # the OHMS viewer reads an empty first entry as minute 0, line 0
    out = []
    for n, stamp in enumerate(parts, start=1):
        m = re.match(r"^\s*(\d+)\((\d+)\)\s*$", stamp)
        if m:
            out.append((int(m.group(1)), int(m.group(2)), round(n * minutes * 60, 3)))
    return out


def _units(token: str) -> int:
    """How long a whitespace-separated token takes to say, roughly: one unit per Chinese
    character, plus one for any run of other letters or digits."""
    cjk = len(_CJK_RE.findall(token))
    rest = 1 if re.search(r"[^\W_]", _CJK_RE.sub("", token)) else 0
    return max(1, cjk + rest)


def sync_cues(transcript: str, sync: str, *, duration: float | None = None) -> list[Cue]:
    """Cues from an OHMS 5 transcript and its minute sync: one per non-blank line, times
    interpolated between the sync points (see the module docstring)."""
    text = transcript.replace("\r\n", "\n").replace("\r", "\n")
    # Footnote texts go; the line count stays, because sync counts lines.
    text = re.sub(r"\[\[footnotes\]\].*?\[\[/footnotes\]\]",
                  lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
    text = re.sub(r"\[\[footnote\]\]\s*(\d+)\s*\[\[/footnote\]\]", r"[\1]", text)
    text = re.sub(r"\[\[/?(?:note|link)\]\]", "", text)
    text = re.sub(r"\{[0-9:.]*\}", "", text)  # inline time marks; the OHMS viewer drops them too
    lines = text.split("\n")
    # Positions are counted in units of speech, not in words: a Chinese line has no spaces,
    # so it is one OHMS "word" however long it is; each Chinese character is one unit.
    tokens = [[_units(token) for token in line.split()] for line in lines]
    offsets = [0]
    for weights in tokens:
        offsets.append(offsets[-1] + sum(weights))
    total = offsets[-1]

    anchors = [(0, 0.0)]
    for line, word, seconds in parse_sync(sync):
        if line >= len(lines):
            continue
        before = tokens[line][: min(max(word, 1), len(tokens[line])) - 1]
        g = offsets[line] + sum(before)
        if g > anchors[-1][0] and seconds > anchors[-1][1]:
            anchors.append((g, seconds))
    if len(anchors) > 1:
        rate = anchors[-1][1] / anchors[-1][0]
    else:
        rate = SECONDS_PER_WORD
    if duration and duration > anchors[-1][1] and total > anchors[-1][0]:
        anchors.append((total, duration))
        rate = (duration - anchors[-2][1]) / (total - anchors[-2][0])

    def at(g: int) -> float:
        for (g0, t0), (g1, t1) in itertools.pairwise(anchors):
            if g0 <= g <= g1:
                return round(t0 + (t1 - t0) * (g - g0) / (g1 - g0), 3)
        g0, t0 = anchors[-1]
        return round(t0 + (g - g0) * rate, 3)

    # Speaker labels: OHMS writes SMITH:; a Chinese label (王建国：) counts only when it starts
    # two or more lines, so a sentence such as 他说：走吧 is not taken for a speaker.
    labels: dict[str, int] = {}
    for line in lines:
        m = _LABEL_RE.match(line)
        if m:
            labels[m.group(1).strip()] = labels.get(m.group(1).strip(), 0) + 1
    starts = [i for i, line in enumerate(lines) if line.strip()]
    cues: list[Cue] = []
    voice = None
    for k, i in enumerate(starts):
        line = lines[i].strip()
        m = _LABEL_RE.match(line)
        if m and (not _CJK_RE.search(m.group(1)) or labels[m.group(1).strip()] >= 2):
            voice = m.group(1).strip()
            line = line[m.end():].strip()
        start = at(offsets[i])
        end = at(offsets[starts[k + 1]]) if k + 1 < len(starts) else at(total)
        payload = vtt_escape(html.unescape(line))
        if end <= start:  # two sync marks on one line: the line still takes time to say
            end = round(start + reading_time(payload), 3)
        cues.append(Cue(start, end, voice, payload))
    return cues


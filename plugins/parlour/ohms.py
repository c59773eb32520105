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

import datetime
import html
import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .archive import dates
from .archive.model import LANGS, SLUG_RE, Interview
from .archive.problems import ParlourError

OHMS_NS = "https://www.weareavp.com/nunncenter/ohms"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
#: OHMS exports with long transcripts run to a few MB; anything far bigger is not one.
MAX_XML_BYTES = 50_000_000
INTERVIEWS = Path("stories/interviews")
MEDIA = Path("stories/media")

#: OHMS writes language names; Parlour keeps codes.
LANGUAGE_CODES = {
    "english": "en", "chinese": "zh", "mandarin": "zh", "mandarin chinese": "zh",
    "中文": "zh", "汉语": "zh", "漢語": "zh", "普通话": "zh", "国语": "zh",
    "cantonese": "yue", "粤语": "yue", "廣東話": "yue", "shanghainese": "wuu", "上海话": "wuu",
    "wu chinese": "wuu", "japanese": "ja", "korean": "ko", "french": "fr", "german": "de",
    "spanish": "es", "portuguese": "pt", "italian": "it", "russian": "ru",
}
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "yue": "Cantonese", "wuu": "Shanghainese",
                  "ja": "Japanese", "ko": "Korean", "fr": "French", "de": "German",
                  "es": "Spanish", "pt": "Portuguese", "it": "Italian", "ru": "Russian"}
_VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi"}
_URL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class OHMSError(ParlourError):
    """An OHMS file that cannot be imported, or an interview that cannot be exported."""


# --------------------------------------------------------------------------- WebVTT


@dataclass(frozen=True)
class Cue:
    """One WebVTT cue. ``text`` is the payload as WebVTT has it (``&amp;`` escaped, tags
    such as ``<i>`` kept) without the leading ``<v voice>`` tag, which is ``voice``."""

    start: float
    end: float
    voice: str | None
    text: str
    id: str | None = None


_VTT_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING_RE = re.compile(rf"^\s*({_VTT_TIME})\s+-->\s+({_VTT_TIME})(?:\s.*)?$")
_VOICE_RE = re.compile(r"^<v(?:\.[^\s>]+)?[ \t]+([^>]*)>[ \t]*")
_BARE_AMP_RE = re.compile(r"&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#[xX][0-9a-fA-F]+);)")


def vtt_seconds(value: str) -> float:
    """``01:02:03.500`` or ``02:03.500`` as seconds."""
    parts = value.replace(",", ".").split(":")
    seconds = float(parts[-1])
    for i, part in enumerate(reversed(parts[:-1]), start=1):
        seconds += int(part) * 60**i
    return round(seconds, 3)


def vtt_timestamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def parse_vtt(text: str, *, duration: float | None = None) -> list[Cue]:
    """The cues of a WebVTT text, as OHMS and Parlour write it.

    Tolerates what OHMS exports do: no ``WEBVTT`` line, ``NOTE`` blocks, unclosed voice tags,
    ``<br>`` for a line break, bare ``&``, and an end time before the start (the last cue of
    an OHMS file ends at 00:00:00.000) or at it (OHMS writes 00:00:29.000 --> 00:00:29.000
    for a one-word answer): such a cue ends where the next begins, else (the last cue) at
    ``duration``, else after a reading-speed guess. Cues with no text are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    cues: list[Cue] = []
    for block in blocks:
        lines = block.split("\n")
        head = lines[0].strip()
        if head.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        cue_id = None
        if _TIMING_RE.match(lines[0]):
            timing, rest = lines[0], lines[1:]
        elif len(lines) > 1 and _TIMING_RE.match(lines[1]):
            cue_id, timing, rest = lines[0].strip(), lines[1], lines[2:]
        else:
            continue  # not a cue: WebVTT parsers skip such blocks too
        m = _TIMING_RE.match(timing)
        payload = "\n".join(rest)
        payload = re.sub(r"(?i)<br\s*/?>", "\n", payload)
        voice = None
        vm = _VOICE_RE.match(payload.lstrip())
        if vm:
            voice = vm.group(1).strip() or None
            payload = payload.lstrip()[vm.end():]
            if payload.rstrip().endswith("</v>") and "<v" not in payload:
                payload = payload.rstrip()[: -len("</v>")]
        payload = "\n".join(line.strip() for line in payload.split("\n") if line.strip())
        payload = _BARE_AMP_RE.sub("&amp;", payload).replace("-->", "--&gt;")
        cues.append(Cue(vtt_seconds(m.group(1)), vtt_seconds(m.group(2)), voice, payload, cue_id))
    fixed = []
    for i, cue in enumerate(cues):
        if not cue.text:
            continue  # a cue with nothing said in it marks no moment worth keeping
        if cue.end <= cue.start:
            nxt = cues[i + 1].start if i + 1 < len(cues) else None
            if nxt is not None and nxt > cue.start:
                end = nxt
            elif nxt is None and duration and duration > cue.start:
                end = duration
            else:
                end = cue.start + reading_time(cue.text)
            cue = replace(cue, end=round(end, 3))
        fixed.append(cue)
    return fixed


def reading_time(payload: str) -> float:
    """A guess at how long a cue takes to say: 15 characters a second, at least one second."""
    return max(1.0, round(len(plain_text(payload)) / 15, 3))


def write_vtt(cues: list[Cue]) -> str:
    """WebVTT text for ``cues``: one voice tag per cue, as OHMS writes them."""
    out = ["WEBVTT", ""]
    for cue in cues:
        if cue.id:
            out.append(cue.id)
        out.append(f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}")
        out.append(f"<v {cue.voice}>{cue.text}" if cue.voice else cue.text)
        out.append("")
    return "\n".join(out)


def plain_text(payload: str) -> str:
    """A cue payload as words: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", payload)).strip()


# --------------------------------------------------------------------------- reading OHMS


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


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        payload = _vtt_escape(html.unescape(line))
        if end <= start:  # two sync marks on one line: the line still takes time to say
            end = round(start + reading_time(payload), 3)
        cues.append(Cue(start, end, voice, payload))
    return cues


# --------------------------------------------------------------------------- import


def _language(name: str) -> str | None:
    key = name.strip().lower()
    if not key:
        return None
    if key in LANGUAGE_CODES:
        return LANGUAGE_CODES[key]
    if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", key):
        return key
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _short_slug(text: str, limit: int = 60) -> str:
    slug = _slug(text)
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _names(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(v) for v in value.values()]
    return [str(value)] if value else []


def _find_person(name: str, loaded) -> str | None:
    ids = {id_ for (type_, id_) in loaded.sources if type_ == "people"}
    if _slug(name) in ids:
        return _slug(name)
    wanted = name.strip().casefold()
    for id_, person in loaded.records.get("people", {}).items():
        for value in (person.name, person.display_name):
            if wanted in (n.strip().casefold() for n in _names(value)):
                return id_
    return None


def _text(primary: str, alt: str, lang: str | None, alt_lang: str | None) -> Any:
    """A Parlour text field: ``{zh: ..., en: ...}`` when the languages are known."""
    if lang not in LANGS:
        return primary or alt
    out = {}
    if primary:
        out[lang] = primary
    if alt and alt_lang in LANGS and alt_lang != lang:
        out[alt_lang] = alt
    return out or None


def format_time(seconds: float) -> str:
    """``4:23`` or ``1:02:03`` (fractions kept as ``4:23.5``)."""
    whole = int(seconds)
    frac = round(seconds - whole, 3)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    out = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    if frac:
        out += f"{frac:.3f}".lstrip("0").rstrip("0")
    return out


def _date(rec: OHMSRecord, notes: list[str]) -> str | None:
    for candidate in (rec.date_value, rec.date_text):
        if candidate:
            try:
                dates.parse(candidate)
                return candidate
            except dates.DateError:
                pass
    years = set(re.findall(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)", rec.date_text))
    if len(years) == 1:
        year = years.pop()
        notes.append(f"the interview date “{rec.date_text}” was read as the year {year}")
        return year
    return None


def _theme(keyword: str, themes: dict) -> str | None:
    wanted = keyword.strip().casefold()
    for id_, label in themes.items():
        if wanted in (id_, label.zh.casefold(), label.en.casefold()):
            return id_
    return None


def _place(text: str, places: dict) -> str | None:
    wanted = text.strip().casefold()
    for id_, place in places.items():
        for name in place.names:
            if wanted in (n.strip().casefold() for n in _names(name.name)):
                return id_
    return None


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def import_ohms(
    xml_path: Path,
    *,
    root: Path,
    id: str | None = None,  # noqa: A002 - the CLI's --id
    narrator: str | None = None,
    date: str | None = None,
    force: bool = False,
    notes: list[str] | None = None,
) -> list[Path]:
    """Turn an OHMS export into ``stories/interviews/<id>.md`` and ``<id>.vtt`` under ``root``.

    ``narrator`` is an existing person id; without it the ``<interviewee>`` must match a
    person already in stories/people/ (by id or name), because an interview cannot be
    published for someone whose consent the archive does not hold. ``id`` defaults to an
    ASCII slug of the title, else of the accession number. Existing files are only
    replaced with ``force``. Things the archive has no place for are appended to ``notes``.
    Returns the paths written.
    """
    from .archive.loader import load_archive  # noqa: PLC0415 - loader imports model, keep this light

    notes = notes if notes is not None else []
    root = Path(root).resolve()
    rec = read_ohms(Path(xml_path))
    loaded = load_archive(root)
    people = {id_ for (type_, id_) in loaded.sources if type_ == "people"}

    # who
    if narrator:
        if narrator not in people:
            raise OHMSError(
                f"there is no person “{narrator}” (stories/people/{narrator}.yml); "
                "add them with their consent first, or give an existing person id"
            )
        narrator_id = narrator
    else:
        found = [p for p in (_find_person(n, loaded) for n in rec.interviewees) if p]
        if not found:
            who = "; ".join(rec.interviewees)
            suggestion = _slug(who) or "their-name"
            raise OHMSError(
                (f"{rec.path}: the narrator “{who}” is not in stories/people/. "
                 if who else f"{rec.path}: the OHMS record names no interviewee. ")
                + f"Add them (with their consent) as stories/people/{suggestion}.yml, "
                "or name an existing person with --narrator ID"
            )
        narrator_id = found[0]
    interviewers = []
    for name in rec.interviewers:
        person = _find_person(name, loaded)
        if person and person != narrator_id and person not in interviewers:
            interviewers.append(person)
        elif not person:
            notes.append(f"interviewer “{name}” is not in stories/people/; add them to list them")

    # which id
    interview_id = id
    if not interview_id and rec.title and not _CJK_RE.search(rec.title):
        interview_id = _short_slug(rec.title)
    if not interview_id:
        interview_id = _short_slug(rec.accession) or (f"ohms-{_slug(rec.record_id)}"
                                                     if _slug(rec.record_id) else "")
    if not interview_id or not SLUG_RE.match(interview_id):
        raise OHMSError(
            f"“{interview_id or rec.title}” cannot be an interview id: give one with --id, "
            "in lowercase letters a-z, digits and hyphens"
        )

    # when, in what language
    when = date or _date(rec, notes)
    if not when:
        raise OHMSError(
            f"{rec.path}: the OHMS record has no interview date Parlour can read "
            f"(<date value=\"{rec.date_value}\">, “{rec.date_text}”); give it with --date, "
            "like 1998 or 1998-07"
        )
    try:
        dates.parse(when)
    except dates.DateError as err:
        raise OHMSError(str(err)) from None
    lang = _language(rec.language)
    if lang is None:
        sample = rec.title + "".join(c.text for c in rec.cues[:20])
        lang = "zh" if _CJK_RE.search(sample) else "en"
        if rec.language:
            notes.append(f"the language “{rec.language}” was taken to be {lang}")
    alt_lang = _language(rec.alt_language)

    # segments
    places = loaded.records.get("places", {})
    segments = []
    for point in rec.points:
        seg: dict[str, Any] = {"start": format_time(point.time)}
        title = _text(point.title, point.title_alt, lang, alt_lang)
        seg["title"] = title or ("未命名段落" if lang == "zh" else "Untitled segment")
        synopsis = _text(point.synopsis, point.synopsis_alt, lang, alt_lang)
        if synopsis:
            seg["synopsis"] = synopsis
        keywords = list(dict.fromkeys(point.keywords + point.subjects))
        if keywords:
            seg["keywords"] = keywords
        seg_places = []
        for gps, text, text_alt in point.gps:
            place = next((p for p in (_place(t, places) for t in (text, text_alt) if t) if p), None)
            if place:
                if place not in seg_places:
                    seg_places.append(place)
            else:
                notes.append(
                    f"segment {seg['start']}: map point {gps or '-'} ({text or 'no name'}) matches "
                    "no place in stories/places/; add the place and list it under places"
                )
        if seg_places:
            seg["places"] = seg_places
        for url, text in point.hyperlinks:
            notes.append(f"segment {seg['start']}: link “{text or url}” {url} was not imported")
        segments.append(seg)

    themes = []
    for keyword in rec.keywords:
        theme = _theme(keyword, loaded.themes)
        if theme and theme not in themes:
            themes.append(theme)
        elif not theme:
            notes.append(f"OHMS keyword/subject “{keyword}” is not a theme in stories/themes.yml")
    if rec.user_notes:
        notes.append(f"OHMS user notes (not imported): {rec.user_notes}")

    # media: only a local file; a web address is never a Parlour recording
    written: list[Path] = []
    media_field = "video" if rec.video else "audio"
    media_name = None
    to_copy = None
    if rec.file_name and not _URL_RE.match(rec.file_name):
        name = re.split(r"[\\/]", rec.file_name)[-1]
        beside = Path(xml_path).parent / name
        if (root / MEDIA / name).is_file():
            media_name = name
        elif beside.is_file():
            media_name, to_copy = name, beside
        else:
            notes.append(
                f"the recording “{name}” was not found beside the XML or in stories/media/; "
                f"put it in stories/media/ and add `{media_field}: {name}`"
            )
    elif rec.media_url or rec.file_name:
        notes.append(
            f"the recording is online only ({rec.media_url or rec.file_name}); download it, "
            f"check you may use it, put it in stories/media/ and add `{media_field}: <file>`"
        )

    md_path = root / INTERVIEWS / f"{interview_id}.md"
    vtt_path = root / INTERVIEWS / f"{interview_id}.vtt"
    if (root / INTERVIEWS / f"{interview_id}.yml").exists():
        raise OHMSError(f"stories/interviews/{interview_id}.yml already exists; choose another --id")
    targets = [md_path] + ([vtt_path] if rec.cues else [])
    clash = [p for p in targets if p.exists()]
    if clash and not force:
        raise OHMSError(
            f"{', '.join(p.relative_to(root).as_posix() for p in clash)} already exists; "
            "use --force to replace it, or --id to import under another id"
        )

    data: dict[str, Any] = {
        "title": _text(rec.title, "", lang, alt_lang) or rec.accession or interview_id,
        "narrator": narrator_id,
    }
    if interviewers:
        data["interviewers"] = interviewers
    data["date"] = when
    data["language"] = lang
    if rec.description:
        data["summary"] = _text(rec.description, "", lang, alt_lang)
    if themes:
        data["themes"] = themes
    if media_name:
        data[media_field] = media_name
    if rec.cues:
        data["transcript"] = vtt_path.name
    if segments:
        data["segments"] = segments
    try:
        Interview.model_validate(data)
    except ValidationError as err:
        raise OHMSError(f"{rec.path}: the interview made from it would not be valid: {err}") from None

    source = [f"accession {rec.accession}" if rec.accession else "",
              f"record {rec.record_id}" if rec.record_id else "",
              f"exported {rec.exported}" if rec.exported else ""]
    body = "Imported from an OHMS export (" + ", ".join(s for s in source if s) + ").\n" \
        if any(source) else "Imported from an OHMS export.\n"
    md_path.parent.mkdir(parents=True, exist_ok=True)
    if to_copy is not None:
        (root / MEDIA).mkdir(parents=True, exist_ok=True)
        shutil.copy2(to_copy, root / MEDIA / media_name)
        written.append(root / MEDIA / media_name)
    md_path.write_text(f"---\n{_dump(data)}---\n{body}", encoding="utf-8")
    written.append(md_path)
    if rec.cues:
        vtt_path.write_text(write_vtt(rec.cues), encoding="utf-8")
        written.append(vtt_path)
    return written


# --------------------------------------------------------------------------- export


def _pair(value: Any, lang: str) -> tuple[str, str, str | None]:
    """(text in ``lang``, text in the other language, that language) of a Parlour text."""
    if value is None:
        return "", "", None
    if isinstance(value, str):
        return value, "", None
    primary = value.get(lang) or next(iter(value.values()), "")
    others = [k for k in value if k != lang and value[k] and value[k] != primary]
    return primary, (value[others[0]] if others else ""), (others[0] if others else None)


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text:
        el.text = text
    return el


def _duration(seconds: float) -> str:
    whole = round(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


def _partial(cues: list[Cue], start: float) -> str:
    cue = next((c for c in cues if c.start <= start < c.end), None) or next(
        (c for c in cues if c.start >= start), None
    )
    if cue is None:
        return ""
    words = plain_text(cue.text).replace("\n", " ")
    if len(words) > 300:
        words = words[:300].rsplit(" ", 1)[0] + " …"
    return f"{cue.voice}: {words}" if cue.voice else words


_CDATA_MARK = "@@PARLOUR-VTT-TRANSCRIPT@@"


def _voice_tag(voice: str | None) -> str | None:
    """A speaker label as a ``<v ...>`` annotation can hold it (no ``>`` or line breaks)."""
    if not voice:
        return None
    return " ".join(voice.replace(">", "›").replace("<", "‹").split()) or None


def export_ohms(
    id: str,  # noqa: A002
    *,
    root: Path,
    audience: str = "public",
    today: datetime.date | None = None,
) -> str:
    """OHMS XML (the OHMS 6 layout, with ``vtt_transcript``) for one interview.

    Consent decides, as for the website: the narrator appears by name only with name consent
    (else display name or a neutral label), the recording and transcript only when their
    aspects allow ``audience``; an interview the audience may not see is refused.
    """
    from .archive import Archive  # noqa: PLC0415
    from .archive.loader import load_archive  # noqa: PLC0415

    root = Path(root).resolve()
    loaded = load_archive(root)
    if ("interviews", id) not in loaded.sources:
        raise OHMSError(f"there is no interview “{id}” in stories/interviews/")
    if id not in loaded.records.get("interviews", {}):
        raise OHMSError(f"interview “{id}” has problems; run `parlour check` and fix them first")
    archive = Archive(loaded, audience=audience, today=today)
    entry = archive.get("interviews", id)
    if entry is None:
        raise OHMSError(
            f"interview “{id}” may not be shown to the {audience} audience (consent), "
            "so it is not exported"
        )
    # the redacted view: no recording, transcript, quote or person the audience may not have
    record = entry.record
    lang = record.language if record.language in LANGS else archive.default_lang
    cues = [
        # the archive's cues are plain text with consented speaker labels; OHMS wants payloads
        Cue(c.start, c.end, _voice_tag(c.voice), html.escape(c.text, quote=False))
        for c in archive.transcript(entry, lang) or []
    ]
    media = record.video or record.audio
    is_video = bool(record.video)
    alt_langs = set()

    top = ET.Element("ROOT", {
        "xmlns": OHMS_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{OHMS_NS}/ohms.xsd",
    })
    rec = _sub(top, "record", id="", dt=(today or datetime.date.today()).isoformat())
    _sub(rec, "version", "6.0")
    parsed = dates.parse(str(record.date))
    exact = parsed.lower == parsed.upper and re.fullmatch(r"\d{4}-\d\d-\d\d", str(record.date))
    _sub(rec, "date", value=str(record.date) if exact else "", format="yyyy-mm-dd")
    _sub(rec, "date_nonpreferred_format", "" if exact else str(record.date))
    _sub(rec, "cms_record_id")
    _sub(rec, "title", _pair(record.title, lang)[0])
    _sub(rec, "accession", id)
    end = max([c.end for c in cues] + [s.start for s in record.segments] + [0])
    _sub(rec, "duration", _duration(end))
    for tag in ("collection_id", "collection_name", "series_id", "series_name", "repository",
                "funding", "repository_url"):
        _sub(rec, tag)
    for theme in record.themes:
        label = archive.themes.get(theme)
        _sub(rec, "keyword", (label.zh if lang == "zh" else label.en) if label else theme)
    _sub(rec, "interviewee", archive.person_label(record.narrator, lang))
    # An interviewer this audience may not see is not in the view, so not listed at all.
    _sub(rec, "interviewer", "; ".join(archive.person_label(p, lang) for p in record.interviewers))
    _sub(rec, "format")
    _sub(rec, "file_name", media or "")
    alt_el = _sub(rec, "transcript_alt_lang")
    _sub(rec, "translate", "0")
    _sub(rec, "media_id")
    _sub(rec, "media_url")
    mediafile = _sub(rec, "mediafile")
    _sub(mediafile, "host", "Other")
    for tag in ("avalon_target_domain", "host_account_id", "host_player_id", "host_clip_id"):
        _sub(mediafile, tag)
    _sub(mediafile, "clip_format", "video" if is_video else "audio")
    _sub(rec, "kembed")
    _sub(rec, "language", LANGUAGE_NAMES.get(record.language, record.language))
    _sub(rec, "user_notes")
    index = _sub(rec, "index")
    for seg in record.segments:
        point = _sub(index, "point")
        _sub(point, "time", str(int(seg.start)) if seg.start == int(seg.start) else str(seg.start))
        title, title_alt, a1 = _pair(seg.title, lang)
        synopsis, synopsis_alt, a2 = _pair(seg.synopsis, lang)
        alt_langs.update(a for a in (a1, a2) if a)
        _sub(point, "title", title)
        _sub(point, "title_alt", title_alt)
        _sub(point, "partial_transcript", _partial(cues, seg.start))
        _sub(point, "partial_transcript_alt")
        _sub(point, "synopsis", synopsis)
        _sub(point, "synopsis_alt", synopsis_alt)
        _sub(point, "keywords", ";".join(seg.keywords))
        for tag in ("keywords_alt", "subjects", "subjects_alt"):
            _sub(point, tag)
        place_entries = [archive.get("places", p) for p in seg.places]
        for place in [p for p in place_entries if p is not None] or [None]:
            gps = _sub(point, "gpspoints")
            loc = place.record.location if place else None
            name, name_alt, _ = _pair(place.record.names[-1].name, lang) if place else ("", "", None)
            _sub(gps, "gps", f"{loc.lat}, {loc.lon}" if loc else "")
            _sub(gps, "gps_zoom", "17" if loc else "")
            _sub(gps, "gps_text", name)
            _sub(gps, "gps_text_alt", name_alt)
        links = _sub(point, "hyperlinks")
        for tag in ("hyperlink", "hyperlink_text", "hyperlink_text_alt"):
            _sub(links, tag)
    if len(alt_langs) == 1:
        alt_el.text = LANGUAGE_NAMES.get(next(iter(alt_langs)), next(iter(alt_langs)))
    _sub(rec, "type", "Oral history")
    _sub(rec, "description", _pair(record.summary, lang)[0])
    _sub(rec, "rel")
    _sub(rec, "vtt_transcript", _CDATA_MARK if cues else "")
    for tag in ("rights",):
        _sub(rec, tag)
    _sub(rec, "fmt", "video" if is_video else "audio")
    _sub(rec, "usage")
    _sub(rec, "userestrict", "0")
    for tag in ("xmllocation", "xmlfilename", "collection_link", "series_link"):
        _sub(rec, tag)
    ET.indent(top, space="  ")
    text = ET.tostring(top, encoding="unicode").replace(" />", "/>")
    if cues:
        vtt = write_vtt(cues).replace("WEBVTT\n\n", "WEBVTT\n\nNOTE\nTRANSCRIPTION BEGIN\n\n", 1)
        vtt += "\nNOTE\nTRANSCRIPTION END\n\n"
        text = text.replace(_CDATA_MARK, "<![CDATA[" + vtt.replace("]]>", "]]]]><![CDATA[>") + "]]>")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"

"""OHMS export: one interview, as its audience may see it, in the OHMS 6 layout.

Consent decides, as for the website (the export reads the archive's redacted view): the
narrator appears by name only with name consent (else display name or a neutral label), the
recording and transcript only when their aspects allow the audience, transcript voices are
relabelled; an interview the audience may not see is refused.

The transcript is written as ``vtt_transcript``, its translation (``transcript_translations``)
as ``vtt_transcript_alt``. Footnotes are written as OHMS 6 writes them, which is how the OHMS
viewer reads them: the word before a footnote's marker in a ``<c.1>`` span, and the notes as
``<annotation ref="1">`` in a ``NOTE ANNOTATIONS BEGIN`` ... ``END`` block after the cues.
Headings keep their ``<b>``; ``rights`` goes to ``<rights>``.
"""

from __future__ import annotations

import datetime
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..archive import dates
from .ohms_read import OHMS_NS, XSI_NS, OHMSError
from .vtt import Cue, plain_text, write_vtt

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "yue": "Cantonese", "wuu": "Shanghainese",
                  "ja": "Japanese", "ko": "Korean", "fr": "French", "de": "German",
                  "es": "Spanish", "pt": "Portuguese", "it": "Italian", "ru": "Russian"}
_CDATA = "@@PARLOUR-VTT-{}@@"
_LABEL_RE = re.compile(r"^\[(\d+)\]\s*")


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


def _voice_tag(voice: str | None) -> str | None:
    """A speaker label as a ``<v ...>`` annotation can hold it (no ``>`` or line breaks)."""
    if not voice:
        return None
    return " ".join(voice.replace(">", "›").replace("<", "‹").split()) or None


def _cues(archive, entry, lang: str) -> list[Cue]:
    """The view's transcript in ``lang`` as OHMS cue payloads (the archive's cues are plain
    text with consented speaker labels), headings in bold."""
    out = []
    for c in archive.transcript(entry, lang) or []:
        payload = html.escape(c.text, quote=False)
        out.append(Cue(c.start, c.end, _voice_tag(c.voice),
                       f"<b>{payload}</b>" if c.heading else payload, notes=c.notes))
    return out


def annotate(cues: list[Cue]) -> tuple[list[Cue], list[tuple[int, str]]]:
    """Cues with each footnote as OHMS 6 marks it (the word before its marker ``[n]`` in a
    ``<c.n>`` span, the last word when the text has no marker), and the notes as
    (ref, text). A footnote keeps its number unless another footnote has it already."""
    out, annotations, used = [], [], set()
    for cue in cues:
        text = cue.text
        for note in cue.notes:
            m = _LABEL_RE.match(note)
            number = int(m.group(1)) if m else 0
            ref = number if number and number not in used else max(used | {0}) + 1
            used.add(ref)
            body = note[m.end():] if m else note
            found = re.search(rf"(\S*?)\[{number}\]", text) if number else None
            if found is None:  # no marker: the last word, inside any closing tags (</b>)
                found = re.search(r"([^\s<>]+)(?=(?:</[a-z]+>)*\s*$)", text)
            if found is not None:
                word = found.group(1) or f"[{number}]"
                text = text[: found.start()] + f"<c.{ref}>{word}</c>" + text[found.end():]
            annotations.append((ref, body))
        out.append(replace(cue, text=text, notes=()))
    return out, annotations


def _vtt(cues: list[Cue]) -> str:
    """The WebVTT of an OHMS 6 transcript: OHMS's NOTE blocks around the cues, footnotes
    as annotations."""
    cues, annotations = annotate(cues)
    vtt = write_vtt(cues).replace("WEBVTT\n\n", "WEBVTT\n\nNOTE\nTRANSCRIPTION BEGIN\n\n", 1)
    vtt += "\nNOTE\nTRANSCRIPTION END\n\n"
    if annotations:
        notes = "\n".join(
            f'<annotation ref="{ref}">{html.escape(" ".join(text.split()), quote=False)}'
            "</annotation>" for ref, text in annotations
        ).replace("-->", "--&gt;")
        vtt += f"NOTE\nANNOTATIONS BEGIN\n\nNOTE\n{notes}\n\nNOTE\nANNOTATIONS END\n\n"
    return vtt


def _translation(archive, entry, record, lang: str) -> tuple[str | None, list[Cue]]:
    """The language and cues of the transcript's translation, when the view has one."""
    for translation in record.transcript_translations:
        if translation.lang not in (lang, record.language):
            cues = _cues(archive, entry, translation.lang)
            if cues:
                return translation.lang, cues
    return None, []


def export_ohms(
    id: str,  # noqa: A002
    *,
    root: Path,
    audience: str = "public",
    today: datetime.date | None = None,
) -> str:
    """OHMS XML (the OHMS 6 layout, with ``vtt_transcript``) for one interview, as
    ``audience`` may see it (see the module docstring)."""
    from ..archive import Archive  # noqa: PLC0415
    from ..archive.loader import load_archive  # noqa: PLC0415

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
    lang = record.language if record.language in archive.languages else archive.default_lang
    # the interview's own transcript (asked in its language: never a translation)
    cues = _cues(archive, entry, record.language)
    alt_lang, alt_cues = _translation(archive, entry, record, lang)
    top = ET.Element("ROOT", {
        "xmlns": OHMS_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{OHMS_NS}/ohms.xsd",
    })
    rec = _sub(top, "record", id="", dt=(today or datetime.date.today()).isoformat())
    alt_el = _head(rec, archive, id, record, lang, cues)
    alt_langs = _index(rec, archive, record, lang, cues)
    if alt_lang:
        alt_langs = {alt_lang}
    if len(alt_langs) == 1:
        alt_el.text = LANGUAGE_NAMES.get(next(iter(alt_langs)), next(iter(alt_langs)))
    _sub(rec, "type", "Oral history")
    _sub(rec, "description", _pair(record.summary, lang)[0])
    _sub(rec, "rel")
    _sub(rec, "vtt_transcript", _CDATA.format(1) if cues else "")
    if alt_cues:
        _sub(rec, "vtt_transcript_alt", _CDATA.format(2))
    _sub(rec, "rights", _pair(record.rights, lang)[0])
    _sub(rec, "fmt", "video" if record.video else "audio")
    _sub(rec, "usage")
    _sub(rec, "userestrict", "0")
    for tag in ("xmllocation", "xmlfilename", "collection_link", "series_link"):
        _sub(rec, tag)
    ET.indent(top, space="  ")
    text = ET.tostring(top, encoding="unicode").replace(" />", "/>")
    for n, these in ((1, cues), (2, alt_cues)):
        if these:
            cdata = "<![CDATA[" + _vtt(these).replace("]]>", "]]]]><![CDATA[>") + "]]>"
            text = text.replace(_CDATA.format(n), cdata)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def _head(rec: ET.Element, archive, id: str, record, lang: str,  # noqa: A002
          cues: list[Cue]) -> ET.Element:
    """The record's metadata, up to ``<user_notes>``; returns ``<transcript_alt_lang>``,
    which the index and the translation fill in."""
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
    _sub(rec, "file_name", record.video or record.audio or "")
    alt_el = _sub(rec, "transcript_alt_lang")
    _sub(rec, "translate", "0")
    _sub(rec, "media_id")
    _sub(rec, "media_url")
    mediafile = _sub(rec, "mediafile")
    _sub(mediafile, "host", "Other")
    for tag in ("avalon_target_domain", "host_account_id", "host_player_id", "host_clip_id"):
        _sub(mediafile, tag)
    _sub(mediafile, "clip_format", "video" if record.video else "audio")
    _sub(rec, "kembed")
    _sub(rec, "language", LANGUAGE_NAMES.get(record.language, record.language))
    _sub(rec, "user_notes")
    return alt_el


def _index(rec: ET.Element, archive, record, lang: str, cues: list[Cue]) -> set[str]:
    """The segments as ``<index><point>``; returns the languages of their translations."""
    alt_langs: set[str] = set()
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
    return alt_langs

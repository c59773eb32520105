"""OHMS export: one interview, as its audience may see it, in the OHMS 6 layout."""

from __future__ import annotations

import datetime
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..archive import dates
from ..archive.model import LANGS
from .ohms_read import OHMS_NS, XSI_NS, OHMSError
from .vtt import Cue, plain_text, write_vtt

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "yue": "Cantonese", "wuu": "Shanghainese",
                  "ja": "Japanese", "ko": "Korean", "fr": "French", "de": "German",
                  "es": "Spanish", "pt": "Portuguese", "it": "Italian", "ru": "Russian"}

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


"""OHMS import: an OHMS export becomes ``stories/interviews/<id>.md`` and its ``.vtt``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..archive import dates
from ..archive.model import LANGS, SLUG_RE, Interview
from .ohms_read import (
    _CJK_RE,
    _URL_RE,
    LANGUAGE_CODES,
    OHMSError,
    OHMSRecord,
    read_ohms,
)
from .vtt import write_vtt

INTERVIEWS = Path("stories/interviews")
MEDIA = Path("stories/media")

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
    from ..archive.loader import load_archive  # noqa: PLC0415 - loader imports model, keep this light

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


"""OHMS import: an OHMS export becomes ``stories/interviews/<id>.md`` and its ``.vtt``.

How the record becomes an interview:

- the interviewee must already be a person of the archive (by id or name), because an
  interview cannot be published for someone whose consent the archive does not hold;
- an index point becomes a segment: ``start`` is ``time``; ``title`` and ``synopsis`` are
  kept, with their ``*_alt`` translation as the second language when ``transcript_alt_lang``
  names one; ``keywords`` are the point's keywords then its subjects. ``partial_transcript``
  is dropped: it is a copy of the transcript at that time, and the export writes it again
  from the .vtt. A map point becomes ``places`` when its ``gps_text`` names a place;
- the transcript becomes ``<id>.vtt`` (its footnotes as ``NOTE [n]`` blocks before their
  cues); the translated transcript (``vtt_transcript_alt``, or ``transcript_alt`` with
  ``sync_alt``) becomes ``<id>.<lang>.vtt``, listed under ``transcript_translations``;
- ``rights`` and ``usage`` become the interview's ``rights``; where it came from becomes its
  ``provenance``, written in every language of the site, so no page shows it as a text
  "only in" another language.

Anything else that does not fit (other map points, hyperlinks, user notes, online-only
media, a transcript that only says there is none) is returned as a note for the person
importing, never published unasked.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..archive import dates
from ..archive.mediafiles import archive_languages
from ..catalog import words
from ..archive.model import SLUG_RE, Interview, languages, using_languages
from .ohms_read import (
    _CJK_RE,
    _URL_RE,
    LANGUAGE_CODES,
    OHMSError,
    OHMSRecord,
    read_ohms,
    record_date,
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
    if lang not in languages():
        return primary or alt
    out = {}
    if primary:
        out[lang] = primary
    if alt and alt_lang in languages() and alt_lang != lang:
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


# --------------------------------------------------------------------------- deciding


def _narrator(rec: OHMSRecord, loaded, narrator: str | None) -> str:
    people = {id_ for (type_, id_) in loaded.sources if type_ == "people"}
    if narrator:
        if narrator not in people:
            raise OHMSError(
                f"there is no person “{narrator}” (stories/people/{narrator}.yml); "
                "add them with their consent first, or give an existing person id"
            )
        return narrator
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
    return found[0]


def _interviewers(rec: OHMSRecord, loaded, narrator_id: str, notes: list[str]) -> list[str]:
    out: list[str] = []
    for name in rec.interviewers:
        person = _find_person(name, loaded)
        if person and person != narrator_id and person not in out:
            out.append(person)
        elif not person:
            notes.append(f"interviewer “{name}” is not in stories/people/; add them to list them")
    return out


def _interview_id(rec: OHMSRecord, given: str | None) -> str:
    interview_id = given
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
    return interview_id


def _when(rec: OHMSRecord, given: str | None, notes: list[str]) -> str:
    when = given or record_date(rec, notes)
    if not when:
        has = ", ".join(shown for shown, _ in rec.dates) or "no <date> element"
        raise OHMSError(
            f"{rec.path}: the OHMS record has no interview date Parlour can read (the file has "
            f"{has}); give it with --date, like 1998, 1998-07 or 1998-07-24"
        )
    try:
        dates.parse(when)
    except dates.DateError as err:
        raise OHMSError(str(err)) from None
    return when


def _languages(rec: OHMSRecord, notes: list[str]) -> tuple[str, str | None]:
    lang = _language(rec.language)
    if lang is None:
        sample = rec.title + "".join(c.text for c in rec.cues[:20])
        lang = "zh" if _CJK_RE.search(sample) else "en"
        if rec.language:
            notes.append(f"the language “{rec.language}” was taken to be {lang}")
    return lang, _language(rec.alt_language)


def _segments(rec: OHMSRecord, places: dict, lang: str, alt_lang: str | None,
              notes: list[str]) -> list[dict[str, Any]]:
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
    return segments


def _themes(rec: OHMSRecord, themes: dict, notes: list[str]) -> list[str]:
    out: list[str] = []
    for keyword in rec.keywords:
        theme = _theme(keyword, themes)
        if theme and theme not in out:
            out.append(theme)
        elif not theme:
            notes.append(f"OHMS keyword/subject “{keyword}” is not a theme in stories/themes.yml")
    return out


@dataclass
class _Media:
    field: str  # audio or video
    name: str | None = None  # the file in stories/media/
    copy_from: Path | None = None  # where it is now, when it is not there yet


def _media(rec: OHMSRecord, xml_path: Path, root: Path, notes: list[str]) -> _Media:
    """Only a local file: a web address is never a Parlour recording."""
    media = _Media("video" if rec.video else "audio")
    if rec.file_name and not _URL_RE.match(rec.file_name):
        name = re.split(r"[\\/]", rec.file_name)[-1]
        beside = Path(xml_path).parent / name
        if (root / MEDIA / name).is_file():
            media.name = name
        elif beside.is_file():
            media.name, media.copy_from = name, beside
        else:
            notes.append(
                f"the recording “{name}” was not found beside the XML or in stories/media/; "
                f"put it in stories/media/ and add `{media.field}: {name}`"
            )
    elif rec.media_url or rec.file_name:
        notes.append(
            f"the recording is online only ({rec.media_url or rec.file_name}); download it, "
            f"check you may use it, put it in stories/media/ and add `{media.field}: <file>`"
        )
    return media


def _translation(rec: OHMSRecord, lang: str, alt_lang: str | None,
                 notes: list[str]) -> str | None:
    """The language the translated transcript is imported in, None when it is not."""
    if not rec.alt_cues:
        return None
    if not rec.cues:
        notes.append("the translated transcript was not imported: the record has no transcript")
    elif alt_lang in languages() and alt_lang != lang:
        return alt_lang
    else:
        notes.append(
            f"the translated transcript ({rec.alt_language or 'no language given'}) was not "
            f"imported: the site shows transcripts translated into {', '.join(languages())}"
        )
    return None


def _provenance(rec: OHMSRecord) -> dict[str, str]:
    """Where the interview came from, in each of the archive's languages that has words
    for it."""
    version = f" {rec.version}" if rec.version else ""
    texts = {}
    for lang in languages():
        w = words(lang)
        details = [w.gettext("accession {n}", n=rec.accession) if rec.accession else "",
                   w.gettext("record {n}", n=rec.record_id) if rec.record_id else "",
                   w.gettext("exported {date}", date=rec.exported) if rec.exported else ""]
        details = [d for d in details if d]
        texts[lang] = (
            w.gettext("Imported from an OHMS{version} export ({details}).", version=version,
                      details=w.p("comma", ", ").join(details)) if details
            else w.gettext("Imported from an OHMS{version} export.", version=version)
        )
    return texts


# --------------------------------------------------------------------------- writing


def _front_matter(rec: OHMSRecord, *, lang: str, alt_lang: str | None, narrator: str,
                  interviewers: list[str], when: str, themes: list[str], media: _Media,
                  segments: list[dict[str, Any]], transcript: str | None,
                  translation: dict[str, str] | None) -> dict[str, Any]:
    """The interview's fields, in the order a person would write them."""
    data: dict[str, Any] = {
        "title": _text(rec.title, "", lang, alt_lang) or rec.accession,
        "narrator": narrator,
    }
    if interviewers:
        data["interviewers"] = interviewers
    data["date"] = when
    data["language"] = lang
    if rec.description:
        data["summary"] = _text(rec.description, "", lang, alt_lang)
    if themes:
        data["themes"] = themes
    if media.name:
        data[media.field] = media.name
    if transcript:
        data["transcript"] = transcript
    if translation:
        data["transcript_translations"] = [translation]
    if segments:
        data["segments"] = segments
    # one statement, so that the export's <rights> reads back as the same text
    rights = " ".join(t for t in (rec.rights, rec.usage) if t)
    if rights:
        data["rights"] = _text(rights, "", lang, alt_lang)
    data["provenance"] = _provenance(rec)
    return data


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
    """Turn an OHMS export into ``stories/interviews/<id>.md`` and ``<id>.vtt`` under ``root``
    (and ``<id>.<lang>.vtt`` for a translated transcript); see the module docstring.

    ``narrator`` is an existing person id (default: the ``<interviewee>``); ``id`` defaults
    to an ASCII slug of the title, else of the accession number; ``date`` is needed only when
    the record has no date Parlour can read. Existing files are only replaced with ``force``.
    Things the archive has no place for are appended to ``notes``. Returns the paths written.
    """
    root = Path(root).resolve()
    # the interview's texts are written in, and checked against, the archive's languages
    with using_languages(archive_languages(root)):
        return _import_ohms(xml_path, root=root, id=id, narrator=narrator, date=date,
                            force=force, notes=notes)


def _import_ohms(xml_path: Path, *, root: Path, id: str | None, narrator: str | None,  # noqa: A002
                 date: str | None, force: bool, notes: list[str] | None) -> list[Path]:
    from ..archive.loader import load_archive  # noqa: PLC0415 - loader imports model, keep this light

    notes = notes if notes is not None else []
    rec = read_ohms(Path(xml_path))
    notes.extend(rec.notes)
    loaded = load_archive(root)
    narrator_id = _narrator(rec, loaded, narrator)
    interviewers = _interviewers(rec, loaded, narrator_id, notes)
    interview_id = _interview_id(rec, id)
    when = _when(rec, date, notes)
    lang, alt_lang = _languages(rec, notes)
    segments = _segments(rec, loaded.records.get("places", {}), lang, alt_lang, notes)
    themes = _themes(rec, loaded.themes, notes)
    if rec.user_notes:
        notes.append(f"OHMS user notes (not imported): {rec.user_notes}")
    media = _media(rec, Path(xml_path), root, notes)
    translated = _translation(rec, lang, alt_lang, notes)

    folder = root / INTERVIEWS
    md_path = folder / f"{interview_id}.md"
    vtt_path = folder / f"{interview_id}.vtt"
    alt_path = folder / f"{interview_id}.{translated}.vtt" if translated else None
    if (folder / f"{interview_id}.yml").exists():
        raise OHMSError(f"stories/interviews/{interview_id}.yml already exists; choose another --id")
    targets = [md_path] + ([vtt_path] if rec.cues else []) + ([alt_path] if alt_path else [])
    clash = [p for p in targets if p.exists()]
    if clash and not force:
        raise OHMSError(
            f"{', '.join(p.relative_to(root).as_posix() for p in clash)} already exists; "
            "use --force to replace it, or --id to import under another id"
        )

    data = _front_matter(
        rec, lang=lang, alt_lang=alt_lang, narrator=narrator_id, interviewers=interviewers,
        when=when, themes=themes, media=media, segments=segments,
        transcript=vtt_path.name if rec.cues else None,
        translation={"lang": translated, "file": alt_path.name} if alt_path else None,
    )
    data["title"] = data["title"] or interview_id
    try:
        Interview.model_validate(data)
    except ValidationError as err:
        raise OHMSError(f"{rec.path}: the interview made from it would not be valid: {err}") from None

    written: list[Path] = []
    md_path.parent.mkdir(parents=True, exist_ok=True)
    if media.copy_from is not None:
        (root / MEDIA).mkdir(parents=True, exist_ok=True)
        shutil.copy2(media.copy_from, root / MEDIA / media.name)
        written.append(root / MEDIA / media.name)
    md_path.write_text(f"---\n{_dump(data)}---\n", encoding="utf-8")
    written.append(md_path)
    for path, cues in ((vtt_path, rec.cues), (alt_path, rec.alt_cues)):
        if path is not None and cues and (path is vtt_path or translated):
            path.write_text(write_vtt(cues), encoding="utf-8")
            written.append(path)
    return written

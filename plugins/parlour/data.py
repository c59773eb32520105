"""Open-data exports under the site's /data/: JSON, one CSV per type, TimelineJS JSON.

(The shapes of the model's fields and the CSV columns made from them are in
``data_fields.py``.)

Everything here starts from the consent-filtered :class:`~parlour.archive.Archive`, and on
top of that removes what a record may hold about people who may not be shown (a withdrawn
lender, a private name, an audio file without audio consent). The columns of the CSVs and
the field tables of the /data/ page are derived from the record types in ``model.py``, so a
field added there shows up in the exports and in their documentation without a second list.

Nothing here depends on MkDocs: the plugin calls :func:`export_data` after the build and
adds :func:`data_page_markdown` as ``data/index.md``.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .archive import dates
from .archive.eras import era_of
from .archive import Archive, Entry, tr
from .archive.model import DEFAULT_LANGUAGES, TYPES, MediaPath, Record, Ref
from .data_fields import (  # noqa: F401 - _Shape, _field_shape and LIST_SEP: csvio reads them here
    HIDDEN_FIELDS,
    LIST_SEP,
    _cell,
    _csv_bytes,
    _field_shape,
    _fields,
    _scalar_default,
    _Shape,
    _type_word,
    _type_words,
    csv_columns,
)
from .catalog import Words
from .i18n import label, prefix, site_words

#: The files written, in the order the /data/ page lists them. The timeline is written once
#: per language (see :func:`timeline_file`); the other files hold every language.
JSON_FILE = "archive.json"
TIMELINE_FILE = "timelinejs.json"
#: Where the files are published, from the site's root; every language's /data/ page links here.
DATA_DIR = "data/"
#: Bumped when the shape of archive.json changes in a way a consumer would notice.
FORMAT_VERSION = 1

#: the languages of an archive that names none (the plugin's default)
LANGS = DEFAULT_LANGUAGES
#: How deep the /data/ page describes nested parts (sections[].panels[].image.src is 4).
_MAX_DEPTH = 4

_DROP = object()  # a value removed by consent; its key or list item disappears


# ---------------------------------------------------------------------------- export


def export_data(
    archive: Archive,
    out_dir: Path,
    *,
    site_url: str,
    lang: str = "zh",
    images: dict[str, Any] | None = None,
    site_name: str = "",
    langs: tuple[str, ...] = LANGS,
    site_names: dict[str, str] | None = None,
) -> list[Path]:
    """Write archive.json, one CSV per record type and a timeline per language into
    ``out_dir``.

    ``site_url`` makes every URL absolute (without it they are relative to the site root).
    ``images`` is the plugin's ``{media path: Published}``: with it, image URLs point at the
    published rendition (raster images are renamed with their width); without it, at
    ``media/<src>``. Returns the paths written.
    """
    files = export_files(
        archive, site_url=site_url, lang=lang, images=images, site_name=site_name,
        langs=langs, site_names=site_names,
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def export_files(
    archive: Archive,
    *,
    site_url: str,
    lang: str = "zh",
    images: dict[str, Any] | None = None,
    site_name: str = "",
    langs: tuple[str, ...] = LANGS,
    site_names: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The export files as ``{file name: bytes}``, without writing them.

    For a plugin that prefers to add them as generated files in ``on_files`` (so MkDocs
    knows them), and for tests. ``langs`` are the site's languages, each getting its own
    timeline; ``site_names`` the site's name in each (``site_name`` where one is missing).
    """
    exporter = _Exporter(archive, site_url=site_url, lang=lang, images=images or {})
    records = {type_: [exporter.record(e) for e in archive.entries(type_)] for type_ in TYPES}
    out: dict[str, bytes] = {}
    document = {
        "format": FORMAT_VERSION,
        "generated": archive.today.isoformat(),
        "audience": archive.audience,
        "site_url": exporter.site,
        **({"site_name": site_name} if site_name else {}),
        "counts": {type_: len(items) for type_, items in records.items()},
        "records": records,
    }
    out[JSON_FILE] = _json_bytes(document)
    for type_, model in TYPES.items():
        out[f"{type_}.csv"] = _csv_bytes(model, records[type_], default=archive.default_lang,
                                         langs=archive.languages)
    for each in langs:
        name = (site_names or {}).get(each) or site_name
        out[timeline_file(each, default=archive.default_lang)] = _json_bytes(
            timelinejs(archive, exporter=exporter, lang=each, site_name=name)
        )
    return out


def timeline_file(lang: str, *, default: str = "zh") -> str:
    """The TimelineJS file of a language: ``timelinejs.json`` in the site's default language
    (the name it always had), ``timelinejs.en.json`` in English."""
    return TIMELINE_FILE if lang == default else TIMELINE_FILE.replace(".json", f".{lang}.json")


def _json_bytes(document: Any) -> bytes:
    # ensure_ascii=False keeps Chinese readable for anyone opening the file; still valid JSON
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class _Exporter:
    """Turns one visible entry into its consent-filtered export dictionary."""

    def __init__(self, archive: Archive, *, site_url: str, lang: str, images: dict[str, Any]):
        self.archive = archive
        self.lang = lang
        self.images = images
        self.site = site_url.rstrip("/") + "/" if site_url else ""

    def url(self, entry: Entry) -> str:
        """Absolute URL of the place the site shows the entry (events are on the timeline)."""
        return self.site + entry.url

    def media_url(self, value: MediaPath, entry: Entry) -> str:
        """Absolute URL of a published file of stories/media/."""
        published = self.images.get(str(value))
        return self.site + "media/" + (published.url if published is not None else str(value))

    def record(self, entry: Entry) -> dict[str, Any]:
        """The entry's fields for archive.json: model fields minus what consent keeps back."""
        archive, record = self.archive, entry.record
        dumped = record.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
        )
        out: dict[str, Any] = {"id": entry.id, "type": entry.type, "url": self.url(entry)}
        if entry.type == "people":
            out["label"] = {lang: archive.person_label(entry.id, lang)
                            for lang in archive.languages}
        for key, name, _info, _shape in _fields(type(record)):
            if key not in dumped:  # the view has no field consent withholds
                continue
            kept = self._filter(getattr(record, name), dumped[key], entry)
            if kept is not _DROP:
                out[key] = kept
        when = _date_of(record)
        if when is not None:
            out["date_words"] = {lang: dates.words(when, lang) for lang in archive.languages}
        # an interview's era is the time it tells of, as on its page and its panel
        era = (era_of(archive, entry) if entry.type == "interviews"
               else _era(record, today=archive.today))
        if era:
            out["era"] = era
        body = self._body(entry)
        if body:
            out["body"] = body
        return out

    def _filter(self, value: Any, dumped: Any, entry: Entry) -> Any:
        """Walk a field's value and its JSON dump side by side, dropping what is not visible.

        The dump gives the JSON form; the validated value still knows which strings are
        references and media paths (they are ``Ref`` / ``MediaPath``), so nothing here needs
        to know the field names of the model.
        """
        if isinstance(value, BaseModel):
            fields = _fields_by_key(type(value))
            out = {}
            for key, sub in dumped.items():
                kept = self._filter(getattr(value, fields.get(key, key)), sub, entry)
                if kept is not _DROP:
                    out[key] = kept
            return out
        if isinstance(value, list):
            kept_items = [
                kept for item, sub in zip(value, dumped, strict=True)
                if (kept := self._filter(item, sub, entry)) is not _DROP
            ]
            # an emptied list goes, as an empty one would have under exclude_defaults
            return kept_items if kept_items else _DROP
        if isinstance(value, Ref):
            # an id of a record this audience may not see is itself a disclosure
            return dumped if self.archive.get(value.type, value.id) is not None else _DROP
        if isinstance(value, MediaPath):
            if value.base == "record":
                return self._transcript_url(entry)
            return self.media_url(value, entry)
        return dumped

    def _transcript_url(self, entry: Entry) -> Any:
        # A file beside the record (a transcript) is never published as a file: the site
        # publishes what the audience may read of it, speakers relabelled, on the page.
        # Link there, and only when the archive's view holds a transcript to show.
        if not self.archive.transcript(entry, self.archive.default_lang):
            return _DROP
        return self.url(entry) + "#transcript"

    def _body(self, entry: Entry) -> str:
        return self.archive.body(entry)


def _fields_by_key(model: type[BaseModel]) -> dict[str, str]:
    """YAML key (alias) -> Python field name."""
    return {(info.alias or name): name for name, info in model.model_fields.items()}


def _date_of(record: Record) -> Any:
    return getattr(record, "date", None) or getattr(record, "dates", None)


def _era(record: Record, *, today: datetime.date) -> str | None:
    """The record's era as the timeline shows it: a curator's override, else worked out."""
    if record.era:
        return record.era
    when, status = _date_of(record), getattr(record, "status", None)
    if when is None and status not in ("planned", "wished", "ongoing"):
        return None
    return dates.era(when, today=today, status=status)


# ---------------------------------------------------------------------------- TimelineJS


def timelinejs(
    archive: Archive, *, site_url: str = "", lang: str = "zh", site_name: str = "",
    images: dict[str, Any] | None = None, exporter: _Exporter | None = None,
) -> dict[str, Any]:
    """The visible events in TimelineJS3's JSON format, in date order, in one language.

    https://timeline.knightlab.com/docs/json-format.html. TimelineJS shows ``text`` as
    HTML, so every text from the archive is escaped here. Each event links to its page in
    ``lang``; an event whose year nobody knows (``XXXX``) has no place on a timeline.
    """
    ex = exporter or _Exporter(archive, site_url=site_url, lang=lang, images=images or {})
    default = archive.default_lang
    events = []
    for entry in archive.entries("events"):
        record = entry.record
        parsed = record.date.parsed
        when = _timeline_dates(parsed, today=archive.today)
        if when is None:
            continue
        start, end = when
        era = _era(record, today=archive.today) or "past"
        summary = tr(record.summary, lang, default) if record.summary else ""
        link = site_words(lang).gettext("View on the site")
        href = ex.site + (prefix(lang) if lang != default else "") + entry.url
        text = "".join(
            [f"<p>{html.escape(summary)}</p>" if summary else "",
             f'<p><a href="{html.escape(href)}">{link}</a></p>'],
        )
        event: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": html.escape(tr(record.title, lang, default)), "text": text},
            "group": _era_word(era, lang),
            "display_date": parsed.words(lang),
            "unique_id": entry.id,
        }
        if end is not None:
            event["end_date"] = end
        if record.images:
            image = record.images[0]
            media = {"url": ex.media_url(image.src, entry)}
            for key in ("caption", "alt", "credit"):
                value = getattr(image, key)
                if value:
                    media[key] = html.escape(tr(value, lang, default))
            event["media"] = media
        events.append(event)
    headline = site_name or site_words(lang).gettext("Community timeline")
    intro = site_words(lang).gettext("{n} events, from the past to the future.", n=len(events))
    return {
        "title": {
            "text": {"headline": html.escape(headline), "text": f"<p>{html.escape(intro)}</p>"},
            "unique_id": "parlour-title",
        },
        "events": events,
        "eras": _timeline_eras(archive, events_by_era(archive), lang=lang),
    }


def events_by_era(archive: Archive) -> dict[str, list[Entry]]:
    """Visible events grouped past / present / future, each in date order."""
    out: dict[str, list[Entry]] = {"past": [], "present": [], "future": []}
    for entry in archive.entries("events"):
        out[_era(entry.record, today=archive.today) or "past"].append(entry)
    return out


def _era_word(era: str, lang: str) -> str:
    return label(f"era.{era}", lang)


def _tl_date(day: dates.Day, precision: int) -> dict[str, str]:
    """A TimelineJS date with no more precision than the EDTF has (1992 is not 1 Jan)."""
    return dict(list(zip(("year", "month", "day"), (str(n) for n in day)))[:precision])


def _timeline_dates(
    parsed: dates.EDTFDate, *, today: datetime.date
) -> tuple[dict[str, str], dict[str, str] | None] | None:
    """(start, end or None) for TimelineJS, from the date's bounds: a season keeps its
    months (2025-21 runs March to May), an open end is drawn to today, an unknown end is
    a point at the start; None for a date whose year nobody knows."""
    if parsed.unknown:
        return None
    first, last = parsed.first, parsed.last
    if first is None:  # "../1990": TimelineJS needs a start; the known end is the best one
        return _tl_date(last, parsed.side_precision(1)), None
    start = _tl_date(first, parsed.side_precision(0))
    if last is None:
        if parsed.end == dates.OPEN and first.date() <= today:
            return start, _full_date(today)
        return start, None
    end = _tl_date(last, parsed.side_precision(1))
    return start, (end if end != start else None)


def _timeline_eras(
    archive: Archive, grouped: dict[str, list[Entry]], *, lang: str
) -> list[dict[str, Any]]:
    """Bands for the eras that hold events, meeting where dates.era draws its lines.

    The inner boundaries are fixed (ten years ago, today) so the bands never overlap; only
    the outer ends stretch to the earliest and latest event.
    """
    today = archive.today
    try:
        present_from = today.replace(year=today.year - 10)
    except ValueError:  # 29 February
        present_from = today.replace(year=today.year - 10, day=28)
    parsed = [e.record.date.parsed for entries in grouped.values() for e in entries
              if not e.record.date.parsed.unknown]  # not placed on the timeline
    first = min((p.lower for p in parsed if p.lower is not None), default=present_from)
    last = max((p.upper for p in parsed if p.upper is not None), default=today)
    bounds = {
        "past": (min(first, present_from), present_from),
        "present": (present_from, today),
        "future": (today, max(last, today)),
    }
    out = []
    for era, entries in grouped.items():
        if entries:
            start, end = bounds[era]
            out.append({
                "start_date": _full_date(start),
                "end_date": _full_date(end),
                "text": {"headline": _era_word(era, lang)},
            })
    return out


def _full_date(day: datetime.date) -> dict[str, str]:
    return {"year": str(day.year), "month": str(day.month), "day": str(day.day)}


# ---------------------------------------------------------------------------- page


_EXTRA_FIELDS: list[tuple[str, str, str, Callable[[type[Record]], bool]]] = [
    # key, the kind of value (data_fields._type_words), description, which types have it
    ("id", "slug", "the record's id: its file name in the archive", lambda m: True),
    ("type", "string", "the record type (the folder name)", lambda m: True),
    ("url", "url", "where the site shows the record", lambda m: True),
    ("label", "text",
     ("how the site names this person: the name only with consent, else the display name "
      "or a neutral label"), lambda m: m.folder == "people"),
    ("date_words", "text", "the date in words",
     lambda m: bool({"date", "dates"} & set(m.model_fields))),
    ("era", "era", "the era worked out from date and status (or a curator's override)",
     lambda m: bool({"date", "dates"} & set(m.model_fields))),
    ("body", "markdown", "the record's own text (its story, or notes)",
     lambda m: ".md" in m.extensions),
]


def _code(text: str) -> str:
    """Markdown inline code (a file name, a value) for a sentence of the catalogs."""
    return f"`{text}`"


def _md(text: str) -> str:
    """Plain text safe in a Markdown table cell."""
    text = html.escape(re.sub(r"\s+", " ", str(text)).strip(), quote=False)
    return text.replace("|", "&#124;").replace("[", "&#91;").replace("]", "&#93;")




def _download(name: str, at: str = "") -> str:
    # Raw HTML: the files are written after MkDocs has checked links, and a Markdown link
    # to a file it does not know fails `mkdocs build --strict`.
    return f'<a href="{at}{name}" download>{name}</a>'


def _field_rows(model: type[BaseModel], w: Words, prefix: str = "",
                depth: int = 0) -> list[list[str]]:
    rows = []
    for key, _name, info, shape in _fields(model):
        path = f"{prefix}{key}"
        description = info.description or shape.note
        default = _scalar_default(info)
        if default is not None:
            description = f"{description} (default: {_cell(default)})".strip()
        rows.append([f"`{path}`", _md(_type_words(shape, w)), _md(description)])
        part = shape.part if shape.kind == "part" else (
            shape.item.part if shape.kind == "list" and shape.item else None
        )
        if part is not None and depth < _MAX_DEPTH:
            sub = f"{path}." if shape.kind == "part" else f"{path}[]."
            rows += _field_rows(part, w, sub, depth + 1)
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def files_from(lang: str, *, default: str = "zh") -> str:
    """The relative path from ``lang``'s data page to the files: they are published once,
    under the site root's /data/, so /en/data/ links to ``../../data/``."""
    if lang == default:
        return ""  # the page sits beside them
    return "../" * (prefix(lang).count("/") + 1) + DATA_DIR


def data_page_markdown(archive: Archive, *, lang: str = "zh") -> str:
    """The Markdown of a language's data page (``data/index.md``, ``en/data/index.md``):
    files, counts and fields, in the words of the page's language (the catalogs).

    The field tables come from the record types in model.py (their descriptions are the
    model's, in English: the schema's own documentation). Download links are relative (see
    :func:`files_from`), to the timeline of the page's language, and written as HTML, so a
    strict build does not look for them among the documentation files.
    """
    w = site_words(lang)
    files_at = files_from(lang, default=archive.default_lang)
    timeline = timeline_file(lang, default=archive.default_lang)
    counts = {type_: len(archive.entries(type_)) for type_ in TYPES}
    header = [w.gettext("Field"), w.gettext("Type"), w.gettext("Description")]
    out = [
        w.gettext(
            "The archive's open data, for research, teaching and reuse. Only what residents "
            "agreed to publish is here: people, names, portraits, recordings and transcripts "
            "without consent are left out, and everything about a person who withdrew consent "
            "has been removed."
        ) + "\n",
        w.gettext("Generated: {date} · Audience: {audience}", date=archive.today.isoformat(),
                  audience=_code(archive.audience)) + "\n",
        "## " + w.gettext("Downloads") + "\n",
    ]
    rows = [
        [_download(JSON_FILE, files_at), _md(w.gettext("every record (JSON)")),
         str(sum(counts.values()))],
        [_download(timeline, files_at), _md(w.gettext("the timeline for TimelineJS")),
         str(counts["events"])],
    ]
    for type_ in TYPES:
        rows.append([
            _download(f"{type_}.csv", files_at),
            _md(w.gettext("{records} (CSV)", records=label(type_, lang))),
            str(counts[type_]),
        ])
    out.append(_table([w.gettext("File"), w.gettext("Contents"), w.gettext("Records")], rows))
    out += [
        "## " + w.gettext("About the formats") + "\n",
        "- " + w.gettext(
            "{file}: all records grouped by type, with the fields below plus `id`, `url` and "
            "more. Fields at their default value are left out; the tables give the defaults.",
            file=_code(JSON_FILE)) + "\n"
        "- " + w.gettext(
            "CSV: UTF-8 with a byte order mark so Excel reads every script correctly; one row "
            "per record; a text field becomes one column per language (`title_zh`, "
            "`title_en`), a nested field is joined with an underscore (`loan_from`), list "
            "items are separated by {sep}. Lists inside lists (exhibit panels, segment "
            "keywords) are only in the JSON. A cell that starts with `=`, `+`, `-` or `@` "
            "(other than a plain number) has a single quote `'` in front, so that a "
            "spreadsheet does not run it as a formula.", sep=_code(LIST_SEP.strip())) + "\n"
        "- " + w.gettext(
            "{file}: the timeline's events in this language, in [TimelineJS3's JSON format]"
            "(https://timeline.knightlab.com/docs/json-format.html).", file=_code(timeline)
        ) + "\n",
        "## " + w.gettext("Dates") + " { #edtf }\n",
        w.gettext(
            "Dates in the records are written in [EDTF](https://www.loc.gov/standards/"
            "datetime/) ({examples}); the files keep them as written, with `date_words` "
            "saying them in words. The pages' JSON-LD gives each date as an ISO 8601 date or "
            "interval and keeps the EDTF in a `parlour:edtf` property (the `parlour:` prefix "
            "points at this section).",
            examples=", ".join(f"`{d}` {dates.words(d, lang)}" for d in ("1952~", "196X"))
        ) + "\n",
        "## " + w.gettext("Fields") + "\n",
        w.gettext("All records have:") + "\n\n"
        + _table(header, [
            [f"`{k}`", _md(_type_word(kind, w)), _md(d)] for k, kind, d, _ in _EXTRA_FIELDS[:3]
        ]),
    ]
    for type_, model in TYPES.items():
        out.append(f"### {label(type_, lang)} {{ #{type_} }}\n")
        out.append(
            w.gettext("{n} records", n=counts[type_]) + " · "
            f"{_download(f'{type_}.csv', files_at)}\n"
        )
        extras = [
            [f"`{k}`", _md(_type_word(kind, w)), _md(d)]
            for k, kind, d, has in _EXTRA_FIELDS[3:] if has(model)
        ]
        rows = _field_rows(model, w)
        # an export field that replaces a model field (era: worked out, not only the
        # override) takes the model field's row
        at = {row[0]: i for i, row in enumerate(rows)}
        for row in extras:
            if row[0] in at:
                rows[at[row[0]]] = row
            else:
                rows.append(row)
        out.append(_table(header, rows))
        columns = ", ".join(f"`{c.name}`" for c in csv_columns(model))
        out.append(w.gettext("CSV columns: {columns}", columns=columns) + "\n")
    return "\n".join(out)






__all__ = [
    "csv_columns",
    "data_page_markdown",
    "events_by_era",
    "export_data",
    "export_files",
    "timelinejs",
]

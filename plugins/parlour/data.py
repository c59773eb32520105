"""Open-data exports under the site's /data/: JSON, one CSV per type, TimelineJS JSON.

Everything here starts from the consent-filtered :class:`~parlour.archive.Archive`, and on
top of that removes what a record may hold about people who may not be shown (a withdrawn
lender, a private name, an audio file without audio consent). The columns of the CSVs and
the field tables of the /data/ page are derived from the record types in ``model.py``, so a
field added there shows up in the exports and in their documentation without a second list.

Nothing here depends on MkDocs: the plugin calls :func:`export_data` after the build and
adds :func:`data_page_markdown` as ``data/index.md``.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, PlainValidator, WithJsonSchema

from .archive import dates
from .archive.eras import era_of
from .archive import Archive, Entry, tr
from .archive.model import TYPES, Date, MediaPath, Record, Ref, Slug, Theme, Timestamp
from .spreadsheet import neutralise

#: The files written, in the order the /data/ page lists them.
JSON_FILE = "archive.json"
TIMELINE_FILE = "timelinejs.json"
#: Bumped when the shape of archive.json changes in a way a consumer would notice.
FORMAT_VERSION = 1

#: Joins list values inside one CSV cell; "; " rather than "," so Excel's own
#: comma handling never splits a cell, and readable when it is shown as is.
LIST_SEP = "; "
LANGS = ("zh", "en")
#: No column for it: what a person agreed to is between them and the archive (the view
#: never holds it either).
HIDDEN_FIELDS = frozenset({"consent"})
ERA_WORDS = {"past": ("过去", "Past"), "present": ("现在", "Present"), "future": ("未来", "Future")}
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
) -> list[Path]:
    """Write archive.json, one CSV per record type and timelinejs.json into ``out_dir``.

    ``site_url`` makes every URL absolute (without it they are relative to the site root).
    ``images`` is the plugin's ``{media path: Published}``: with it, image URLs point at the
    published rendition (raster images are renamed with their width); without it, at
    ``media/<src>``. Returns the paths written.
    """
    files = export_files(
        archive, site_url=site_url, lang=lang, images=images, site_name=site_name
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
) -> dict[str, bytes]:
    """The export files as ``{file name: bytes}``, without writing them.

    For a plugin that prefers to add them as generated files in ``on_files`` (so MkDocs
    knows them), and for tests.
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
        out[f"{type_}.csv"] = _csv_bytes(model, records[type_], default=archive.default_lang)
    out[TIMELINE_FILE] = _json_bytes(
        timelinejs(archive, exporter=exporter, lang=lang, site_name=site_name)
    )
    return out


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
        if value.base == "record":
            # a file kept beside the record (a transcript) is published beside its page
            return self.site + f"{entry.type}/{entry.id}/{value}"
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
            out["label"] = {lang: archive.person_label(entry.id, lang) for lang in LANGS}
        for key, name, _info, _shape in _fields(type(record)):
            if key not in dumped:  # the view has no field consent withholds
                continue
            kept = self._filter(getattr(record, name), dumped[key], entry)
            if kept is not _DROP:
                out[key] = kept
        when = _date_of(record)
        if when is not None:
            out["date_words"] = {lang: dates.words(when, lang) for lang in LANGS}
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
            return self.media_url(value, entry)
        return dumped

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


# ---------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class _Shape:
    """What a field holds, read from its annotation: enough to name CSV columns and to say
    the type in words."""

    kind: str  # text date ref media theme slug seconds bool number choice string part list
    target: str | None = None  # what a ref points at ("people", or "any" for type/id)
    options: tuple[str, ...] = ()
    part: type[BaseModel] | None = None
    item: _Shape | None = None
    note: str = ""  # the description the type itself carries (dates, "by")


def _shape(annotation: Any, metadata: tuple = ()) -> _Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _shape(base, (*extra, *metadata))
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _shape(args[0], metadata)
        if str in args and any(typing.get_origin(a) is dict for a in args):
            return _Shape("text")  # Text: "..." or {zh: ..., en: ...}
        return _Shape("string")
    schema: dict[str, Any] = {}
    for meta in metadata:
        if isinstance(meta, WithJsonSchema) and meta.json_schema:
            schema = meta.json_schema
    note = schema.get("description", "")
    if "x-parlour-ref" in schema:
        return _Shape("ref", target=schema["x-parlour-ref"])
    for alias, kind in ((Date, "date"), (Timestamp, "seconds"), (Theme, "theme"), (Slug, "slug")):
        # the validator identifies the type; WithJsonSchema objects are equal across types
        if any(isinstance(meta, PlainValidator) and meta in alias.__metadata__
               for meta in metadata):
            return _Shape(kind, note=note if kind == "date" else "")
    for meta in metadata:
        # media() builds its validator inside itself, so its qualified name says where it is from
        if isinstance(meta, PlainValidator) and meta.func.__qualname__.startswith("media."):
            # the note says where the contributor puts the file; the export has a URL
            return _Shape("media")
    if origin is Literal:
        return _Shape("choice", options=tuple(str(o) for o in typing.get_args(annotation)))
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return _Shape("list", item=_shape(item))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Shape("part", part=annotation)
    if annotation is bool:
        return _Shape("bool")
    if annotation in (int, float):
        return _Shape("number")
    return _Shape("string", note=note)


def _field_shape(info: Any) -> _Shape:
    # pydantic lifts the Annotated metadata of a required field into FieldInfo.metadata
    return _shape(info.annotation, tuple(info.metadata))


def _fields(model: type[BaseModel]) -> list[tuple[str, str, Any, _Shape]]:
    """(key, python name, FieldInfo, shape) of the exported fields of a model, in order.

    A record's own fields come first and the ones every record has (themes, related) after,
    so a table or a row starts with what tells records apart.
    """
    out = [
        (info.alias or name, name, info, _field_shape(info))
        for name, info in model.model_fields.items()
        if name not in HIDDEN_FIELDS
    ]
    if issubclass(model, Record):
        out.sort(key=lambda field: field[1] in Record.model_fields)
    return out


def _type_words(shape: _Shape) -> tuple[str, str]:
    """The type of a field in words: (Chinese, English)."""
    kind = shape.kind
    if kind == "ref":
        target = shape.target or "any"
        if target == "any":
            return "记录引用（类型/id）", "reference to a record (type/id)"
        label = TYPES[target].label if target in TYPES else {"zh": target, "en": target}
        return f"{label['zh']} id", f"{label['en']} id"
    if kind == "choice":
        options = ", ".join(shape.options)
        return f"取值之一：{options}", f"one of: {options}"
    if kind == "part" and shape.part is not None:
        return "对象", f"object ({shape.part.__name__})"
    if kind == "list" and shape.item is not None:
        zh, en = _type_words(shape.item)
        return f"列表：{zh}", f"list of {en}"
    return {
        "text": ("文本（中文/英文）", "text (zh/en)"),
        "date": ("EDTF 日期", "EDTF date"),
        "media": ("文件网址", "file URL"),
        "theme": ("主题 id", "theme id"),
        "slug": ("id", "id"),
        "seconds": ("录音中的秒数", "seconds into the recording"),
        "bool": ("是/否", "true / false"),
        "number": ("数字", "number"),
    }.get(kind, ("字符串", "string"))


# ---------------------------------------------------------------------------- CSV


@dataclass(frozen=True)
class _Column:
    name: str
    get: Callable[[dict[str, Any]], str]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEP.join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _leaf_columns(
    prefix: str, shape: _Shape, get: Callable[[dict], Any], *, default: Any, lang_default: str
) -> list[_Column]:
    """Columns for one value found by ``get`` in a record's export dictionary.

    Text becomes one column per language, a part one column per field (``loan_from``), a
    list of parts one column per field of the part, the items' values joined in order.
    """
    if shape.kind == "text":
        def text_in(lang: str) -> Callable[[dict], str]:
            def read(d: dict) -> str:
                value = get(d)
                if isinstance(value, str):  # a plain string is in the site's default language
                    return value if lang == lang_default else ""
                return (value or {}).get(lang, "")
            return read
        return [_Column(f"{prefix}_{lang}", text_in(lang)) for lang in LANGS]
    if shape.kind == "part" and shape.part is not None:
        out = []
        for key, _name, info, sub in _fields(shape.part):
            out += _leaf_columns(
                f"{prefix}_{key}", sub,
                lambda d, key=key: (get(d) or {}).get(key) if get(d) is not None else None,
                default=_scalar_default(info), lang_default=lang_default,
            )
        # a default applies only where the part itself is there (loan_status, not a blank row)
        return [_Column(c.name, _only_if(get, c.get)) for c in out]
    if shape.kind == "list" and shape.item is not None:
        item = shape.item
        if item.kind == "part" and item.part is not None:
            out = []
            for key, _name, info, sub in _fields(item.part):
                if sub.kind == "list":
                    continue  # a list inside a list has no flat form; archive.json has it
                for col in _leaf_columns(
                    f"{prefix}_{key}", sub, lambda d, key=key: d.get(key),
                    default=_scalar_default(info), lang_default=lang_default,
                ):
                    out.append(_Column(col.name, _joined(get, col.get)))
            return out
        return [_Column(prefix, lambda d: _cell(get(d)))]

    def scalar(d: dict) -> str:
        value = get(d)
        return _cell(default if value is None else value)

    return [_Column(prefix, scalar)]


def _only_if(get: Callable[[dict], Any], read: Callable[[dict], str]) -> Callable[[dict], str]:
    return lambda d: read(d) if get(d) is not None else ""


def _joined(get: Callable[[dict], Any], read: Callable[[dict], str]) -> Callable[[dict], str]:
    def join(d: dict) -> str:
        cells = [read(item) for item in (get(d) or [])]
        # positions line up across a part's columns, so blanks stay unless all are blank
        return LIST_SEP.join(cells) if any(cells) else ""
    return join


def _scalar_default(info: Any) -> Any:
    # exclude_defaults leaves a default out of the JSON; a spreadsheet row shows it
    default = info.default
    if isinstance(default, (str, int, float, bool)) and default != "":
        return default
    return None


def csv_columns(model: type[Record], *, default_lang: str = "zh") -> list[_Column]:
    """The CSV columns of a record type, derived from its fields (plus id, url, extras)."""
    def key_of(key: str) -> Callable[[dict], Any]:
        return lambda d: d.get(key)

    text = _Shape("text")
    cols = [_Column("id", lambda d: d["id"]), _Column("url", lambda d: d["url"])]
    if model.folder == "people":
        cols += _leaf_columns("label", text, key_of("label"), default=None,
                              lang_default=default_lang)
    for key, _name, info, shape in _fields(model):
        cols += _leaf_columns(key, shape, key_of(key), default=_scalar_default(info),
                              lang_default=default_lang)
    if {"date", "dates"} & set(model.model_fields):
        cols += _leaf_columns("date_words", text, key_of("date_words"), default=None,
                              lang_default=default_lang)
    if ".md" in model.extensions:
        cols.append(_Column("body", lambda d: d.get("body", "")))
    # a model field and an extra may share a name (era); the first wins
    seen: set[str] = set()
    return [c for c in cols if not (c.name in seen or seen.add(c.name))]


def _csv_bytes(model: type[Record], rows: list[dict[str, Any]], *, default: str) -> bytes:
    columns = csv_columns(model, default_lang=default)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        # a cell a spreadsheet would run as a formula gets a quote in front (spreadsheet.py)
        writer.writerow([neutralise(c.get(row)) for c in columns])
    # the BOM is what makes Excel read the file as UTF-8 instead of the local code page
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------- TimelineJS


def timelinejs(
    archive: Archive, *, site_url: str = "", lang: str = "zh", site_name: str = "",
    images: dict[str, Any] | None = None, exporter: _Exporter | None = None,
) -> dict[str, Any]:
    """The visible events in TimelineJS3's JSON format, in date order.

    https://timeline.knightlab.com/docs/json-format.html. TimelineJS shows ``text`` as
    HTML, so every text from the archive is escaped here.
    """
    ex = exporter or _Exporter(archive, site_url=site_url, lang=lang, images=images or {})
    default = archive.default_lang
    events = []
    for entry in archive.entries("events"):
        record = entry.record
        parsed = record.date.parsed
        start, end = _timeline_dates(str(record.date), parsed)
        era = _era(record, today=archive.today) or "past"
        summary = tr(record.summary, lang, default) if record.summary else ""
        link = ("在网站上查看", "View on the site")[lang == "en"]
        text = "".join(
            [f"<p>{html.escape(summary)}</p>" if summary else "",
             f'<p><a href="{html.escape(ex.url(entry))}">{link}</a></p>'],
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
    headline = site_name or ("社区时间线", "Community timeline")[lang == "en"]
    intro = (
        f"{len(events)} 件事，从过去到未来。" if lang != "en"
        else f"{len(events)} events, from the past to the future."
    )
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
    zh, en = ERA_WORDS[era]
    return en if lang == "en" else zh


_END_PRECISION = re.compile(r"^\d{4}(?P<month>-(?:0[1-9]|1[0-2])(?P<day>-\d\d)?)?")


def _tl_date(day: datetime.date, text: str) -> dict[str, str]:
    """A TimelineJS date with no more precision than the EDTF text has (1992 is not 1 Jan)."""
    out = {"year": str(day.year)}
    m = _END_PRECISION.match(text)
    if m and m["month"]:
        out["month"] = str(day.month)
        if m["day"]:
            out["day"] = str(day.day)
    return out


def _timeline_dates(
    text: str, parsed: dates.EDTFDate
) -> tuple[dict[str, str], dict[str, str] | None]:
    parts = text.split("/")
    start_text, end_text = parts[0], parts[-1]
    lower, upper = parsed.lower, parsed.upper
    if lower is None:  # "../1990": TimelineJS needs a start, the known end is the best one
        return _tl_date(upper, end_text), None
    start = _tl_date(lower, start_text)
    # a span, or a decade or century (199X), has an end TimelineJS can draw
    if upper is not None and (len(parts) == 2 or upper.year != lower.year):
        return start, _tl_date(upper, end_text if len(parts) == 2 else "")
    return start, None


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
    parsed = [e.record.date.parsed for entries in grouped.values() for e in entries]
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


_EXTRA_FIELDS: list[tuple[str, str, str, str, Callable[[type[Record]], bool]]] = [
    # key, type zh, type en, description, which types have it
    ("id", "id", "id", "the record's id: its file name in the archive", lambda m: True),
    ("type", "字符串", "string", "the record type (the folder name)", lambda m: True),
    ("url", "网址", "URL", "where the site shows the record", lambda m: True),
    ("label", "文本（中文/英文）", "text (zh/en)",
     ("how the site names this person: the name only with consent, else the display name "
      "or a neutral label"), lambda m: m.folder == "people"),
    ("date_words", "文本（中文/英文）", "text (zh/en)", "the date in words",
     lambda m: bool({"date", "dates"} & set(m.model_fields))),
    ("era", "取值之一：past, present, future", "one of: past, present, future",
     "the era worked out from date and status (or a curator's override)",
     lambda m: bool({"date", "dates"} & set(m.model_fields))),
    ("body", "Markdown", "Markdown", "the record's own text (its story, or notes)",
     lambda m: ".md" in m.extensions),
]


def _md(text: str) -> str:
    """Plain text safe in a Markdown table cell."""
    text = html.escape(re.sub(r"\s+", " ", str(text)).strip(), quote=False)
    return text.replace("|", "&#124;").replace("[", "&#91;").replace("]", "&#93;")


def _pair(zh: str, en: str, lang: str) -> str:
    """The words of the page's language."""
    return en if lang == "en" else zh


def _download(name: str) -> str:
    # Raw HTML: the files are written after MkDocs has checked links, and a Markdown link
    # to a file it does not know fails `mkdocs build --strict`.
    return f'<a href="{name}" download>{name}</a>'


def _field_rows(model: type[BaseModel], prefix: str = "", depth: int = 0) -> list[list[str]]:
    rows = []
    for key, _name, info, shape in _fields(model):
        path = f"{prefix}{key}"
        zh, en = _type_words(shape)
        description = info.description or shape.note
        default = _scalar_default(info)
        if default is not None:
            description = f"{description} (default: {_cell(default)})".strip()
        rows.append([f"`{path}`", _md(_both(zh, en)), _md(description)])
        part = shape.part if shape.kind == "part" else (
            shape.item.part if shape.kind == "list" and shape.item else None
        )
        if part is not None and depth < _MAX_DEPTH:
            sub = f"{path}." if shape.kind == "part" else f"{path}[]."
            rows += _field_rows(part, sub, depth + 1)
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def data_page_markdown(archive: Archive, *, lang: str = "zh") -> str:
    """The Markdown of the /data/ page (``data/index.md``): files, counts and fields.

    The field tables come from the record types in model.py. Download links are relative
    (the files sit beside the page) and written as HTML, so a strict build does not look
    for them among the documentation files.
    """
    counts = {type_: len(archive.entries(type_)) for type_ in TYPES}
    header = [_pair("字段", "Field", lang), _pair("类型", "Type", lang),
              _pair("说明", "Description", lang)]
    out = [
        _pair(
            "这里可以下载本档案的开放数据，供研究、教学和再创作使用。"
            "数据只包含居民同意公开的内容：未同意公开的人、姓名、肖像、录音和文字稿都不在其中，"
            "撤回同意的人的一切材料也已移除。\n",
            "The archive's open data, for research, teaching and reuse. "
            "Only what residents agreed to publish is here: people, names, portraits, "
            "recordings and transcripts without consent are left out, and everything about a "
            "person who withdrew consent has been removed.\n",
            lang,
        ),
        f"{_pair('生成日期', 'Generated', lang)}: {archive.today.isoformat()} · "
        f"{_pair('受众', 'Audience', lang)}: `{archive.audience}`\n",
        "## " + _pair("下载", "Downloads", lang) + "\n",
    ]
    rows = [
        [_download(JSON_FILE), _md(_pair("全部记录（JSON）", "every record (JSON)", lang)),
         str(sum(counts.values()))],
        [_download(TIMELINE_FILE),
         _md(_pair("时间线，TimelineJS 格式", "the timeline for TimelineJS", lang)),
         str(counts["events"])],
    ]
    for type_, model in TYPES.items():
        rows.append([
            _download(f"{type_}.csv"),
            _md(_pair(f"{model.label['zh']}（CSV）", f"{_plural(model.label['en'])} (CSV)", lang)),
            str(counts[type_]),
        ])
    out.append(_table([_pair("文件", "File", lang), _pair("内容", "Contents", lang),
                       _pair("记录数", "Records", lang)], rows))
    out += [
        "## " + _pair("格式说明", "About the formats", lang) + "\n",
        _pair(
            f"- `{JSON_FILE}`：按类型分组的全部记录，字段见下表，另有 `id`、`url` 等。"
            "取默认值的字段不写出，默认值见下表。\n"
            "- CSV：UTF-8（带 BOM，Excel 可直接打开中文），每条记录一行。"
            "文本字段分为 `_zh` 和 `_en` 两列，嵌套字段用下划线连接（如 `loan_from`），"
            f"列表用 `{LIST_SEP.strip()}` 分隔。列表中的列表（展板、章节关键词）只在 JSON 里。"
            "以 `=`、`+`、`-`、`@` 开头的单元格（纯数字除外）前面加了一个单引号 `'`，"
            "以免电子表格把它当作公式运行。\n"
            f"- `{TIMELINE_FILE}`：可直接用于 "
            "[TimelineJS](https://timeline.knightlab.com/docs/json-format.html) 的时间线。\n",
            f"- `{JSON_FILE}`: all records grouped by type, with the fields below plus `id`, "
            "`url` and more. Fields at their default value are left out; the tables give the "
            "defaults.\n"
            "- CSV: UTF-8 with a byte order mark so Excel reads Chinese correctly; one row per"
            " record; a text field becomes a `_zh` and an `_en` column, a nested field is"
            " joined with an underscore (`loan_from`), list items are separated by a"
            " semicolon. Lists inside lists (exhibit panels, segment keywords) are only in"
            " the JSON. A cell that starts with `=`, `+`, `-` or `@` (other than a plain"
            " number) has a single quote `'` in front, so that a spreadsheet does not run it"
            " as a formula.\n"
            f"- `{TIMELINE_FILE}`: the timeline's events in "
            "[TimelineJS3's JSON format](https://timeline.knightlab.com/docs/json-format.html).\n",
            lang,
        ),
        "## " + _pair("字段", "Fields", lang) + "\n",
        _pair("所有记录都有：", "All records have:", lang) + "\n\n"
        + _table(header, [
            [f"`{k}`", _md(_both(zh, en)), _md(d)]
            for k, zh, en, d, _ in _EXTRA_FIELDS[:3]
        ]),
    ]
    for type_, model in TYPES.items():
        label = model.label
        out.append(
            f"### {_pair(label['zh'], _plural(label['en']).capitalize(), lang)} "
            f"{{ #{type_} }}\n"
        )
        out.append(
            f"{counts[type_]} {_pair('条记录', 'records', lang)} · {_download(f'{type_}.csv')}\n"
        )
        extras = [
            [f"`{k}`", _md(_both(zh, en)), _md(d)]
            for k, zh, en, d, has in _EXTRA_FIELDS[3:] if has(model)
        ]
        rows = _field_rows(model)
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
        out.append(f"{_pair('CSV 列', 'CSV columns', lang)}: {columns}\n")
    return "\n".join(out)


def _plural(word: str) -> str:
    if word == "person":
        return "people"
    return word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s")


def _both(zh: str, en: str) -> str:
    return zh if zh == en else f"{zh} {en}"


__all__ = [
    "csv_columns",
    "data_page_markdown",
    "events_by_era",
    "export_data",
    "export_files",
    "timelinejs",
]

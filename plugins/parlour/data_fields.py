"""What the open data derives from the model: each field's shape, and the CSV columns.

The columns of the CSVs and the field tables of the /data/ page come from the record types
in ``model.py`` through :func:`_fields` and :func:`csv_columns`, so a field added there shows
up in the exports and in their documentation without a second list. (Split from data.py,
which writes the files.)
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Union

from pydantic import BaseModel, PlainValidator, WithJsonSchema

from .catalog import Words
from .i18n import label
from .words import WORDS
from .archive.model import DEFAULT_LANGUAGES, Date, Record, Slug, Theme, Timestamp
from .spreadsheet import neutralise

#: Joins list values inside one CSV cell; "; " rather than "," so Excel's own
#: comma handling never splits a cell, and readable when it is shown as is.
LIST_SEP = "; "
#: No column for it: what a person agreed to is between them and the archive (the view
#: never holds it either).
HIDDEN_FIELDS = frozenset({"consent"})


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


def _type_word(kind: str, w: Words) -> str:
    """A kind of value in words, in the language of ``w`` (the catalogs)."""
    words = {
        "text": w.gettext("text (one per language)"),
        "date": w.gettext("EDTF date"),
        "media": w.gettext("file URL"),
        "theme": w.gettext("theme id"),
        "slug": "id",
        "seconds": w.gettext("seconds into the recording"),
        "bool": w.gettext("true / false"),
        "number": w.gettext("number"),
        "url": w.gettext("URL"),
        "markdown": "Markdown",
        "era": w.gettext("one of: {options}", options="past, present, future"),
    }
    return words.get(kind) or w.gettext("string")


def _type_words(shape: _Shape, w: Words) -> str:
    """The type of a field in words, in the language of ``w``."""
    kind = shape.kind
    if kind == "ref":
        target = shape.target or "any"
        if target == "any":
            return w.gettext("reference to a record (type/id)")
        key = f"kind.{target}"
        return w.gettext("{kind} id", kind=label(key, w.lang) if key in WORDS else target)
    if kind == "choice":
        return w.gettext("one of: {options}", options=", ".join(shape.options))
    if kind == "part" and shape.part is not None:
        return w.gettext("object ({name})", name=shape.part.__name__)
    if kind == "list" and shape.item is not None:
        return w.gettext("list of {items}", items=_type_words(shape.item, w))
    return _type_word(kind, w)


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
    prefix: str, shape: _Shape, get: Callable[[dict], Any], *, default: Any, lang_default: str,
    langs: tuple[str, ...] = DEFAULT_LANGUAGES,
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
        return [_Column(f"{prefix}_{lang}", text_in(lang)) for lang in langs]
    if shape.kind == "part" and shape.part is not None:
        out = []
        for key, _name, info, sub in _fields(shape.part):
            out += _leaf_columns(
                f"{prefix}_{key}", sub,
                lambda d, key=key: (get(d) or {}).get(key) if get(d) is not None else None,
                default=_scalar_default(info), lang_default=lang_default, langs=langs,
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
                    default=_scalar_default(info), lang_default=lang_default, langs=langs,
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
    # (a default made when the record is read, the archive's default language, as it is now)
    default = info.get_default(call_default_factory=True)
    if isinstance(default, (str, int, float, bool)) and default != "":
        return default
    return None


def csv_columns(model: type[Record], *, default_lang: str = "zh",
                langs: tuple[str, ...] = DEFAULT_LANGUAGES) -> list[_Column]:
    """The CSV columns of a record type, derived from its fields (plus id, url, extras);
    a text has one column per language of the archive (``langs``)."""
    def key_of(key: str) -> Callable[[dict], Any]:
        return lambda d: d.get(key)

    text = _Shape("text")
    cols = [_Column("id", lambda d: d["id"]), _Column("url", lambda d: d["url"])]
    if model.folder == "people":
        cols += _leaf_columns("label", text, key_of("label"), default=None,
                              lang_default=default_lang, langs=langs)
    for key, _name, info, shape in _fields(model):
        cols += _leaf_columns(key, shape, key_of(key), default=_scalar_default(info),
                              lang_default=default_lang, langs=langs)
    if {"date", "dates"} & set(model.model_fields):
        cols += _leaf_columns("date_words", text, key_of("date_words"), default=None,
                              lang_default=default_lang, langs=langs)
    if ".md" in model.extensions:
        cols.append(_Column("body", lambda d: d.get("body", "")))
    # a model field and an extra may share a name (era); the first wins
    seen: set[str] = set()
    return [c for c in cols if not (c.name in seen or seen.add(c.name))]


def _csv_bytes(model: type[Record], rows: list[dict[str, Any]], *, default: str,
               langs: tuple[str, ...] = DEFAULT_LANGUAGES) -> bytes:
    columns = csv_columns(model, default_lang=default, langs=langs)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        # a cell a spreadsheet would run as a formula gets a quote in front (spreadsheet.py)
        writer.writerow([neutralise(c.get(row)) for c in columns])
    # the BOM is what makes Excel read the file as UTF-8 instead of the local code page
    return buffer.getvalue().encode("utf-8-sig")

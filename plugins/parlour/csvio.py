"""Records to and from spreadsheets: ``parlour import csv`` and ``parlour export csv``.

A committee keeps its wishes wall, its loan book or its list of residents in a spreadsheet;
this turns one row into one record file, and a record type back into one sheet.

Columns are derived from the record types in ``model.py`` with the naming rules of the
open-data CSVs (:mod:`parlour.data`), so both kinds of CSV read alike:

- ``id`` first: the record's file name. Left blank (or without an id column), it is made
  from the title (a wish's text) as ``parlour new`` makes it: pinyin for Chinese. A
  person's id spells the name only when the row's consent makes the name public; else it
  is made from the display name, or is ``resident-<n>`` (ids are published). An id
  already in the archive, or twice in the sheet, is a problem: importing never overwrites;
- a text field is one column per language, ``title_zh`` and ``title_en``; a plain
  ``title`` column is read as the site's default language (zh). A text with only its zh
  column filled becomes a plain string (``title: 投币电话``), which means the same;
- a nested field is joined with an underscore: ``loan_from``, ``consent_level``;
- a list of ids is one column, items separated by ``; `` (``themes``: ``trades; lane-life``);
- a list of parts gets numbered columns per item: ``images_1_src``, ``images_1_alt_zh``,
  ``images_2_src``, ... (the open data joins them with ``; `` in one column, which cannot
  be read back: English alt texts hold semicolons);
- ``body`` holds the Markdown of a type that has one (objects, events);
- a cell a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``, but not a
  plain number like ``-5``) is exported with a single quote in front, and the quote is
  taken off again on import (:mod:`parlour.spreadsheet`).

The export reads the records as an audience sees them (``community`` by default: what the
parlour may show; ``public``: what the website may), through the archive's redacted view.
``unfiltered`` exports every record as written, consent included, for round trips of the
committee's own copy on its own machine: never to share.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the first record is
row 2. Every row is checked before anything is written; if one row fails, no file is.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .archive.problems import Message, ParlourError, Problem, problem
from .catalog import M_
from .spreadsheet import neutralise, restore

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from .data import _Shape
    from .archive.model import Record

# The rest of Parlour (pydantic, the model, the loader) is imported inside the functions:
# cli.py imports the two commands at the bottom of this file, and `parlour --help` stays fast.

#: The record types a spreadsheet can hold: flat enough for one row each.
CSV_TYPES = ("objects", "events", "wishes", "people")
#: as in the open-data CSVs (parlour.data.LIST_SEP)
LIST_SEP = "; "
#: The field an id is made from when a row's id cell is blank.
TITLE_FIELDS = {"objects": "title", "events": "title", "wishes": "text", "people": "name"}
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK"))
_BOOL_WORDS = {"是": "true", "否": "false"}


class CSVError(ParlourError):
    """The CSV cannot be read or written at all (not a row's problem); its argument may be a
    :class:`~parlour.archive.problems.Message`, told in the archive's language."""

    def told(self, gettext: Any = None) -> str:
        """The message in the words of ``gettext`` (English without it)."""
        message = self.args[0] if self.args else ""
        return message.text(gettext) if isinstance(message, Message) else str(message)


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its header, where its value sits in a record, and how."""

    name: str
    #: key path in the record's data; an int is the position of an item in a list of parts
    path: tuple[str | int, ...]
    kind: str  # text | list | value | bool
    lang: str | None = None


def languages() -> tuple[str, ...]:
    """The languages of the archive being read or written (a text has a column in each)."""
    from .archive.model import languages as current  # noqa: PLC0415 - see the top

    return current()


def default_lang() -> str:
    """The language of a plain text (``title``) and of a text given only in it: the
    archive's default (the first of its languages)."""
    return languages()[0]


def _archive_languages(root: Path | str):
    """Read and write ``root``'s texts in its languages (a ``with`` block)."""
    from .archive.mediafiles import archive_languages  # noqa: PLC0415 - see the top
    from .archive.model import using_languages  # noqa: PLC0415

    return using_languages(archive_languages(root))


def _model_fields(model: type[BaseModel]) -> list[tuple[str, _Shape]]:
    """(YAML key, shape) of every field, the record's own fields before the common ones
    (the order of the open-data CSVs; consent is included here, the open data hides it)."""
    from .data import _field_shape
    from .archive.model import Record

    out = [
        (info.alias or name, name, _field_shape(info))
        for name, info in model.model_fields.items()
    ]
    if issubclass(model, Record):
        out.sort(key=lambda f: f[1] in Record.model_fields)
    return [(key, shape) for key, _name, shape in out]


def _leaves(name: str, path: tuple, shape: _Shape, counts: dict[str, int]) -> list[Column]:
    if shape.kind == "text":
        return [Column(f"{name}_{lang}", path, "text", lang) for lang in languages()]
    if shape.kind == "part" and shape.part is not None:
        return [
            col for key, sub in _model_fields(shape.part)
            for col in _leaves(f"{name}_{key}", (*path, key), sub, counts)
        ]
    if shape.kind == "list" and shape.item is not None:
        item = shape.item
        if item.kind == "part" and item.part is not None:
            out = []
            for i in range(counts.get(name, 1)):
                for key, sub in _model_fields(item.part):
                    if sub.kind == "list" and sub.item is not None and sub.item.kind == "part":
                        raise CSVError(f"{name}: a list inside a list has no place in one row")
                    out += _leaves(f"{name}_{i + 1}_{key}", (*path, i, key), sub, counts)
            return out
        return [Column(name, path, "list")]
    return [Column(name, path, "bool" if shape.kind == "bool" else "value")]


def columns(type_: str, counts: dict[str, int] | None = None) -> list[Column]:
    """The columns of a record type. ``counts`` says how many items each list of parts gets
    (``{"images": 3}``); one each by default, so the header shows the shape."""
    model = _model(type_)
    cols = [Column("id", (), "id")]
    for key, shape in _model_fields(model):
        cols += _leaves(key, (key,), shape, counts or {})
    if ".md" in model.extensions:
        cols.append(Column("body", (), "body"))
    return cols


def _part_lists(type_: str) -> list[str]:
    """Names of the fields holding a list of parts (their columns are numbered)."""
    return [
        key for key, shape in _model_fields(_model(type_))
        if shape.kind == "list" and shape.item is not None and shape.item.kind == "part"
    ]


def _model(type_: str) -> type[Record]:
    from .archive.model import TYPES

    if type_ not in CSV_TYPES:
        raise CSVError(
            f"“{type_}” cannot be kept in a spreadsheet; use one of {', '.join(CSV_TYPES)}"
        )
    return TYPES[type_]


# --------------------------------------------------------------------------- import


@dataclass
class ImportResult:
    """What :func:`import_csv` did: the files written (none if there are problems)."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""  # UTF-8, UTF-8 with BOM or GBK, as found
    rows: int = 0  # data rows read (the header not counted, blank rows not counted)


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding: UTF-8 (with or without BOM), or
    GBK (read as GB18030, its superset), which older Excel on Chinese Windows writes."""
    for codec, label in ENCODINGS:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        return text, ("UTF-8 with BOM" if raw.startswith(b"\xef\xbb\xbf") else label)
    raise CSVError(Message(M_("the file is neither UTF-8 nor GBK; save it again as “CSV "
                              "UTF-8”")))


def import_csv(file: Path | str, type_: str, *, root: Path | str,
               display: str | None = None) -> ImportResult:
    """Check every row of ``file`` as a ``type_`` record and, only if all pass, write one
    file per row into ``root``'s stories/<type>/.

    Problems point at the row as a spreadsheet numbers it (header = row 1) and name the
    column in their message (``column date: ...``); ``display`` is the file name they carry
    (default: the path as given). Raises :class:`CSVError` when the file cannot be read.
    """
    # the rows' texts are checked against the archive's languages, and its columns named so
    with _archive_languages(root):
        return _import_csv(file, type_, root=root, display=display)


def _import_csv(file: Path | str, type_: str, *, root: Path | str,
                display: str | None = None) -> ImportResult:
    from .archive.loader import STORIES

    file, root = Path(file), Path(root)
    model = _model(type_)
    rel = display or file.as_posix()
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise CSVError(Message(M_("cannot read {file}: {reason}"), file=rel,
                               reason=err.strerror)) from None
    text, encoding = decode(raw)
    result = ImportResult(encoding=encoding)
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise CSVError(Message(M_("{file} is not a CSV file Parlour can read: {reason}"),
                               file=rel, reason=err)) from None
    if not table or not any(c.strip() for c in table[0]):
        result.problems.append(problem(
            rel, 1, 0, "csv-header",
            M_("the file is empty: the first row should name the columns"),
            M_("run `parlour export csv --type {kind}` for an empty sheet with the right "
               "columns"), kind=type_))
        return result
    header = [h.strip().lstrip("\ufeff") for h in table[0]]
    cols, problems = _read_header(header, type_, rel)
    result.problems += problems
    folder = root / STORIES / type_
    seen: dict[str, int] = {}
    ready: list[tuple[Path, str]] = []
    for index, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank row, as spreadsheets leave at the end
        result.rows += 1
        row = _Row(rel, index, header, cells)
        if len(cells) > len(header):
            row.problem(None, "csv-row",
                        M_("this row has {cells} cells but the header names {columns} columns"),
                        M_("a cell may hold a comma that needs quotes"),
                        cells=len(cells), columns=len(header))
        id_ = _check_id(row, type_, cols, folder, seen)
        record, body = _record(row, model, cols)
        result.problems += row.problems
        if record is not None and id_ and not row.problems:
            target = _target(folder, model, id_, body)
            ready.append((target, _file_text(record, body, markdown=target.suffix == ".md")))
    if result.problems:
        return result
    result.written = _write_all(ready)
    return result


def _read_header(
    header: list[str], type_: str, rel: str
) -> tuple[dict[int, Column], list[Problem]]:
    """The column of each header position; unknown and repeated names are problems."""
    from .archive.loader import DID_YOU_MEAN, close_match

    numbered = {}
    for prefix in _part_lists(type_):
        found = [int(m[1]) for h in header if (m := re.match(rf"^{prefix}_(\d+)_", h))]
        numbered[prefix] = max(found, default=1)
    known = {c.name: c for c in columns(type_, numbered)}
    plain = {c.name[: -len(default_lang()) - 1]: c for c in known.values()
             if c.kind == "text" and c.lang == default_lang()}
    out: dict[int, Column] = {}
    problems = []
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        col = known.get(name) or plain.get(name)
        if not name:
            continue  # an unnamed column: only blank cells are allowed under it (checked per row)
        if col is None:
            close = close_match(name, [*known, *plain])
            problems.append(problem(
                rel, 1, i + 1, "csv-header",
                M_("column {column}: not a column Parlour knows for {kind}"),
                DID_YOU_MEAN if close else M_("the columns for {kind}: {columns}"),
                column=name, kind=type_, suggestion=close,
                columns=", ".join(c.name for c in columns(type_))))
            continue
        if col.name in seen:
            problems.append(problem(
                rel, 1, i + 1, "csv-header",
                M_("column {column}: the same column appears twice (first in column {first})"),
                M_("keep one of them"), column=name, first=seen[col.name]))
            continue
        seen[col.name] = i + 1
        out[i] = col
    return out, problems


class _Row:
    """One data row: its cells by column, and the problems found in it."""

    def __init__(self, rel: str, number: int, header: list[str], cells: list[str]):
        self.rel, self.number, self.header = rel, number, header
        # '=x as the export neutralised it (spreadsheet.py) is the value =x
        self.cells = [restore(cell) for cell in cells]
        self.problems: list[Problem] = []

    def position(self, name: str | None) -> int:
        """The 1-based number of the column ``name`` in the sheet (0: not in the sheet)."""
        if name is None:
            return 0
        if name not in self.header and name.endswith(f"_{default_lang()}"):
            name = name[: -len(default_lang()) - 1]  # title_zh, given as a plain title column
        return self.header.index(name) + 1 if name in self.header else 0

    def problem(self, column: str | None, code: str, message: str, hint: str = "",
                /, **params: Any) -> None:
        """A problem in this row, in ``column`` (a msgid and its hint, with their fields)."""
        if column:
            # the column is said first: the message as a field of that sentence
            params = {"column": column, "problem": Message(message, **params),
                      **({"tip": Message(hint, **params)} if hint else {})}
            message, hint = M_("column {column}: {problem}"), "{tip}" if hint else ""
        self.problems.append(problem(self.rel, self.number, self.position(column), code,
                                     message, hint, **params))


def _check_id(row: _Row, type_: str, cols: dict[int, Column], folder: Path,
              seen: dict[str, int]) -> str | None:
    """The row's id: its id cell, or (when that is blank) made from its title. Problems for
    an id that is missing, malformed, repeated in the sheet or already in the archive."""
    from .archive.model import SLUG_RE

    cell = {c.name: row.cells[i].strip() for i, c in cols.items() if i < len(row.cells)}
    id_ = cell.get("id", "")
    made = ""
    made_from = TITLE_FIELDS[type_]
    title = cell.get(f"{TITLE_FIELDS[type_]}_{default_lang()}") or cell.get(
        f"{TITLE_FIELDS[type_]}_en", "")
    if not id_ and type_ == "people":
        id_, made_from = _person_id(cell, folder, seen)
        made = id_
    elif not id_ and title:
        id_ = made = _slug(title, person=type_ == "people")
    if not id_:
        row.problem("id", "missing-field", M_("every row needs an id: the record's file name"),
                    M_("lowercase letters a-z, digits and hyphens, like coin-phone"))
        return None
    if not SLUG_RE.match(id_):
        hint = _slug(id_, person=type_ == "people")
        row.problem("id", "bad-id", M_("“{id}” is not a valid id: use lowercase letters a-z, "
                                       "digits and hyphens"),
                    M_("for example {example}") if hint else "", id=id_, example=hint)
        return None
    if id_ in seen:
        row.problem(
            "id", "duplicate-id",
            M_("the id “{id}” (made from the {field}) is already used on row {row}") if made
            else M_("the id “{id}” is already used on row {row}"),
            M_("two records cannot share a name; give this row another id; write another one "
               "in the id column") if made
            else M_("two records cannot share a name; give this row another id"),
            id=id_, field=made_from, row=seen[id_])
        return None
    seen[id_] = row.number
    existing = [p for p in (folder / f"{id_}.yml", folder / f"{id_}.md", folder / f"{id_}.yaml")
                if p.exists()]
    if existing:
        row.problem(
            "id", "id-exists",
            M_("the id “{id}” (made from the {field}): {file} is already in the archive; "
               "importing never replaces a record") if made
            else M_("the id “{id}”: {file} is already in the archive; importing never "
                    "replaces a record"),
            M_("give this row another id, or change the existing file itself"),
            id=id_, field=made_from, file=f"{folder.name}/{existing[0].name}")
        return None
    return id_


def _person_id(cell: dict[str, str], folder: Path, seen: dict[str, int]) -> tuple[str, str]:
    """A person's id from the row (see :func:`parlour.scaffold.person_id`): the name only
    when the row's consent makes it public, else the display name or ``resident-<n>``."""
    from types import SimpleNamespace

    from .scaffold import person_id

    consent = None
    if cell.get("consent_level"):
        consent = SimpleNamespace(level=cell["consent_level"], name=cell.get("consent_name"))
    taken = {*seen, *(p.stem for p in folder.iterdir())} if folder.is_dir() else set(seen)
    return person_id([cell.get("name_zh"), cell.get("name_en")], consent=consent,
                     display_names=[cell.get("display_name_zh"), cell.get("display_name_en")],
                     taken=taken)


def _slug(title: str, *, person: bool) -> str:
    """An id from a title or name: pinyin for Chinese (``parlour new`` makes ids the same
    way), or "" when nothing in it can be spelled in a-z."""
    try:
        from .scaffold import slug_from_title
    except ImportError:  # pragma: no cover - without `parlour new`, ASCII titles only
        from .archive.loader import slugify

        return slugify(title)
    return slug_from_title(title, person=person)


def _record(row: _Row, model: type[Record], cols: dict[int, Column]) -> tuple[Record | None, str]:
    """The row as a validated record and its body; problems go to ``row``."""
    from pydantic import ValidationError

    data: dict[str, Any] = {}
    at: dict[tuple, str] = {}  # key path -> column name, to say where a problem is
    texts: dict[tuple, dict[str, str]] = {}
    body = ""
    for i, cell in enumerate(row.cells):
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
        value = cell.strip()
        col = cols.get(i)
        if col is None:
            if value and i < len(row.header) and not row.header[i]:
                row.problem(None, "csv-row",
                            M_("cell {n} has a value but its column has no name"), n=i + 1)
            continue
        if not value or col.kind == "id":
            continue
        if col.kind == "body":
            body = cell.strip("\n")
            continue
        name = row.header[i]  # as the sheet names it (title, or title_zh)
        at.setdefault(col.path, name)
        if col.kind == "text":
            texts.setdefault(col.path, {})[col.lang or default_lang()] = value
            at[(*col.path, col.lang)] = name
        elif col.kind == "list":
            _put(data, col.path, [v.strip() for v in re.split(r"[;；]", value) if v.strip()])
        elif col.kind == "bool":
            _put(data, col.path, _BOOL_WORDS.get(value, value))
        else:
            _put(data, col.path, value)
    for path, langs in texts.items():
        # only the default language given: a plain string, as a contributor writes it by hand
        _put(data, path, langs[default_lang()] if set(langs) == {default_lang()} else langs)
    positions = _compact(data)
    try:
        return model.model_validate(data), body
    except ValidationError as err:
        _report(row, err, model, at, positions)
        return None, body


def _put(data: dict, path: tuple, value: Any) -> None:
    """Set ``value`` at ``path``; an int in the path is an item number of a list of parts,
    kept as a dict key until :func:`_compact` turns the dict into a list."""
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def _compact(data: dict) -> dict[tuple, int]:
    """Turn the ``{item number: part}`` dicts into lists, skipping unused item numbers.

    Returns {(key, position in the list): item number}, to map a problem back to its column.
    """
    positions = {}
    for key, value in list(data.items()):
        if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
            data[key] = [value[k] for k in sorted(value)]
            for pos, k in enumerate(sorted(value)):
                positions[(key, pos)] = k
    return positions


def _report(row: _Row, err: ValidationError, model: type[Record], at: dict[tuple, str],
            positions: dict[tuple, int]) -> None:
    from .archive.labels import english_noun
    from .archive.loader import Marks, Source, validation_problems

    # validation_problems gives the plain-words message of each error, one per error and in
    # the same order; only the place changes, from a YAML path to a column (which says
    # where: the messages leave out the field's name)
    errors = err.errors(include_url=False)
    source = Source(row.rel, model.folder, "", {}, Marks())
    for e, p in zip(errors, validation_problems(err, model, source, where=False), strict=True):
        loc = tuple(x for x in e["loc"] if x != "[key]")
        message, hint = p.template if any(p.template) else (p.message, p.hint)
        if len(loc) >= 2 and isinstance(loc[1], int) and (loc[0], loc[1]) in positions:
            loc = (loc[0], positions[(loc[0], loc[1])], *loc[2:])
        column = _column_for(loc, at, model, row.header)
        if e["type"] == "missing":
            message = M_("this is required for {kind} records, and the cell is empty")
        row.problem(column, p.code, message, hint, **{"kind": english_noun(model),
                                                      **dict(p.params)})


def _column_for(loc: tuple, at: dict[tuple, str], model: type[Record], header: list[str]) -> str:
    """The column a problem at ``loc`` belongs to, named as the sheet names it."""
    for n in range(len(loc), 0, -1):
        if loc[:n] in at:
            return at[loc[:n]]
    # a missing value has no cell that was read: name the column it would be in
    counts = {loc[0]: loc[1] + 1} if len(loc) > 1 and isinstance(loc[1], int) else None
    for col in columns(model.folder, counts):
        if col.path[: len(loc)] == loc:
            plain = col.name[: -len(default_lang()) - 1] if col.lang == default_lang() else None
            return plain if plain in header and col.name not in header else col.name
    return "_".join(str(x + 1 if isinstance(x, int) else x) for x in loc)


def _target(folder: Path, model: type[Record], id_: str, body: str) -> Path:
    # a type kept as Markdown by default (objects: the body is their story) is always .md;
    # one kept as YAML (events) becomes .md only when the row has a body
    ext = model.extensions[0]
    if body and ".md" in model.extensions:
        ext = ".md"
    return folder / f"{id_}{ext}"


def _file_text(record: Record, body: str, *, markdown: bool = False) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text_block(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        # a text of several lines reads as it was typed, not as one line with \n in it
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text_block)
    dumped = record.model_dump(mode="json", by_alias=True, exclude_unset=True)
    # the record's own fields first, themes and consent after, as the sample files have them
    order = [key for key, _shape in _model_fields(type(record))]
    data = {key: dumped[key] for key in order if key in dumped}
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False)
    if body or markdown:  # a .md file's fields are its front matter, body or not
        return f"---\n{text}---\n" + (f"\n{body}\n" if body else "")
    return text


def _write_all(ready: list[tuple[Path, str]]) -> list[Path]:
    """Write every file, or (if one cannot be written) none: those written are removed."""
    written: list[Path] = []
    try:
        for path, text in ready:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as f:  # never overwrite
                f.write(text)
            written.append(path)
    except OSError as err:
        for path in written:
            path.unlink(missing_ok=True)
        raise CSVError(Message(
            M_("cannot write {file}: {reason}; nothing was imported"), file=path,
            reason=err.strerror or err)) from None
    return written


# --------------------------------------------------------------------------- export


def export_csv(root: Path | str, type_: str, *, audience: str = "community",
               unfiltered: bool = False, notes: list[str] | None = None) -> str:
    """Every ``type_`` record ``audience`` may see (``community`` or ``public``) as CSV
    text, as that audience sees it: through the archive's redacted view, without consent.
    The text starts with a BOM so that Excel reads it as UTF-8, and a cell a spreadsheet
    would run as a formula has a quote in front (:mod:`parlour.spreadsheet`).

    With ``unfiltered``, every record as written, consent included: the committee's own
    copy, for editing in a spreadsheet on its own machine and importing again (into an
    archive without these ids, it gives the same records back); never to share. Records
    with errors are left out, each with a line in ``notes``.
    """
    with _archive_languages(root):
        return _export_csv(root, type_, audience=audience, unfiltered=unfiltered, notes=notes)


def _export_csv(root: Path | str, type_: str, *, audience: str, unfiltered: bool,
                notes: list[str] | None) -> str:
    from .archive import Archive
    from .archive.loader import load_archive

    _model(type_)
    loaded = load_archive(root, languages=languages())
    records = loaded.records.get(type_, {})
    for (t, id_), source in sorted(loaded.sources.items()):
        if t == type_ and id_ not in records and notes is not None:
            notes.append(f"left out {source.path}: it has errors (run `parlour check`)")
    if unfiltered:
        rows = {id_: (records[id_], loaded.sources[(type_, id_)].body) for id_ in records}
    else:
        archive = Archive(loaded, audience=audience)
        rows = {e.id: (e.record, archive.body(e)) for e in archive.entries(type_)}
        if len(rows) < len(records) and notes is not None:
            notes.append(f"left out {len(records) - len(rows)} record(s) the {audience} "
                         "audience may not see")
    dumps = {
        id_: rows[id_][0].model_dump(mode="json", by_alias=True, exclude_unset=True)
        for id_ in sorted(rows)
    }
    counts = {
        name: max([len(d.get(name) or []) for d in dumps.values()] + [1])
        for name in _part_lists(type_)
    }
    cols = columns(type_, counts)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    for id_, dumped in dumps.items():
        body = rows[id_][1]
        writer.writerow([neutralise(_export_cell(c, id_, dumped, body)) for c in cols])
    return "\ufeff" + buffer.getvalue()


def _export_cell(col: Column, id_: str, dumped: dict, body: str) -> str:
    if col.kind == "id":
        return id_
    if col.kind == "body":
        return body.strip("\n")
    value: Any = dumped
    for key in col.path:
        if isinstance(key, int):
            value = value[key] if isinstance(value, list) and key < len(value) else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            return ""
    if col.kind == "text":
        if isinstance(value, str):
            return value if col.lang == default_lang() else ""
        return value.get(col.lang, "")
    if col.kind == "list":
        return LIST_SEP.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --------------------------------------------------------------------------- commands


def format_row_problems(problems: Iterable[Problem], *, gettext: Any = None) -> str:
    """One line per problem, ``row 17, column date: ...``, with its hint below, in the words
    of ``gettext`` (a :class:`parlour.catalog.Words`; English without it)."""
    lines = []
    for p in sorted(problems, key=lambda p: (p.line, p.column, p.code)):
        message, hint = p.text(gettext)
        if p.line:
            row = M_("row {row}, {message}")
            row = gettext(row) if gettext is not None else row
            message = row.format(row=p.line, message=message)
        lines.append(message)
        if hint:
            lines.append(f"    → {hint}")
    return "\n".join(lines)


def _root(path: Path) -> Path:
    from .cli import archive_root  # noqa: PLC0415 - cli imports this module at its end

    return archive_root(path)


@click.command("csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--type", "type_", type=click.Choice(CSV_TYPES), required=True,
              help="The kind of record each row is.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The archive (repository) to import into.")
def csv_import_command(file: Path, type_: str, root: Path) -> None:
    """Turn each row of a spreadsheet (CSV: UTF-8, UTF-8 with BOM, or GBK) into a record.

    Row 1 names the columns (`parlour export csv --type TYPE` writes an empty sheet with the
    right ones); a blank id is made from the title. Every row is checked first; if any row
    has a problem, each is reported with its row number and nothing is written. Existing
    records are never replaced.
    Exit status: 0 imported, 1 problems found, 2 wrong usage.
    """
    archive = _root(root)
    from .cli import check_words  # noqa: PLC0415 - as in _root

    words = check_words(archive)  # problems in the archive's language, as parlour check
    try:
        result = import_csv(file, type_, root=archive)
    except CSVError as err:
        raise click.ClickException(err.told(words)) from None
    click.echo(f"read {file} as {result.encoding}", err=True)
    if result.problems:
        click.echo(format_row_problems(result.problems, gettext=words), err=True)
        rows = len({p.line for p in result.problems if p.line > 1})
        click.echo(words(M_("nothing was written: {problems} problem(s), in {rows} of {total} "
                            "row(s)"), problems=len(result.problems), rows=rows,
                         total=result.rows), err=True)
        sys.exit(1)
    for path in result.written:
        click.echo(path.relative_to(archive).as_posix())
    click.echo(f"{len(result.written)} record(s) written; run `parlour check` to see that "
               "their references and themes exist", err=True)


@click.command("csv")
@click.option("--type", "type_", type=click.Choice(CSV_TYPES), required=True,
              help="The kind of record to export.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The archive (repository).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--audience", type=click.Choice(["public", "community"]), default="community",
              show_default=True, help="Whose view: what the parlour or the website may show.")
@click.option("--unfiltered", is_flag=True,
              help="Every record as written, consent included: the committee's own copy, "
                   "never to share.")
def csv_export_command(type_: str, root: Path, out: Path | None, audience: str,
                       unfiltered: bool) -> None:
    """Write every record of one kind as a spreadsheet (CSV, UTF-8 with BOM for Excel).

    The records are as the audience sees them (consent applied, consent itself left out).
    With --unfiltered the sheet holds everything, consent too, and can be edited and
    imported again with `parlour import csv` (into an archive that does not hold those ids
    yet): keep that copy on the committee's own machine. Cells a spreadsheet would run as a
    formula (=, +, -, @) get a single quote in front; the import takes it off again.
    """
    archive = _root(root)
    notes: list[str] = []
    text = export_csv(archive, type_, audience=audience, unfiltered=unfiltered, notes=notes)
    if out is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    else:
        out.write_bytes(text.encode("utf-8"))
        click.echo(out.as_posix(), err=True)
    for note in notes:
        click.echo(f"note: {note}", err=True)


__all__ = [
    "CSV_TYPES",
    "CSVError",
    "Column",
    "ImportResult",
    "columns",
    "csv_export_command",
    "csv_import_command",
    "decode",
    "export_csv",
    "format_row_problems",
    "import_csv",
]

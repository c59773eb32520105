"""Read the archive's files into records, keeping the line and column of every key.

Nothing here raises for bad input: every problem becomes a :class:`Problem` and loading
goes on with the next file, so one run reports everything.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from .mediafiles import archive_languages
from .model import (
    SLUG_RE, TYPES, Record, ThemeLabel, error_parts, using_languages,
)
from .labels import english_noun
from .problems import ERROR, WARNING, Problem, problem

#: A contributed text file bigger than this is almost certainly a mistake (a video renamed
#: .md, a pasted database) and would slow every build; media go in stories/media/.
MAX_FILE_BYTES = 1_000_000

STORIES = "stories"
EXHIBITS = "exhibits"
THEMES_FILE = "stories/themes.yml"
#: folders under stories/ that hold files but no records
NON_RECORD_FOLDERS = {"media"}

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """The safe loader, deciding that a scalar is text without the resolver's general path
    when no implicit type can start with its first character (most values: Chinese text, and
    every quoted one). The composer asks once per value: hundreds of thousands in a large
    archive."""

    _first = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k)
    _exact = None not in _BaseLoader.yaml_implicit_resolvers and not _BaseLoader.yaml_path_resolvers

    def resolve(self, kind, value, implicit):
        if self._exact and kind is yaml.ScalarNode and (
            not implicit[0] or (value and value[0] not in self._first)
        ):
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)

_constructor = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

Path_ = tuple[str | int, ...]


@dataclass
class Marks:
    """Line and column (1-based) of every key and list item in a YAML document."""

    offset: int = 0  # lines before the YAML starts (the --- of front matter)
    at: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: Path_) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.at:
                return self.at[loc]
            loc = loc[:-1]
        return self.at.get((), (1 + self.offset, 1))


@dataclass
class Source:
    """A record's file as read: raw data, positions and (for .md) the body."""

    path: str  # relative to the repository, forward slashes
    type: str
    id: str
    data: dict[str, Any] | None
    marks: Marks
    body: str = ""
    body_line: int = 0  # the file line on which the body starts


@dataclass
class Loaded:
    """What the loader read: validated records, their sources and every problem found."""

    root: Path
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    #: records that failed validation, with only their valid fields: for checks, never output
    partial: dict[tuple[str, str], Record] = field(default_factory=dict)
    themes: dict[str, ThemeLabel] = field(default_factory=dict)
    themes_marks: Marks | None = None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    #: the archive's languages (BCP 47 tags, the default first) its texts were checked against
    languages: tuple[str, ...] = ("zh", "en")
    #: the per-file cache load_archive was given (kept across serve's rebuilds), or None
    cache: dict | None = field(default=None, repr=False, compare=False)


class _YAMLFailure(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _problem(path, line, column, code, message, hint="", severity=ERROR) -> Problem:
    return Problem(path, line, column, code, message, hint, severity)


# --------------------------------------------------------------------------- reading


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a contributed text file: UTF-8 with or without BOM, any line ends."""
    try:
        size = path.stat().st_size
    except OSError as err:
        return None, [_problem(rel, 0, 0, "unreadable", f"cannot read this file: {err.strerror}")]
    if size > MAX_FILE_BYTES:
        return None, [
            _problem(
                rel, 0, 0, "file-too-large",
                f"this file is {size / 1_000_000:.1f} MB; a record file should be well under "
                f"{MAX_FILE_BYTES // 1_000_000} MB",
                "put pictures, sound and video in stories/media/ and refer to them by name",
            )
        ]
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        return None, [
            _problem(
                rel, 0, 0, "not-text",
                "this is not a text file (it looks like a picture or other binary file)",
                "put pictures, sound and video in stories/media/; a record is a .md or .yml text",
            )
        ]
    text, problems = decode_utf8(
        raw, rel, what="this file",
        hint="save it again as UTF-8 (in Notepad or Excel: Save As → Encoding: UTF-8); "
        "files from older Windows programs are often GBK",
    )
    if text is None:
        return None, problems
    # CRLF and lone CR become LF; line numbers stay the same.
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def decode_utf8(raw: bytes, rel: str, *, what: str, hint: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 with or without BOM; otherwise a bad-encoding problem at the first bad byte."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [
            _problem(
                rel, line, col, "bad-encoding",
                f"{what} is not saved as UTF-8, so its Chinese characters cannot be read", hint,
            )
        ]


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a Markdown file into (yaml, body, body_line). None without front matter."""
    if not text.startswith("---\n") and text.strip() != "---":
        return None
    match = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if not match:
        return None
    yaml_text = text[4 : 4 + match.start()]
    rest = text[4 + match.end() :]
    body = rest[1:] if rest.startswith("\n") else rest
    body_line = yaml_text.count("\n") + 3
    return yaml_text, body, body_line


# --------------------------------------------------------------------------- YAML


def parse_yaml(text: str, rel: str, *, offset: int = 0) -> tuple[Any, Marks, list[Problem]]:
    """Parse one YAML document into plain data and the position of every key.

    Aliases are refused (a few lines of anchors can expand to gigabytes) and duplicate keys
    are reported instead of silently keeping the last one.
    """
    marks = Marks(offset=offset)
    problems: list[Problem] = []
    for n, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                _problem(
                    rel, n + offset, indent.index("\t") + 1, "yaml-tab",
                    "this line is indented with a tab; YAML only accepts spaces",
                    "replace the tab with spaces (two per level)",
                )
            )
            return None, marks, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if err.context_mark and "end of stream" in str(err.problem):
            # an unclosed quote or bracket: where it opened helps, the end of the file does not
            mark = err.context_mark
        line = (mark.line + 1 + offset) if mark else offset + 1
        col = (mark.column + 1) if mark else 1
        problems.append(
            _problem(
                rel, line, col, "yaml-syntax",
                f"the file's structure cannot be read here: {err.problem or err}",
                _yaml_hint(str(err.problem or "")),
            )
        )
        return None, marks, problems
    except yaml.YAMLError as err:  # e.g. a composer error without a mark
        problems.append(_problem(rel, offset + 1, 1, "yaml-syntax", f"cannot read this file: {err}"))
        return None, marks, problems
    if node is None:
        return None, marks, problems
    seen: set[int] = set()
    try:
        data = _construct(node, (), marks, seen, rel, offset, problems)
    except _YAMLFailure as fail:
        problems.append(fail.problem)
        return None, marks, problems
    return data, marks, problems


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value that contains ': ' needs quotes around it, like title: \"上午: 晴\""
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return "check the indentation: items at the same level must line up"
    if "found character" in problem and "cannot start any token" in problem:
        return "a value starting with @, ` or % needs quotes around it"
    if "unhashable" in problem:
        return "a key cannot be a list or a mapping"
    return "compare with a file that works, or run `parlour new` for a template"


def _construct(node, loc, marks, seen, rel, offset, problems):
    if id(node) in seen:
        # The node's own mark is where the anchor was set; the alias is used under this key.
        while loc and isinstance(loc[-1], int):
            loc = loc[:-1]
        line, col = marks.find(loc)
        raise _YAMLFailure(
            _problem(
                rel, line, col, "yaml-alias", "YAML anchors and aliases (& and *) are not allowed in Parlour files",
                "write the value out in full",
            )
        )
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise _YAMLFailure(
            _problem(
                rel, node.start_mark.line + 1 + offset, node.start_mark.column + 1,
                "yaml-syntax", f"the tag {node.tag} is not allowed in Parlour files",
                "remove it: Parlour files hold plain text, numbers, lists and fields",
            )
        )
    if isinstance(node, yaml.MappingNode):
        seen.add(id(node))
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _YAMLFailure(
                    _problem(
                        rel, key_node.start_mark.line + 1 + offset,
                        key_node.start_mark.column + 1, "yaml-syntax",
                        "a key must be a plain word, not a list or a mapping",
                    )
                )
            key = _scalar(key_node, rel, offset)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            pos = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            if key in out:
                first = marks.at.get(loc + (key,), pos)
                problems.append(
                    _problem(
                        rel, pos[0], pos[1], "duplicate-key",
                        f"“{key}” appears twice in the same place (first on line {first[0]})",
                        "keep one of them; otherwise the second silently replaces the first",
                    )
                )
                continue
            marks.at[loc + (key,)] = pos
            out[key] = _construct(value_node, loc + (key,), marks, seen, rel, offset, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        seen.add(id(node))
        items = []
        for i, item in enumerate(node.value):
            marks.at[loc + (i,)] = (item.start_mark.line + 1 + offset, item.start_mark.column + 1)
            items.append(_construct(item, loc + (i,), marks, seen, rel, offset, problems))
        return items
    return _scalar(node, rel, offset)


class ReadInt(int):
    """An int YAML made from text that does not read back the same: ``0100`` (octal, 64),
    ``1_985``, ``+1985``, ``1:30`` (sexagesimal, 90). ``yaml_text`` is what was written, so a
    date field can say what happened instead of reporting 64."""

    yaml_text: str


class ReadFloat(float):
    """A float whose text does not read back the same (``1.50``, ``.inf``); see ReadInt."""

    yaml_text: str


def _scalar(node, rel, offset):
    if node.tag == "tag:yaml.org,2002:str":
        return node.value  # what SafeConstructor makes of it, without its machinery per value
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Kept as written: dates are EDTF text, and a YAML timestamp would drop the time and
        # zone of 1985-04-12T23:20:30Z (and 2024-02-30 is no timestamp at all); no field
        # of a record is a YAML date.
        return node.value
    try:
        value = _constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError) as err:
        raise _YAMLFailure(
            _problem(
                rel, node.start_mark.line + 1 + offset, node.start_mark.column + 1,
                "yaml-syntax", f"this value cannot be read: {getattr(err, 'problem', err)}",
                "YAML tags such as !!python are not allowed; quote the value if it is text",
            )
        ) from None
    if type(value) in (int, float) and str(value) != node.value:
        value = (ReadInt if type(value) is int else ReadFloat)(value)
        value.yaml_text = node.value
    return value


# --------------------------------------------------------------------------- validation


def suggest(word: str, choices) -> str:
    """A 'did you mean ...?' hint, or an empty string."""
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean “{match[0]}”?" if match else ""


def _model_at(model: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    """The model class that holds the last key of ``loc``, for 'did you mean' hints."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fld = _field(current, part)
        if fld is None:
            return None
        current = _inner_model(fld.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field(model: type[BaseModel], key: str):
    for name, fld in model.model_fields.items():
        if (fld.alias or name) == key:
            return fld
    return None


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
        stack.extend(getattr(a, "__args__", ()) or ())
    return None


def field_names(model: type[BaseModel]) -> list[str]:
    return [fld.alias or name for name, fld in model.model_fields.items()]


_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list (lines starting with “- ”)",
    "dict_type": "a set of named fields",
    "model_type": "a set of named fields",
    "model_attributes_type": "a set of named fields",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
}


def validation_problems(
    err: ValidationError, model: type[BaseModel], source: Source
) -> list[Problem]:
    """Turn pydantic's errors into plain-words problems at the right line."""
    out = []
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if p != "[key]")
        etype = e["type"]
        line, col = source.marks.find(loc)
        key = loc[-1] if loc else ""
        where = _where(loc)
        hint = ""
        if etype == "extra_forbidden":
            owner = _model_at(model, loc)
            choices = field_names(owner) if owner else []
            code, message = "unknown-field", f"“{key}” is not a field Parlour knows here"
            hint = suggest(str(key), choices) or (
                f"fields allowed here: {', '.join(choices)}" if choices else ""
            )
        elif etype == "missing":
            code, message = "missing-field", f"the required field “{key}” is missing"
            owner = _model_at(model, loc)
            fld = _field(owner, key) if owner else None
            if fld is not None and fld.description:
                hint = f"{key}: {fld.description}"
            if len(loc) == 1:
                line, col = source.marks.offset + 1, 1
        elif (made := error_parts(e.get("ctx"))) is not None:
            # the model's own message (a msgid with fields), translated when it is shown
            msgid, hint, params = made
            if (*loc, params.get("key")) in source.marks.at:  # the very key: name → fr
                line, col = source.marks.at[(*loc, params["key"])]
            out.append(problem(source.path, line, col, etype, msgid, hint,
                               **{**params, "where": where}))
            continue
        elif etype in ("bad-date", "bad-id", "bad-reference", "wrong-type"):
            code, message = etype, f"{where}: {e['msg']}"
            hint = (e.get("ctx") or {}).get("hint", "")
        elif etype == "literal_error":
            expected = e.get("ctx", {}).get("expected", "")
            code = "wrong-type"
            message = f"{where}: “{_short(e.get('input'))}” is not one of the allowed values"
            hint = f"use one of: {expected.replace(' or ', ', ')}"
        elif etype == "string_pattern_mismatch":
            code, message = "wrong-type", f"{where}: “{_short(e.get('input'))}” is not written the expected way"
            hint = _pattern_hint(key)
        elif etype in ("too_short",) and isinstance(e.get("input"), list):
            code, message = "missing-field", f"{where}: this list needs at least one entry"
        elif etype in _TYPE_WORDS:
            code = "wrong-type"
            message = f"{where} should be {_TYPE_WORDS[etype]}, not “{_short(e.get('input'))}”"
        else:
            code, message = "wrong-type", f"{where}: {e['msg']}"
        out.append(_problem(source.path, line, col, code, message, hint))
    return out


def _where(loc: Path_) -> str:
    parts = []
    for p in loc:
        if isinstance(p, int):
            parts.append(f"item {p + 1}")
        else:
            parts.append(str(p))
    return "“" + " → ".join(parts) + "”" if parts else "this file"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _pattern_hint(key: Any) -> str:
    return {
        "size": "a paper size such as A1, or width x height in mm such as 800x1800mm",
        "url": "a web address starting with https://",
        "language": "a language code such as zh, en or wuu (Shanghainese)",
    }.get(str(key), "")


# --------------------------------------------------------------------------- the archive


def record_type_for(rel_parts: tuple[str, ...]) -> str | None:
    """The record type of a file from its place: stories/<folder>/x or exhibits/x."""
    if len(rel_parts) == 2 and rel_parts[0] == EXHIBITS:
        return "exhibits"
    if len(rel_parts) == 3 and rel_parts[0] == STORIES and rel_parts[1] in TYPES:
        return rel_parts[1] if rel_parts[1] != "exhibits" else None
    return None


def load_file(root: Path, path: Path, type_: str) -> tuple[Source | None, list[Problem]]:
    """Read one record file into a :class:`Source` (not yet validated)."""
    rel = path.relative_to(root).as_posix()
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [_problem(rel, 0, 0, "empty-file", "this file is empty", "delete it, or fill it in")]
    body, body_line, offset = "", 0, 0
    if path.suffix == ".md":
        split = split_front_matter(text)
        if split is None:
            return None, [
                _problem(
                    rel, 1, 1, "front-matter-missing",
                    "a story file must start with its details between two lines of ---",
                    "the first line of the file should be exactly ---",
                )
            ]
        text, body, body_line = split
        offset = 1
    data, marks, yproblems = parse_yaml(text, rel, offset=offset)
    problems.extend(yproblems)
    if data is None and not yproblems:
        data = {}
    if data is not None and not isinstance(data, dict):
        problems.append(
            _problem(
                rel, offset + 1, 1, "wrong-type",
                "the file should hold named fields (title: ..., date: ...), not a single value or list",
            )
        )
        data = None
    source = Source(rel, type_, path.stem, data, marks, body, body_line)
    return source, problems


def validate(source: Source) -> tuple[Record | None, Record | None, list[Problem]]:
    """Validate a source: (record, partial, problems).

    When the whole record fails, ``partial`` holds the fields that are valid on their own,
    so the cross-record checks can still report everything else in the same run.
    """
    model = TYPES[source.type]
    if source.data is None:
        return None, None, []
    try:
        return model.model_validate(source.data), None, []
    except ValidationError as err:
        return None, _partial(model, source.data), validation_problems(err, model, source)


@functools.cache
def _field_adapters(model: type[BaseModel]) -> dict[str, tuple[str, TypeAdapter]]:
    out = {}
    for name, fld in model.model_fields.items():
        annotation = Annotated[(fld.annotation, *fld.metadata)] if fld.metadata else fld.annotation
        out[fld.alias or name] = (name, TypeAdapter(annotation))
    return out


def _partial(model: type[Record], data: dict) -> Record:
    values = {}
    for key, value in data.items():
        entry = _field_adapters(model).get(key)
        if entry is None:
            continue
        name, adapter = entry
        try:
            values[name] = adapter.validate_python(value)
        except ValidationError:
            continue
    return model.model_construct(_fields_set=set(values), **values)


def load_themes(root: Path, loaded: Loaded) -> None:
    path = root / THEMES_FILE
    if not path.exists():
        return
    text, problems = read_text(path, THEMES_FILE)
    loaded.problems.extend(problems)
    if text is None:
        return
    data, marks, problems = parse_yaml(text, THEMES_FILE)
    loaded.problems.extend(problems)
    loaded.themes_marks = marks
    if data is None:
        return
    if not isinstance(data, dict):
        loaded.problems.append(
            _problem(
                THEMES_FILE, 1, 1, "wrong-type",
                "themes.yml should list themes as `id:` with zh: and en: labels under each",
            )
        )
        return
    source = Source(THEMES_FILE, "themes", "themes", data, marks)
    for key, value in data.items():
        line, col = marks.find((key,))
        if not isinstance(key, str) or not SLUG_RE.match(key):
            loaded.problems.append(
                _problem(
                    THEMES_FILE, line, col, "bad-id",
                    f"“{key}” is not a valid theme id: use lowercase letters a-z, digits and hyphens",
                )
            )
            continue
        try:
            loaded.themes[key] = ThemeLabel.model_validate(value)
        except ValidationError as err:
            for p in validation_problems(err, ThemeLabel, source):
                loaded.problems.append(p)
            # keep the id known so records using it do not get a second, misleading problem
            loaded.themes[key] = ThemeLabel.model_construct(zh=key, en=key)
        except Exception:  # noqa: BLE001 - never a traceback for a contributor's file
            loaded.problems.append(_problem(THEMES_FILE, line, col, "wrong-type", "cannot read this theme"))


def iter_record_files(root: Path):
    """Yield (path, type) for every record file, and problems for misplaced files."""
    problems: list[Problem] = []
    files: list[tuple[Path, str]] = []
    stories = root / STORIES
    if stories.is_dir():
        for entry in sorted(stories.iterdir()):
            rel = entry.relative_to(root).as_posix()
            if entry.is_dir():
                if entry.name in NON_RECORD_FOLDERS or entry.name.startswith("."):
                    continue
                if entry.name not in TYPES or entry.name == "exhibits":
                    problems.append(
                        _problem(
                            rel, 0, 0, "unknown-folder",
                            f"Parlour does not know the folder “{entry.name}”; its files are ignored",
                            suggest(entry.name, [t for t in TYPES if t != "exhibits"])
                            or f"folders: {', '.join(t for t in TYPES if t != 'exhibits')}",
                            WARNING,
                        )
                    )
                    continue
                for f in sorted(entry.rglob("*")):
                    if f.is_file() and not f.name.startswith("."):
                        files.append((f, entry.name))
            elif entry.name != "themes.yml" and not entry.name.startswith(".") and entry.name != "README.md":
                problems.append(
                    _problem(
                        rel, 0, 0, "bad-file-name",
                        "a story file must be inside a folder that says what it is",
                        "move it into stories/interviews/, stories/objects/, ... ",
                        WARNING,
                    )
                )
    exhibits = root / EXHIBITS
    if exhibits.is_dir():
        for f in sorted(exhibits.rglob("*")):
            if f.is_file() and not f.name.startswith(".") and f.name != "README.md":
                files.append((f, "exhibits"))
    return files, problems


def load_archive(root: Path | str, *, cache: dict | None = None,
                 languages: Iterable[str] | None = None) -> Loaded:
    """Read every record under ``root`` (the repository: stories/ and exhibits/).

    Returns the validated records with every problem found; never raises for bad input.
    With ``cache`` (a dict kept by the caller, e.g. across ``mkdocs serve`` rebuilds), a file
    whose modification time and size are unchanged is not read and validated again: its
    source, record and problems from the previous call are reused. ``languages`` are the
    archive's (the plugin's ``languages``, the default first): a text may be written in any
    of them; by default they are read from ``root``/mkdocs.yml.
    """
    root = Path(root).resolve()
    langs = tuple(dict.fromkeys(languages or archive_languages(root)))
    with using_languages(langs):
        return _load_archive(root, cache, langs)


def _load_archive(root: Path, cache: dict | None, langs: tuple[str, ...]) -> Loaded:
    loaded = Loaded(root=root, cache=cache, languages=langs)
    load_themes(root, loaded)
    files, problems = iter_record_files(root)
    loaded.problems.extend(problems)
    seen: dict[tuple[str, str], str] = {}
    for path, type_ in files:
        model = TYPES[type_]
        rel = path.relative_to(root).as_posix()
        depth_ok = path.parent.name == type_ or (type_ == "exhibits" and path.parent.name == EXHIBITS)
        if path.suffix not in model.extensions:
            if type_ == "interviews" and path.suffix == ".vtt":
                continue  # transcripts sit beside their interview
            hint = (
                f"rename it to {path.stem}.yml" if path.suffix == ".yaml"
                else f"{_a(english_noun(model))} is a {' or '.join(model.extensions)} file"
            )
            if path.suffix.lower() in {".jpg", ".jpeg", ".png", ".svg", ".mp3", ".m4a", ".wav", ".ogg", ".mp4", ".webp", ".pdf"}:
                hint = "pictures, sound and video belong in stories/media/"
            loaded.problems.append(
                _problem(rel, 0, 0, "bad-file-name", f"Parlour does not read “{path.name}” here", hint)
            )
            continue
        if not depth_ok:
            loaded.problems.append(
                _problem(
                    rel, 0, 0, "bad-file-name",
                    "records cannot be in sub-folders", f"move it up into {type_}/",
                )
            )
            continue
        if not SLUG_RE.match(path.stem):
            loaded.problems.append(
                _problem(
                    rel, 0, 0, "bad-id",
                    f"the file name “{path.stem}” cannot be an id: use lowercase letters a-z, "
                    "digits and hyphens",
                    f"rename it to {slugify(path.stem) or 'something-like-this'}{path.suffix}",
                )
            )
            continue
        key = (type_, path.stem)
        if key in seen:
            loaded.problems.append(
                _problem(
                    rel, 0, 0, "duplicate-id",
                    f"the id “{path.stem}” is already used by {seen[key]}",
                    "two records cannot share a name; rename one of them",
                )
            )
            continue
        seen[key] = rel
        loaded.files += 1
        try:
            _load_one(root, path, type_, key, loaded, cache)
        except (RecursionError, MemoryError):
            loaded.sources.pop(key, None)
            loaded.problems.append(
                _problem(rel, 0, 0, "too-complex", "this file is nested too deeply to read",
                         "a record needs only a few levels of indentation")
            )
        except Exception as err:  # noqa: BLE001 - a contributor's file must never cause a traceback
            loaded.sources.pop(key, None)
            loaded.problems.append(internal_problem(rel, err))
    return loaded


def file_signature(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of a file, or None when it does not exist."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def per_source(cache: dict | None, name: str, source: Source, files: Iterable[Path], compute):
    """``compute()``, reused from ``cache`` while ``source`` is the very same object (the load
    cache hands out the same one for an unchanged file) and ``files`` are unchanged."""
    if cache is None:
        return compute()
    signature = tuple(file_signature(p) for p in files)
    key = (name, source.path)
    hit = cache.get(key)
    if hit is not None and hit[0] is source and hit[1] == signature:
        return hit[2]
    out = compute()
    cache[key] = (source, signature, out)
    return out


def internal_problem(rel: str, err: BaseException) -> Problem:
    """A bug in Parlour met while reading ``rel``: still a problem, never a traceback."""
    return _problem(
        rel, 0, 0, "internal-error",
        f"Parlour could not check this file ({type(err).__name__}: {err})",
        "this is a bug in Parlour, not in your file: please report it with the file attached",
    )


def _load_one(
    root: Path, path: Path, type_: str, key: tuple[str, str], loaded: Loaded,
    cache: dict | None = None,
) -> None:
    result = None
    if cache is not None:
        stat = path.stat()
        # the same file reads differently under other languages (mkdocs.yml changed)
        signature = (stat.st_mtime_ns, stat.st_size, loaded.languages)
        hit = cache.get(path)
        if hit is not None and hit[0] == signature:
            result = hit[1]
    if result is None:
        source, problems = load_file(root, path, type_)
        record = partial = None
        if source is not None:
            record, partial, more = validate(source)
            problems = [*problems, *more]
        result = (source, record, partial, problems)
        if cache is not None:
            cache[path] = (signature, result)
    source, record, partial, problems = result
    loaded.problems.extend(problems)
    if source is None:
        return
    loaded.sources[key] = source
    if record is not None:
        loaded.records.setdefault(type_, {})[path.stem] = record
    elif partial is not None:
        loaded.partial[key] = partial


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def slugify(text: str) -> str:
    """An ASCII id from a name, for hints (Chinese names need pinyin: `parlour new`)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug

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

from ..catalog import M_
from .mediafiles import archive_languages
from .model import SLUG_RE, TYPES, Record, ThemeLabel, using_languages
from .problems import ERROR, WARNING, Message, Problem, problem

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


def _problem(path, line, column, code, message, hint="", severity=ERROR, /, **params) -> Problem:
    return problem(path, line, column, code, message, hint, severity=severity, **params)


# --------------------------------------------------------------------------- reading


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a contributed text file: UTF-8 with or without BOM, any line ends."""
    try:
        size = path.stat().st_size
    except OSError as err:
        return None, [_problem(rel, 0, 0, "unreadable", M_("cannot read this file: {reason}"),
                               reason=err.strerror)]
    if size > MAX_FILE_BYTES:
        return None, [
            _problem(
                rel, 0, 0, "file-too-large",
                M_("this file is {size} MB; a record file should be well under {limit} MB"),
                M_("put pictures, sound and video in stories/media/ and refer to them by name"),
                size=f"{size / 1_000_000:.1f}", limit=MAX_FILE_BYTES // 1_000_000,
            )
        ]
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        return None, [
            _problem(
                rel, 0, 0, "not-text",
                M_("this is not a text file (it looks like a picture or other binary file)"),
                M_("put pictures, sound and video in stories/media/; a record is a .md or .yml "
                   "text"),
            )
        ]
    text, problems = decode_utf8(
        raw, rel,
        message=M_("this file is not saved as UTF-8, so its Chinese characters cannot be read"),
        hint=M_("save it again as UTF-8 (in Notepad or Excel: Save As → Encoding: UTF-8); "
                "files from older Windows programs are often GBK"),
    )
    if text is None:
        return None, problems
    # CRLF and lone CR become LF; line numbers stay the same.
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def decode_utf8(raw: bytes, rel: str, *, message: str,
                hint: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 with or without BOM; otherwise a bad-encoding problem at the first bad byte,
    told with ``message`` and ``hint`` (msgids)."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [
            _problem(
                rel, line, col, "bad-encoding", message, hint,
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
                    M_("this line is indented with a tab; YAML only accepts spaces"),
                    M_("replace the tab with spaces (two per level)"),
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
                M_("the file's structure cannot be read here: {reason}"),
                _yaml_hint(str(err.problem or "")), reason=err.problem or err,
            )
        )
        return None, marks, problems
    except yaml.YAMLError as err:  # e.g. a composer error without a mark
        problems.append(_problem(rel, offset + 1, 1, "yaml-syntax",
                                 M_("cannot read this file: {reason}"), reason=err))
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
        return M_("a value that contains ': ' needs quotes around it, like title: \"上午: 晴\"")
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return M_("check the indentation: items at the same level must line up")
    if "found character" in problem and "cannot start any token" in problem:
        return M_("a value starting with @, ` or % needs quotes around it")
    if "unhashable" in problem:
        return M_("a key cannot be a list or a mapping")
    return M_("compare with a file that works, or run `parlour new` for a template")


def _construct(node, loc, marks, seen, rel, offset, problems):
    if id(node) in seen:
        # The node's own mark is where the anchor was set; the alias is used under this key.
        while loc and isinstance(loc[-1], int):
            loc = loc[:-1]
        line, col = marks.find(loc)
        raise _YAMLFailure(
            _problem(
                rel, line, col, "yaml-alias",
                M_("YAML anchors and aliases (& and *) are not allowed in Parlour files"),
                M_("write the value out in full"),
            )
        )
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise _YAMLFailure(
            _problem(
                rel, node.start_mark.line + 1 + offset, node.start_mark.column + 1,
                "yaml-syntax", M_("the tag {tag} is not allowed in Parlour files"),
                M_("remove it: Parlour files hold plain text, numbers, lists and fields"),
                tag=node.tag,
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
                        M_("a key must be a plain word, not a list or a mapping"),
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
                        M_("“{key}” appears twice in the same place (first on line {first})"),
                        M_("keep one of them; otherwise the second silently replaces the first"),
                        key=key, first=first[0],
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
                "yaml-syntax", M_("this value cannot be read: {reason}"),
                M_("YAML tags such as !!python are not allowed; quote the value if it is text"),
                reason=getattr(err, "problem", err),
            )
        ) from None
    if type(value) in (int, float) and str(value) != node.value:
        value = (ReadInt if type(value) is int else ReadFloat)(value)
        value.yaml_text = node.value
    return value


# --------------------------------------------------------------------------- validation


def close_match(word: str, choices) -> str:
    """The choice closest to ``word`` (a misspelling of it), or an empty string."""
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return match[0] if match else ""


#: the hint that names the close match (its field: ``suggestion``)
DID_YOU_MEAN = M_("did you mean “{suggestion}”?")


def suggest(word: str, choices) -> str:
    """A 'did you mean ...?' hint in English, or an empty string."""
    match = close_match(word, choices)
    return DID_YOU_MEAN.format(suggestion=match) if match else ""


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


_A_SET = (M_("{where} should be a set of named fields, not “{value}”"),
          M_("this should be a set of named fields, not “{value}”"))
_YES_NO = (M_("{where} should be true or false, not “{value}”"),
           M_("this should be true or false, not “{value}”"))
_NUMBER = (M_("{where} should be a number, not “{value}”"),
           M_("this should be a number, not “{value}”"))
_WHOLE = (M_("{where} should be a whole number, not “{value}”"),
          M_("this should be a whole number, not “{value}”"))
#: pydantic's type errors in plain words, (with where, for a file; without, for a cell)
_TYPE_WORDS = {
    "string_type": (M_("{where} should be text, not “{value}”"),
                    M_("this should be text, not “{value}”")),
    "list_type": (M_("{where} should be a list (lines starting with “- ”), not “{value}”"),
                  M_("this should be a list (lines starting with “- ”), not “{value}”")),
    "dict_type": _A_SET,
    "model_type": _A_SET,
    "model_attributes_type": _A_SET,
    "bool_type": _YES_NO,
    "bool_parsing": _YES_NO,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
}
_NOT_ALLOWED = (M_("{where}: “{value}” is not one of the allowed values"),
                M_("“{value}” is not one of the allowed values"))
_NOT_WRITTEN = (M_("{where}: “{value}” is not written the expected way"),
                M_("“{value}” is not written the expected way"))
_EMPTY_LIST = (M_("{where}: this list needs at least one entry"),
               M_("this list needs at least one entry"))
#: a message worded elsewhere (pydantic's own, or a record model's without a msgid)
_DETAIL = (M_("{where}: {detail}"), "{detail}")


def validation_problems(
    err: ValidationError, model: type[BaseModel], source: Source, *, where: bool = True
) -> list[Problem]:
    """Turn pydantic's errors into plain-words problems at the right line, one per error
    and in its order. Their messages name the field (``where``), unless ``where`` is false:
    a spreadsheet's cell says where itself.

    A model's own error (``PydanticCustomError``) may carry its message's msgid in its
    context as ``msgid`` (its fields filled from the rest of the context) and its hint's as
    ``hint``; otherwise its English message is shown as it is."""
    pick = 0 if where else 1
    out = []
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if p != "[key]")
        etype = e["type"]
        line, col = source.marks.find(loc)
        key = loc[-1] if loc else ""
        ctx = e.get("ctx") or {}
        # the value only where the message shows it: a missing field's input is the record
        params: dict[str, Any] = {"where": _where(loc), "key": key}
        value = _short(e.get("input"))
        hint = ""
        if etype == "extra_forbidden":
            owner = _model_at(model, loc)
            choices = field_names(owner) if owner else []
            code, message = "unknown-field", M_("“{key}” is not a field Parlour knows here")
            params["suggestion"] = close_match(str(key), choices)
            params["choices"] = ", ".join(choices)
            hint = (DID_YOU_MEAN if params["suggestion"]
                    else M_("fields allowed here: {choices}") if choices else "")
        elif etype == "missing":
            code, message = "missing-field", M_("the required field “{key}” is missing")
            owner = _model_at(model, loc)
            fld = _field(owner, key) if owner else None
            if fld is not None and fld.description:
                hint, params["description"] = M_("{key}: {description}"), fld.description
            if len(loc) == 1:
                line, col = source.marks.offset + 1, 1
        elif "msgid" in ctx:
            # the model's own message (a msgid with fields, model.fail), told in the same
            # language as the field's name before it
            fields = {k: v for k, v in ctx.items() if k not in ("msgid", "hint")}
            code, message = etype, _DETAIL[pick]
            params["detail"] = Message(ctx["msgid"], **fields)
            hint = Message(ctx["hint"], **fields) if ctx.get("hint") else ""
            if (*loc, ctx.get("key")) in source.marks.at:  # the very key: name → fr
                line, col = source.marks.at[(*loc, ctx["key"])]
        elif etype in ("bad-date", "bad-id", "bad-reference", "wrong-type"):
            code, message, params["detail"] = etype, _DETAIL[pick], e["msg"]
            hint, params["tip"] = ("{tip}", ctx["hint"]) if ctx.get("hint") else ("", "")
        elif etype == "literal_error":
            code, message, params["value"] = "wrong-type", _NOT_ALLOWED[pick], value
            hint = M_("use one of: {choices}")
            params["choices"] = ctx.get("expected", "").replace(" or ", ", ")
        elif etype == "string_pattern_mismatch":
            code, message, params["value"] = "wrong-type", _NOT_WRITTEN[pick], value
            hint = _pattern_hint(key)
        elif etype in ("too_short",) and isinstance(e.get("input"), list):
            code, message = "missing-field", _EMPTY_LIST[pick]
        elif etype in _TYPE_WORDS:
            code, message, params["value"] = "wrong-type", _TYPE_WORDS[etype][pick], value
        else:
            code, message, params["detail"] = "wrong-type", _DETAIL[pick], e["msg"]
        out.append(_problem(source.path, line, col, code, message, hint, **params))
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
        "size": M_("a paper size such as A1, or width x height in mm such as 800x1800mm"),
        "url": M_("a web address starting with https://"),
        "language": M_("a language code such as zh, en or wuu (Shanghainese)"),
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
        return None, [_problem(rel, 0, 0, "empty-file", M_("this file is empty"),
                               M_("delete it, or fill it in"))]
    body, body_line, offset = "", 0, 0
    if path.suffix == ".md":
        split = split_front_matter(text)
        if split is None:
            return None, [
                _problem(
                    rel, 1, 1, "front-matter-missing",
                    M_("a story file must start with its details between two lines of ---"),
                    M_("the first line of the file should be exactly ---"),
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
                M_("the file should hold named fields (title: ..., date: ...), not a single "
                   "value or list"),
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
                M_("themes.yml should list themes as `id:` with zh: and en: labels under each"),
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
                    M_("“{key}” is not a valid theme id: use lowercase letters a-z, digits and "
                       "hyphens"), key=key,
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
            loaded.problems.append(_problem(THEMES_FILE, line, col, "wrong-type",
                                            M_("cannot read this theme")))


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
                    kinds = [t for t in TYPES if t != "exhibits"]
                    close = close_match(entry.name, kinds)
                    problems.append(
                        _problem(
                            rel, 0, 0, "unknown-folder",
                            M_("Parlour does not know the folder “{name}”; its files are ignored"),
                            DID_YOU_MEAN if close else M_("folders: {folders}"),
                            WARNING, name=entry.name, suggestion=close, folders=", ".join(kinds),
                        )
                    )
                    continue
                # _name.yml: an example or a draft (`parlour init` writes _example.yml),
                # left out until it is given a name of its own; `parlour check` says so
                for f in sorted(entry.rglob("*")):
                    if f.is_file() and not f.name.startswith((".", "_")):
                        files.append((f, entry.name))
            elif entry.name != "themes.yml" and not entry.name.startswith(".") and entry.name != "README.md":
                problems.append(
                    _problem(
                        rel, 0, 0, "bad-file-name",
                        M_("a story file must be inside a folder that says what it is"),
                        M_("move it into stories/interviews/, stories/objects/, ... "),
                        WARNING,
                    )
                )
    exhibits = root / EXHIBITS
    if exhibits.is_dir():
        for f in sorted(exhibits.rglob("*")):
            if f.is_file() and not f.name.startswith((".", "_")) and f.name != "README.md":
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
                M_("rename it to {stem}.yml") if path.suffix == ".yaml"
                else M_("a record here is a {extensions} file")
            )
            if path.suffix.lower() in {".jpg", ".jpeg", ".png", ".svg", ".mp3", ".m4a", ".wav", ".ogg", ".mp4", ".webp", ".pdf"}:
                hint = M_("pictures, sound and video belong in stories/media/")
            loaded.problems.append(
                _problem(rel, 0, 0, "bad-file-name", M_("Parlour does not read “{name}” here"),
                         hint, name=path.name, stem=path.stem,
                         extensions=" / ".join(model.extensions))
            )
            continue
        if not depth_ok:
            loaded.problems.append(
                _problem(
                    rel, 0, 0, "bad-file-name",
                    M_("records cannot be in sub-folders"), M_("move it up into {folder}/"),
                    folder=type_,
                )
            )
            continue
        if not SLUG_RE.match(path.stem):
            loaded.problems.append(
                _problem(
                    rel, 0, 0, "bad-id",
                    M_("the file name “{stem}” cannot be an id: use lowercase letters a-z, "
                       "digits and hyphens"),
                    M_("rename it to {name}"), stem=path.stem,
                    name=f"{slugify(path.stem) or 'something-like-this'}{path.suffix}",
                )
            )
            continue
        key = (type_, path.stem)
        if key in seen:
            loaded.problems.append(
                _problem(
                    rel, 0, 0, "duplicate-id",
                    M_("the id “{id}” is already used by {other}"),
                    M_("two records cannot share a name; rename one of them"),
                    id=path.stem, other=seen[key],
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
                _problem(rel, 0, 0, "too-complex", M_("this file is nested too deeply to read"),
                         M_("a record needs only a few levels of indentation"))
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
        M_("Parlour could not check this file ({error})"),
        M_("this is a bug in Parlour, not in your file: please report it with the file "
           "attached"), error=f"{type(err).__name__}: {err}",
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


def slugify(text: str) -> str:
    """An ASCII id from a name, for hints (Chinese names need pinyin: `parlour new`)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug
